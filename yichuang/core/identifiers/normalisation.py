"""Input normalisation shared by every identifier parser (输入规范化).

Clerks paste numbers from scanned forms, spreadsheets and chat messages, so
the same identifier arrives with full-width characters (全角字符), lower-case
letters, grouping spaces and invisible joiners. Every parser first folds the
input to one spelling, then validates that spelling.
"""

from __future__ import annotations

import unicodedata

from yichuang.core.identifiers.errors import ErrorCode, IdentifierError

# Invisible characters that survive NFKC and whitespace splitting but are
# routinely carried along by copy and paste from office documents.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))


def normalise(raw: str) -> str:
    """Fold ``raw`` to its canonical spelling: NFKC, no whitespace, upper case.

    NFKC maps full-width digits, letters and brackets (０-９, Ａ-Ｚ, （）) to
    ASCII; ``str.split`` removes every Unicode space including U+3000.
    """
    text = raw if raw.isascii() else unicodedata.normalize("NFKC", raw).translate(_INVISIBLE)
    return "".join(text.split()).upper()


def require_text(raw: str) -> str:
    """Normalise ``raw`` and raise ``empty`` if nothing is left."""
    text = normalise(raw)
    if not text:
        raise IdentifierError(ErrorCode.EMPTY)
    return text
