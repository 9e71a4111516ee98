"""The PDF toolkit: what a reader of a generated document depends on.

Checks through poppler (``pdftotext``, ``pdffonts``, ``pdfinfo``, ``pdftoppm``)
read the PDF as any viewer would; they skip where poppler-utils is missing.
The QR code is decoded from a rendered page with zxing-cpp where installed.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from yichuang.core import pdf

POPPLER_TOOLS = ("pdftotext", "pdffonts", "pdfinfo", "pdftoppm")
needs_poppler = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in POPPLER_TOOLS),
    reason="poppler-utils (pdftotext, pdffonts, pdfinfo, pdftoppm) is not installed",
)

CST = timezone(timedelta(hours=8))
CREATED = datetime(2026, 3, 15, 9, 30, tzinfo=CST)
URL = "https://djzx.nantong.gov.cn/verify/n/HM2026000183"


# Helpers shared with the certificate tests (yichuang/registry/tests).


def poppler(tool: str, document: bytes, tmp_path: Path, *args: str) -> str:
    """Run a poppler tool on ``document`` and return what it prints."""
    path = tmp_path / "document.pdf"
    path.write_bytes(document)
    command = [tool, *args, str(path)]
    if tool == "pdftotext":
        command.append("-")
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def extracted_text(document: bytes, tmp_path: Path, *args: str) -> str:
    """The text ``pdftotext`` extracts, without any whitespace (CJK text has none)."""
    return "".join(poppler("pdftotext", document, tmp_path, *args).split())


def font_table(document: bytes, tmp_path: Path) -> list[dict[str, str]]:
    """The rows of ``pdffonts``: name, type, embedded."""
    lines = poppler("pdffonts", document, tmp_path).splitlines()[2:]
    rows = []
    for line in lines:
        # The type has spaces ("CID TrueType"); count the columns from the right.
        fields = line.split()
        rows.append({"name": fields[0], "type": " ".join(fields[1:-6]), "emb": fields[-5]})
    return rows


def page_count(document: bytes, tmp_path: Path) -> int:
    """The number of pages according to ``pdfinfo``."""
    for line in poppler("pdfinfo", document, tmp_path).splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise AssertionError("pdfinfo printed no page count")


def decoded_qr_codes(document: bytes, tmp_path: Path, page: int = 1) -> list[str]:
    """Render ``page`` at 150 dpi, as a phone camera would see a print, and decode its QR codes."""
    zxingcpp = pytest.importorskip("zxingcpp", reason="the QR decoder zxing-cpp is not installed")
    from PIL import Image

    path = tmp_path / "document.pdf"
    path.write_bytes(document)
    prefix = tmp_path / "page"
    pages = ["-f", str(page), "-l", str(page), "-singlefile"]
    subprocess.run(["pdftoppm", "-r", "150", "-png", *pages, str(path), str(prefix)], check=True)
    with Image.open(prefix.with_suffix(".png")) as image:
        return [result.text for result in zxingcpp.read_barcodes(image)]


def assert_fonts_embedded(document: bytes, tmp_path: Path) -> None:
    """Every font is embedded TrueType, and both vendored fonts are there."""
    rows = font_table(document, tmp_path)
    assert rows, "the PDF lists no fonts"
    for row in rows:
        assert row["emb"] == "yes", row
        assert "TrueType" in row["type"], row
    names = {row["name"].split("+")[-1] for row in rows}
    assert names == {"DroidSansFallback", "Roboto-Regular"}


# The toolkit.


def _info(**changes: object) -> pdf.DocumentInfo:
    values: dict[str, object] = {
        "title": "不动产登记补正材料一次性告知书",
        "author": "南通市海门区不动产登记中心",
        "subject": "补正材料一次性告知",
        "created": CREATED,
        "document_number": "HM-BZ-2026-000183",
        "keywords": ("补正", "HM-BZ-2026-000183"),
    }
    values.update(changes)
    return pdf.DocumentInfo(**values)  # type: ignore[arg-type]


def _notice() -> list[Flowable]:
    styles = pdf.make_styles()
    return [
        pdf.paragraph("不动产登记补正材料一次性告知书", styles.title),
        pdf.paragraph(
            "张三：您于2026年3月10日申请的房屋所有权转移登记（受理编号SL-2026-0042），"
            "经审查，尚需补正下列材料。",
            styles.body,
        ),
        pdf.key_value_table(
            [("申请人", "张三"), ("坐落", "海门区海门街道北京东路88号3幢1201室")],
            width=pdf.A4_PAGE.frame_width,
        ),
        *pdf.item_list(
            [
                pdf.ListItem("申请人身份证明", "《不动产登记暂行条例实施细则》第九条"),
                pdf.ListItem("完税凭证"),
            ]
        ),
        pdf.signature_block("南通市海门区不动产登记中心", date(2026, 3, 15)),
        pdf.qr_block(URL),
    ]


def test_vendored_fonts_are_glyf_truetype_files() -> None:
    for name in ("DroidSansFallbackFull.ttf", "Roboto-Regular.ttf"):
        data = (pdf.FONT_DIR / name).read_bytes()
        assert data[:4] == b"\x00\x01\x00\x00", f"{name} is not a TrueType font"
        count = struct.unpack(">H", data[4:6])[0]
        tables = {data[12 + 16 * i : 16 + 16 * i] for i in range(count)}
        assert {b"glyf", b"loca", b"cmap"} <= tables, f"{name} has no TrueType outlines"
    assert (pdf.FONT_DIR / "LICENSE-DroidSansFallback.txt").is_file()
    assert (pdf.FONT_DIR / "LICENSE-Roboto.txt").is_file()


def test_the_fonts_cover_what_the_documents_print() -> None:
    printed = (
        "不动产权证书登记证明权利人共有情况坐落单元号类型性质用途面积使用期限其他状况附记"
        "义务人申请抵押扫码核验登记机构章单独所有共同共有按份共有占宗地房屋建筑"
        "苏皖海门区蜀山第号年月日起止㎡（）：；，、。《》“”—…·"
        "0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz ./:-_?=&%#()"
    )
    assert pdf.uncovered_characters(printed) == ""


def test_a_character_no_font_has_is_reported_once() -> None:
    # U+20BB7, a variant of 吉 found in personal names, lies outside the fonts.
    assert pdf.uncovered_characters("王𠮷与𠮷\n") == "𠮷"


def test_digits_go_to_roboto_and_ideographs_to_droid() -> None:
    assert pdf.font_runs("第0000183号") == [
        (pdf.CJK_FONT, "第"),
        (pdf.LATIN_FONT, "0000183"),
        (pdf.CJK_FONT, "号"),
    ]
    # A space stays in the run it stands in; the ideographic space only where it has a glyph.
    assert pdf.font_runs("88 号") == [(pdf.LATIN_FONT, "88 "), (pdf.CJK_FONT, "号")]
    assert pdf.font_runs("A\u3000B")[1] == (pdf.CJK_FONT, "\u3000")


def test_markup_escapes_text_and_keeps_line_breaks() -> None:
    text = pdf.markup("a<b>&c\n第二行")
    assert "&lt;b&gt;&amp;c" in text
    assert "<br/>" in text
    assert "<b>" not in text


def test_chinese_date_has_no_leading_zeros() -> None:
    assert pdf.chinese_date(date(2026, 3, 5)) == "2026年3月5日"


def test_verification_qr_encodes_exactly_the_url() -> None:
    widget = pdf.verification_qr(URL)
    assert widget.value == URL
    assert widget.barLevel == "M"


@pytest.mark.parametrize(
    "url",
    [
        "djzx.example/v/1",
        "ftp://djzx.example/v/1",
        "https://",
        "https://例子.中国/v",
        "https://a b",
    ],
)
def test_verification_qr_refuses_what_a_scanner_could_not_open(url: str) -> None:
    with pytest.raises(ValueError, match="verification URL"):
        pdf.verification_qr(url)


def test_document_info_needs_a_time_zone() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        _info(created=datetime(2026, 3, 15, 9, 30))


def test_same_input_and_date_give_the_same_bytes() -> None:
    first = pdf.render_pdf(_notice, _info())
    assert first.startswith(b"%PDF-")
    assert pdf.render_pdf(_notice, _info()) == first
    assert pdf.render_pdf(_notice, _info(created=CREATED + timedelta(days=1))) != first


def test_fit_rows_moves_the_tallest_value_out_of_a_table_too_tall() -> None:
    rows = [("坐落", "北京东路88号"), ("附记", "注销登记。" * 400), ("用途", "住宅")]
    kept, moved = pdf.fit_rows(
        rows, width=pdf.A4_PAGE.frame_width, label_width=32 * mm, budget=100 * mm
    )
    assert kept == [("坐落", "北京东路88号"), ("附记", "详见附页"), ("用途", "住宅")]
    assert moved == [rows[1]]
    assert pdf.fit_rows(rows[:1], width=400, label_width=90, budget=100 * mm) == (rows[:1], [])


@needs_poppler
def test_text_is_extractable_chinese(tmp_path: Path) -> None:
    text = extracted_text(pdf.render_pdf(_notice, _info()), tmp_path)
    for expected in (
        "不动产登记补正材料一次性告知书",
        "受理编号SL-2026-0042",
        "坐落",
        "海门区海门街道北京东路88号3幢1201室",
        "申请人身份证明",
        "2.完税凭证",
        "依据：《不动产登记暂行条例实施细则》第九条",
        "南通市海门区不动产登记中心（盖章）",
        "2026年3月15日",
        "扫码核验",
        "编号：HM-BZ-2026-000183",
        "第1页共1页",
    ):
        assert expected in text


@needs_poppler
def test_fonts_are_embedded_truetype(tmp_path: Path) -> None:
    assert_fonts_embedded(pdf.render_pdf(_notice, _info()), tmp_path)


@needs_poppler
def test_metadata_names_the_document_and_the_office(tmp_path: Path) -> None:
    info = poppler("pdfinfo", pdf.render_pdf(_notice, _info()), tmp_path, "-isodates")
    assert "Title:           不动产登记补正材料一次性告知书" in info
    assert "Author:          南通市海门区不动产登记中心" in info
    assert "Subject:         补正材料一次性告知" in info
    assert "CreationDate:    2026-03-15T09:30:00+08" in info


@needs_poppler
def test_every_footer_counts_all_pages(tmp_path: Path) -> None:
    styles = pdf.make_styles()

    def story() -> list[Flowable]:
        return [pdf.paragraph(f"第{n}段。" + "不动产登记。" * 40, styles.body) for n in range(30)]

    document = pdf.render_pdf(story, _info())
    pages = page_count(document, tmp_path)
    assert pages > 1
    for page in range(1, pages + 1):
        text = extracted_text(document, tmp_path, "-f", str(page), "-l", str(page))
        assert f"第{page}页共{pages}页" in text


@needs_poppler
def test_a_paragraph_split_across_pages_gains_no_spaces(tmp_path: Path) -> None:
    # reportlab adds a space at every line end when it splits a paragraph of
    # several fonts; at this width the re-wrapped rest showed them (同 时注销).
    text = (
        "本证书所载房屋于2026年3月15日办理转移登记，"
        "原不动产权证书苏(2019)海门区不动产权第0012345号同时注销。"
    )
    styles = pdf.make_styles()
    page = pdf.PageSetup(left=20 * mm, right=20 * mm)
    document = pdf.render_pdf(lambda: [pdf.paragraph(text * 60, styles.value)], _info(), page=page)
    assert page_count(document, tmp_path) > 1
    for number in range(1, page_count(document, tmp_path) + 1):
        lines = poppler("pdftotext", document, tmp_path, "-f", str(number), "-l", str(number))
        body = lines.split("编号：")[0]
        assert " " not in body.strip(), body


@needs_poppler
def test_the_qr_code_scans_to_the_verification_url(tmp_path: Path) -> None:
    assert decoded_qr_codes(pdf.render_pdf(_notice, _info()), tmp_path) == [URL]


def _line_texts(para: Any) -> list[str]:
    """The text of each laid-out line, for one-font and for mixed-font paragraphs."""
    lines = para.blPara.lines
    texts = []
    for line in lines:
        parts = line[1] if isinstance(line, tuple) else [w.text for w in line.words]
        texts.append("".join(parts))
    return texts


@pytest.mark.parametrize("latin", ["", "A"])
def test_no_line_starts_with_chinese_punctuation(latin: str) -> None:
    """Commas wrap with the text before them: none begins a line, in one font or two.

    Clauses of every length from 3 to 14 characters put a comma at every
    position of a line, the first included.
    """
    from yichuang.core import pdf

    pdf.register_fonts()
    for length in range(3, 15):
        clause = latin + "审" * (length - len(latin))
        para = pdf.ChineseParagraph(pdf.markup(f"{clause}，" * 30), pdf.make_styles().body)
        para.wrap(120, 10_000)
        texts = _line_texts(para)
        assert len(texts) > 3
        assert not [text for text in texts if text.startswith("，")], (length, texts)
