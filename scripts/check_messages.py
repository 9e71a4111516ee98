"""Fail when the committed translation catalogue (.mo) is not the compiled .po.

Compiling uses polib, so neither this check nor ``--compile`` needs GNU gettext.
Run ``python scripts/check_messages.py --compile`` after editing a .po file.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "yichuang" / "locale"


def _translations(catalogue: polib._BaseFile) -> dict[tuple[str | None, str], str]:
    return {(entry.msgctxt, entry.msgid): entry.msgstr for entry in catalogue.translated_entries()}


def main(argv: list[str]) -> int:
    compile_now = "--compile" in argv
    problems = []
    for po_path in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        po = polib.pofile(str(po_path))
        mo_path = po_path.with_suffix(".mo")
        if compile_now:
            po.save_as_mofile(str(mo_path))
            print(f"compiled {mo_path.relative_to(LOCALE.parent.parent)}")
            continue
        untranslated = [entry.msgid for entry in po.untranslated_entries()]
        untranslated += [entry.msgid for entry in po.fuzzy_entries()]
        if untranslated:
            problems.append(
                f"{po_path}: {len(untranslated)} untranslated or fuzzy: {untranslated[:3]}"
            )
        if not mo_path.exists():
            problems.append(f"{mo_path} is missing")
        elif _translations(polib.mofile(str(mo_path))) != _translations(po):
            problems.append(
                f"{mo_path} is out of date: run python scripts/check_messages.py --compile"
            )
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
