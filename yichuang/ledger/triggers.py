"""Append-only tables, enforced by the database itself.

A trigger refuses UPDATE and DELETE on each registered table, on PostgreSQL
and on SQLite, whoever sends the statement: the platform, a script or a person
at the SQL prompt. Triggers are (re)installed after every migrate, because
SQLite drops them when a schema change rebuilds a table. Someone with the
power to drop a trigger can still rewrite rows; the signed checkpoints and
the witnesses are what catch that.
"""

from __future__ import annotations

import re

from django.db import connections

_PROTECTED: list[str] = []
_TABLE_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
APPEND_ONLY_MESSAGE = "append-only table: rows may be inserted, never updated or deleted"


def register_append_only(*tables: str) -> None:
    """Declare tables append-only (called from each owning app's ``ready``)."""
    for table in tables:
        if not _TABLE_NAME.match(table):
            raise ValueError(f"not a plain table name: {table!r}")
        if table not in _PROTECTED:
            _PROTECTED.append(table)


def protected_tables() -> tuple[str, ...]:
    return tuple(_PROTECTED)


def _sqlite_statements(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END"
        for verb in ("UPDATE", "DELETE")
    ]


def _postgresql_statements(table: str) -> list[str]:
    return [
        "CREATE OR REPLACE FUNCTION yichuang_refuse_change() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        f"RAISE EXCEPTION '{APPEND_ONLY_MESSAGE} (%)', TG_TABLE_NAME; END $$",
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION yichuang_refuse_change()",
    ]


def install_append_only_triggers(*, using: str = "default") -> None:
    """Create the triggers on every registered table that exists (idempotent)."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in _PROTECTED:
            if table not in existing:
                continue
            statements = (
                _sqlite_statements(table)
                if connection.vendor == "sqlite"
                else _postgresql_statements(table)
            )
            for statement in statements:
                cursor.execute(statement)


def drop_append_only_triggers(*, using: str = "default") -> None:
    """Remove the triggers: only for emptying a test database between tests."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in _PROTECTED:
            if table not in existing:
                continue
            if connection.vendor == "sqlite":
                for verb in ("update", "delete"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb}")
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
