"""Benchmark: the verifier's full-log check against the bare SHA-256 calls it needs.

``python -m yichuang.ledger.verify log`` reads every leaf from a file (hex,
one per line), recomputes the root and compares it with a signed
checkpoint. Measured end to end (open the checkpoint, read and decode the
file, hash, compare) against the bare 2n − 1 SHA-256 calls over prepared
inputs, as in ``bench/ledger_root.py``.

Leaves are 40–100 random bytes; n is 1,000,000 (quick) or 10,000,000 (full).
Target: ratio ≤ 1.5. With two cores the check splits the file between two
processes; the single-process time is recorded beside it.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.harness import current_scale
from bench.ledger_root import (
    LEAVES,
    REPEAT,
    bare_list,
    bare_loop,
    hash_inputs,
    interleaved_medians,
    make_leaves,
    report,
    settle,
)
from yichuang.ledger import verify as verify_module
from yichuang.ledger.checkpoint import Checkpoint, NoteSigner, sign_checkpoint
from yichuang.ledger.verify import check_log

LIMIT = 1.5
ORIGIN = "bench.example/ledger"


def write_leaves(path: Path, leaves: list[bytes]) -> None:
    """The leaves file as a log publishes it: one hex line per leaf."""
    with path.open("wb") as stream:
        for start in range(0, len(leaves), 100_000):
            chunk = leaves[start : start + 100_000]
            stream.write(b"".join(leaf.hex().encode() + b"\n" for leaf in chunk))


def main() -> int:
    """Measure, print and record; exit status 1 if the target is missed."""
    scale = current_scale()
    count = LEAVES[scale]
    started = time.perf_counter()
    leaves = make_leaves(count)
    inputs, root = hash_inputs(leaves)
    signer = NoteSigner(ORIGIN, bytes(range(32)))
    note = sign_checkpoint(Checkpoint(ORIGIN, count, root), signer).encode()
    verifier = signer.verifier()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "leaves.hex"
        write_leaves(path, leaves)
        del leaves  # the verifier works from the file; free the memory it would not have
        settle()
        megabytes, elapsed = path.stat().st_size / 1e6, time.perf_counter() - started
        print(f"prepared {count:,} leaves ({megabytes:.0f} MB of hex) in {elapsed:.1f} s")
        times = interleaved_medians(
            {
                "log_check": lambda: check_log(
                    verifier=verifier, checkpoint_note=note, leaves=path
                ),
                "log_check_one_process": lambda: one_process(path),
                "bare_loop": lambda: bare_loop(inputs),
                "bare_list": lambda: bare_list(inputs),
            },
            repeat=REPEAT[scale],
        )
    single = {"log_check_one_process": times.pop("log_check_one_process")}
    print(f"log_check in one process: {single['log_check_one_process']:.3f} s")
    return report("ledger_verify", "log_check", times, leaves=count, limit=LIMIT, extra=single)


def one_process(path: Path) -> None:
    """The same check where the machine offers a single core."""
    saved = verify_module._PARALLEL_MIN_BYTES
    verify_module._PARALLEL_MIN_BYTES = 1 << 62
    try:
        verify_module.root_of_leaves_file(path)
    finally:
        verify_module._PARALLEL_MIN_BYTES = saved


if __name__ == "__main__":
    raise SystemExit(main())
