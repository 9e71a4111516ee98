"""Fixed-width character layouts of identifiers (号码结构).

A :class:`Layout` describes, position by position, which characters an
identifier may hold. It compiles itself to one regular expression for the
fast path (valid input, the common case) and, only when that fails, walks the
slots to name the first wrong position precisely. One description therefore
drives both speed and error quality, and the two cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import NoReturn

from yichuang.core.identifiers.errors import ErrorCode, IdentifierError

DIGITS = "0123456789"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True, slots=True)
class Slot:
    """The characters accepted at one position and how to report a misfit.

    ``code`` is ``digit`` (a digit was required), ``position`` (one of a short
    list, reported as ``expected``) or ``charset`` (a symbol outside the
    identifier's whole alphabet).
    """

    allowed: str
    code: ErrorCode
    expected: str


def digit() -> Slot:
    """A position that must hold an ASCII digit 0-9."""
    return Slot(DIGITS, ErrorCode.DIGIT, "0-9")


def one_of(allowed: str, expected: str | None = None) -> Slot:
    """A position that must hold one of ``allowed``, reported as ``expected``.

    ``expected`` defaults to the characters joined by "/", e.g. ``G/J/Z``.
    """
    return Slot(allowed, ErrorCode.POSITION, expected or "/".join(allowed))


def symbol(alphabet: str) -> Slot:
    """A position that may hold any symbol of ``alphabet``."""
    return Slot(alphabet, ErrorCode.CHARSET, "")


def repeat(slot: Slot, count: int) -> list[Slot]:
    """``count`` consecutive copies of ``slot``."""
    return [slot] * count


class Layout:
    """A fixed-length sequence of slots with a compiled fast-path pattern."""

    __slots__ = ("length", "pattern", "slots")

    def __init__(self, slots: Iterable[Slot]) -> None:
        self.slots: tuple[Slot, ...] = tuple(slots)
        self.length = len(self.slots)
        self.pattern = re.compile(_regex_for(self.slots))

    def check(self, text: str) -> None:
        """Raise :class:`IdentifierError` unless ``text`` fits this layout."""
        if len(text) != self.length:
            raise IdentifierError(ErrorCode.LENGTH, expected=str(self.length), found=len(text))
        if self.pattern.fullmatch(text) is None:
            self.diagnose(text)

    def diagnose(self, text: str) -> NoReturn:
        """Raise the error of the first position of ``text`` that misfits."""
        for index, (char, slot) in enumerate(zip(text, self.slots, strict=False)):
            if char not in slot.allowed:
                raise _misfit(slot, index + 1, char)
        # Reached only when the caller skipped the length check.
        raise IdentifierError(ErrorCode.LENGTH, expected=str(self.length), found=len(text))


def select_layout(text: str, layouts: Sequence[Layout]) -> Layout:
    """The layout whose length matches ``text``; ``length`` error otherwise."""
    for layout in layouts:
        if layout.length == len(text):
            return layout
    expected = "/".join(str(layout.length) for layout in sorted(layouts, key=_length))
    raise IdentifierError(ErrorCode.LENGTH, expected=expected, found=len(text))


def _length(layout: Layout) -> int:
    return layout.length


def _misfit(slot: Slot, position: int, found: str) -> IdentifierError:
    if slot.code is ErrorCode.POSITION:
        return IdentifierError(
            ErrorCode.POSITION, position=position, expected=slot.expected, found=found
        )
    return IdentifierError(slot.code, position=position, found=found)


def _regex_for(slots: Sequence[Slot]) -> str:
    parts = []
    for allowed, run in groupby(slot.allowed for slot in slots):
        count = len(list(run))
        char_class = "[" + "".join(re.escape(char) for char in allowed) + "]"
        parts.append(char_class if count == 1 else f"{char_class}{{{count}}}")
    return "".join(parts)
