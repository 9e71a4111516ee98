"""Reading the import files as one stream of units, in unit code order, in bounded memory.

Each file is first read once to check its columns and whether its rows are
already in unit code order (an export sorted by unit code is read as it is).
A file that is not is sorted outside memory: runs of rows sorted in memory and
written to a work folder, then merged. The three streams are then merged by
unit code, so each unit's rows arrive together while no file is ever held
whole; within a unit the rows keep their file order.
"""

from __future__ import annotations

import csv
import heapq
import pickle
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import NamedTuple

UNITS_FILE, RIGHTS_FILE, RESTRICTIONS_FILE = "units.csv", "rights.csv", "restrictions.csv"
UNIT_COLUMNS = ("unit_code", "office", "location", "planned_use", "residential")
RIGHT_COLUMNS = (
    "unit_code",
    "right_kind",
    "co_ownership",
    "holder_kind",
    "holder_name",
    "document_type",
    "document_number",
    "registered_on",
)
RESTRICTION_COLUMNS = ("unit_code", "kind", "registered_on")
# Rows sorted in memory at a time when a file is not in unit code order.
RUN_ROWS = 100_000
_BLOCK_ROWS = 2_000


class ImportFileError(Exception):
    """A file cannot be read at all (missing, not UTF-8, a required column absent)."""


class Row(NamedTuple):
    """One CSV row with where it came from, and the unit code it belongs to."""

    file: str
    line: int
    key: str
    values: dict[str, str]

    def get(self, name: str) -> str:
        """The column's value, stripped ('' when absent)."""
        return (self.values.get(name) or "").strip()


def unit_key(values: dict[str, str]) -> str:
    """The unit code a row belongs to, as the files are grouped by it."""
    return (values.get("unit_code") or "").strip().upper()


class UnitRows(NamedTuple):
    """One unit's rows from the three files."""

    unit: Row
    rights: list[Row]
    restrictions: list[Row]


class RowError(Exception):
    """A row is wrong; its unit is rejected with this reason."""

    def __init__(self, row: Row, reason: str) -> None:
        super().__init__(reason)
        self.row, self.reason = row, reason


def read_rows(path: Path, required: tuple[str, ...]) -> Iterator[Row]:
    """The rows of one CSV file, refusing a file without the required columns."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [name for name in required if name not in (reader.fieldnames or [])]
            if missing:
                raise ImportFileError(f"{path.name}: missing columns {', '.join(missing)}")
            for values in reader:
                yield Row(path.name, reader.line_num, unit_key(values), values)
    except FileNotFoundError:
        raise ImportFileError(f"{path} does not exist") from None
    except UnicodeDecodeError:
        raise ImportFileError(f"{path.name} is not UTF-8 text") from None


@dataclass(frozen=True)
class FileSurvey:
    """What the first reading of a file found: its rows, units, and whether it is in order."""

    rows: int
    units: int
    ordered: bool


def survey(path: Path, required: tuple[str, ...]) -> FileSurvey:
    """Check the file's columns and count its rows and units, noting whether it is in order."""
    rows = units = 0
    ordered, previous = True, None
    for row in _plain_keys(path, required):
        rows += 1
        if row != previous:
            units += 1
            if previous is not None and row < previous:
                ordered = False
        previous = row
    return FileSurvey(rows, units, ordered)


def _plain_keys(path: Path, required: tuple[str, ...]) -> Iterator[str]:
    """Each row's unit key, read with the plain CSV reader (the fast first reading)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, [])
            missing = [name for name in required if name not in header]
            if missing:
                raise ImportFileError(f"{path.name}: missing columns {', '.join(missing)}")
            position = header.index("unit_code")
            for values in reader:
                if values:
                    yield (values[position] if position < len(values) else "").strip().upper()
    except FileNotFoundError:
        raise ImportFileError(f"{path} does not exist") from None
    except UnicodeDecodeError:
        raise ImportFileError(f"{path.name} is not UTF-8 text") from None


def ordered_rows(
    path: Path, required: tuple[str, ...], *, ordered: bool, work_dir: Path
) -> Iterator[Row]:
    """The file's rows by unit code, file order kept within a unit (sorted outside memory)."""
    if ordered:
        return read_rows(path, required)
    rows = read_rows(path, required)
    runs: list[Iterator[Row]] = []
    while run := sorted(islice(rows, RUN_ROWS), key=_order):
        if len(run) < RUN_ROWS and not runs:
            return iter(run)
        runs.append(_read_run(_write_run(run, work_dir / f"{path.stem}-{len(runs)}.run")))
    return heapq.merge(*runs, key=_order)


def _order(row: Row) -> tuple[str, int]:
    return (row.key, row.line)


def _write_run(run: list[Row], path: Path) -> Path:
    with path.open("wb") as handle:
        for start in range(0, len(run), _BLOCK_ROWS):
            pickle.dump(run[start : start + _BLOCK_ROWS], handle, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def _read_run(path: Path) -> Iterator[Row]:
    """A run written by :func:`_write_run` (the import's own work file), then deleted."""
    with path.open("rb") as handle:
        while True:
            try:
                block = pickle.load(handle)  # noqa: S301 (written by this import just before)
            except EOFError:
                break
            yield from block
    path.unlink()


class _Stream:
    """A sorted row stream one can take a unit's rows from."""

    def __init__(self, rows: Iterable[Row]) -> None:
        self._rows = iter(rows)
        self.head: Row | None = next(self._rows, None)

    def take(self, key: str) -> list[Row]:
        taken = []
        while self.head is not None and self.head.key == key:
            taken.append(self.head)
            self.head = next(self._rows, None)
        return taken


def units_in_order(
    units: Iterable[Row], rights: Iterable[Row], restrictions: Iterable[Row]
) -> Iterator[UnitRows]:
    """Each unit's rows, from the three sorted streams, in unit code order.

    A unit with several rows in units.csv is read from the first; rows of a
    unit missing from units.csv come as a unit whose ``unit`` row is the first
    of them, which the import rejects.
    """
    streams = (_Stream(units), _Stream(rights), _Stream(restrictions))
    while heads := [stream.head.key for stream in streams if stream.head is not None]:
        key = min(heads)
        unit_rows, right_rows, restriction_rows = (stream.take(key) for stream in streams)
        first = (unit_rows or right_rows or restriction_rows)[0]
        yield UnitRows(first, right_rows, restriction_rows)


@contextmanager
def unit_stream(folder: Path) -> Iterator[tuple[int, Iterator[UnitRows]]]:
    """How many units units.csv holds, and every unit's rows from ``folder``'s files.

    Every file's columns are checked before the first unit is read, so a file
    that cannot be imported stops the import before anything is written.
    """
    files = [(folder / UNITS_FILE, UNIT_COLUMNS), (folder / RIGHTS_FILE, RIGHT_COLUMNS)]
    if (folder / RESTRICTIONS_FILE).exists():
        files.append((folder / RESTRICTIONS_FILE, RESTRICTION_COLUMNS))
    surveys = [survey(path, columns) for path, columns in files]
    with tempfile.TemporaryDirectory(prefix="registry-import-") as work:
        streams = [
            ordered_rows(path, columns, ordered=found.ordered, work_dir=Path(work))
            for (path, columns), found in zip(files, surveys, strict=True)
        ]
        restrictions = streams[2] if len(streams) == 3 else iter(())
        yield surveys[0].units, units_in_order(streams[0], streams[1], restrictions)
