"""Throughput of the identifier parsers against a bare structural regex.

For the resident ID, the unified social credit code and the real estate unit
code, the benchmark pre-generates valid inputs (quick: 200 000, full:
2 000 000), then times one pass of the parser over them and one pass of a
compiled structure-only ``fullmatch`` over the same inputs. The regex is the
floor any validator pays; the reported ratio (parser rate / regex rate) says
how much the checks, the normalisation and the value objects cost on top.

Run with ``python -m bench.identifiers``; writes ``bench/results/identifiers.json``.
"""

from __future__ import annotations

import random
import re
from collections import deque
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from bench.harness import current_scale, median_seconds, target, write_result
from yichuang.core.identifiers import (
    USCC_ALPHABET,
    mod11_2_check_char,
    mod31_check_char,
    parse_resident_id,
    parse_unit_code,
    parse_uscc,
)

INPUTS = {"quick": 200_000, "full": 2_000_000}
RATIO_FLOOR = 0.05
"""At least 1/20 of the regex rate: full validation may cost, but not unboundedly."""

TODAY = date(2025, 6, 30)
_PROVINCES = ("11", "31", "32", "34", "36", "44", "51", "65")

# Structure only: what a form would check with nothing but a pattern.
REGEX_BASELINES = {
    "resident_id": re.compile(
        r"[1-9][0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9X]"
    ),
    "uscc": re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}"),
    "unit_code": re.compile(r"[0-9]{12}[GJZ][A-HSWXY][0-9]{5}[FLQW][0-9]{8}"),
}


def _digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choices("0123456789", k=count))


def resident_ids(rng: random.Random, count: int) -> list[str]:
    """``count`` valid 18-character resident IDs."""
    earliest = date(1930, 1, 1).toordinal()
    span = TODAY.toordinal() - earliest
    numbers = []
    for _ in range(count):
        born = date.fromordinal(earliest + rng.randrange(span))
        body = rng.choice(_PROVINCES) + _digits(rng, 4) + born.strftime("%Y%m%d") + _digits(rng, 3)
        numbers.append(body + mod11_2_check_char(body))
    return numbers


def usccs(rng: random.Random, count: int) -> list[str]:
    """``count`` valid unified social credit codes."""
    codes = []
    for _ in range(count):
        body = (
            rng.choice("123456789ANY")
            + rng.choice("123")
            + rng.choice(_PROVINCES)
            + _digits(rng, 4)
            + "".join(rng.choices(USCC_ALPHABET, k=9))
        )
        codes.append(body + mod31_check_char(body))
    return codes


def unit_codes(rng: random.Random, count: int) -> list[str]:
    """``count`` valid real estate unit codes."""
    codes = []
    for _ in range(count):
        fixture = rng.choice("FFFLQW")
        number = "00000000" if fixture == "W" else _digits(rng, 8)
        codes.append(
            rng.choice(_PROVINCES)
            + _digits(rng, 10)
            + rng.choice("GJZ")
            + rng.choice("ABCDEFSXWY")
            + _digits(rng, 5)
            + fixture
            + number
        )
    return codes


def _rate(fn: Callable[[str], object], inputs: list[str]) -> float:
    # deque(maxlen=0) drains the iterator in C: the loop costs the same for
    # the parser and the regex, so the ratio compares the work itself.
    seconds = median_seconds(lambda: deque(map(fn, inputs), maxlen=0))
    return len(inputs) / seconds


def _measure(
    name: str,
    generate: Callable[[random.Random, int], list[str]],
    parse: Callable[[str], object],
    count: int,
) -> dict[str, Any]:
    inputs = generate(random.Random(name), count)
    ours = _rate(parse, inputs)
    regex = _rate(REGEX_BASELINES[name].fullmatch, inputs)
    return {
        "inputs": count,
        "validations_per_second": round(ours),
        "regex_matches_per_second": round(regex),
        "ratio_vs_regex": round(ours / regex, 4),
    }


def main() -> None:
    """Measure, print a summary and write ``bench/results/identifiers.json``."""
    scale = current_scale()
    count = INPUTS[scale]
    subjects: dict[str, tuple[Callable[[random.Random, int], list[str]], Callable[[str], object]]]
    subjects = {
        "resident_id": (resident_ids, partial(parse_resident_id, today=TODAY)),
        "uscc": (usccs, parse_uscc),
        "unit_code": (unit_codes, parse_unit_code),
    }
    metrics = {name: _measure(name, *subject, count) for name, subject in subjects.items()}
    baseline = {
        name: {
            "pattern": REGEX_BASELINES[name].pattern,
            "matches_per_second": m["regex_matches_per_second"],
        }
        for name, m in metrics.items()
    }
    targets = {
        f"{name}_ratio_vs_regex": target(m["ratio_vs_regex"], limit=RATIO_FLOOR, op=">=")
        for name, m in metrics.items()
    }
    path = write_result(
        "identifiers", scale=scale, metrics=metrics, baseline=baseline, targets=targets
    )
    for name, m in metrics.items():
        print(
            f"{name:12} {m['validations_per_second']:>10,}/s"
            f"  regex {m['regex_matches_per_second']:>10,}/s  ratio {m['ratio_vs_regex']:.3f}"
        )
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
