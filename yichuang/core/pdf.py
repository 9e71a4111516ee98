"""PDF toolkit for the written documents of a registration office (登记文书).

Every document an office hands out (acceptance receipts, one-time notices of
missing materials, refusals, title certificates, registration proofs, query
result proofs) is built from the pieces here, so they share one look and the
properties a holder relies on:

* the text is real text in embedded TrueType fonts (reportlab subsets them), so
  it renders on a fresh machine without Chinese fonts and can be copied,
  searched and read aloud;
* long Chinese text wraps between any two characters (``wordWrap='CJK'``);
* a footer names the document number and says "第 n 页 共 m 页" on every page;
* a QR code leads to the document's public verification page;
* the same input and creation date give byte-for-byte the same PDF.

Two fonts are needed because Droid Sans Fallback, the CJK font, has no glyphs
for ASCII (no digits, Latin letters or ASCII punctuation: on Android it stood
behind a Latin font). Roboto, Android's Latin font under the same licence,
covers those. Text is cut into runs by which font has each character; a
character neither has is reported by :func:`uncovered_characters` so a caller
can refuse to print a document with a missing glyph rather than print a box.

No Django here: the toolkit turns plain values into bytes, and can be used by
commands, jobs and tests alone.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from io import BytesIO
from pathlib import Path
from typing import Any, Literal
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib import textsplit as textsplit_module
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import paragraph as paragraph_module

FONT_DIR = Path(__file__).resolve().parent / "fonts"
CJK_FONT = "DroidSansFallback"
"""Registered name of the CJK font (Droid Sans Fallback Full, Apache-2.0)."""
LATIN_FONT = "Roboto"
"""Registered name of the Latin font (Roboto Regular, Apache-2.0)."""
_FONT_FILES = {LATIN_FONT: "Roboto-Regular.ttf", CJK_FONT: "DroidSansFallbackFull.ttf"}

CREATOR = "Yichuang (一窗)"
LANGUAGE = "zh-CN"
QR_CAPTION = "扫码核验"
QR_SIZE = 30 * mm
"""Printed side of a QR code: about 0.7 mm per module for a URL of up to 62
characters (version 4 at level M), which phone cameras read at arm's length."""

Align = Literal["left", "centre", "right"]

_font_lock = threading.Lock()
_coverage: dict[str, frozenset[int]] = {}


#: Chinese punctuation that must not begin a line (避头点). reportlab's own list
#: follows Japanese usage and lacks these, so a line could start with "，" or "》".
CANNOT_START_LINE = "，；：！？》〉”’」』）】〕"


def _forbid_line_start_punctuation() -> None:
    """Teach reportlab's CJK line breakers the Chinese punctuation a line cannot start with.

    Both keep the list as a module global: the one-font breaker in
    ``textsplit`` and the mixed-font one in ``paragraph``.
    """
    for module in (textsplit_module, paragraph_module):
        missing = "".join(c for c in CANNOT_START_LINE if c not in module.ALL_CANNOT_START)
        module.ALL_CANNOT_START += missing


def register_fonts() -> None:
    """Register the vendored fonts with reportlab, once per process.

    The lock keeps two threads from registering concurrently: a second
    registration would replace a font object another thread is using.
    Every document is laid out after this, so the line-breaking rule set here
    holds for all of them alike.
    """
    with _font_lock:
        if _coverage:
            return
        _forbid_line_start_punctuation()
        for name, file_name in _FONT_FILES.items():
            font = TTFont(name, str(FONT_DIR / file_name))
            pdfmetrics.registerFont(font)
            _coverage[name] = frozenset(font.face.charToGlyph)


def font_for(char: str) -> str | None:
    """The font that draws ``char``: Roboto where it has a glyph, else Droid.

    Roboto goes first so digits and Latin letters look alike in every run;
    it has no CJK ideographs, so Chinese always falls to Droid. ``None`` when
    neither font has the character.
    """
    register_fonts()
    code = ord(char)
    for name in (LATIN_FONT, CJK_FONT):
        if code in _coverage[name]:
            return name
    return None


def uncovered_characters(text: str) -> str:
    """The distinct characters of ``text`` that no vendored font can draw, in order.

    Line breaks and tabs are layout, not glyphs, and are never reported.
    """
    seen: dict[str, None] = {}
    for char in text:
        if char not in "\n\r\t" and font_for(char) is None:
            seen.setdefault(char)
    return "".join(seen)


def font_runs(text: str) -> list[tuple[str, str]]:
    """Cut ``text`` into (font name, run) pieces, each drawable in one font.

    Spaces join the run they stand in, so a phrase is not cut at every space;
    an uncovered character goes to the CJK font (it will print as a box: check
    :func:`uncovered_characters` first where that matters).
    """
    runs: list[tuple[str, str]] = []
    for char in text:
        font = font_for(char) or CJK_FONT
        if runs and _joins_run(char, runs[-1][0]):
            font = runs[-1][0]
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + char)
        else:
            runs.append((font, char))
    return runs


def _joins_run(char: str, font: str) -> bool:
    """Whether a space or line break can stay in the run before it.

    Line breaks become markup and draw nothing; a space stays only where the
    run's font has its glyph (Roboto lacks the ideographic space U+3000).
    """
    return char in "\n\r\t" or (char.isspace() and ord(char) in _coverage[font])


def markup(text: str) -> str:
    """Paragraph markup for plain ``text``: escaped, with a font per run and line breaks kept."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    pieces = [f'<font face="{font}">{escape(run)}</font>' for font, run in font_runs(text)]
    return "".join(pieces).replace("\n", "<br/>")


def text_width(text: str, size: float) -> float:
    """Width in points of ``text`` set at ``size`` in the run fonts."""
    return float(sum(pdfmetrics.stringWidth(run, font, size) for font, run in font_runs(text)))


def draw_text(
    canvas: Any, x: float, y: float, text: str, size: float, align: Align = "left"
) -> None:
    """Draw one line of plain text on a canvas, switching fonts between runs.

    ``x`` is the left edge, the centre or the right edge according to ``align``.
    """
    width = text_width(text, size)
    start = {"left": x, "centre": x - width / 2, "right": x - width}[align]
    line = canvas.beginText(start, y)
    for font, run in font_runs(text):
        line.setFont(font, size)
        line.textOut(run)
    canvas.drawText(line)


def chinese_date(day: date) -> str:
    """A date as official documents write it (GB/T 9704): 2026年3月15日."""
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class Styles:
    """The paragraph styles every document uses."""

    title: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    label: ParagraphStyle
    value: ParagraphStyle
    small: ParagraphStyle
    caption: ParagraphStyle
    signature: ParagraphStyle
    item: ParagraphStyle


def paragraph_style(name: str, size: float, **options: Any) -> ParagraphStyle:
    """A style in the CJK font that wraps between any two characters.

    ``options`` are :class:`ParagraphStyle` attributes; the leading defaults
    to 1.5 times the size because ideographs fill the whole em box.
    """
    leading = options.pop("leading", size * 1.5)
    return ParagraphStyle(
        name, fontName=CJK_FONT, fontSize=size, leading=leading, wordWrap="CJK", **options
    )


def make_styles() -> Styles:
    """Build the shared styles (after registering the fonts they name)."""
    register_fonts()
    return Styles(
        title=paragraph_style("yc-title", 22, alignment=TA_CENTER, spaceAfter=4 * mm, leading=30),
        heading=paragraph_style("yc-heading", 14, spaceBefore=3 * mm, spaceAfter=2 * mm),
        body=paragraph_style(
            "yc-body", 11, alignment=TA_JUSTIFY, firstLineIndent=22, spaceAfter=2 * mm
        ),
        label=paragraph_style("yc-label", 11, alignment=TA_CENTER),
        value=paragraph_style("yc-value", 11),
        small=paragraph_style("yc-small", 8.5, textColor=colors.HexColor("#333333")),
        caption=paragraph_style("yc-caption", 9, alignment=TA_CENTER),
        signature=paragraph_style("yc-signature", 12, alignment=TA_RIGHT, leading=20),
        item=paragraph_style(
            "yc-item", 11, leftIndent=7 * mm, bulletIndent=0, bulletFontName=LATIN_FONT
        ),
    )


class ChineseParagraph(Paragraph):
    """A paragraph that splits across pages without inserting spaces.

    When reportlab splits a paragraph of several fragments (here: several
    fonts) it appends a space to the last fragment of every line, as between
    English words. Chinese has no spaces between words, and the re-wrapped
    remainder then shows stray gaps (同 时注销). The fragments' texts are put
    back as they were after each split.
    """

    def split(self, availWidth: float, availHeight: float) -> list[Any]:  # noqa: N803
        """Split as :class:`Paragraph` does, then undo the added spaces."""
        if not hasattr(self, "blPara"):
            self.wrap(availWidth, availHeight)
        words = [
            (word, word.text)
            for line in getattr(self.blPara, "lines", ())
            for word in getattr(line, "words", ())
            if isinstance(getattr(word, "text", None), str)
        ]
        parts: list[Any] = super().split(availWidth, availHeight)
        for word, text in words:
            word.text = text
        return parts


def paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (not markup) in ``style``."""
    return ChineseParagraph(markup(text), style)


_TABLE_RULE = colors.black
_CELL_LEFT = 2.5 * mm
# Room for a full stop that CJK wrapping hangs past the end of the line.
_CELL_RIGHT = 3.5 * mm
_LABEL_SHADE = colors.HexColor("#f2f2f2")
# A table selects its cell font before drawing each cell, even a cell holding
# a paragraph; the default (Helvetica) would be listed as an unembedded font.
TABLE_FONT = ("FONTNAME", (0, 0), (-1, -1), CJK_FONT)


def key_value_table(
    rows: Sequence[tuple[str, str]],
    *,
    width: float,
    label_width: float = 32 * mm,
    styles: Styles | None = None,
) -> Table:
    """A framed two-column table of labels and values, ``width`` points wide.

    The table breaks across pages only between rows: reportlab's splitting
    inside a row leaves parts without their rules. A value that may be taller
    than a page must go to a continuation section; see :func:`fit_rows`.
    """
    styles = styles or make_styles()
    data = [
        [paragraph(label, styles.label), paragraph(value, styles.value)] for label, value in rows
    ]
    table = Table(data, colWidths=[label_width, width - label_width], splitByRow=1)
    table.setStyle(
        TableStyle(
            [
                TABLE_FONT,
                ("BOX", (0, 0), (-1, -1), 1.2, _TABLE_RULE),
                ("INNERGRID", (0, 0), (-1, -1), 0.5, _TABLE_RULE),
                ("BACKGROUND", (0, 0), (0, -1), _LABEL_SHADE),
                ("VALIGN", (0, 0), (0, -1), "MIDDLE"),
                ("VALIGN", (1, 0), (1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5 * mm),
                ("LEFTPADDING", (0, 0), (-1, -1), _CELL_LEFT),
                ("RIGHTPADDING", (0, 0), (-1, -1), _CELL_RIGHT),
            ]
        )
    )
    table.spaceBefore = table.spaceAfter = 3 * mm
    return table


_UNBOUNDED = 1e6
"""A height no document reaches: measuring lays a flowable out without a page limit."""


def stack_height(flowables: Sequence[Flowable], width: float) -> float:
    """Height of ``flowables`` laid out one under another in a frame ``width`` wide."""
    total = 0.0
    for flowable in flowables:
        _width, height = flowable.wrap(width, _UNBOUNDED)
        total += height + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


def fit_rows(
    rows: Sequence[tuple[str, str]],
    *,
    width: float,
    label_width: float,
    budget: float,
    note: str = "详见附页",
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Make a key-value table fit ``budget`` points of height by moving long values out.

    While the table is too tall, the tallest remaining value is replaced by
    ``note`` and returned among the moved rows, for a continuation section
    (附页) where plain paragraphs break cleanly across pages. Returns the rows
    to print in the table and the moved (label, value) rows, in table order.
    """
    kept = list(rows)
    moved: set[int] = set()
    styles = make_styles()
    value_width = width - label_width - _CELL_LEFT - _CELL_RIGHT

    def value_height(index: int) -> float:
        return stack_height([paragraph(kept[index][1], styles.value)], value_width)

    while (
        stack_height([key_value_table(kept, width=width, label_width=label_width)], width) > budget
    ):
        candidates = [index for index in range(len(kept)) if index not in moved]
        if not candidates:
            break
        tallest = max(candidates, key=value_height)
        moved.add(tallest)
        kept[tallest] = (kept[tallest][0], note)
    return kept, [rows[index] for index in sorted(moved)]


@dataclass(frozen=True)
class ListItem:
    """One entry of a numbered list, e.g. a missing material and its legal basis."""

    text: str
    basis: str = ""
    """Where the requirement comes from, e.g. 《不动产登记暂行条例实施细则》第九条."""


def item_list(items: Sequence[ListItem], *, styles: Styles | None = None) -> list[Flowable]:
    """Numbered paragraphs with a hanging indent; each basis follows its item in small type."""
    styles = styles or make_styles()
    flowables: list[Flowable] = []
    for number, item in enumerate(items, start=1):
        text = markup(item.text)
        if item.basis:
            basis = markup(f"依据：{item.basis}")
            text += f'<br/><font size="{styles.small.fontSize}" color="#333333">{basis}</font>'
        flowables.append(ChineseParagraph(text, styles.item, bulletText=f"{number}."))
    return flowables


def signature_block(
    issuer: str, issued: date, *, seal_note: str = "（盖章）", styles: Styles | None = None
) -> Flowable:
    """The issuer's name, the seal note and the date, right-aligned and kept together.

    The space above leaves room for the office's physical or electronic seal.
    """
    styles = styles or make_styles()
    return KeepTogether(
        [
            Spacer(1, 12 * mm),
            paragraph(f"{issuer}{seal_note}", styles.signature),
            paragraph(chinese_date(issued), styles.signature),
        ]
    )


def verification_qr(url: str) -> QrCodeWidget:
    """The QR widget holding ``url``, the document's public verification page.

    The URL must be an absolute http(s) URL in ASCII (percent-encode anything
    else): the QR byte mode then carries it unchanged to every scanner. Error
    correction level M survives a stained or creased paper copy.
    """
    check_verification_url(url)
    return QrCodeWidget(url, barLevel="M", barBorder=4)


def check_verification_url(url: str) -> None:
    """Raise ``ValueError`` unless ``url`` is an absolute http(s) URL in ASCII without spaces."""
    if not url.startswith(("https://", "http://")) or len(url) <= len("https://"):
        raise ValueError(f"verification URL must be absolute http(s), not {url!r}")
    if not url.isascii() or any(char.isspace() for char in url):
        raise ValueError(f"verification URL must be ASCII without spaces, not {url!r}")


def qr_drawing(url: str, size: float = QR_SIZE) -> Drawing:
    """A square drawing (usable as a flowable) of the verification QR code."""
    widget = verification_qr(url)
    widget.barWidth = size
    widget.barHeight = size
    # The drawing would otherwise select Helvetica, an unembedded font, though it sets no text.
    drawing = Drawing(size, size, initialFontName=CJK_FONT)
    drawing.add(widget)
    return drawing


def qr_block(
    url: str, *, caption: str = QR_CAPTION, size: float = QR_SIZE, styles: Styles | None = None
) -> Table:
    """The QR code above its caption, as one unbreakable block."""
    styles = styles or make_styles()
    block = Table([[qr_drawing(url, size)], [paragraph(caption, styles.caption)]], colWidths=[size])
    block.setStyle(
        TableStyle(
            [
                TABLE_FONT,
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return block


@dataclass(frozen=True)
class PageSetup:
    """Paper size and margins, in points; the footer sits inside the bottom margin."""

    size: tuple[float, float] = A4
    left: float = 22 * mm
    right: float = 22 * mm
    top: float = 20 * mm
    bottom: float = 22 * mm

    @property
    def frame_width(self) -> float:
        """Width available to the text."""
        return self.size[0] - self.left - self.right

    @property
    def frame_height(self) -> float:
        """Height available to the text on one page."""
        return self.size[1] - self.top - self.bottom


A4_PAGE = PageSetup()


@dataclass(frozen=True)
class DocumentInfo:
    """What the PDF says about itself: shown by viewers, read by indexers."""

    title: str
    author: str
    """The issuing office (登记机构)."""
    subject: str
    created: datetime
    """Creation date written into the PDF; must carry a time zone."""
    document_number: str
    """Printed in every footer (文书编号 / 证书号)."""
    keywords: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.created.utcoffset() is None:
            raise ValueError("DocumentInfo.created must be timezone-aware")


PageDecorator = Callable[[Any, PageSetup], None]
"""Draws fixed decoration (a border, a watermark) on a canvas, once per page."""


def _pdf_date(created: datetime) -> str:
    # PDF date syntax (ISO 32000-1, 7.9.4): D:YYYYMMDDHHmmSS+HH'mm'
    offset = created.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"D:{created:%Y%m%d%H%M%S}{sign}{hours:02d}'{rest:02d}'"


def _canvas_maker(created: datetime) -> Callable[..., Any]:
    """A canvas factory that writes ``created`` as the creation and modification date."""
    stamp = _pdf_date(created)

    def make(*args: Any, **kwargs: Any) -> Any:
        canvas = Canvas(*args, **kwargs)
        canvas.setDateFormatter(lambda *_parts: stamp)
        return canvas

    return make


def _draw_footer(canvas: Any, page: PageSetup, number: str, index: int, count: int) -> None:
    """The rule, the document number on the left and the page count on the right."""
    y = page.bottom - 10 * mm
    canvas.saveState()
    canvas.setLineWidth(0.4)
    canvas.line(page.left, y + 4 * mm, page.size[0] - page.right, y + 4 * mm)
    if number:
        draw_text(canvas, page.left, y, f"编号：{number}", 8.5)
    draw_text(canvas, page.size[0] - page.right, y, f"第 {index} 页 共 {count} 页", 8.5, "right")
    canvas.restoreState()


def _template(buffer: BytesIO, info: DocumentInfo, page: PageSetup, on_page: Any) -> Any:
    """A one-frame document template that writes ``info`` as the PDF's metadata."""
    # No frame padding: the margins of PageSetup are the only ones, so a
    # table as wide as frame_width fits exactly.
    frame = Frame(
        page.left,
        page.bottom,
        page.frame_width,
        page.frame_height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    return BaseDocTemplate(
        buffer,
        pagesize=page.size,
        pageTemplates=[PageTemplate(id="page", frames=[frame], onPage=on_page)],
        title=info.title,
        author=info.author,
        subject=info.subject,
        keywords=list(info.keywords),
        creator=CREATOR,
        lang=LANGUAGE,
        displayDocTitle=True,
        # Without this every page starts in Helvetica, an unembedded font
        # that checkers flag although no text is ever set in it.
        initialFontName=CJK_FONT,
        # Invariant mode fixes the file ID and drops the wall clock; the real
        # creation date comes back through the canvas's date formatter.
        invariant=1,
    )


def _build(
    story: Sequence[Flowable],
    info: DocumentInfo,
    page: PageSetup,
    decorate: PageDecorator | None,
    page_count: int,
) -> tuple[bytes, int]:
    """Lay out ``story`` once; the footers say ``page_count`` pages."""

    def on_page(canvas: Any, doc: Any) -> None:
        if decorate is not None:
            decorate(canvas, page)
        _draw_footer(canvas, page, info.document_number, doc.page, page_count)

    buffer = BytesIO()
    doc = _template(buffer, info, page, on_page)
    doc.build(list(story), canvasmaker=_canvas_maker(info.created))
    return buffer.getvalue(), int(doc.page)


def render_pdf(
    story: Callable[[], Sequence[Flowable]],
    info: DocumentInfo,
    *,
    page: PageSetup = A4_PAGE,
    decorate: PageDecorator | None = None,
) -> bytes:
    """Lay out a document and return the PDF bytes.

    ``story`` is called twice, because layout consumes flowables: the first
    layout counts the pages, the second prints "共 m 页" with the true count.
    Both layouts are identical, as the footer lies outside the text frame.
    """
    register_fonts()
    _draft, count = _build(story(), info, page, decorate, page_count=0)
    pdf, final_count = _build(story(), info, page, decorate, page_count=count)
    if final_count != count:  # pragma: no cover - layout is deterministic
        raise RuntimeError(f"layout changed between passes: {count} then {final_count} pages")
    return pdf
