"""The title certificate and registration proof PDFs, read as their holder reads them."""

from __future__ import annotations

import dataclasses
import hashlib
import subprocess
import sys
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from reportlab.lib.units import mm

from yichuang.core.identifiers import CertificateKind, parse_certificate_number, parse_unit_code
from yichuang.core.tests.test_pdf import (
    assert_fonts_embedded,
    decoded_qr_codes,
    extracted_text,
    needs_poppler,
    page_count,
    poppler,
)
from yichuang.registry.certificate_pdf import (
    BLANK,
    CERTIFICATE_PAGE,
    PROOF_LABELS,
    TITLE_LABELS,
    Area,
    CertificateData,
    CoOwnership,
    LedgerReference,
    RightHolder,
    Term,
    UnprintableTextError,
    printed_text,
    render_certificate,
    table_rows,
)

TODAY = date(2026, 3, 16)
UNIT_CODE = "320684001001GB00001F00030120"
TITLE_URL = "https://djzx.nantong.gov.cn/verify/c/9f2c4e7a1b3d5f60"
PROOF_URL = "https://djzx.nantong.gov.cn/verify/c/0a1b2c3d4e5f6071"
ORIGIN = "djzx.nantong.gov.cn/haimen/register/2026"


def title(**changes: Any) -> CertificateData:
    """A title certificate for a flat owned in equal shares."""
    data = CertificateData(
        kind=CertificateKind.TITLE,
        number=parse_certificate_number("苏(2026)海门区不动产权第0000183号", today=TODAY),
        office="南通市海门区不动产登记中心",
        issued=date(2026, 3, 15),
        holders=(RightHolder("张三", Fraction(1, 2)), RightHolder("李四", Fraction(1, 2))),
        co_ownership=CoOwnership.IN_SHARES,
        location="海门区海门街道北京东路88号3幢1201室",
        unit_code=parse_unit_code(UNIT_CODE),
        right_type="国有建设用地使用权/房屋所有权",
        right_nature="出让/市场化商品房",
        use="城镇住宅用地/住宅",
        area=Area(land_m2=Decimal("12345.6"), building_m2=Decimal("120.5")),
        terms=(Term("国有建设用地使用权", date(2006, 6, 1), date(2076, 5, 31)),),
        other_status="专有建筑面积：98.20㎡，分摊建筑面积：22.30㎡\n房屋结构：钢筋混凝土结构",
        ledger=LedgerReference(ORIGIN, 183),
        verification_url=TITLE_URL,
    )
    return dataclasses.replace(data, **changes)


def proof(**changes: Any) -> CertificateData:
    """A registration proof of a mortgage (抵押权) held by a bank."""
    data = CertificateData(
        kind=CertificateKind.PROOF,
        number=parse_certificate_number("苏(2026)海门区不动产证明第0000421号", today=TODAY),
        office="南通市海门区不动产登记中心",
        issued=date(2026, 3, 16),
        holders=(RightHolder("中国工商银行股份有限公司海门支行"),),
        registered_matter="抵押权",
        obligors=("张三", "李四"),
        location="海门区海门街道北京东路88号3幢1201室",
        unit_code=parse_unit_code(UNIT_CODE),
        other_status="抵押方式：一般抵押\n被担保主债权数额：1,200,000.00元",
        ledger=LedgerReference(ORIGIN, 184),
        verification_url=PROOF_URL,
    )
    return dataclasses.replace(data, **changes)


def test_the_same_certificate_gives_the_same_bytes() -> None:
    document = render_certificate(title())
    assert document.startswith(b"%PDF-")
    assert render_certificate(title()) == document
    assert render_certificate(title(issued=date(2026, 3, 16))) != document


def test_another_process_renders_the_same_bytes() -> None:
    # A fresh interpreter has its own hash seed and font registrations: a
    # re-rendered certificate must still match the one handed out.
    script = (
        "import hashlib, sys\n"
        "from yichuang.registry.tests.test_certificate_pdf import title\n"
        "from yichuang.registry.certificate_pdf import render_certificate\n"
        "sys.stdout.write(hashlib.sha256(render_certificate(title())).hexdigest())\n"
    )
    root = Path(__file__).resolve().parents[3]
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=root, check=True, capture_output=True, text=True
    )
    assert result.stdout == hashlib.sha256(render_certificate(title())).hexdigest()


@needs_poppler
def test_a_title_certificate_shows_its_labels_and_values(tmp_path: Path) -> None:
    text = extracted_text(render_certificate(title()), tmp_path)
    for label in TITLE_LABELS:
        assert label in text
    for value in (
        "不动产权证书",
        "苏(2026)海门区不动产权第0000183号",
        "张三、李四",
        "按份共有：张三占1/2，李四占1/2",
        "海门区海门街道北京东路88号3幢1201室",
        UNIT_CODE,
        "国有建设用地使用权/房屋所有权",
        "共有宗地面积12345.60㎡/房屋建筑面积120.50㎡",
        "国有建设用地使用权2006年6月1日起2076年5月31日止",
        "房屋结构：钢筋混凝土结构",
        "登记机构（章）南通市海门区不动产登记中心2026年3月15日",
        "扫码核验",
        f"存证日志：{ORIGIN}叶子序号：183",
        TITLE_URL,
    ):
        assert value in text
    assert "证明权利或事项" not in text


@needs_poppler
def test_a_proof_shows_its_own_labels(tmp_path: Path) -> None:
    text = extracted_text(render_certificate(proof()), tmp_path)
    for label in PROOF_LABELS:
        assert label in text
    for value in (
        "不动产登记证明",
        "苏(2026)海门区不动产证明第0000421号",
        "抵押权",
        "中国工商银行股份有限公司海门支行",
        "张三、李四",
        UNIT_CODE,
        "被担保主债权数额：1,200,000.00元",
    ):
        assert value in text
    assert "不动产权证书" not in text
    assert "共有情况" not in text


@needs_poppler
@pytest.mark.parametrize("make", [title, proof], ids=["title", "proof"])
def test_fonts_are_embedded_truetype(make: Any, tmp_path: Path) -> None:
    assert_fonts_embedded(render_certificate(make()), tmp_path)


@needs_poppler
@pytest.mark.parametrize(("make", "url"), [(title, TITLE_URL), (proof, PROOF_URL)])
def test_the_qr_code_scans_to_the_verification_page(make: Any, url: str, tmp_path: Path) -> None:
    assert decoded_qr_codes(render_certificate(make()), tmp_path) == [url]


@needs_poppler
def test_metadata_names_the_certificate_and_the_office(tmp_path: Path) -> None:
    info = poppler("pdfinfo", render_certificate(title()), tmp_path, "-isodates")
    assert "Title:           不动产权证书 苏(2026)海门区不动产权第0000183号" in info
    assert "Author:          南通市海门区不动产登记中心" in info
    assert "CreationDate:    2026-03-15T00:00:00+08" in info


LONG_NOTE = (
    "本证书所载房屋于2026年3月15日办理转移登记，"
    "原不动产权证书苏(2019)海门区不动产权第0012345号同时注销。"
)


@needs_poppler
def test_a_long_note_goes_whole_to_a_continuation_sheet_within_the_page(tmp_path: Path) -> None:
    document = render_certificate(title(notes=LONG_NOTE * 60))
    pages = page_count(document, tmp_path)
    assert pages == 3
    # -layout keeps each table row on one line, the label beside its value.
    first = extracted_text(document, tmp_path, "-layout", "-f", "1", "-l", "1")
    # The first page keeps the whole table, the issuer and the QR code.
    assert "附记详见附页" in first
    assert "扫码核验" in first
    assert f"第1页共{pages}页" in first
    rest = _body_text(document, tmp_path, first_page=2)
    assert "不动产权证书附页" in rest
    assert LONG_NOTE * 60 in rest
    _assert_words_inside_the_frame(document, tmp_path)


def _body_text(document: bytes, tmp_path: Path, first_page: int) -> str:
    """The text of the pages from ``first_page`` on, without their footers."""
    pages = range(first_page, page_count(document, tmp_path) + 1)
    texts = [extracted_text(document, tmp_path, "-f", str(n), "-l", str(n)) for n in pages]
    return "".join(text.split("编号：")[0] for text in texts)


def _assert_words_inside_the_frame(document: bytes, tmp_path: Path) -> None:
    """No word lies outside the margins (a full stop may hang 1 em into the right one)."""
    bbox = poppler("pdftotext", document, tmp_path, "-bbox")
    width, height = CERTIFICATE_PAGE.size
    hang = 12.0
    for line in bbox.splitlines():
        if "<word " not in line:
            continue
        attributes = (part.split("=") for part in line.split(">")[0].split()[1:])
        box = {key: float(value.strip('"')) for key, value in attributes}
        assert box["xMin"] >= CERTIFICATE_PAGE.left - 0.5, line
        assert box["xMax"] <= width - CERTIFICATE_PAGE.right + hang, line
        assert box["yMin"] >= CERTIFICATE_PAGE.top - 0.5, line
        assert box["yMax"] <= height - 9.6 * mm, line  # above the printed border


@needs_poppler
def test_many_holders_move_to_the_continuation_sheet(tmp_path: Path) -> None:
    holders = tuple(RightHolder(f"业主{n:03d}") for n in range(400))
    document = render_certificate(title(holders=holders, co_ownership=CoOwnership.JOINT))
    assert "权利人详见附页" in extracted_text(document, tmp_path, "-layout", "-f", "1", "-l", "1")
    rest = _body_text(document, tmp_path, first_page=2)
    assert "、".join(holder.name for holder in holders[:100]) in rest
    assert all(holder.name in rest for holder in holders)


def test_the_kind_must_match_the_number() -> None:
    with pytest.raises(ValueError, match="不动产登记证明"):
        title(kind=CertificateKind.PROOF, registered_matter="抵押权")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"holders": (RightHolder("张三"), RightHolder("李四"))}, "按份共有 must lie"),
        ({"co_ownership": CoOwnership.SOLE}, "单独所有 does not fit 2"),
        ({"co_ownership": CoOwnership.JOINT}, "shares are only given"),
        (
            {"holders": (RightHolder("张三", Fraction(1, 2)), RightHolder("李四", Fraction(1, 3)))},
            "add up to 1",
        ),
        ({"holders": ()}, "at least one right holder"),
        ({"right_type": " "}, "right_type"),
        ({"location": ""}, "location"),
        ({"verification_url": "djzx.nantong.gov.cn/verify/c/1"}, "verification URL"),
        ({"ledger": LedgerReference(ORIGIN, -1)}, "leaf index"),
        ({"holder": "王五"}, "王五 is not one of the right holders"),
        (
            {"holder": "张三", "holders": (RightHolder("张三"),), "co_ownership": CoOwnership.SOLE},
            "co-owned right",
        ),
    ],
)
def test_inconsistent_data_is_refused(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        title(**changes)


def test_a_proof_needs_the_registered_matter() -> None:
    with pytest.raises(ValueError, match="registered_matter"):
        proof(registered_matter="")


def test_a_name_no_font_can_print_is_refused_not_boxed() -> None:
    data = title(holders=(RightHolder("王𠮷"),), co_ownership=CoOwnership.SOLE)
    with pytest.raises(UnprintableTextError, match=r"𠮷\(U\+20BB7\)"):
        render_certificate(data)


@needs_poppler
def test_areas_are_rounded_half_up_to_the_hundredth(tmp_path: Path) -> None:
    area = Area(land_m2=Decimal("88.005"), building_m2=Decimal("120.5"), land_shared=False)
    text = extracted_text(render_certificate(title(area=area)), tmp_path)
    assert "宗地面积88.01㎡/房屋建筑面积120.50㎡" in text


def test_areas_and_terms_are_checked() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        Area(building_m2=Decimal("-1"))
    with pytest.raises(ValueError, match="must end after it starts"):
        Term("国有建设用地使用权", date(2076, 5, 31), date(2006, 6, 1))


@needs_poppler
def test_a_co_owners_copy_lists_every_holder_and_says_whose_it_is(tmp_path: Path) -> None:
    document = render_certificate(title(holder="李四", notes="原证同时注销"))
    text = extracted_text(document, tmp_path)
    assert "张三、李四" in text
    assert "按份共有：张三占1/2，李四占1/2" in text
    # The remark comes first in 附记, before the office's own notes.
    assert "本证书由共有人李四持有原证同时注销" in text
    assert "本证书由共有人张三持有" not in text


def test_a_co_owners_copy_puts_the_remark_first_in_the_notes_row() -> None:
    rows = dict(table_rows(title(holder="张三")))
    assert rows["附记"] == "本证书由共有人张三持有"
    assert dict(table_rows(title()))["附记"] == BLANK
    assert "本证书由共有人张三持有" in printed_text(title(holder="张三"))


def test_a_proof_is_not_issued_per_holder() -> None:
    with pytest.raises(ValueError, match="co-owned right"):
        proof(holder="中国工商银行股份有限公司海门支行")
