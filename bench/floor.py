"""The write floor: the rows a CSV import wrote, written again with nothing else.

The import bench leaves a database holding what the import wrote. This step
copies its reference tables (office, teams, users, products) into a freshly
migrated database. Then it writes the customer, household, policy, line and
relation rows again the way the import's SQLite writer does. Secondary
indexes are dropped, plain tuples go in with executemany in one
transaction, and the indexes are rebuilt before the commit. Rows are read
from the first database in batches, and only the writes are timed. No
import on this schema can write faster, whatever its Python costs, so the
floor shows how much of a target time is left for reading and checking the
file.
"""

import sqlite3
import time
from pathlib import Path

from revisit.imports.writer_sqlite import BULK_TABLES, IMPORT_CACHE_KIB

DATABASE_NAME = "revisit.sqlite3"
REFERENCE_TABLES = ("accounts_office", "accounts_team", "accounts_user", "book_product")
# Parents before children, as the import writes them.
WRITTEN_TABLES = (
    "book_household",
    "book_customer",
    "book_policy",
    "book_coverageline",
    "book_customerrelation",
)
FETCH_ROWS = 20_000


def _connect(path: Path) -> sqlite3.Connection:
    database = sqlite3.connect(path, isolation_level=None)
    database.execute("PRAGMA journal_mode=WAL")
    database.execute("PRAGMA synchronous=NORMAL")
    database.execute(f"PRAGMA cache_size=-{IMPORT_CACHE_KIB}")
    return database


def _drop_secondary_indexes(target: sqlite3.Connection) -> list[str]:
    marks = ", ".join("?" * len(BULK_TABLES))
    indexes = target.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
        f"AND sql IS NOT NULL AND tbl_name IN ({marks})",
        BULK_TABLES,
    ).fetchall()
    for name, _sql in indexes:
        target.execute(f'DROP INDEX "{name}"')
    return [sql for _name, sql in indexes]


def write_floor(source_dir: Path, target_dir: Path) -> dict:
    """Write the rows of the database in `source_dir` into the one in `target_dir`."""
    source_path = source_dir / DATABASE_NAME
    target = _connect(target_dir / DATABASE_NAME)
    target.execute("ATTACH ? AS source", (str(source_path),))
    for table in REFERENCE_TABLES:
        target.execute(f"INSERT INTO main.{table} SELECT * FROM source.{table}")
    target.execute("DETACH source")

    source = sqlite3.connect(source_path)
    seconds, rows = 0.0, 0
    started = time.perf_counter()
    target.execute("BEGIN IMMEDIATE")
    rebuilds = _drop_secondary_indexes(target)
    seconds += time.perf_counter() - started
    for table in WRITTEN_TABLES:
        cursor = source.execute(f"SELECT * FROM {table}")
        columns = ", ".join(column[0] for column in cursor.description)
        marks = ", ".join("?" * len(cursor.description))
        insert = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
        while batch := cursor.fetchmany(FETCH_ROWS):
            started = time.perf_counter()
            target.executemany(insert, batch)
            seconds += time.perf_counter() - started
            rows += len(batch)
    started = time.perf_counter()
    for sql in rebuilds:
        target.execute(sql)
    indexes = time.perf_counter() - started
    started = time.perf_counter()
    target.execute("COMMIT")
    commit = time.perf_counter() - started
    source.close()
    target.close()
    return {
        "rows": rows,
        "seconds": seconds + indexes + commit,
        "insert_seconds": seconds,
        "index_seconds": indexes,
        "commit_seconds": commit,
    }
