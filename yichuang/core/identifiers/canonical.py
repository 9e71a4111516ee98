"""The base of every identifier value object (规范化标识值).

Each parser returns a frozen dataclass deriving from :class:`CanonicalIdentifier`;
``str(value)`` is the canonical spelling to store and display.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CanonicalIdentifier:
    """A validated identifier; ``canonical`` is its one stored spelling.

    Obtain instances from the ``parse_*`` functions: the constructors do not
    validate, they only hold what a parser has already checked.
    """

    canonical: str

    def __str__(self) -> str:
        """The canonical spelling."""
        return self.canonical
