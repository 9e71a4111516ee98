"""Run every benchmark in ``bench/`` at the scale BENCH_SCALE names (quick or full).

Each benchmark is a module here with a ``main()``; it runs in its own process so
one's memory and caches do not colour the next. ``python -m bench NAME …``
runs only the named ones.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bench.harness import current_scale

HERE = Path(__file__).resolve().parent
NOT_BENCHMARKS = {"__init__", "__main__", "harness"}


def available() -> list[str]:
    """Names of the benchmark modules, in alphabetical order."""
    return sorted(
        path.stem
        for path in HERE.glob("*.py")
        if path.stem not in NOT_BENCHMARKS and not path.stem.startswith("_")
    )


def main(argv: list[str]) -> int:
    scale = current_scale()
    names = argv or available()
    unknown = sorted(set(names) - set(available()))
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; have: {', '.join(available())}")
        return 2
    failed = []
    for name in names:
        print(f"=== bench {name} ({scale})", flush=True)
        result = subprocess.run([sys.executable, "-m", f"bench.{name}"], check=False)
        if result.returncode != 0:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}")
        return 1
    print(f"results in {HERE / 'results'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
