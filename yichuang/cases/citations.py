"""Legal citations as printed on a case's documents (文书引用的法律依据).

The workflow and the registry rules name their articles in a short English form
for review in code ("REG art. 17(3)", "CC art. 220; RULES art. 79
(unconfirmed)"). A document handed to an applicant cites them as Chinese
documents do: the law's full title in book-title marks, then the article, the
paragraph (款) and the item (项) in Chinese numerals, e.g.
《不动产登记暂行条例》第十七条第三项.

The short forms:

* ``REG`` the Interim Regulations on Real Estate Registration, ``RULES`` their
  Implementing Rules, ``CC`` the Civil Code; ``SPC seizure rules`` the Supreme
  People's Court's provisions on seizure in civil enforcement;
* ``art. 17``, ``arts. 26-27``, ``arts. 393, 400``; ``para. 2``; ``item 4`` or
  ``(4)``, and ``(1)-(2)`` for a run of items;
* a trailing ``(unconfirmed)``, for a citation not yet read in its official
  text, prints as （待核）;
* citations joined by "; " print joined by "；", and by ", " joined by "、".

Text in no short form (already Chinese, or a notice number) is kept as it is.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["LAW_TITLES", "chinese_number", "cite_zh"]

LAW_TITLES: Final = {
    "REG": "《不动产登记暂行条例》",
    "RULES": "《不动产登记暂行条例实施细则》",
    "CC": "《中华人民共和国民法典》",
}
"""The full title of each law the short forms name."""

_WHOLE_WORKS: Final = {
    "SPC seizure rules": "《最高人民法院关于人民法院民事执行中查封、扣押、冻结财产的规定》",
}
"""Short forms that cite a whole instrument rather than an article of it."""

UNCONFIRMED: Final = "（待核）"

_DIGITS: Final = "零一二三四五六七八九"
_PLACES: Final = ("", "十", "百", "千")
_NUMBER = r"[1-9][0-9]{0,3}"
_CITATION: Final = re.compile(
    rf"""
    (?P<law>{"|".join(LAW_TITLES)})\x20
    (?:
        art\.\x20(?P<article>{_NUMBER})
        (?:\x20para\.\x20(?P<paragraph>{_NUMBER}))?
        (?:
            \x20item\x20(?P<item>{_NUMBER})
          | \((?P<bracketed>{_NUMBER})\)(?:-\((?P<last_item>{_NUMBER})\))?
        )?
      | arts\.\x20(?P<first>{_NUMBER})-(?P<last>{_NUMBER})
      | arts\.\x20(?P<listed>{_NUMBER}(?:,\x20{_NUMBER})+)
    )
    (?P<unconfirmed>\x20\(unconfirmed\))?
    """,
    re.VERBOSE,
)
_LAW_AHEAD: Final = re.compile(rf", (?=(?:{'|'.join(LAW_TITLES)}) )")


def chinese_number(number: int) -> str:
    """``number`` (1 to 9999) in Chinese numerals as articles are numbered: 十七, 一百零六.

    Ten to nineteen drop the leading 一 (十七), as article numbers are written;
    a run of zeros inside the number is read as one 零 (一千零一).
    """
    if not 1 <= number <= 9999:
        raise ValueError(f"article numbers run from 1 to 9999, not {number}")
    if 10 <= number <= 19:
        return "十" + (_DIGITS[number - 10] if number > 10 else "")
    digits = str(number)
    parts: list[str] = []
    zero_pending = False
    for index, char in enumerate(digits):
        digit = int(char)
        if digit == 0:
            zero_pending = True
            continue
        if zero_pending:
            parts.append("零")
            zero_pending = False
        parts.append(_DIGITS[digit] + _PLACES[len(digits) - 1 - index])
    return "".join(parts)


def _ordinal(number: str, unit: str) -> str:
    """第十七条, 第二款, 第三项: ``number`` in Chinese numerals between 第 and ``unit``."""
    return f"第{chinese_number(int(number))}{unit}"


def _articles(match: re.Match[str]) -> str:
    """The article part of a matched citation, with its paragraph and items."""
    if match["first"]:
        return f"{_ordinal(match['first'], '条')}至{_ordinal(match['last'], '条')}"
    if match["listed"]:
        return "、".join(_ordinal(number, "条") for number in match["listed"].split(", "))
    text = _ordinal(match["article"], "条")
    if match["paragraph"]:
        text += _ordinal(match["paragraph"], "款")
    item = match["item"] or match["bracketed"]
    if item:
        text += _ordinal(item, "项")
    if match["last_item"]:
        text += f"至{_ordinal(match['last_item'], '项')}"
    return text


def _one(citation: str) -> str | None:
    """One short-form citation in Chinese, or ``None`` when it is in no short form."""
    for short, title in _WHOLE_WORKS.items():
        if citation in (short, f"{short} (unconfirmed)"):
            return title + (UNCONFIRMED if citation != short else "")
    match = _CITATION.fullmatch(citation)
    if match is None:
        return None
    text = LAW_TITLES[match["law"]] + _articles(match)
    return text + UNCONFIRMED if match["unconfirmed"] else text


def _part(part: str) -> str:
    """A "; "-separated part: one citation, or several joined by ", ", else unchanged."""
    pieces = [_one(piece) for piece in _LAW_AHEAD.split(part)]
    if any(piece is None for piece in pieces):
        return part
    return "、".join(piece for piece in pieces if piece is not None)


def cite_zh(article: str) -> str:
    """The Chinese citation printed on documents for the short form ``article``.

    "REG art. 17(3)" becomes 《不动产登记暂行条例》第十七条第三项 and
    "CC art. 220; RULES art. 79 (unconfirmed)" becomes
    《中华人民共和国民法典》第二百二十条；《不动产登记暂行条例实施细则》第七十九条（待核）.
    Parts of a "; "-joined list in no short form are kept as they are; text
    with no "; " in no short form is returned unchanged.
    """
    parts = article.split("; ")
    converted = [_part(part) for part in parts]
    if converted == parts:
        return article
    return "；".join(converted)
