"""Demo cases at office A: one of each common registration, each at a step of its path.

Every case is made through the services, as the window and the back office
would make it, and left where a demo user picks it up: a sale at intake for the
clerk, a gift refused with a one-time notice, a mortgage and a seizure accepted
for the reviewer, a mortgage cancellation approved for the registrar, and a
developer's first registration of a new flat. One legacy case too.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from yichuang.accounts.cast import Cast
from yichuang.cases import services
from yichuang.cases.models import Case, LegacyCase
from yichuang.cases.services import ApplicantIn
from yichuang.demo.register import FLATS
from yichuang.registry import services as registry_services
from yichuang.registry.models import Unit
from yichuang.registry.selectors import unit_state

NEW_FLAT = ("320684001001GB00001F00030401", "海门区北京东路88号3幢401室")
OWNER = ApplicantIn("obligor", "person", "周建国", "resident_id", "11010519491231002X")
BUYER = ApplicantIn("obligee", "person", "王小明", "resident_id", "110101199003070011")
CHILD = ApplicantIn("obligee", "person", "周小华", "resident_id", "110101198512120019")
MORTGAGOR = ApplicantIn("obligor", "person", "陈晓燕", "resident_id", "360426199101010071")
BANK = ApplicantIn("obligee", "organisation", "示例商业银行南通分行", "uscc", "91110000600037341L")
DEVELOPER = ApplicantIn(
    "obligee", "organisation", "南通示例房地产开发有限公司", "uscc", "91320684MA1MXKQ40A"
)
KEY = "demo-"


@dataclass(frozen=True)
class DemoCases:
    cases: int


def _open(
    cast: Cast, key: str, kind: str, cause: str, unit: str, *people: ApplicantIn, **extra: object
) -> Case:
    return services.case_open(
        actor=cast.people["clerk_a"],
        office=cast.offices["office_a"],
        submission_key=KEY + key,
        registration_type=kind,
        cause=cause,
        unit_code=unit,
        applicants=people,
        **extra,  # type: ignore[arg-type]
    )


def _live_mortgage_seq(code: str) -> int:
    state = unit_state(unit=Unit.objects.get(code=code))
    live = [m.seq for m in state.mortgages if m.cancelled is None]
    return live[0]


def cases_demo(cast: Cast) -> DemoCases:
    """Create the demo cases once; later runs leave them alone."""
    if Case.objects.filter(submission_key__startswith=KEY).exists():
        return DemoCases(Case.objects.filter(submission_key__startswith=KEY).count())
    clerk, reviewer = cast.people["clerk_a"], cast.people["reviewer_a"]
    flat_101, flat_201, flat_301 = (code for code, _location in FLATS)
    if not Unit.objects.filter(code=NEW_FLAT[0]).exists():
        registry_services.unit_create(
            actor=cast.people["registrar_a"],
            office=cast.offices["office_a"],
            code=NEW_FLAT[0],
            location=NEW_FLAT[1],
            planned_use="城镇住宅用地/住宅",
            is_residential=True,
            land_area=Decimal("8650.40"),
            building_area=Decimal("118.60"),
        )

    _open(
        cast,
        "sale",
        "transfer",
        "sale",
        flat_301,
        BUYER,
        OWNER,
        details={"form": "sole"},
        presented=["application_form"],
    )

    gift = _open(
        cast,
        "gift",
        "transfer",
        "gift",
        flat_101,
        CHILD,
        OWNER,
        details={"form": "sole"},
        presented=["application_form"],
    )
    services.case_issue_notice(actor=clerk, case=gift)

    mortgage = _open(
        cast,
        "mortgage",
        "mortgage",
        "general",
        flat_101,
        BANK,
        OWNER,
        details={"debt_amount": "600000.00"},
        presented=[
            "application_form",
            "title_certificate",
            "main_debt_contract",
            "mortgage_contract",
        ],
    )
    services.case_accept(actor=clerk, case=mortgage)

    seizure = _open(
        cast,
        "seizure",
        "seizure",
        "court",
        flat_301,
        details={
            "court": "南通市海门区人民法院",
            "document": "（2026）苏0684执1024号",
            "term_months": 36,
        },
        presented=["court_officer_ids", "assistance_notice", "seizure_ruling"],
    )
    services.case_accept(actor=clerk, case=seizure)

    release = _open(
        cast,
        "mortgage-cancellation",
        "mortgage_cancellation",
        "general",
        flat_201,
        BANK,
        MORTGAGOR,
        details={"target_seq": _live_mortgage_seq(flat_201)},
        presented=["application_form", "registration_proof", "debt_discharged_proof"],
    )
    services.case_accept(actor=clerk, case=release)
    services.case_start_review(actor=reviewer, case=release)
    services.case_approve(actor=reviewer, case=release, note="贷款已结清，抵押权人共同申请")

    first = _open(
        cast,
        "first",
        "first",
        "state_land_use_and_house",
        NEW_FLAT[0],
        DEVELOPER,
        details={"form": "sole"},
        circumstances={"individual": False, "organisation": True},
        presented=["application_form", "land_title", "survey_report"],
    )
    services.case_accept(actor=clerk, case=first)

    if not LegacyCase.objects.filter(office=cast.offices["office_a"]).exists():
        services.legacy_case_open(
            actor=cast.people["head_a"],
            office=cast.offices["office_a"],
            title="滨江花园小区未办理竣工验收备案",
            location="海门区滨江路12号",
            households=48,
            description="2009年建成的回迁安置小区，开发企业已注销，未办理竣工验收备案，业主无法办理首次登记。",
            policy="海门区解决不动产登记历史遗留问题实施意见（示例）第五条",
            blocker="缺少消防验收意见，待住建部门出具联合验收意见",
            owner=cast.people["reviewer_a"],
        )
    return DemoCases(Case.objects.filter(submission_key__startswith=KEY).count())
