"""Importing an existing register from CSV files (历史登记资料导入, R19).

Three files, UTF-8 with a header row (the format is in docs/legacy-import.md):
``units.csv``, ``rights.csv`` (one row per holder of a right) and, optionally,
``restrictions.csv`` (mortgages, seizures, advance notices and objections).
Every row is validated; a unit with any bad row is rejected whole, with the
reason, so nothing is half-imported. A unit already on the register is
skipped, so a rerun adds only what is new. Every registration goes through
the same legal rules as a live one.

Two ways with one outcome: :func:`import_register` (the command's) prepares
units in batches in memory and writes each batch in bulk;
:func:`import_register_per_unit` enters unit after unit through the services
of live registrations. Both read the files as a stream in unit code order, in
bounded memory.
"""

from yichuang.registry.legacy_import.batch import BATCH_UNITS, import_register
from yichuang.registry.legacy_import.per_unit import import_register_per_unit, import_unit
from yichuang.registry.legacy_import.report import ImportReport, Rejection, write_rejections
from yichuang.registry.legacy_import.rows import ImportFileError, RowError, UnitRows, read_rows
from yichuang.registry.legacy_import.store import EVENT_TYPE

__all__ = [
    "BATCH_UNITS",
    "EVENT_TYPE",
    "ImportFileError",
    "ImportReport",
    "Rejection",
    "RowError",
    "UnitRows",
    "import_register",
    "import_register_per_unit",
    "import_unit",
    "read_rows",
    "write_rejections",
]
