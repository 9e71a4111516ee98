"""The written documents of a registration case (办件文书) as PDF.

An applicant leaves the window with paper, and each sheet is a legal act or its
proof: the acceptance receipt (不动产登记受理凭证), the non-acceptance with the
one-time notice of every missing item (不予受理告知书暨一次性告知书), the
non-acceptance of an application outside the office's remit, the refusal to
register (不予登记告知书) and the fee receipt (不动产登记费收费凭证).

Every document has its title, its number (in the footer of every page too),
a table of the case, its text citing the article it rests on, the person who
handled it, the office's seal line and date, and a QR code to its public
verification page. Lists flow onto further pages with the page count right.

Each document is first laid out as plain blocks (:class:`Layout`): the PDF is
drawn from them, and :func:`printed_text` reads them, so tests and the font
check see exactly what is printed. A character no vendored font can draw is
refused (:class:`UnprintableTextError`) rather than printed as a box.

Pure: frozen dataclasses in, PDF bytes out, the same bytes for the same data.
Identity documents arrive masked by the caller; nothing here unmasks them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Literal, TypeAlias

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from yichuang.core import pdf

__all__ = [
    "ACCEPTANCE_RECEIPT",
    "DEEMED_ACCEPTANCE_BASIS",
    "FEE_RECEIPT",
    "ONE_TIME_NOTICE",
    "OUT_OF_REMIT_NOTICE",
    "REFUSAL_DECISION",
    "AcceptanceReceipt",
    "Applicant",
    "Block",
    "CaseDocument",
    "DocumentHeader",
    "FeeReceipt",
    "FeeReceiptLine",
    "Grid",
    "Items",
    "Layout",
    "NoticeLine",
    "OneTimeNotice",
    "OutOfRemitNotice",
    "ReceivedItem",
    "RefusalDecision",
    "Rows",
    "Text",
    "UnprintableTextError",
    "layout",
    "printed_text",
    "render_acceptance_receipt",
    "render_fee_receipt",
    "render_one_time_notice",
    "render_out_of_remit_notice",
    "render_refusal_decision",
    "yuan",
    "yuan_in_capitals",
]

CHINA_STANDARD_TIME = timezone(timedelta(hours=8), "CST")
BLANK = "/"
"""Printed for an empty field, so a blank cannot be filled in afterwards."""

ACCEPTANCE_RECEIPT = "不动产登记受理凭证"
ONE_TIME_NOTICE = "不予受理告知书暨一次性告知书"
OUT_OF_REMIT_NOTICE = "不予受理告知书"
OUT_OF_REMIT_SUBTITLE = "（不属于本机构登记范围）"
REFUSAL_DECISION = "不予登记告知书"
FEE_RECEIPT = "不动产登记费收费凭证"

DEEMED_ACCEPTANCE_BASIS = "《不动产登记暂行条例》第十七条第二款"
"""An application not refused in writing on the spot is deemed accepted."""
REMEDY = (
    "如对本决定不服，可以自收到本告知书之日起六十日内依法申请行政复议，"
    "或者自收到本告知书之日起六个月内依法提起行政诉讼。"
)
HOLIDAY_NOTE = (
    "注：预计办结日期按国务院已公布的节假日安排计算；国务院公布下一年度节假日安排后，"
    "该日期可能相应调整。"
)
SEE_BELOW = "详见表后"

_PAGE = pdf.A4_PAGE
_LABEL_WIDTH = 32 * mm
_ROW_LIMIT = 90 * mm
"""A table value taller than this is printed after the table, where it can break across pages."""
_CENT = Decimal("0.01")


class UnprintableTextError(ValueError):
    """Some text has a character no vendored font can draw (e.g. a rare name character)."""


def _require(**texts: str) -> None:
    """Raise ``ValueError`` naming the first of ``texts`` that is blank."""
    for name, value in texts.items():
        if not value.strip():
            raise ValueError(f"{name} must not be empty")


# The data each document prints.


@dataclass(frozen=True)
class DocumentHeader:
    """What every document carries: the issuing office, the number, the time, the check URL."""

    office_name: str
    office_address: str
    office_phone: str
    number: str
    """The document number (文书编号), printed under the title and in every footer."""
    issued_at: datetime
    """When the document was issued; must carry a time zone."""
    verification_url: str

    def __post_init__(self) -> None:
        _require(office_name=self.office_name, number=self.number)
        if self.issued_at.utcoffset() is None:
            raise ValueError("issued_at must be timezone-aware")
        pdf.check_verification_url(self.verification_url)

    @property
    def issued_on(self) -> date:
        """The issue date in China time, printed under the seal."""
        return self.issued_at.astimezone(CHINA_STANDARD_TIME).date()


@dataclass(frozen=True)
class Applicant:
    """An applicant or agent: the name and the identity document, already masked."""

    name: str
    document: str = ""
    """E.g. 身份证 3206**********1234; masked by the caller."""

    def __post_init__(self) -> None:
        _require(name=self.name)

    def __str__(self) -> str:
        return f"{self.name}（{self.document}）" if self.document.strip() else self.name


@dataclass(frozen=True)
class ReceivedItem:
    """A material received at the window (收件), as an original or a copy."""

    name: str
    original: bool


def _check_case(reference: str, title: str, applicants: Sequence[Applicant]) -> None:
    """Every case document names the case, the registration and at least one applicant."""
    _require(case_reference=reference, registration_title=title)
    if not applicants:
        raise ValueError("at least one applicant is required")


@dataclass(frozen=True)
class AcceptanceReceipt:
    """不动产登记受理凭证: the application is accepted (or deemed accepted) and due by a date."""

    header: DocumentHeader
    case_reference: str
    registration_title: str
    unit_code: str
    unit_location: str
    applicants: tuple[Applicant, ...]
    agent: Applicant | None
    received: tuple[ReceivedItem, ...]
    accepted_on: date
    limit_working_days: int
    due_on: date
    due_provisional: bool
    """The due date depends on a year whose holidays are not yet published."""
    deemed: bool
    """Deemed accepted: no written refusal was given on the intake's day."""
    clerk_name: str
    fee_total: Decimal | None
    progress_url: str
    basis: str
    """The acceptance article, already in Chinese."""

    def __post_init__(self) -> None:
        _check_case(self.case_reference, self.registration_title, self.applicants)
        _require(clerk_name=self.clerk_name, basis=self.basis)
        if self.limit_working_days < 1:
            raise ValueError("the time limit is at least one working day")
        if self.due_on < self.accepted_on:
            raise ValueError("the due date cannot come before acceptance")
        if self.fee_total is not None:
            _check_amount("fee_total", self.fee_total)


@dataclass(frozen=True)
class NoticeLine:
    """One missing item of a one-time notice, or a choice of groups of items (任选一组)."""

    name: str
    basis: str
    provider: str = ""
    """Who issues the item, e.g. 税务部门."""
    note: str = ""
    options: tuple[tuple[str, ...], ...] = ()

    def __post_init__(self) -> None:
        _require(name=self.name, basis=self.basis)
        if any(not option for option in self.options):
            raise ValueError(f"every option of {self.name} needs at least one item")


@dataclass(frozen=True)
class OneTimeNotice:
    """不予受理告知书暨一次性告知书: not accepted, and every missing item listed at once."""

    header: DocumentHeader
    case_reference: str
    registration_title: str
    unit_code: str
    unit_location: str
    applicants: tuple[Applicant, ...]
    agent: Applicant | None
    missing: tuple[NoticeLine, ...]
    presented: tuple[str, ...]
    """What was handed in this time and given back."""
    visit: int
    """Which trip to the window this is: 1 at the first intake."""
    catalog_version: str
    clerk_name: str
    basis: str

    def __post_init__(self) -> None:
        _check_case(self.case_reference, self.registration_title, self.applicants)
        _require(clerk_name=self.clerk_name, basis=self.basis)
        if not self.missing:
            raise ValueError("a one-time notice lists at least one missing item")
        if self.visit < 1:
            raise ValueError("the first trip to the window is visit 1")


@dataclass(frozen=True)
class OutOfRemitNotice:
    """不予受理告知书 for an application this office has no power to register."""

    header: DocumentHeader
    case_reference: str
    registration_title: str
    unit_code: str
    applicants: tuple[Applicant, ...]
    agent: Applicant | None
    competent_office: str
    reason: str
    clerk_name: str
    basis: str

    def __post_init__(self) -> None:
        _check_case(self.case_reference, self.registration_title, self.applicants)
        _require(
            competent_office=self.competent_office,
            reason=self.reason,
            clerk_name=self.clerk_name,
            basis=self.basis,
        )


@dataclass(frozen=True)
class RefusalDecision:
    """不予登记告知书: the application was accepted, examined and refused on a legal ground."""

    header: DocumentHeader
    case_reference: str
    registration_title: str
    unit_code: str
    unit_location: str
    applicants: tuple[Applicant, ...]
    ground: str
    basis: str
    reviewer_name: str

    def __post_init__(self) -> None:
        _check_case(self.case_reference, self.registration_title, self.applicants)
        _require(ground=self.ground, basis=self.basis, reviewer_name=self.reviewer_name)


@dataclass(frozen=True)
class FeeReceiptLine:
    """One line of the fee receipt: ``count`` times ``unit_amount``, with its basis."""

    label: str
    count: int
    unit_amount: Decimal
    amount: Decimal
    basis: str

    def __post_init__(self) -> None:
        _require(label=self.label)
        _check_amount("unit_amount", self.unit_amount)
        _check_amount("amount", self.amount)
        if self.count < 1:
            raise ValueError(f"{self.label}: the count is at least 1")
        if self.amount != self.unit_amount * self.count:
            raise ValueError(
                f"{self.label}: {self.count} × {self.unit_amount} is not {self.amount}"
            )


@dataclass(frozen=True)
class FeeReceipt:
    """不动产登记费收费凭证: what was charged, line by line, and the total in words."""

    header: DocumentHeader
    case_reference: str
    payer: str
    lines: tuple[FeeReceiptLine, ...]
    total: Decimal
    schedule_version: str
    collected_by: str

    def __post_init__(self) -> None:
        _require(
            case_reference=self.case_reference,
            payer=self.payer,
            schedule_version=self.schedule_version,
            collected_by=self.collected_by,
        )
        if not self.lines:
            raise ValueError("a fee receipt has at least one line")
        _check_amount("total", self.total)
        if self.total != sum((line.amount for line in self.lines), Decimal(0)):
            raise ValueError(f"the lines do not add up to the total {self.total}")


CaseDocument: TypeAlias = (
    AcceptanceReceipt | OneTimeNotice | OutOfRemitNotice | RefusalDecision | FeeReceipt
)


# Amounts.


def _check_amount(name: str, amount: Decimal) -> None:
    """An amount of money is finite, not negative, and in whole fen (分)."""
    if not amount.is_finite() or amount < 0 or amount != amount.quantize(_CENT):
        raise ValueError(f"{name} must be a non-negative amount in whole fen, not {amount}")


def yuan(amount: Decimal) -> str:
    """An amount as the receipt prints it: 80.00元."""
    return f"{amount.quantize(_CENT)}元"


_CAPITAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_CAPITAL_PLACES = ("", "拾", "佰", "仟")
_CAPITAL_GROUPS = ("", "万", "亿")


def _capital_group(value: int) -> str:
    """A group of up to four digits (1-9999) in capitals, without leading 零."""
    parts: list[str] = []
    zero_pending = False
    for place in range(3, -1, -1):
        digit = value // 10**place % 10
        if digit == 0:
            zero_pending = bool(parts)
            continue
        if zero_pending:
            parts.append("零")
        parts.append(_CAPITAL_DIGITS[digit] + _CAPITAL_PLACES[place])
        zero_pending = False
    return "".join(parts)


def _capital_integer(value: int) -> str:
    """A whole number of yuan (1 to under 10^12) in capitals, with 万 and 亿."""
    groups = [value // 10 ** (4 * index) % 10**4 for index in range(len(_CAPITAL_GROUPS))]
    text = ""
    zero_pending = False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            zero_pending = bool(text)
            continue
        if text and (zero_pending or group < 1000):
            text += "零"
        text += _capital_group(group) + _CAPITAL_GROUPS[index]
        zero_pending = False
    return text


def yuan_in_capitals(amount: Decimal) -> str:
    """``amount`` in Chinese capital numerals (人民币大写), as a receipt writes it.

    80 is 捌拾元整, 550 伍佰伍拾元整, 10 壹拾元整, 0 零元整, 1.05 壹元零伍分,
    0.50 伍角整. 整 closes an amount without 分, so nothing can be added after it.
    """
    _check_amount("amount", amount)
    fen_total = int(amount * 100)
    whole, fen_part = divmod(fen_total, 100)
    jiao, fen = divmod(fen_part, 10)
    if whole >= 10**12:
        raise ValueError(f"{amount} is too large for a fee receipt")
    if fen_total == 0:
        return "零元整"
    text = _capital_integer(whole) + "元" if whole else ""
    if jiao:
        text += _CAPITAL_DIGITS[jiao] + "角"
    elif fen and whole:
        text += "零"
    if fen:
        return text + _CAPITAL_DIGITS[fen] + "分"
    return text + "整"


# The blocks a document is laid out in.


@dataclass(frozen=True)
class Text:
    """A paragraph: body text, a line without indent, a heading, or a note in small type."""

    text: str
    kind: Literal["body", "plain", "heading", "note"] = "body"


@dataclass(frozen=True)
class Rows:
    """A framed table of labels and values."""

    rows: tuple[tuple[str, str], ...]


ColumnKind: TypeAlias = Literal["text", "centre", "amount", "note"]


@dataclass(frozen=True)
class Grid:
    """A table with a header row, repeated on every page it runs onto.

    ``widths`` are fractions of the text width; ``kinds`` say how each column
    is set: text, centred (a number or a count), an amount (right-aligned) or
    a note (small type).
    """

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    kinds: tuple[ColumnKind, ...]


@dataclass(frozen=True)
class Items:
    """A numbered list; each item's basis follows it in small type."""

    items: tuple[pdf.ListItem, ...]


Block: TypeAlias = Text | Rows | Grid | Items


@dataclass(frozen=True)
class Layout:
    """A document as blocks of plain text, before it is drawn."""

    title: str
    header: DocumentHeader
    blocks: tuple[Block, ...]
    handled_by: str
    """The person who handled the case and their role, e.g. 受理人：王芳."""
    case_reference: str
    subtitle: str = ""


def _block_texts(block: Block) -> list[str]:
    if isinstance(block, Text):
        return [block.text]
    if isinstance(block, Rows):
        return [text for row in block.rows for text in row]
    if isinstance(block, Grid):
        return [*block.header, *(text for row in block.rows for text in row)]
    texts = []
    for item in block.items:
        texts += [item.text, f"依据：{item.basis}"] if item.basis else [item.text]
    return texts


def _number_line(header: DocumentHeader) -> str:
    return f"文书编号：{header.number}"


def _contact_line(header: DocumentHeader) -> str:
    parts = [header.office_name]
    if header.office_address.strip():
        parts.append(f"地址：{header.office_address.strip()}")
    if header.office_phone.strip():
        parts.append(f"电话：{header.office_phone.strip()}")
    return "　".join(parts)


def _url_line(header: DocumentHeader) -> str:
    return f"核验网址：{header.verification_url}"


def _seal_line(header: DocumentHeader) -> str:
    return f"{header.office_name}（盖章）"


def printed_text(data: CaseDocument) -> list[str]:
    """Every piece of text the document prints, in print order (the footer aside)."""
    page = layout(data)
    header = page.header
    texts = [page.title, page.subtitle, _number_line(header)]
    texts += [text for block in page.blocks for text in _block_texts(block)]
    texts += [page.handled_by, pdf.QR_CAPTION, _seal_line(header)]
    texts += [pdf.chinese_date(header.issued_on), _contact_line(header), _url_line(header)]
    return [text for text in texts if text]


# The documents.


def _people(people: Sequence[Applicant]) -> str:
    return "\n".join(str(person) for person in people)


def _names(people: Sequence[Applicant]) -> str:
    return "、".join(person.name.strip() for person in people)


def _or_blank(text: str) -> str:
    return text.strip() or BLANK


def _agent(agent: Applicant | None) -> str:
    return str(agent) if agent is not None else BLANK


def _clause(text: str) -> str:
    """Text set inside a sentence: without the full stop or comma it may end with."""
    return text.strip().rstrip("。；，,;.")


def _acceptance_sentence(data: AcceptanceReceipt) -> str:
    names = _names(data.applicants)
    accepted = pdf.chinese_date(data.accepted_on)
    if not data.deemed:
        return (
            f"申请人{names}申请办理的{data.registration_title}，申请材料齐全、符合法定形式。"
            f"本机构依照{data.basis}的规定，已于{accepted}受理该申请，特出具本凭证。"
        )
    cited = DEEMED_ACCEPTANCE_BASIS
    if data.basis.strip() != DEEMED_ACCEPTANCE_BASIS:
        cited = f"{data.basis.strip()}、{DEEMED_ACCEPTANCE_BASIS}"
    return (
        f"申请人{names}于{accepted}提交的{data.registration_title}申请，本机构未在收到申请材料"
        f"当日书面告知不予受理。依照{cited}的规定，该申请视为受理，受理日期为{accepted}，"
        "特出具本凭证。"
    )


def _acceptance_kind(data: AcceptanceReceipt) -> str:
    return "视为受理" if data.deemed else "当场受理"


def _due_text(data: AcceptanceReceipt) -> str:
    due = pdf.chinese_date(data.due_on)
    return f"{due}（暂定）" if data.due_provisional else due


def _acceptance_layout(data: AcceptanceReceipt) -> Layout:
    fee = yuan(data.fee_total) if data.fee_total is not None else "另行核定"
    rows = (
        ("受理编号", data.case_reference),
        ("登记事项", data.registration_title),
        ("不动产单元号", _or_blank(data.unit_code)),
        ("坐落", _or_blank(data.unit_location)),
        ("申请人", _people(data.applicants)),
        ("代理人", _agent(data.agent)),
        ("受理日期", f"{pdf.chinese_date(data.accepted_on)}（{_acceptance_kind(data)}）"),
        ("办理时限", f"{data.limit_working_days}个工作日"),
        ("预计办结日期", _due_text(data)),
        ("登记费", fee),
    )
    received = tuple(
        (str(number), item.name, "原件" if item.original else "复印件")
        for number, item in enumerate(data.received, start=1)
    )
    blocks: list[Block] = [Text(_acceptance_sentence(data)), Rows(rows)]
    if received:
        blocks += [
            Text(f"收件清单（共{len(received)}项）", "heading"),
            Grid(("序号", "材料名称", "原件/复印件"), received, (0.1, 0.7, 0.2), _RECEIVED),
        ]
    if data.due_provisional:
        blocks.append(Text(HOLIDAY_NOTE, "note"))
    progress = f"（{data.progress_url.strip()}）" if data.progress_url.strip() else ""
    blocks.append(
        Text(
            "办理时限自受理之日起计算，依法需要实地查看、调查或者公告的，所需时间不计入办理时限。"
            f"请妥善保管本凭证；查询办理进度{progress}或者领取登记结果时，"
            f"请提供受理编号{data.case_reference}。"
        )
    )
    return Layout(
        ACCEPTANCE_RECEIPT,
        data.header,
        tuple(blocks),
        f"受理人：{data.clerk_name}",
        data.case_reference,
    )


_RECEIVED: tuple[ColumnKind, ...] = ("centre", "text", "centre")


def _notice_item(line: NoticeLine) -> pdf.ListItem:
    parts = [line.name.strip()]
    if line.options:
        parts.append("以下任选一组提交：")
        parts += [
            f"第{number}组：{'、'.join(option)}" for number, option in enumerate(line.options, 1)
        ]
    if line.provider.strip():
        parts.append(f"出具单位：{line.provider.strip()}")
    if line.note.strip():
        parts.append(f"说明：{line.note.strip()}")
    return pdf.ListItem("\n".join(parts), line.basis.strip())


def _one_time_layout(data: OneTimeNotice) -> Layout:
    rows = (
        ("办件编号", data.case_reference),
        ("登记事项", data.registration_title),
        ("不动产单元号", _or_blank(data.unit_code)),
        ("坐落", _or_blank(data.unit_location)),
        ("申请人", _people(data.applicants)),
        ("代理人", _agent(data.agent)),
    )
    visit = f"本次为第{data.visit}次来办。"
    if data.catalog_version.strip():
        visit += f"材料目录版本：{data.catalog_version.strip()}"
    presented = "、".join(name.strip() for name in data.presented) or "无"
    blocks: list[Block] = [
        Text(f"{_names(data.applicants)}：", "plain"),
        Text(
            f"你（单位）于{pdf.chinese_date(data.header.issued_on)}申请办理的"
            f"{data.registration_title}，经查验，申请材料不齐全或者不符合法定形式。"
            f"依照{data.basis}的规定，本机构决定不予受理，现将需要补正的全部材料一次性告知如下。"
        ),
        Rows(rows),
        Text(visit, "note"),
        Text(f"需要补正的全部材料（共{len(data.missing)}项）", "heading"),
        Items(tuple(_notice_item(line) for line in data.missing)),
        Text(f"本次提交并已当场退回的材料：{presented}。", "plain"),
        Text(
            "以上所列为需要补正的全部材料，本机构一次性告知。你（单位）补齐上述材料再次申请时，"
            "本机构不再要求提交本告知书所列以外的其他材料。补齐材料后，可携带本告知书到本机构"
            f"任一受理窗口重新提交申请，并告知办件编号{data.case_reference}。"
        ),
    ]
    return Layout(
        ONE_TIME_NOTICE,
        data.header,
        tuple(blocks),
        f"经办人：{data.clerk_name}",
        data.case_reference,
    )


def _out_of_remit_layout(data: OutOfRemitNotice) -> Layout:
    rows = (
        ("办件编号", data.case_reference),
        ("登记事项", data.registration_title),
        ("不动产单元号", _or_blank(data.unit_code)),
        ("申请人", _people(data.applicants)),
        ("代理人", _agent(data.agent)),
        ("管辖登记机构", data.competent_office),
    )
    blocks: tuple[Block, ...] = (
        Text(f"{_names(data.applicants)}：", "plain"),
        Text(
            f"你（单位）申请办理的{data.registration_title}，经查，{_clause(data.reason)}，"
            f"申请登记的不动产不属于本机构登记范围。依照{data.basis}的规定，本机构决定不予受理。"
            f"请向{data.competent_office}申请办理。"
        ),
        Rows(rows),
    )
    return Layout(
        OUT_OF_REMIT_NOTICE,
        data.header,
        blocks,
        f"经办人：{data.clerk_name}",
        data.case_reference,
        OUT_OF_REMIT_SUBTITLE,
    )


def _refusal_layout(data: RefusalDecision) -> Layout:
    rows = (
        ("办件编号", data.case_reference),
        ("登记事项", data.registration_title),
        ("不动产单元号", _or_blank(data.unit_code)),
        ("坐落", _or_blank(data.unit_location)),
        ("申请人", _people(data.applicants)),
    )
    blocks: tuple[Block, ...] = (
        Text(f"{_names(data.applicants)}：", "plain"),
        Text(
            f"你（单位）申请办理的{data.registration_title}，经审查，{_clause(data.ground)}。"
            f"依照{data.basis}的规定，本机构决定不予登记。"
        ),
        Rows(rows),
        Text(REMEDY),
    )
    return Layout(
        REFUSAL_DECISION, data.header, blocks, f"审核人：{data.reviewer_name}", data.case_reference
    )


_FEE_COLUMNS: tuple[ColumnKind, ...] = ("centre", "text", "centre", "amount", "amount", "note")


def _fee_layout(data: FeeReceipt) -> Layout:
    lines = tuple(
        (
            str(number),
            line.label,
            str(line.count),
            yuan(line.unit_amount),
            yuan(line.amount),
            _or_blank(line.basis),
        )
        for number, line in enumerate(data.lines, start=1)
    )
    blocks: tuple[Block, ...] = (
        Rows((("办件编号", data.case_reference), ("缴款人", data.payer))),
        Text("收费明细", "heading"),
        Grid(
            ("序号", "收费项目", "数量", "单价", "金额", "收费依据"),
            lines,
            (0.08, 0.31, 0.08, 0.13, 0.13, 0.27),
            _FEE_COLUMNS,
        ),
        Rows(
            (
                ("合计（小写）", yuan(data.total)),
                ("合计（大写）", f"人民币{yuan_in_capitals(data.total)}"),
                ("收费标准版本", data.schedule_version),
            )
        ),
    )
    return Layout(
        FEE_RECEIPT, data.header, blocks, f"收款人：{data.collected_by}", data.case_reference
    )


_LAYOUTS: dict[type, Callable[..., Layout]] = {
    AcceptanceReceipt: _acceptance_layout,
    OneTimeNotice: _one_time_layout,
    OutOfRemitNotice: _out_of_remit_layout,
    RefusalDecision: _refusal_layout,
    FeeReceipt: _fee_layout,
}


def layout(data: CaseDocument) -> Layout:
    """The blocks of the document ``data`` describes."""
    return _LAYOUTS[type(data)](data)


# Drawing.


@dataclass(frozen=True)
class _Styles:
    """The shared styles, with table text a little smaller, and the few this module adds."""

    base: pdf.Styles
    title: ParagraphStyle
    heading: ParagraphStyle
    subtitle: ParagraphStyle
    number: ParagraphStyle
    plain: ParagraphStyle
    cell: ParagraphStyle
    centred: ParagraphStyle
    amount: ParagraphStyle
    note_cell: ParagraphStyle


def _styles() -> _Styles:
    base = pdf.make_styles()
    cell = pdf.paragraph_style("yc-doc-cell", 10.5, leading=15)
    table_label = pdf.paragraph_style("yc-doc-label", 10.5, leading=15, alignment=TA_CENTER)
    return _Styles(
        base=replace(base, label=table_label, value=cell),
        title=pdf.paragraph_style(
            "yc-doc-title", 22, alignment=TA_CENTER, leading=28, spaceAfter=2 * mm
        ),
        heading=pdf.paragraph_style(
            "yc-doc-heading", 12.5, leading=18, spaceBefore=2 * mm, spaceAfter=1 * mm
        ),
        subtitle=pdf.paragraph_style("yc-doc-subtitle", 14, alignment=TA_CENTER, spaceAfter=2 * mm),
        number=pdf.paragraph_style("yc-doc-number", 10.5, alignment=TA_RIGHT, spaceAfter=2 * mm),
        plain=pdf.paragraph_style("yc-doc-plain", 11, spaceAfter=2 * mm),
        cell=cell,
        centred=pdf.paragraph_style("yc-doc-centred", 10.5, leading=15, alignment=TA_CENTER),
        amount=pdf.paragraph_style("yc-doc-amount", 10.5, leading=15, alignment=TA_RIGHT),
        note_cell=pdf.paragraph_style("yc-doc-note-cell", 8.5, leading=12),
    )


_TIGHT_ROWS = [
    ("TOPPADDING", (0, 0), (-1, -1), 1.1 * mm),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5 * mm),
]
"""Closer rows than the certificate's, so a usual document keeps to one page."""


def _rows_flowables(block: Rows, styles: _Styles) -> list[Flowable]:
    """The table; a value too tall for it follows the table under its label instead."""
    value_width = _PAGE.frame_width - _LABEL_WIDTH - 6 * mm
    kept: list[tuple[str, str]] = []
    moved: list[Flowable] = []
    for label, value in block.rows:
        tall = pdf.stack_height([pdf.paragraph(value, styles.cell)], value_width)
        if tall > _ROW_LIMIT:
            kept.append((label, SEE_BELOW))
            moved += [pdf.paragraph(label, styles.heading), pdf.paragraph(value, styles.cell)]
        else:
            kept.append((label, value))
    table = pdf.key_value_table(
        kept, width=_PAGE.frame_width, label_width=_LABEL_WIDTH, styles=styles.base
    )
    table.setStyle(TableStyle(_TIGHT_ROWS))
    return [table, *moved]


def _grid_table(block: Grid, styles: _Styles) -> Table:
    """A framed table that breaks between rows and repeats its header on each page."""
    cell = {
        "text": styles.cell,
        "centre": styles.centred,
        "amount": styles.amount,
        "note": styles.note_cell,
    }
    data = [[pdf.paragraph(text, styles.base.label) for text in block.header]]
    data += [
        [pdf.paragraph(text, cell[kind]) for text, kind in zip(row, block.kinds, strict=True)]
        for row in block.rows
    ]
    widths = [_PAGE.frame_width * share for share in block.widths]
    table = Table(data, colWidths=widths, repeatRows=1, splitByRow=1)
    table.setStyle(
        TableStyle(
            [
                pdf.TABLE_FONT,
                ("BOX", (0, 0), (-1, -1), 1.2, colors.black),
                ("INNERGRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f2f2f2")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2.5 * mm),
                *_TIGHT_ROWS,
            ]
        )
    )
    table.spaceBefore = table.spaceAfter = 2 * mm
    return table


def _flowables(block: Block, styles: _Styles) -> list[Flowable]:
    if isinstance(block, Rows):
        return _rows_flowables(block, styles)
    if isinstance(block, Grid):
        return [_grid_table(block, styles)]
    if isinstance(block, Items):
        return [*pdf.item_list(block.items, styles=styles.base), Spacer(1, 2 * mm)]
    style = {
        "body": styles.base.body,
        "plain": styles.plain,
        "heading": styles.heading,
        "note": styles.base.small,
    }[block.kind]
    return [pdf.paragraph(block.text, style)]


def _closing(page: Layout, styles: _Styles) -> list[Flowable]:
    """The QR code beside who handled it, the seal line, the date and the office's contacts."""
    header = page.header
    signed = [
        pdf.paragraph(page.handled_by, styles.plain),
        Spacer(1, 3 * mm),
        pdf.paragraph(_seal_line(header), styles.base.signature),
        pdf.paragraph(pdf.chinese_date(header.issued_on), styles.base.signature),
        Spacer(1, 2 * mm),
        pdf.paragraph(_contact_line(header), styles.base.small),
        pdf.paragraph(_url_line(header), styles.base.small),
    ]
    qr = pdf.qr_block(header.verification_url, styles=styles.base)
    qr_column = pdf.QR_SIZE + 6 * mm
    block = Table([[qr, signed]], colWidths=[qr_column, _PAGE.frame_width - qr_column])
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
    return [Spacer(1, 4 * mm), block]


def _story(page: Layout) -> list[Flowable]:
    """Title, number, blocks and closing; the seal never stands on a page without text."""
    styles = _styles()
    story: list[Flowable] = [pdf.paragraph(page.title, styles.title)]
    if page.subtitle:
        story.append(pdf.paragraph(page.subtitle, styles.subtitle))
    story.append(pdf.paragraph(_number_line(page.header), styles.number))
    for block in page.blocks[:-1]:
        story += _flowables(block, styles)
    last = page.blocks[-1]
    # A table or list may be long: only a closing paragraph is kept with the seal.
    if isinstance(last, Text):
        story.append(KeepTogether([*_flowables(last, styles), *_closing(page, styles)]))
    else:
        story += [*_flowables(last, styles), KeepTogether(_closing(page, styles))]
    return story


def _render(data: CaseDocument) -> bytes:
    """Lay out and draw ``data``; refuse it if any text has a character no font can draw."""
    texts = printed_text(data)
    missing = pdf.uncovered_characters("".join(texts))
    if missing:
        listed = "、".join(f"{char}(U+{ord(char):04X})" for char in missing)
        raise UnprintableTextError(f"no font has a glyph for {listed}")
    page = layout(data)
    header = page.header
    info = pdf.DocumentInfo(
        title=f"{page.title} {header.number}",
        author=header.office_name,
        subject=page.title,
        created=header.issued_at,
        document_number=header.number,
        keywords=(header.number, page.case_reference),
    )
    return pdf.render_pdf(lambda: _story(page), info, page=_PAGE)


def render_acceptance_receipt(data: AcceptanceReceipt) -> bytes:
    """The acceptance receipt (不动产登记受理凭证) as PDF bytes."""
    return _render(data)


def render_one_time_notice(data: OneTimeNotice) -> bytes:
    """The non-acceptance and one-time notice (不予受理告知书暨一次性告知书) as PDF bytes."""
    return _render(data)


def render_out_of_remit_notice(data: OutOfRemitNotice) -> bytes:
    """The non-acceptance of an application outside the office's remit as PDF bytes."""
    return _render(data)


def render_refusal_decision(data: RefusalDecision) -> bytes:
    """The refusal to register (不予登记告知书) as PDF bytes."""
    return _render(data)


def render_fee_receipt(data: FeeReceipt) -> bytes:
    """The fee receipt (不动产登记费收费凭证) as PDF bytes."""
    return _render(data)
