"""What an import did: units imported, skipped and rejected, with each rejection's reason."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Rejection:
    """A unit not imported: the row at fault and why."""

    file: str
    line: int
    unit_code: str
    reason: str


@dataclass
class ImportReport:
    """The outcome of one import run."""

    imported: int = 0
    skipped: int = 0
    entries: int = 0
    rejected: list[Rejection] = field(default_factory=list)

    @property
    def rejected_units(self) -> int:
        """How many units were rejected (each may have several rows)."""
        return len({rejection.unit_code for rejection in self.rejected})


def write_rejections(report: ImportReport, path: Path) -> None:
    """The rejected rows as a CSV a clerk can correct and import again."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "line", "unit_code", "reason"])
        for rejection in report.rejected:
            writer.writerow([rejection.file, rejection.line, rejection.unit_code, rejection.reason])
