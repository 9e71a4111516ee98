"""The fixed cast of people and offices used by the demo data and by the tests.

Two offices in one city; at office A a clerk, a reviewer, a registrar, a query
clerk and the head; at office B a clerk and the head; a city supervisor over
both; an administrator; and two members of the public (a citizen and an
agent). Creating the cast is idempotent: what exists is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from yichuang.accounts import services
from yichuang.accounts.models import Office, ServiceType, User
from yichuang.accounts.roles import Role


@dataclass(frozen=True)
class OfficeSpec:
    key: str
    code: str
    name: str
    division_code: str
    address: str
    public_phone: str
    certificate_place: str
    windows: tuple[tuple[int, str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class PersonSpec:
    key: str
    username: str
    full_name: str
    roles: tuple[Role, ...] = ()
    office_key: str | None = None
    jurisdiction_code: str = ""


OFFICES = (
    OfficeSpec(
        key="office_a",
        code="haimen",
        name="南通市海门区不动产登记中心",
        division_code="320684",
        address="南通市海门区北京东路1号 政务服务中心二楼",
        public_phone="0513-00000001",
        certificate_place="海门区",
        windows=(
            (1, "综合受理", ("general",)),
            (2, "综合受理", ("general", "mortgage")),
            (3, "抵押专窗", ("mortgage",)),
            (4, "查询", ("query",)),
            (5, "发证", ("collection",)),
        ),
    ),
    OfficeSpec(
        key="office_b",
        code="chongchuan",
        name="南通市崇川区不动产登记中心",
        division_code="320602",
        address="南通市崇川区工农路1号 政务服务中心一楼",
        public_phone="0513-00000002",
        certificate_place="崇川区",
        windows=(
            (1, "综合受理", ("general", "mortgage")),
            (2, "查询发证", ("query", "collection")),
        ),
    ),
)

ADMINISTRATOR = PersonSpec("admin", "admin", "系统管理员", (Role.ADMINISTRATOR,))

PEOPLE = (
    PersonSpec("clerk_a", "clerk_a", "王敏", (Role.CLERK,), "office_a"),
    PersonSpec("reviewer_a", "reviewer_a", "李强", (Role.REVIEWER,), "office_a"),
    PersonSpec("registrar_a", "registrar_a", "张丽", (Role.REGISTRAR,), "office_a"),
    PersonSpec("query_clerk_a", "query_clerk_a", "陈静", (Role.QUERY_CLERK,), "office_a"),
    PersonSpec("head_a", "head_a", "刘洋", (Role.OFFICE_HEAD,), "office_a"),
    PersonSpec("clerk_b", "clerk_b", "赵磊", (Role.CLERK,), "office_b"),
    PersonSpec("head_b", "head_b", "孙悦", (Role.OFFICE_HEAD,), "office_b"),
    PersonSpec(
        "supervisor", "supervisor_city", "周诚", (Role.SUPERVISOR,), jurisdiction_code="320600"
    ),
    PersonSpec("citizen", "citizen", "吴梅"),
    PersonSpec("agent", "agent", "郑涛"),
)


@dataclass
class Cast:
    """The created cast, by key: ``cast.people["clerk_a"]``, ``cast.offices["office_a"]``."""

    offices: dict[str, Office] = field(default_factory=dict)
    people: dict[str, User] = field(default_factory=dict)

    def __getattr__(self, key: str) -> Office | User:
        if key in self.people:
            return self.people[key]
        if key in self.offices:
            return self.offices[key]
        raise AttributeError(key)


def _ensure_office(admin: User, spec: OfficeSpec) -> Office:
    office = Office.objects.filter(code=spec.code).first()
    if office is None:
        office = services.office_create(
            actor=admin,
            code=spec.code,
            name=spec.name,
            division_code=spec.division_code,
            address=spec.address,
            public_phone=spec.public_phone,
            certificate_province="苏",
            certificate_place=spec.certificate_place,
        )
    existing = set(office.windows.values_list("number", flat=True))
    for number, name, type_codes in spec.windows:
        if number not in existing:
            services.window_create(
                actor=admin,
                office=office,
                number=number,
                name=name,
                service_types=ServiceType.objects.filter(code__in=type_codes),
            )
    return office


def _ensure_person(admin: User, spec: PersonSpec, office: Office | None, password: str) -> User:
    user = User.objects.filter(username=spec.username).first()
    if user is not None:
        return user
    return services.staff_create(
        actor=admin,
        username=spec.username,
        full_name=spec.full_name,
        password=password,
        roles=spec.roles,
        office=office,
        jurisdiction_code=spec.jurisdiction_code,
    )


def cast_create(*, password: str) -> Cast:
    """Create (or find) the whole cast; every person gets ``password`` when created."""
    cast = Cast()
    with transaction.atomic():
        admin = User.objects.filter(username=ADMINISTRATOR.username).first()
        if admin is None:
            admin = services.administrator_bootstrap(
                username=ADMINISTRATOR.username,
                full_name=ADMINISTRATOR.full_name,
                password=password,
            )
        cast.people[ADMINISTRATOR.key] = admin
        services.service_types_ensure_defaults(actor=admin)
        for office_spec in OFFICES:
            cast.offices[office_spec.key] = _ensure_office(admin, office_spec)
        for spec in PEOPLE:
            office = cast.offices[spec.office_key] if spec.office_key else None
            cast.people[spec.key] = _ensure_person(admin, spec, office, password)
    return cast
