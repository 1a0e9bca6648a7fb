"""The raw limit: the CSV read with the csv module and inserted flat into SQLite.

One table with a TEXT column per CSV column, no index, one transaction,
executemany straight from csv.reader. Nothing an import does can be
faster on this machine, so the import's rate is reported against it.
"""

import csv
import sqlite3
import tempfile
import time
from pathlib import Path


def raw_insert(csv_path: Path) -> dict:
    with tempfile.TemporaryDirectory(prefix="revisit-raw-") as directory:
        database = sqlite3.connect(
            Path(directory) / "raw.sqlite3", isolation_level=None
        )
        database.execute("PRAGMA journal_mode=WAL")
        database.execute("PRAGMA synchronous=NORMAL")
        started = time.perf_counter()
        with open(csv_path, encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            columns = ", ".join(f"c{index} TEXT" for index in range(len(header)))
            database.execute(f"CREATE TABLE extract ({columns})")
            marks = ", ".join("?" * len(header))
            database.execute("BEGIN")
            database.executemany(f"INSERT INTO extract VALUES ({marks})", reader)
            database.execute("COMMIT")
        seconds = time.perf_counter() - started
        rows = database.execute("SELECT COUNT(*) FROM extract").fetchone()[0]
        database.close()
    return {"rows": rows, "seconds": seconds, "rate": rows / seconds}
