"""The title certificate (不动产权证书) and registration proof (不动产登记证明) as PDF.

A certificate page is a framed table under the standard row labels of the
national certificate (不动产权证书: 权利人, 共有情况, 坐落, 不动产单元号,
权利类型, 权利性质, 用途, 面积, 使用期限, 权利其他状况, 附记; 不动产登记证明:
证明权利或事项, 权利人（申请人）, 义务人, 坐落, 不动产单元号, 其他, 附记), the
issuing office and date, and a QR code leading to the public verification page,
with the ledger entry (log origin and leaf index) that seals the register entry.

Names are printed in full: the certificate is the holder's own document. An
empty field prints as "/", as on paper certificates, so a blank cannot be
filled in afterwards.

Pure: plain values in, PDF bytes out. No Django and no models, so the same
function serves the office, a batch job and an auditor's script.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table, TableStyle

from yichuang.core import pdf
from yichuang.core.identifiers import CertificateKind, CertificateNumber, UnitCode

CHINA_STANDARD_TIME = timezone(timedelta(hours=8), "CST")
BLANK = "/"
"""Printed for an empty field."""

TITLE_LABELS = (
    "权利人",
    "共有情况",
    "坐落",
    "不动产单元号",
    "权利类型",
    "权利性质",
    "用途",
    "面积",
    "使用期限",
    "权利其他状况",
    "附记",
)
PROOF_LABELS = (
    "证明权利或事项",
    "权利人（申请人）",
    "义务人",
    "坐落",
    "不动产单元号",
    "其他",
    "附记",
)
DOCUMENT_NAMES = {CertificateKind.TITLE: "不动产权证书", CertificateKind.PROOF: "不动产登记证明"}

# The certificate leaves a wider bottom margin than A4_PAGE so the footer
# clears the printed border.
CERTIFICATE_PAGE = pdf.PageSetup(left=20 * mm, right=20 * mm, top=20 * mm, bottom=28 * mm)
_LABEL_WIDTH = 38 * mm
_BORDER_COLOURS = {
    CertificateKind.TITLE: colors.HexColor("#7a1f1f"),
    CertificateKind.PROOF: colors.HexColor("#1f4a7a"),
}


class UnprintableTextError(ValueError):
    """Some text has a character no vendored font can draw (e.g. a rare name character)."""


class CoOwnership(StrEnum):
    """How the right holders hold the right together (共有情况)."""

    SOLE = "单独所有"
    JOINT = "共同共有"
    IN_SHARES = "按份共有"


@dataclass(frozen=True)
class RightHolder:
    """A right holder's name and, for 按份共有, their share."""

    name: str
    share: Fraction | None = None


@dataclass(frozen=True)
class Area:
    """Land and building area in square metres (面积)."""

    land_m2: Decimal | None = None
    building_m2: Decimal | None = None
    land_shared: bool = True
    """A flat shares its parcel with the other flats (共有宗地面积), else 宗地面积."""

    def __post_init__(self) -> None:
        for value in (self.land_m2, self.building_m2):
            if value is not None and not value >= 0:
                raise ValueError(f"an area must be a non-negative number, not {value}")


@dataclass(frozen=True)
class Term:
    """The term of one right (使用期限), e.g. the land use right's 70 years."""

    right: str
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError(f"the term of {self.right} must end after it starts")


@dataclass(frozen=True)
class LedgerReference:
    """The leaf that seals the register entry: the log's origin and the leaf index."""

    origin: str
    leaf_index: int


@dataclass(frozen=True)
class CertificateData:
    """Everything printed on a title certificate or a registration proof.

    ``holders`` are the right holders of a title certificate, or the
    right holder (applicant, 权利人（申请人）) of a proof, e.g. the mortgagee
    bank. ``other_status`` prints as 权利其他状况 on a certificate and 其他 on
    a proof; ``notes`` as 附记 on both. ``registered_matter`` and ``obligors``
    belong to proofs; ``right_type`` and ``holder`` to certificates.
    ``holder`` names the co-owner a per-holder copy is issued to (共有人分别
    持证); the copy still lists every right holder, and 附记 says whose it is.
    """

    kind: CertificateKind
    number: CertificateNumber
    office: str
    issued: date
    holders: tuple[RightHolder, ...]
    location: str
    unit_code: UnitCode
    ledger: LedgerReference
    verification_url: str
    co_ownership: CoOwnership = CoOwnership.SOLE
    right_type: str = ""
    right_nature: str = ""
    use: str = ""
    area: Area | None = None
    terms: tuple[Term, ...] = ()
    other_status: str = ""
    notes: str = ""
    registered_matter: str = ""
    obligors: tuple[str, ...] = ()
    holder: str = ""

    def __post_init__(self) -> None:
        if self.number.kind != self.kind:
            raise ValueError(f"number {self.number} is not a {DOCUMENT_NAMES[self.kind]} number")
        for name, value in (("office", self.office), ("location", self.location)):
            if not value.strip():
                raise ValueError(f"{name} must not be empty")
        if self.kind is CertificateKind.TITLE and not self.right_type.strip():
            raise ValueError("a title certificate needs right_type (权利类型)")
        if self.kind is CertificateKind.PROOF and not self.registered_matter.strip():
            raise ValueError("a registration proof needs registered_matter (证明权利或事项)")
        if not self.ledger.origin.strip() or self.ledger.leaf_index < 0:
            raise ValueError("ledger needs an origin and a leaf index of at least 0")
        pdf.check_verification_url(self.verification_url)
        _check_holders(self.holders, self.co_ownership)
        _check_copy_holder(self)


def _check_copy_holder(data: CertificateData) -> None:
    """A per-holder copy is a title certificate of a co-owned right, for one of its holders."""
    if not data.holder:
        return
    if data.kind is not CertificateKind.TITLE or data.co_ownership is CoOwnership.SOLE:
        raise ValueError("only a title certificate of a co-owned right is issued per holder")
    if data.holder.strip() not in {holder.name.strip() for holder in data.holders}:
        raise ValueError(f"{data.holder} is not one of the right holders")


def _check_holders(holders: Sequence[RightHolder], form: CoOwnership) -> None:
    """The holders must fit the co-ownership form; shares only and always for 按份共有."""
    if not holders or any(not holder.name.strip() for holder in holders):
        raise ValueError("at least one right holder, each with a name, is required")
    if (form is CoOwnership.SOLE) != (len(holders) == 1):
        raise ValueError(f"{form.value} does not fit {len(holders)} right holder(s)")
    shares = [holder.share for holder in holders]
    if form is not CoOwnership.IN_SHARES:
        if any(share is not None for share in shares):
            raise ValueError(f"shares are only given for {CoOwnership.IN_SHARES.value}")
        return
    if any(share is None or not 0 < share < 1 for share in shares):
        raise ValueError("every share of 按份共有 must lie strictly between 0 and 1")
    if sum(share for share in shares if share is not None) != 1:
        raise ValueError("the shares of 按份共有 must add up to 1")


def _or_blank(text: str) -> str:
    return text.strip() or BLANK


def _names(holders: Sequence[RightHolder]) -> str:
    return "、".join(holder.name.strip() for holder in holders)


def _co_ownership_text(data: CertificateData) -> str:
    if data.co_ownership is not CoOwnership.IN_SHARES:
        return data.co_ownership.value
    shares = "，".join(f"{holder.name.strip()}占{holder.share}" for holder in data.holders)
    return f"{data.co_ownership.value}：{shares}"


def _notes_text(data: CertificateData) -> str:
    lines = [f"本证书由共有人{data.holder.strip()}持有"] if data.holder else []
    if data.notes.strip():
        lines.append(data.notes.strip())
    return "\n".join(lines) or BLANK


def _square_metres(value: Decimal) -> str:
    # Areas are printed to the hundredth, rounded half up (四舍五入) as surveys round.
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _area_text(area: Area | None) -> str:
    if area is None:
        return BLANK
    parts = []
    if area.land_m2 is not None:
        label = "共有宗地面积" if area.land_shared else "宗地面积"
        parts.append(f"{label}{_square_metres(area.land_m2)}㎡")
    if area.building_m2 is not None:
        parts.append(f"房屋建筑面积{_square_metres(area.building_m2)}㎡")
    return "/".join(parts) or BLANK


def _terms_text(terms: Sequence[Term]) -> str:
    lines = [
        f"{term.right} {pdf.chinese_date(term.start)}起{pdf.chinese_date(term.end)}止"
        for term in terms
    ]
    return "\n".join(lines) or BLANK


def table_rows(data: CertificateData) -> list[tuple[str, str]]:
    """The labelled rows of the certificate table, in print order."""
    if data.kind is CertificateKind.PROOF:
        values = [
            data.registered_matter.strip(),
            _names(data.holders),
            _or_blank("、".join(name.strip() for name in data.obligors)),
            data.location.strip(),
            data.unit_code.canonical,
            _or_blank(data.other_status),
            _or_blank(data.notes),
        ]
        return list(zip(PROOF_LABELS, values, strict=True))
    values = [
        _names(data.holders),
        _co_ownership_text(data),
        data.location.strip(),
        data.unit_code.canonical,
        data.right_type.strip(),
        _or_blank(data.right_nature),
        _or_blank(data.use),
        _area_text(data.area),
        _terms_text(data.terms),
        _or_blank(data.other_status),
        _notes_text(data),
    ]
    return list(zip(TITLE_LABELS, values, strict=True))


def _ledger_text(data: CertificateData) -> str:
    return f"存证日志：{data.ledger.origin}　叶子序号：{data.ledger.leaf_index}"


def _url_text(data: CertificateData) -> str:
    return f"核验网址：{data.verification_url}"


def printed_text(data: CertificateData) -> list[str]:
    """Every piece of text the certificate prints, for the font coverage check."""
    texts = [DOCUMENT_NAMES[data.kind], str(data.number), data.office]
    texts += [text for row in table_rows(data) for text in row]
    return [*texts, _ledger_text(data), _url_text(data)]


def _issuer_block(data: CertificateData, styles: pdf.Styles) -> Flowable:
    """QR code on the left; issuing office, seal note and date on the right."""
    right = pdf.paragraph_style("yc-issuer", 12, alignment=TA_RIGHT, leading=22)
    issuer = [
        Spacer(1, 6 * mm),
        pdf.paragraph("登记机构（章）", right),
        pdf.paragraph(data.office, right),
        pdf.paragraph(pdf.chinese_date(data.issued), right),
    ]
    qr = pdf.qr_block(data.verification_url, styles=styles)
    width = CERTIFICATE_PAGE.frame_width
    block = Table([[qr, issuer]], colWidths=[pdf.QR_SIZE + 4 * mm, width - pdf.QR_SIZE - 4 * mm])
    block.setStyle(
        TableStyle(
            [
                pdf.TABLE_FONT,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return block


def _heading(data: CertificateData) -> list[Flowable]:
    """The document name and, right-aligned above the table, its number."""
    title = pdf.paragraph_style("yc-cert-title", 26, alignment=TA_CENTER, leading=34)
    number = pdf.paragraph_style("yc-cert-number", 12, alignment=TA_RIGHT, spaceBefore=4 * mm)
    return [
        pdf.paragraph(DOCUMENT_NAMES[data.kind], title),
        pdf.paragraph(str(data.number), number),
    ]


def _closing(data: CertificateData, styles: pdf.Styles) -> list[Flowable]:
    """Issuer, date and QR code, then the ledger entry and the verification address."""
    return [
        _issuer_block(data, styles),
        Spacer(1, 3 * mm),
        pdf.paragraph(_ledger_text(data), styles.small),
        pdf.paragraph(_url_text(data), styles.small),
    ]


def _continuation(data: CertificateData, moved: Sequence[tuple[str, str]]) -> list[Flowable]:
    """The continuation sheet (附页) with the values too long for the table, in full."""
    styles = pdf.make_styles()
    flowables: list[Flowable] = [PageBreak(), *_heading_for_continuation(data)]
    for label, value in moved:
        flowables += [pdf.paragraph(label, styles.heading), pdf.paragraph(value, styles.value)]
    return flowables


def _heading_for_continuation(data: CertificateData) -> list[Flowable]:
    title = pdf.paragraph_style("yc-cert-sheet", 18, alignment=TA_CENTER, leading=26)
    number = pdf.paragraph_style("yc-cert-sheet-number", 11, alignment=TA_CENTER)
    return [
        pdf.paragraph(f"{DOCUMENT_NAMES[data.kind]}附页", title),
        pdf.paragraph(str(data.number), number),
    ]


def layout_rows(data: CertificateData) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The table rows that fit on the first page, and the rows moved to the 附页.

    The first page keeps the whole table, the issuer and the QR code: the
    values that would push them over are printed on the 附页 instead.
    """
    width = CERTIFICATE_PAGE.frame_width
    fixed = pdf.stack_height([*_heading(data), *_closing(data, pdf.make_styles())], width)
    # A little slack for the rounding between measuring and laying out.
    budget = CERTIFICATE_PAGE.frame_height - fixed - 4 * mm
    return pdf.fit_rows(table_rows(data), width=width, label_width=_LABEL_WIDTH, budget=budget)


def _story(
    data: CertificateData, kept: Sequence[tuple[str, str]], moved: Sequence[tuple[str, str]]
) -> list[Flowable]:
    styles = pdf.make_styles()
    table = pdf.key_value_table(
        kept, width=CERTIFICATE_PAGE.frame_width, label_width=_LABEL_WIDTH, styles=styles
    )
    story = [*_heading(data), table, KeepTogether(_closing(data, styles))]
    return story + _continuation(data, moved) if moved else story


def _border(kind: CertificateKind) -> pdf.PageDecorator:
    """A double rule round the page, in the colour of the document kind."""

    def draw(canvas: Any, page: pdf.PageSetup) -> None:
        width, height = page.size
        canvas.saveState()
        canvas.setStrokeColor(_BORDER_COLOURS[kind])
        for inset, line_width in ((8 * mm, 1.6), (9.6 * mm, 0.5)):
            canvas.setLineWidth(line_width)
            canvas.rect(inset, inset, width - 2 * inset, height - 2 * inset)
        canvas.restoreState()

    return draw


def render_certificate(data: CertificateData) -> bytes:
    """The certificate or proof as PDF bytes; the same data always gives the same bytes.

    The PDF's creation date is the issue date at midnight, China Standard
    Time, so re-rendering an issued certificate reproduces it exactly.
    Raises :class:`UnprintableTextError` if any text has a character the
    vendored fonts lack, rather than print a box in a legal document.
    """
    missing = "".join(pdf.uncovered_characters("".join(printed_text(data))))
    if missing:
        listed = "、".join(f"{char}(U+{ord(char):04X})" for char in dict.fromkeys(missing))
        raise UnprintableTextError(f"no font has a glyph for {listed}")
    info = pdf.DocumentInfo(
        title=f"{DOCUMENT_NAMES[data.kind]} {data.number}",
        author=data.office,
        subject=DOCUMENT_NAMES[data.kind],
        created=datetime.combine(data.issued, time(), CHINA_STANDARD_TIME),
        document_number=str(data.number),
        keywords=(str(data.number), data.unit_code.canonical),
    )
    kept, moved = layout_rows(data)
    return pdf.render_pdf(
        lambda: _story(data, kept, moved), info, page=CERTIFICATE_PAGE, decorate=_border(data.kind)
    )
