"""Numbers that are never given twice: one atomic upsert per number.

A counter is a row with a ``last`` column, unique on its key columns (office
and day, office and year and series...). :func:`counter_next` inserts the row
at 1 or adds one to it in a single statement and returns the new value, so two
writers at once get two numbers on both engines, and a number whose
transaction rolls back is not spent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import connection, models


def counter_next(model: type[models.Model], key: Mapping[str, int | str | dt.date]) -> int:
    """The next number of the counter row of ``model`` named by ``key`` (column → value)."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = [quote(column) for column in key]
    placeholders = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}, last) VALUES ({placeholders}, 1) "  # noqa: S608
            f"ON CONFLICT ({', '.join(columns)}) DO UPDATE SET last = {table}.last + 1 "
            "RETURNING last",
            list(key.values()),
        )
        row = cursor.fetchone()
    assert row is not None
    return int(row[0])
