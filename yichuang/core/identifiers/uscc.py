"""Unified social credit codes of organisations (统一社会信用代码, GB 32100-2015).

Eighteen symbols of a 31-symbol alphabet: registration authority (登记管理部门
代码, 1), entity category (机构类别代码, 1), administrative division (登记管理机关
行政区划码, 6 digits), organisation code (主体标识码, 9) and a MOD 31 check (1).
The authority and category may be any alphabet symbol: letters such as N
(rural collective economic organisations) are in use.
"""

from __future__ import annotations

from dataclasses import dataclass

from yichuang.core.identifiers.canonical import CanonicalIdentifier
from yichuang.core.identifiers.check_digits import USCC_ALPHABET, require_mod31
from yichuang.core.identifiers.layout import Layout, digit, repeat, symbol
from yichuang.core.identifiers.normalisation import require_text

_LAYOUT = Layout(
    [*repeat(symbol(USCC_ALPHABET), 2), *repeat(digit(), 6), *repeat(symbol(USCC_ALPHABET), 10)]
)


@dataclass(frozen=True, slots=True)
class Uscc(CanonicalIdentifier):
    """A valid unified social credit code (统一社会信用代码)."""

    @property
    def authority(self) -> str:
        """Registration authority code, position 1 (登记管理部门代码)."""
        return self.canonical[0]

    @property
    def category(self) -> str:
        """Entity category code, position 2 (机构类别代码)."""
        return self.canonical[1]

    @property
    def division(self) -> str:
        """Administrative division code, positions 3-8 (行政区划码)."""
        return self.canonical[2:8]

    @property
    def organisation_code(self) -> str:
        """Organisation code, positions 9-17 (主体标识码/组织机构代码)."""
        return self.canonical[8:17]

    @property
    def check(self) -> str:
        """Check character, position 18 (校验码)."""
        return self.canonical[17]


def parse_uscc(raw: str) -> Uscc:
    """Parse a unified social credit code; lower case and full width are accepted."""
    text = require_text(raw)
    _LAYOUT.check(text)
    require_mod31(text)
    return Uscc(text)
