"""Benchmark: the Merkle root of a large log against the bare SHA-256 calls it needs.

A tree of n leaves takes exactly 2n − 1 SHA-256 calls: n over ``0x00 || leaf``
and n − 1 over ``0x01 || left || right``. The baseline makes those same calls
on inputs prepared beforehand, so the ratio shows what ``merkle.root`` costs
beyond the hashing itself (concatenation, lists, bookkeeping). The baseline
is the faster of two ways of calling: a loop that drops each digest, and a
list comprehension that keeps them (as any root computation must).

Leaves are 40–100 random bytes; n is 1,000,000 (quick) or 10,000,000 (full).
Target: ratio ≤ 1.3.
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import os
import time
from collections.abc import Callable

from bench.harness import current_scale, median_seconds, target, write_result
from yichuang.ledger import merkle

LEAVES = {"quick": 1_000_000, "full": 10_000_000}
REPEAT = {"quick": 5, "full": 3}
LIMIT = 1.3


def make_leaves(count: int) -> list[bytes]:
    """``count`` leaves of 40 to 100 random bytes."""
    lengths = [40 + byte % 61 for byte in os.urandom(count)]
    blob = os.urandom(sum(lengths))
    offsets = list(itertools.accumulate(lengths, initial=0))
    return [blob[offsets[i] : offsets[i + 1]] for i in range(count)]


def hash_inputs(leaves: list[bytes]) -> tuple[list[bytes], bytes]:
    """The 2n − 1 byte strings a root over ``leaves`` hashes, and that root."""
    sha256 = hashlib.sha256
    inputs = [b"\x00" + leaf for leaf in leaves]
    level = [sha256(data).digest() for data in inputs]
    while len(level) > 1:
        carry = level[-1] if len(level) & 1 else None
        pairs = iter(level)
        nodes = [b"\x01" + left + right for left, right in zip(pairs, pairs, strict=False)]
        inputs += nodes
        level = [sha256(data).digest() for data in nodes]
        if carry is not None:
            level.append(carry)
    return inputs, level[0]


def bare_loop(inputs: list[bytes]) -> None:
    """The SHA-256 calls alone, each digest dropped at once."""
    sha256 = hashlib.sha256
    for data in inputs:
        sha256(data).digest()


def bare_list(inputs: list[bytes]) -> int:
    """The SHA-256 calls alone, keeping every digest."""
    sha256 = hashlib.sha256
    return len([sha256(data).digest() for data in inputs])


def settle() -> None:
    """Exempt the prepared data from garbage collection before timing.

    Tens of millions of prepared objects would otherwise be rescanned by
    every full collection during the timed runs, a cost the code measured
    never has in real use, where these data do not exist.
    """
    gc.collect()
    gc.freeze()


def interleaved_medians(
    functions: dict[str, Callable[[], object]], *, repeat: int
) -> dict[str, float]:
    """Median seconds of each function, run in turn so machine noise hits all alike."""
    samples: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(repeat):
        for name, function in functions.items():
            samples[name].append(median_seconds(function, repeat=1))
    return {name: sorted(times)[len(times) // 2] for name, times in samples.items()}


def report(
    name: str,
    subject: str,
    times: dict[str, float],
    *,
    leaves: int,
    limit: float,
    extra: dict[str, float] | None = None,
) -> int:
    """Print and record ``times[subject]`` against the bare hashing; 1 if over ``limit``.

    ``extra`` are further timings (seconds) recorded with their own ratios.
    """
    baseline = min(times["bare_loop"], times["bare_list"])
    ratio = times[subject] / baseline
    print(
        f"{subject}: {times[subject]:.3f} s; bare hashing: {times['bare_loop']:.3f} s (loop), "
        f"{times['bare_list']:.3f} s (list); ratio {ratio:.3f} (limit {limit})"
    )
    outcome = target(ratio, limit=limit, op="<=")
    path = write_result(
        name,
        scale=current_scale(),
        metrics={
            "leaves": leaves,
            f"{subject}_seconds": round(times[subject], 4),
            "ratio_to_bare_loop": round(times[subject] / times["bare_loop"], 4),
            "ratio_to_bare_list": round(times[subject] / times["bare_list"], 4),
            **{
                key: {"seconds": round(value, 4), "ratio": round(value / baseline, 4)}
                for key, value in (extra or {}).items()
            },
        },
        baseline={
            "sha256_calls": 2 * leaves - 1,
            "bare_loop_seconds": round(times["bare_loop"], 4),
            "bare_list_seconds": round(times["bare_list"], 4),
        },
        targets={f"{subject}_vs_bare_hashing": outcome},
    )
    print(f"wrote {path}")
    return 0 if outcome["met"] else 1


def main() -> int:
    """Measure, print and record; exit status 1 if the target is missed."""
    scale = current_scale()
    count = LEAVES[scale]
    started = time.perf_counter()
    leaves = make_leaves(count)
    inputs, expected_root = hash_inputs(leaves)
    elapsed = time.perf_counter() - started
    print(f"prepared {count:,} leaves and {len(inputs):,} hash inputs in {elapsed:.1f} s")
    if merkle.root(leaves) != expected_root:
        raise SystemExit("merkle.root disagrees with the reference tree")
    settle()
    times = interleaved_medians(
        {
            "root": lambda: merkle.root(leaves),
            "bare_loop": lambda: bare_loop(inputs),
            "bare_list": lambda: bare_list(inputs),
        },
        repeat=REPEAT[scale],
    )
    return report("ledger_root", "root", times, leaves=count, limit=LIMIT)


if __name__ == "__main__":
    raise SystemExit(main())
