"""Bulk updates by primary key, written only where a value changed.

SQLite runs one UPDATE per row with executemany, whose numbered parameters
let the WHERE clause reuse the SET values. PostgreSQL would pay a round
trip per row that way, so rows are copied into a temporary table and
applied with one UPDATE ... FROM.
"""

from collections.abc import Sequence

from django.db import connection


def rows_update(table: str, columns: Sequence[str], rows: list[tuple]) -> None:
    """Set `columns` (the first is "id") of `table` from `rows`, skipping equal rows."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        _update_postgres(table, columns, rows)
        return
    numbers = {name: index for index, name in enumerate(columns, start=1)}
    sets = ", ".join(f"{name} = ?{numbers[name]}" for name in columns[1:])
    differs = " OR ".join(f"{name} IS NOT ?{numbers[name]}" for name in columns[1:])
    connection.ensure_connection()
    connection.connection.executemany(
        f"UPDATE {table} SET {sets} WHERE id = ?1 AND ({differs})", rows
    )


def _update_postgres(table: str, columns: Sequence[str], rows: list[tuple]) -> None:
    stage = f"bulk_stage_{table}_{len(columns)}"
    names = ", ".join(columns)
    with connection.cursor() as cursor:
        # The table may exist already when several updates share a transaction.
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {stage} ON COMMIT DROP AS "
            f"SELECT {names} FROM {table} WITH NO DATA"
        )
        cursor.execute(f"TRUNCATE {stage}")
        with cursor.cursor.copy(f"COPY {stage} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        sets = ", ".join(f"{name} = s.{name}" for name in columns[1:])
        differs = " OR ".join(
            f"t.{name} IS DISTINCT FROM s.{name}" for name in columns[1:]
        )
        cursor.execute(
            f"UPDATE {table} t SET {sets} FROM {stage} s "
            f"WHERE t.id = s.id AND ({differs})"
        )


def rows_insert(table: str, columns: Sequence[str], rows: list[tuple]) -> None:
    """Insert `rows` into `table` (COPY on PostgreSQL, executemany elsewhere)."""
    if not rows:
        return
    names = ", ".join(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
