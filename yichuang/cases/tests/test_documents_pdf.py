"""The case documents as an applicant reads them: the text, the QR code, the pages."""

from __future__ import annotations

import dataclasses
import hashlib
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from reportlab.lib.units import mm

from yichuang.cases import documents_pdf as docs
from yichuang.cases.citations import cite_zh
from yichuang.cases.documents_pdf import (
    AcceptanceReceipt,
    Applicant,
    DocumentHeader,
    FeeReceipt,
    FeeReceiptLine,
    NoticeLine,
    OneTimeNotice,
    OutOfRemitNotice,
    ReceivedItem,
    RefusalDecision,
    UnprintableTextError,
    printed_text,
    yuan_in_capitals,
)
from yichuang.cases.workflow import articles
from yichuang.core import pdf
from yichuang.core.tests.test_pdf import (
    assert_fonts_embedded,
    decoded_qr_codes,
    extracted_text,
    needs_poppler,
    page_count,
    poppler,
)
from yichuang.registry.rules import articles as rule_articles

CST = timezone(timedelta(hours=8))
ISSUED = datetime(2026, 3, 16, 10, 5, tzinfo=CST)
OFFICE = "南通市海门区不动产登记中心"
REFERENCE = "HM-2026-000183"
TITLE = "国有建设用地使用权及房屋所有权转移登记（买卖）"
UNIT_CODE = "320684001001GB00001F00030120"
LOCATION = "海门区海门街道北京东路88号3幢1201室"
SELLER = Applicant("张三", "身份证 3206**********1234")
BUYER = Applicant("李四", "身份证 3206**********5678")
AGENT = Applicant("王五", "身份证 3201**********0011")


def header(number: str, **changes: Any) -> DocumentHeader:
    """The header of a document of the Haimen office, its number and URL after ``number``."""
    values: dict[str, Any] = {
        "office_name": OFFICE,
        "office_address": "海门区长江南路1号",
        "office_phone": "0513-82100000",
        "number": number,
        "issued_at": ISSUED,
        "verification_url": f"https://djzx.nantong.gov.cn/verify/d/{number}",
    }
    values.update(changes)
    return DocumentHeader(**values)


def receipt(**changes: Any) -> AcceptanceReceipt:
    """The acceptance receipt of a sale of a flat, taken at the window."""
    data = AcceptanceReceipt(
        header=header("HM-SL-2026-000183"),
        case_reference=REFERENCE,
        registration_title=TITLE,
        unit_code=UNIT_CODE,
        unit_location=LOCATION,
        applicants=(SELLER, BUYER),
        agent=AGENT,
        received=(
            ReceivedItem("不动产登记申请书", original=True),
            ReceivedItem("申请人身份证明", original=False),
            ReceivedItem("不动产权属证书", original=True),
            ReceivedItem("存量房买卖合同", original=True),
            ReceivedItem("完税凭证", original=False),
        ),
        accepted_on=date(2026, 3, 16),
        limit_working_days=5,
        due_on=date(2026, 3, 23),
        due_provisional=False,
        deemed=False,
        clerk_name="王芳",
        fee_total=Decimal("80"),
        progress_url="https://djzx.nantong.gov.cn/progress",
        basis=cite_zh(articles.REG_ACCEPTANCE),
    )
    return dataclasses.replace(data, **changes)


TAX_OPTIONS = (("契税完税凭证",), ("契税减免证明", "减免税审批表"))


def notice(**changes: Any) -> OneTimeNotice:
    """A one-time notice: the tax proof (either of two forms) and the spouse's consent lack."""
    data = OneTimeNotice(
        header=header("HM-BZ-2026-000183"),
        case_reference=REFERENCE,
        registration_title=TITLE,
        unit_code=UNIT_CODE,
        unit_location=LOCATION,
        applicants=(SELLER, BUYER),
        agent=None,
        missing=(
            NoticeLine(
                "契税缴纳或者减免证明",
                "不动产登记暂行条例实施细则第38条第1款第4项",
                provider="税务部门",
                options=TAX_OPTIONS,
            ),
            NoticeLine(
                "配偶同意出售的书面意见",
                "民法典第1062条",
                note="配偶本人到场签字的，无需提交",
            ),
        ),
        presented=("不动产登记申请书", "申请人身份证明", "不动产权属证书"),
        visit=1,
        catalog_version="2026.1",
        clerk_name="王芳",
        basis=cite_zh(articles.REG_ONE_TIME_NOTICE),
    )
    return dataclasses.replace(data, **changes)


def long_notice() -> OneTimeNotice:
    """A notice of forty missing items, each with a long note: it runs over several pages."""
    missing = tuple(
        NoticeLine(
            f"补正材料第{n:02d}项",
            "不动产登记暂行条例第16条第1款第2项",
            note="需由出具单位加盖公章，复印件应当与原件核对一致" * 2,
        )
        for n in range(1, 41)
    )
    return notice(missing=missing)


def out_of_remit(**changes: Any) -> OutOfRemitNotice:
    """An application for a flat in another district."""
    data = OutOfRemitNotice(
        header=header("HM-BS-2026-000184"),
        case_reference="HM-2026-000184",
        registration_title=TITLE,
        unit_code="320612001001GB00002F00010101",
        applicants=(BUYER,),
        agent=AGENT,
        competent_office="南通市通州区不动产登记中心",
        reason="该不动产坐落于南通市通州区。",
        clerk_name="王芳",
        basis=cite_zh(articles.REG_OUT_OF_REMIT),
    )
    return dataclasses.replace(data, **changes)


def refusal(**changes: Any) -> RefusalDecision:
    """A refusal because the title is disputed."""
    data = RefusalDecision(
        header=header("HM-BY-2026-000185"),
        case_reference="HM-2026-000185",
        registration_title=TITLE,
        unit_code=UNIT_CODE,
        unit_location=LOCATION,
        applicants=(SELLER, BUYER),
        ground="申请登记的不动产权属存在争议",
        basis=cite_zh(rule_articles.REG_TITLE_DISPUTE),
        reviewer_name="赵敏",
    )
    return dataclasses.replace(data, **changes)


def fee_line(label: str, count: int, unit: str, basis: str) -> FeeReceiptLine:
    """A fee line whose amount is ``count`` times ``unit``."""
    return FeeReceiptLine(label, count, Decimal(unit), Decimal(unit) * count, basis)


FEE_LINES = (
    fee_line("非住宅类不动产登记费", 1, "550", "发改价格规〔2016〕2559号 第一条第（二）项"),
    fee_line(
        "不动产权属证书工本费（每增加一本）", 2, "10", "发改价格规〔2016〕2559号 第一条第（三）项"
    ),
)


def fee_receipt(**changes: Any) -> FeeReceipt:
    """The fee receipt of a shop bought by two, with one extra certificate each."""
    data = FeeReceipt(
        header=header("HM-SF-2026-000183"),
        case_reference=REFERENCE,
        payer="李四",
        lines=FEE_LINES,
        total=Decimal("570"),
        schedule_version="江苏省2026年第1版",
        collected_by="孙丽",
    )
    return dataclasses.replace(data, **changes)


RENDERERS: dict[str, tuple[Callable[[], Any], Callable[[Any], bytes]]] = {
    "receipt": (receipt, docs.render_acceptance_receipt),
    "notice": (notice, docs.render_one_time_notice),
    "out_of_remit": (out_of_remit, docs.render_out_of_remit_notice),
    "refusal": (refusal, docs.render_refusal_decision),
    "fee": (fee_receipt, docs.render_fee_receipt),
}
KINDS = sorted(RENDERERS)


def rendered(kind: str) -> bytes:
    make, render = RENDERERS[kind]
    return render(make())


# Every document.


@pytest.mark.parametrize("kind", KINDS)
def test_the_same_document_gives_the_same_bytes(kind: str) -> None:
    make, render = RENDERERS[kind]
    document = render(make())
    assert document.startswith(b"%PDF-")
    assert render(make()) == document
    later = dataclasses.replace(make().header, issued_at=ISSUED + timedelta(days=1))
    assert render(dataclasses.replace(make(), header=later)) != document


def test_another_process_renders_the_same_bytes() -> None:
    script = (
        "import hashlib, sys\n"
        "from yichuang.cases.tests.test_documents_pdf import notice\n"
        "from yichuang.cases.documents_pdf import render_one_time_notice\n"
        "sys.stdout.write(hashlib.sha256(render_one_time_notice(notice())).hexdigest())\n"
    )
    root = Path(__file__).resolve().parents[3]
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=root, check=True, capture_output=True, text=True
    )
    assert result.stdout == hashlib.sha256(docs.render_one_time_notice(notice())).hexdigest()


@needs_poppler
@pytest.mark.parametrize("kind", KINDS)
def test_fonts_are_embedded_truetype(kind: str, tmp_path: Path) -> None:
    assert_fonts_embedded(rendered(kind), tmp_path)


@needs_poppler
@pytest.mark.parametrize("kind", KINDS)
def test_the_qr_code_scans_to_the_verification_page(kind: str, tmp_path: Path) -> None:
    make, render = RENDERERS[kind]
    document = render(make())
    last = page_count(document, tmp_path)
    assert decoded_qr_codes(document, tmp_path, last) == [make().header.verification_url]


@needs_poppler
@pytest.mark.parametrize("kind", KINDS)
def test_every_document_is_signed_numbered_and_dated(kind: str, tmp_path: Path) -> None:
    make, render = RENDERERS[kind]
    number = make().header.number
    text = extracted_text(render(make()), tmp_path)
    for value in (
        f"文书编号：{number}",
        f"编号：{number}第1页共1页",
        f"{OFFICE}（盖章）",
        "2026年3月16日",
        "扫码核验",
        "地址：海门区长江南路1号",
        "电话：0513-82100000",
        f"核验网址：{make().header.verification_url}",
    ):
        assert value in text


@needs_poppler
def test_metadata_names_the_document_and_the_office(tmp_path: Path) -> None:
    info = poppler("pdfinfo", rendered("notice"), tmp_path, "-isodates")
    assert f"Title:           {docs.ONE_TIME_NOTICE} HM-BZ-2026-000183" in info
    assert f"Author:          {OFFICE}" in info
    assert "CreationDate:    2026-03-16T10:05:00+08" in info


def test_the_seal_date_is_the_issue_date_in_china() -> None:
    # 17:30 UTC on 15 March is already 16 March in China.
    late = header("HM-SL-2026-000183", issued_at=datetime(2026, 3, 15, 17, 30, tzinfo=UTC))
    assert late.issued_on == date(2026, 3, 16)
    assert "2026年3月16日" in printed_text(receipt(header=late))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"issued_at": datetime(2026, 3, 16, 10, 5)}, "timezone-aware"),
        ({"verification_url": "djzx.nantong.gov.cn/verify/d/1"}, "verification URL"),
        ({"number": " "}, "number must not be empty"),
        ({"office_name": ""}, "office_name must not be empty"),
    ],
)
def test_a_header_without_what_a_holder_relies_on_is_refused(
    changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        dataclasses.replace(header("HM-SL-2026-000183"), **changes)


@pytest.mark.parametrize("kind", KINDS)
def test_a_character_no_font_can_print_is_refused_not_boxed(kind: str) -> None:
    make, render = RENDERERS[kind]
    data = make()
    if isinstance(data, FeeReceipt):
        data = dataclasses.replace(data, payer="王𠮷")
    else:
        data = dataclasses.replace(
            data, applicants=(Applicant("王𠮷", "身份证 3206**********1234"),)
        )
    with pytest.raises(UnprintableTextError, match=r"𠮷\(U\+20BB7\)"):
        render(data)


@pytest.mark.parametrize("kind", ["receipt", "notice", "out_of_remit", "refusal"])
def test_a_case_document_needs_an_applicant(kind: str) -> None:
    with pytest.raises(ValueError, match="at least one applicant"):
        dataclasses.replace(RENDERERS[kind][0](), applicants=())


# The acceptance receipt.


@needs_poppler
def test_the_receipt_shows_the_case_the_dates_and_what_was_received(tmp_path: Path) -> None:
    # -layout keeps each table row on one line, the label beside its value.
    text = extracted_text(rendered("receipt"), tmp_path, "-layout")
    for value in (
        docs.ACCEPTANCE_RECEIPT,
        f"受理编号{REFERENCE}",
        TITLE,
        UNIT_CODE,
        LOCATION,
        "张三（身份证3206**********1234）",
        "李四（身份证3206**********5678）",
        "王五（身份证3201**********0011）",
        "受理日期2026年3月16日（当场受理）",
        "办理时限5个工作日",
        "预计办结日期2026年3月23日",
        "登记费80.00元",
        "查询办理进度（https://djzx.nantong.gov.cn/progress）或者领取登记结果时，"
        f"请提供受理编号{REFERENCE}",
        "依法需要实地查看、调查或者公告的，所需时间不计入办理时限",
        "依照《不动产登记暂行条例》第十七条第一项至第二项的规定，已于2026年3月16日受理",
        "收件清单（共5项）",
        "1不动产登记申请书原件",
        "2申请人身份证明复印件",
        "5完税凭证复印件",
        "受理人：王芳",
    ):
        assert value in text
    assert "视为受理" not in text
    assert "节假日" not in text


@needs_poppler
def test_a_deemed_acceptance_says_so_and_cites_article_17_paragraph_2(tmp_path: Path) -> None:
    basis = cite_zh(articles.REG_DEEMED_ACCEPTANCE)
    text = extracted_text(rendered_receipt(deemed=True, basis=basis), tmp_path)
    assert "受理日期2026年3月16日（视为受理）" in text
    assert (
        "本机构未在收到申请材料当日书面告知不予受理。依照《不动产登记暂行条例》第十七条第二款"
        "的规定，该申请视为受理，受理日期为2026年3月16日"
    ) in text


def rendered_receipt(**changes: Any) -> bytes:
    return docs.render_acceptance_receipt(receipt(**changes))


def test_a_deemed_acceptance_keeps_another_basis_beside_article_17() -> None:
    cited = (
        "依照《不动产登记暂行条例》第十七条第一项至第二项、《不动产登记暂行条例》第十七条第二款"
        "的规定，该申请视为受理"
    )
    assert any(cited in text for text in printed_text(receipt(deemed=True)))


@needs_poppler
def test_a_provisional_due_date_warns_it_may_move(tmp_path: Path) -> None:
    data = receipt(accepted_on=date(2026, 12, 28), due_on=date(2027, 1, 6), due_provisional=True)
    text = extracted_text(docs.render_acceptance_receipt(data), tmp_path)
    assert "2027年1月6日（暂定）" in text
    assert "国务院公布下一年度节假日安排后，该日期可能相应调整" in text


def test_a_receipt_without_a_fee_says_it_is_assessed_later() -> None:
    assert "另行核定" in printed_text(receipt(fee_total=None))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"due_on": date(2026, 3, 15)}, "before acceptance"),
        ({"limit_working_days": 0}, "at least one working day"),
        ({"basis": ""}, "basis"),
        ({"fee_total": Decimal("80.005")}, "whole fen"),
    ],
)
def test_an_inconsistent_receipt_is_refused(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        receipt(**changes)


@needs_poppler
def test_many_applicants_follow_the_table_and_all_are_printed(tmp_path: Path) -> None:
    owners = tuple(Applicant(f"业主{n:02d}", "身份证 3206**********0000") for n in range(60))
    document = docs.render_acceptance_receipt(receipt(applicants=owners))
    text = extracted_text(document, tmp_path)
    assert "申请人详见表后" in text
    assert all(f"业主{n:02d}（身份证3206**********0000）" in text for n in range(60))
    assert page_count(document, tmp_path) > 1


# The one-time notice.


@needs_poppler
def test_the_notice_lists_every_missing_item_with_its_basis(tmp_path: Path) -> None:
    text = extracted_text(rendered("notice"), tmp_path)
    for value in (
        docs.ONE_TIME_NOTICE,
        "张三、李四：",
        f"办件编号{REFERENCE}",
        "依照《不动产登记暂行条例》第十七条第三项的规定，本机构决定不予受理",
        "需要补正的全部材料（共2项）",
        "1.契税缴纳或者减免证明以下任选一组提交：第1组：契税完税凭证第2组：契税减免证明、减免税审批表",
        "出具单位：税务部门",
        "依据：不动产登记暂行条例实施细则第38条第1款第4项",
        "2.配偶同意出售的书面意见",
        "说明：配偶本人到场签字的，无需提交",
        "依据：民法典第1062条",
        "本次提交并已当场退回的材料：不动产登记申请书、申请人身份证明、不动产权属证书。",
        "本次为第1次来办。材料目录版本：2026.1",
        "经办人：王芳",
    ):
        assert value in text


@needs_poppler
def test_the_notice_promises_nothing_else_will_be_asked_and_any_window(tmp_path: Path) -> None:
    text = extracted_text(rendered("notice"), tmp_path)
    assert "以上所列为需要补正的全部材料，本机构一次性告知" in text
    assert "本机构不再要求提交本告知书所列以外的其他材料" in text
    assert f"到本机构任一受理窗口重新提交申请，并告知办件编号{REFERENCE}" in text


def test_a_notice_must_list_something_missing() -> None:
    with pytest.raises(ValueError, match="at least one missing item"):
        notice(missing=())


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (lambda: NoticeLine("完税凭证", ""), "basis"),
        (lambda: NoticeLine("", "细则第9条"), "name"),
        (lambda: NoticeLine("完税凭证", "细则第9条", options=(("契税完税凭证",), ())), "option"),
    ],
)
def test_a_notice_line_needs_a_name_a_basis_and_full_options(
    line: Callable[[], NoticeLine], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        line()


def test_a_notice_with_nothing_presented_says_none() -> None:
    texts = printed_text(notice(presented=(), visit=2, catalog_version=""))
    assert "本次提交并已当场退回的材料：无。" in texts
    assert "本次为第2次来办。" in texts


@needs_poppler
def test_a_long_notice_flows_onto_further_pages_with_the_right_count(tmp_path: Path) -> None:
    document = docs.render_one_time_notice(long_notice())
    pages = page_count(document, tmp_path)
    assert pages > 1
    for page in (1, pages):
        one = extracted_text(document, tmp_path, "-f", str(page), "-l", str(page))
        assert f"第{page}页共{pages}页" in one
    text = extracted_text(document, tmp_path)
    assert "需要补正的全部材料（共40项）" in text
    assert all(f"{n}.补正材料第{n:02d}项" in text for n in range(1, 41))
    last = extracted_text(document, tmp_path, "-f", str(pages), "-l", str(pages))
    assert "40.补正材料第40项" in text
    assert "本机构不再要求提交本告知书所列以外的其他材料" in last
    _assert_words_inside_the_frame(document, tmp_path)


def _assert_words_inside_the_frame(document: bytes, tmp_path: Path) -> None:
    """No word lies outside the margins (a full stop may hang 1 em into the right one)."""
    page = pdf.A4_PAGE
    width, height = page.size
    for line in poppler("pdftotext", document, tmp_path, "-bbox").splitlines():
        if "<word " not in line:
            continue
        attributes = (part.split("=") for part in line.split(">")[0].split()[1:])
        box = {key: float(value.strip('"')) for key, value in attributes}
        assert box["xMin"] >= page.left - 0.5, line
        assert box["xMax"] <= width - page.right + 12, line
        assert box["yMin"] >= page.top - 0.5, line
        # The footer's line is the lowest, 10 mm above the text frame's foot.
        assert box["yMax"] <= height - (page.bottom - 10 * mm) + 4, line


# Out of remit and refusal.


@needs_poppler
def test_out_of_remit_names_the_office_to_apply_to(tmp_path: Path) -> None:
    text = extracted_text(rendered("out_of_remit"), tmp_path)
    for value in (
        docs.OUT_OF_REMIT_NOTICE,
        docs.OUT_OF_REMIT_SUBTITLE,
        "李四：",
        "办件编号HM-2026-000184",
        "经查，该不动产坐落于南通市通州区，申请登记的不动产不属于本机构登记范围",
        "依照《不动产登记暂行条例》第十七条第四项的规定，本机构决定不予受理",
        "请向南通市通州区不动产登记中心申请办理",
        "管辖登记机构南通市通州区不动产登记中心",
        "经办人：王芳",
    ):
        assert value in text


@needs_poppler
def test_a_refusal_gives_the_ground_the_article_and_the_remedies(tmp_path: Path) -> None:
    text = extracted_text(rendered("refusal"), tmp_path)
    for value in (
        docs.REFUSAL_DECISION,
        "张三、李四：",
        "办件编号HM-2026-000185",
        "经审查，申请登记的不动产权属存在争议。",
        "依照《不动产登记暂行条例》第二十二条第二项的规定，本机构决定不予登记",
        "自收到本告知书之日起六十日内依法申请行政复议",
        "自收到本告知书之日起六个月内依法提起行政诉讼",
        "审核人：赵敏",
    ):
        assert value in text


# The fee receipt.


@needs_poppler
def test_the_fee_receipt_itemises_and_totals_in_figures_and_words(tmp_path: Path) -> None:
    text = extracted_text(rendered("fee"), tmp_path)
    for value in (
        docs.FEE_RECEIPT,
        f"办件编号{REFERENCE}",
        "缴款人李四",
        "1非住宅类不动产登记费1550.00元550.00元发改价格规〔2016〕2559号第一条第（二）项",
        "不动产权属证书工本费（每增加一本）210.00元20.00元",
        "合计（小写）570.00元",
        "合计（大写）人民币伍佰柒拾元整",
        "收费标准版本江苏省2026年第1版",
        "收款人：孙丽",
    ):
        assert value in text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"total": Decimal("560")}, "do not add up"),
        ({"lines": ()}, "at least one line"),
        ({"payer": ""}, "payer"),
        ({"total": Decimal("-1")}, "non-negative"),
    ],
)
def test_a_receipt_that_does_not_add_up_is_refused(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        fee_receipt(**changes)


def test_a_fee_line_is_its_count_times_its_unit_amount() -> None:
    with pytest.raises(ValueError, match="2 × 10 is not 10"):
        FeeReceiptLine("工本费", 2, Decimal("10"), Decimal("10"), "")
    with pytest.raises(ValueError, match="at least 1"):
        FeeReceiptLine("工本费", 0, Decimal("10"), Decimal("0"), "")


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("0", "零元整"),
        ("10", "壹拾元整"),
        ("15", "壹拾伍元整"),
        ("80", "捌拾元整"),
        ("80.00", "捌拾元整"),
        ("110", "壹佰壹拾元整"),
        ("550", "伍佰伍拾元整"),
        ("1005", "壹仟零伍元整"),
        ("1050", "壹仟零伍拾元整"),
        ("10000", "壹万元整"),
        ("100010", "壹拾万零壹拾元整"),
        ("107000.53", "壹拾万柒仟元伍角叁分"),
        ("100010000", "壹亿零壹万元整"),
        ("1680.32", "壹仟陆佰捌拾元叁角贰分"),
        ("1.05", "壹元零伍分"),
        ("1.50", "壹元伍角整"),
        ("0.50", "伍角整"),
        ("0.05", "伍分"),
    ],
)
def test_amounts_in_capitals(amount: str, words: str) -> None:
    assert yuan_in_capitals(Decimal(amount)) == words


@pytest.mark.parametrize(
    ("amount", "message"),
    [("-1", "whole fen"), ("0.001", "whole fen"), ("NaN", "whole fen"), ("1e12", "too large")],
)
def test_amounts_no_receipt_can_hold_are_refused(amount: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        yuan_in_capitals(Decimal(amount))


_CAPITAL_VALUES = {char: value for value, char in enumerate("零壹贰叁肆伍陆柒捌玖")}
_CAPITAL_PLACES = {"拾": 10, "佰": 100, "仟": 1000}


def _read_capitals(words: str) -> int:
    """Read capitals back into fen, independently of how they were written."""
    fen = big = section = digit = 0
    for char in words:
        if char in _CAPITAL_VALUES:
            digit = _CAPITAL_VALUES[char]
        elif char in _CAPITAL_PLACES:
            section += digit * _CAPITAL_PLACES[char]
            digit = 0
        elif char == "万":
            big += (section + digit) * 10**4
            section = digit = 0
        elif char == "亿":
            big = (big + section + digit) * 10**8
            section = digit = 0
        elif char == "元":
            fen += (big + section + digit) * 100
            big = section = digit = 0
        elif char == "角":
            fen += digit * 10
            digit = 0
        elif char == "分":
            fen += digit
            digit = 0
        else:
            assert char == "整", words
    return fen


@given(st.integers(min_value=0, max_value=10**14 - 1))
def test_capitals_read_back_to_the_amount(fen: int) -> None:
    words = yuan_in_capitals(Decimal(fen).scaleb(-2))
    assert _read_capitals(words) == fen
    # 整 closes an amount without 分, and never follows one.
    assert words.endswith("整") == (fen % 10 == 0)
    assert "零零" not in words
    for unit in "元万亿角分":
        assert f"零{unit}" not in words or words == "零元整"
