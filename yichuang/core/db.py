"""Database chores the ORM does not cover."""

from __future__ import annotations

from django.db import connection, models


def statistics_refresh(*tables: type[models.Model]) -> None:
    """Bring the query planner's statistics of ``tables`` up to date (ANALYZE).

    For after a bulk load: until then PostgreSQL plans with the statistics of
    the empty tables (and may scan millions of rows in parallel to read one
    unit), and SQLite has none at all.
    """
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table._meta.db_table)}")
