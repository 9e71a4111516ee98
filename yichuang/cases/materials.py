"""The statutory application materials catalog (法定申请材料目录): data and a pure loader.

Each registration type and cause has one list of what an applicant may be
asked for (REG art. 16), kept as a TOML file ``data/materials/<type>.<cause>.toml``
so that changing a list is a pull request whose diff a lawyer can read. The
loader refuses an item without a legal basis, a duplicate code, and any field,
condition, provider or data source it does not know: nothing may be asked for
without a basis (mission R10), so the rule holds where the data enters rather
than wherever it is used.

:func:`checklist` resolves one list for the circumstances of a case (an agent,
co-owners who do not apply, a will...) and sets apart what the office must not
ask for because it can obtain it by data sharing (REG art. 24 para. 2);
:func:`missing` lists everything still lacking, alternatives included, for the
one-time notice (一次性告知, REG art. 17 item 3). Both carry the catalog version,
so a notice can say which catalog it was built from.

No Django here: the cases app loads the catalog into its models and builds the
intake checklist around these functions.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, fields
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Final, NamedTuple

from yichuang.registry.rules.codes import RegistrationType

__all__ = [
    "APPLICATION_MODES",
    "CONDITIONS",
    "DATA_DIR",
    "EXTRA_TYPES",
    "PROVIDERS",
    "SHARE_SOURCES",
    "Alternatives",
    "Catalog",
    "CatalogError",
    "Checklist",
    "Choice",
    "Circumstances",
    "Material",
    "MaterialsList",
    "Missing",
    "checklist",
    "default_catalog",
    "load_catalog",
    "missing",
]

DATA_DIR: Final = Path(__file__).resolve().parent / "data" / "materials"

#: Catalog entries that are not registration types: the bare REG art. 16 list,
#: and the reissue of a certificate or proof (RULES art. 22), which registers nothing.
EXTRA_TYPES: Final = frozenset({"baseline", "certificate_reissue"})
REGISTRATION_TYPES: Final = frozenset(t.value for t in RegistrationType) | EXTRA_TYPES

#: Who may apply (REG art. 14), with the wording a notice prints.
APPLICATION_MODES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "joint": "当事人双方共同申请",
        "single": "可以由当事人单方申请",
        "either": "共同申请，或者符合条件的由当事人单方申请",
        "commissioned": "有权机关嘱托登记，无需当事人申请",
    }
)

#: Who brings an item, with the wording a notice prints.
PROVIDERS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "applicants": "全体申请人",
        "each_applicant": "每一申请人",
        "represented_applicants": "委托代理人的申请人",
        "transferor": "转让方（登记义务人）",
        "holder": "不动产权利人",
        "heirs": "继承人、受遗赠人",
        "absent_co_owners": "未共同申请的共有人",
        "agent": "代理人",
        "guardian": "监护人",
        "mortgagor": "抵押人",
        "mortgagee": "抵押权人",
        "court": "人民法院",
        "interested_party": "利害关系人",
        "encumbrance_holders": "抵押权人、地役权人、预告登记权利人",
    }
)

#: Where the office obtains a shareable item itself (REG arts. 23-25).
SHARE_SOURCES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "public_security": "公安机关人口信息",
        "tax": "税务机关涉税信息",
        "housing": "住房城乡建设部门审批、交易（网签备案）信息",
        "planning": "规划主管部门审批信息",
        "market_regulation": "市场监督管理部门市场主体登记信息",
        "civil_affairs": "民政部门信息",
        "register": "本机构不动产登记簿及权籍调查成果",
    }
)
#: The office's own records can never be unavailable to it.
OWN_RECORDS: Final = "register"


@dataclass(frozen=True, slots=True, kw_only=True)
class Circumstances:
    """The facts of one application that decide which conditional items apply (申请情形).

    ``will`` is tri-state because the law leaves the route to the applicant: a
    will or all statutory heirs' agreement (RULES art. 14). Until the clerk
    knows, both routes stay open as alternatives.
    """

    agent: bool = False  # 委托代理人申请
    guardian: bool = False  # 无民事行为能力人、限制民事行为能力人由监护人代为申请
    ward_disposes: bool = False  # 被监护人是处分不动产的一方
    individual: bool = True  # 申请人中有自然人
    organisation: bool = False  # 申请人中有法人或者非法人组织
    absent_co_owners: bool = False  # 共有不动产且有共有人未共同申请
    will: bool | None = None  # 有遗嘱 / 无遗嘱 / 尚不清楚
    interested_party: bool = False  # 由利害关系人（而非权利人）申请
    encumbered: bool = False  # 不动产上存在抵押权、地役权或者预告登记
    transfer_ban: bool = False  # 抵押登记时登记了禁止或者限制转让的约定
    advance_notice: bool = False  # 不动产上存在有效的预告登记
    objection: bool = False  # 不动产上存在有效的异议登记
    contract_filed: bool = True  # 买卖合同已网签备案
    location_renamed: bool = False  # 坐落名称变化
    area_changed: bool = False  # 界址、面积变化
    use_changed: bool = False  # 用途、使用期限变化


class Condition(NamedTuple):
    """A condition an item may carry: its wording and when it holds."""

    label: str
    holds: Callable[[Circumstances], bool]


CONDITIONS: Final[Mapping[str, Condition]] = MappingProxyType(
    {
        "agent": Condition("委托代理人申请的", lambda c: c.agent),
        "guardian": Condition("由监护人代为申请的", lambda c: c.guardian),
        "ward_disposes": Condition(
            "监护人代为处分被监护人不动产的", lambda c: c.guardian and c.ward_disposes
        ),
        "individual": Condition("申请人为自然人的", lambda c: c.individual),
        "organisation": Condition("申请人为法人或者非法人组织的", lambda c: c.organisation),
        "absent_co_owners": Condition(
            "处分共有不动产且有共有人未共同申请的", lambda c: c.absent_co_owners
        ),
        "testate": Condition("有遗嘱的", lambda c: c.will is not False),
        "intestate": Condition("无遗嘱的", lambda c: c.will is not True),
        "interested_party": Condition("利害关系人申请的", lambda c: c.interested_party),
        "holder_applies": Condition("权利人申请的", lambda c: not c.interested_party),
        "encumbered": Condition("不动产上存在抵押权、地役权或者预告登记的", lambda c: c.encumbered),
        "transfer_ban": Condition(
            "抵押登记时登记了禁止或者限制转让约定的", lambda c: c.transfer_ban
        ),
        "advance_notice": Condition("不动产上存在预告登记的", lambda c: c.advance_notice),
        "objection": Condition("不动产上存在异议登记的", lambda c: c.objection),
        "contract_filed": Condition("买卖合同已网签备案的", lambda c: c.contract_filed),
        "contract_not_filed": Condition("买卖合同未网签备案的", lambda c: not c.contract_filed),
        "location_renamed": Condition("坐落名称变化的", lambda c: c.location_renamed),
        "area_changed": Condition("界址、面积变化的", lambda c: c.area_changed),
        "use_changed": Condition("用途、使用期限变化的", lambda c: c.use_changed),
    }
)


@dataclass(frozen=True, slots=True)
class Material:
    """One item an applicant may be asked for (申请材料), with its legal basis.

    ``confirmed`` is true only when every article ``basis`` cites has been read
    in its official text. An item the office can obtain by data sharing
    (``shareable``) has no original to bring, so ``original_required`` is false
    for it; otherwise originals are the default (RULES art. 9).
    """

    code: str
    name: str
    basis: str
    confirmed: bool
    provider: str
    original_required: bool = True
    shareable: bool = False
    share_source: str | None = None
    share_basis: str | None = None
    conditions: tuple[str, ...] = ()
    note: str | None = None

    def applies(self, circumstances: Circumstances) -> bool:
        """Whether every condition of this item holds for ``circumstances``."""
        return all(CONDITIONS[name].holds(circumstances) for name in self.conditions)


@dataclass(frozen=True, slots=True)
class Choice:
    """Alternatives the law allows (择一提交): any one option, in full, suffices."""

    code: str
    name: str
    basis: str
    confirmed: bool
    options: tuple[tuple[str, ...], ...]
    note: str | None = None


@dataclass(frozen=True, slots=True)
class MaterialsList:
    """The materials list of one registration type and cause (申请材料目录)."""

    registration_type: str
    cause: str
    title: str
    application: str
    application_basis: str
    application_confirmed: bool
    items: tuple[Material, ...]
    choices: tuple[Choice, ...] = ()
    note: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        """The (type, cause) this list is for."""
        return self.registration_type, self.cause

    def item(self, code: str) -> Material:
        """The item coded ``code``."""
        for material in self.items:
            if material.code == code:
                return material
        raise LookupError(f"{self.registration_type}.{self.cause} has no item {code!r}")


@dataclass(frozen=True, slots=True)
class Catalog:
    """Every materials list, and the version that identifies their content."""

    version: str
    lists: Mapping[tuple[str, str], MaterialsList]

    def list_for(self, registration_type: str, cause: str) -> MaterialsList:
        """The list for (``registration_type``, ``cause``); LookupError if none."""
        try:
            return self.lists[(registration_type, cause)]
        except KeyError:
            raise LookupError(
                f"no materials list for {registration_type}.{cause} in catalog {self.version}"
            ) from None


@dataclass(frozen=True, slots=True)
class Alternatives:
    """A choice resolved for one case: each option as the items still to bring."""

    code: str
    name: str
    basis: str
    confirmed: bool
    options: tuple[tuple[Material, ...], ...]
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Checklist:
    """One case's materials (本案申请材料清单), resolved from its circumstances.

    ``to_ask`` and ``choices`` are what the applicant brings; ``not_to_ask``
    is what the office obtains itself and must not ask for (REG art. 24 para. 2).
    """

    catalog_version: str
    materials_list: MaterialsList
    circumstances: Circumstances
    to_ask: tuple[Material, ...]
    choices: tuple[Alternatives, ...]
    not_to_ask: tuple[Material, ...]

    def askable_codes(self) -> frozenset[str]:
        """Every code the applicant may be asked for in this case, and nothing else."""
        codes = {m.code for m in self.to_ask}
        codes.update(m.code for alt in self.choices for option in alt.options for m in option)
        return frozenset(codes)


@dataclass(frozen=True, slots=True)
class Missing:
    """One line of the one-time notice: an item or a choice still lacking, with its basis.

    For a choice, ``options`` holds each option's items not yet presented;
    bringing all of any one option completes it.
    """

    code: str
    name: str
    basis: str
    confirmed: bool
    provider: str | None = None
    note: str | None = None
    options: tuple[tuple[Material, ...], ...] = ()


class CatalogError(ValueError):
    """Bad catalog data, naming the file and the item at fault."""

    def __init__(self, file: str, item: str | None, problem: str) -> None:
        super().__init__(f"{file}: {item}: {problem}" if item else f"{file}: {problem}")
        self.file = file
        self.item = item
        self.problem = problem


# ---------------------------------------------------------------------------
# Queries


def checklist(
    catalog: Catalog,
    registration_type: str,
    cause: str,
    *,
    circumstances: Circumstances | None = None,
    unavailable_sources: Iterable[str] = (),
) -> Checklist:
    """The materials for one case, with conditions resolved from ``circumstances``.

    ``unavailable_sources`` names sharing links the office has declared down:
    REG art. 24 spares the applicant only what the office *can* obtain, so
    items from those sources are asked for again. The office's own records
    can never be declared unavailable.
    """
    facts = circumstances if circumstances is not None else Circumstances()
    down = frozenset(unavailable_sources)
    for source in down:
        if source not in SHARE_SOURCES or source == OWN_RECORDS:
            raise ValueError(f"{source!r} cannot be declared unavailable")
    entry = catalog.list_for(registration_type, cause)
    applying = {m.code: m for m in entry.items if m.applies(facts)}

    def fetched(material: Material) -> bool:
        return material.shareable and material.share_source not in down

    in_choices = {code for choice in entry.choices for option in choice.options for code in option}
    alternatives, used = _resolve_choices(entry.choices, applying, fetched)
    to_ask = tuple(m for m in applying.values() if m.code not in in_choices and not fetched(m))
    not_to_ask = tuple(
        m for m in applying.values() if fetched(m) and (m.code not in in_choices or m.code in used)
    )
    return Checklist(catalog.version, entry, facts, to_ask, alternatives, not_to_ask)


def _resolve_choices(
    choices: tuple[Choice, ...],
    applying: Mapping[str, Material],
    fetched: Callable[[Material], bool],
) -> tuple[tuple[Alternatives, ...], frozenset[str]]:
    """Each choice's options that the circumstances leave open, as items to bring.

    An option with an item whose condition fails is closed (no will, no will
    route). A choice with an option the office can complete from shared data
    alone asks the applicant for nothing. Also returns the codes of every
    item in an open option, so shared items are listed only when some route
    uses them.
    """
    resolved: list[Alternatives] = []
    used: set[str] = set()
    for choice in choices:
        open_options = [opt for opt in choice.options if all(c in applying for c in opt)]
        used.update(code for opt in open_options for code in opt)
        to_bring = tuple(
            tuple(applying[c] for c in opt if not fetched(applying[c])) for opt in open_options
        )
        if not to_bring or any(not option for option in to_bring):
            continue
        resolved.append(
            Alternatives(
                choice.code, choice.name, choice.basis, choice.confirmed, to_bring, choice.note
            )
        )
    return tuple(resolved), frozenset(used)


def missing(checklist: Checklist, presented: Iterable[str]) -> tuple[Missing, ...]:
    """Everything in ``checklist`` not yet presented, each with its basis: items, then choices.

    A choice is complete once every item of any one option is presented; if
    not, its line lists each option without the items already presented. Codes
    presented that the checklist does not ask for (a shared item brought
    anyway) are ignored.
    """
    have = frozenset(presented)
    lines = [
        Missing(m.code, m.name, m.basis, m.confirmed, m.provider, m.note)
        for m in checklist.to_ask
        if m.code not in have
    ]
    for alt in checklist.choices:
        if any(all(m.code in have for m in option) for option in alt.options):
            continue
        remaining = tuple(tuple(m for m in option if m.code not in have) for option in alt.options)
        lines.append(
            Missing(alt.code, alt.name, alt.basis, alt.confirmed, None, alt.note, remaining)
        )
    return tuple(lines)


# ---------------------------------------------------------------------------
# Loading and validation

# The file format is the dataclasses' fields, so the two cannot drift apart;
# a list file says "type" where the class says "registration_type".
_ITEM_FIELDS: Final = frozenset(f.name for f in fields(Material))
_CHOICE_FIELDS: Final = frozenset(f.name for f in fields(Choice))
_LIST_FIELDS: Final = frozenset(
    "type" if f.name == "registration_type" else f.name for f in fields(MaterialsList)
)
_CODE: Final = re.compile(r"[a-z][a-z0-9_]*")


@cache
def default_catalog() -> Catalog:
    """The catalog shipped in ``data/materials``, loaded once per process."""
    return load_catalog(DATA_DIR)


def load_catalog(directory: Path = DATA_DIR) -> Catalog:
    """Load and validate every ``*.toml`` list in ``directory``; CatalogError if any is bad."""
    files = sorted(directory.glob("*.toml"))
    if not files:
        raise CatalogError(str(directory), None, "no materials lists (*.toml) found")
    lists: dict[tuple[str, str], MaterialsList] = {}
    names: dict[str, tuple[str, str]] = {}
    for path in files:
        entry = _read_list(path)
        _check_names_agree(path.name, entry, names)
        lists[entry.key] = entry
    canonical = json.dumps(
        [asdict(lists[key]) for key in sorted(lists)],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    version = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]
    return Catalog(version, MappingProxyType(lists))


def _check_names_agree(file: str, entry: MaterialsList, names: dict[str, tuple[str, str]]) -> None:
    """A code names one material everywhere, so statistics and notices can key on it."""
    coded = [(m.code, m.name) for m in entry.items] + [(c.code, c.name) for c in entry.choices]
    for code, name in coded:
        seen = names.setdefault(code, (name, file))
        if seen[0] != name:
            raise CatalogError(
                file, code, f"named {name!r} here but {seen[0]!r} in {seen[1]}; one code, one name"
            )


@dataclass(frozen=True, slots=True)
class _Table:
    """One TOML table being read, and where it sits, for error messages."""

    data: Mapping[str, object]
    file: str
    item: str | None

    def fail(self, problem: str) -> CatalogError:
        return CatalogError(self.file, self.item, problem)

    def only(self, allowed: frozenset[str]) -> None:
        unknown = sorted(set(self.data) - allowed)
        if unknown:
            raise self.fail(f"unknown field(s): {', '.join(unknown)}")

    def text(self, key: str) -> str:
        value = self.data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{key!r} must be a non-empty string")
        return value.strip()

    def optional_text(self, key: str) -> str | None:
        return self.text(key) if key in self.data else None

    def flag(self, key: str, default: bool | None = None) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(f"{key!r} must be true or false")
        return value

    def one_of(self, key: str, allowed: Iterable[str], what: str) -> str:
        value = self.text(key)
        if value not in allowed:
            raise self.fail(f"unknown {what} {value!r}")
        return value

    def tables(self, key: str) -> list[Mapping[str, object]]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
            raise self.fail(f"{key!r} must be an array of tables")
        return value


def _read_list(path: Path) -> MaterialsList:
    """One file: parsed, every field checked, codes unique, choices well formed."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CatalogError(path.name, None, f"not valid TOML: {exc}") from None
    top = _Table(data, path.name, None)
    top.only(_LIST_FIELDS)
    registration_type = top.one_of("type", REGISTRATION_TYPES, "registration type")
    cause = top.text("cause")
    if path.name != f"{registration_type}.{cause}.toml":
        raise top.fail(f"must be named {registration_type}.{cause}.toml")
    raw_items = top.tables("items")
    if not raw_items:
        raise top.fail("a list needs at least one item")
    items = tuple(_read_item(path.name, i, raw) for i, raw in enumerate(raw_items, 1))
    codes = _unique_codes(path.name, [m.code for m in items])
    choices = tuple(
        _read_choice(path.name, i, raw, codes) for i, raw in enumerate(top.tables("choices"), 1)
    )
    _unique_codes(path.name, [*codes, *(c.code for c in choices)])
    return MaterialsList(
        registration_type=registration_type,
        cause=cause,
        title=top.text("title"),
        application=top.one_of("application", APPLICATION_MODES, "application mode"),
        application_basis=top.text("application_basis"),
        application_confirmed=top.flag("application_confirmed"),
        items=items,
        choices=choices,
        note=top.optional_text("note"),
    )


def _unique_codes(file: str, codes: list[str]) -> list[str]:
    seen: set[str] = set()
    for code in codes:
        if code in seen:
            raise CatalogError(file, code, "duplicate code in this list")
        seen.add(code)
    return codes


def _code(table: _Table, index: int, kind: str) -> _Table:
    """The table relabelled with its code (or its position when the code is bad)."""
    code = table.data.get("code")
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        raise CatalogError(table.file, f"{kind} #{index}", "'code' must match [a-z][a-z0-9_]*")
    return _Table(table.data, table.file, code)


def _basis(table: _Table) -> str:
    value = table.data.get("basis")
    if not isinstance(value, str) or not value.strip():
        raise table.fail("no legal basis: an item without a legal basis cannot be saved")
    return value.strip()


def _read_item(file: str, index: int, raw: Mapping[str, object]) -> Material:
    table = _code(_Table(raw, file, None), index, "item")
    table.only(_ITEM_FIELDS)
    basis = _basis(table)
    conditions = table.data.get("conditions", [])
    if not isinstance(conditions, list) or not all(isinstance(c, str) for c in conditions):
        raise table.fail("'conditions' must be an array of strings")
    for condition in conditions:
        if condition not in CONDITIONS:
            raise table.fail(f"unknown condition {condition!r}")
    shareable = table.flag("shareable", False)
    source: str | None = None
    share_basis: str | None = None
    if shareable:
        source = table.one_of("share_source", SHARE_SOURCES, "share source")
        share_basis = table.text("share_basis")
    elif "share_source" in raw or "share_basis" in raw:
        raise table.fail("'share_source' and 'share_basis' need 'shareable = true'")
    # RULES art. 9: originals unless a special case; an item the office obtains
    # itself has none to bring.
    original = table.flag("original_required", not shareable)
    if shareable and original:
        raise table.fail("an item the office obtains by sharing has no original to bring")
    return Material(
        code=table.item or "",
        name=table.text("name"),
        basis=basis,
        confirmed=table.flag("confirmed"),
        provider=table.one_of("provider", PROVIDERS, "provider"),
        original_required=original,
        shareable=shareable,
        share_source=source,
        share_basis=share_basis,
        conditions=tuple(conditions),
        note=table.optional_text("note"),
    )


def _read_choice(file: str, index: int, raw: Mapping[str, object], codes: list[str]) -> Choice:
    table = _code(_Table(raw, file, None), index, "choice")
    table.only(_CHOICE_FIELDS)
    basis = _basis(table)
    options = raw.get("options")
    if (
        not isinstance(options, list)
        or len(options) < 2
        or not all(
            isinstance(o, list) and o and all(isinstance(c, str) for c in o) for o in options
        )
    ):
        raise table.fail("'options' must be two or more non-empty arrays of item codes")
    parsed: list[tuple[str, ...]] = []
    for option in options:
        for code in option:
            if code not in codes:
                raise table.fail(f"option names unknown item {code!r}")
        if len(set(option)) != len(option):
            raise table.fail(f"option {option} names an item twice")
        if tuple(option) in parsed:
            raise table.fail(f"option {option} is given twice")
        parsed.append(tuple(option))
    return Choice(
        code=table.item or "",
        name=table.text("name"),
        basis=basis,
        confirmed=table.flag("confirmed"),
        options=tuple(parsed),
        note=table.optional_text("note"),
    )
