"""`python -m bench import --lines N [--xlsx] [--reimport]`.

Generates an extract of N coverage lines (cached in bench/out/) and
measures the raw limit: the csv module into one flat SQLite table. Then it
imports the file into a fresh database, SQLite in a temporary directory or,
when DATABASE_URL is set, a new PostgreSQL database on that server. Each
step runs in its own process and reports lines/s and peak RSS.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OUT_DIR = Path(__file__).resolve().parent / "out"


def _child(*arguments: str, env: dict | None = None) -> dict:
    completed = subprocess.run(
        [sys.executable, "-m", "bench.child", *arguments],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if completed.returncode != 0:
        sys.stderr.write(completed.stderr)
        raise SystemExit(f"bench step failed: {' '.join(arguments[:1])}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


class _Database:
    """A fresh database for one import run, removed afterwards."""

    def __init__(self, label: str):
        self.url = os.environ.get("DATABASE_URL", "")
        self.directory = tempfile.TemporaryDirectory(prefix="revisit-bench-")
        self.env = dict(os.environ)
        self.name = ""
        if self.url:
            import psycopg

            self.name = f"revisit_bench_{os.getpid()}_{label}"
            base, _, _old = self.url.rpartition("/")
            self.admin = base + "/postgres"
            with psycopg.connect(self.admin, autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {self.name}")
                admin.execute(f"CREATE DATABASE {self.name}")
            self.env["DATABASE_URL"] = f"{base}/{self.name}"

    def close(self) -> None:
        if self.name:
            import psycopg

            with psycopg.connect(self.admin, autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {self.name}")
        self.directory.cleanup()


def _import_runs(
    path: Path, label: str, reimport: bool, floor: bool = False
) -> tuple[list[dict], dict | None]:
    """Import `path` once or twice into a fresh database; return (runs, floor).

    With `floor` (SQLite only), the rows the import wrote are then written
    again alone into another fresh database (bench/floor.py).
    """
    database = _Database(label)
    try:
        _child("migrate", database.directory.name, env=database.env)
        runs = [
            _child("import", str(path), database.directory.name, env=database.env)
            for _run in range(2 if reimport else 1)
        ]
        floor_result = _floor(database) if floor else None
    finally:
        database.close()
    return runs, floor_result


def _floor(database: _Database) -> dict:
    with tempfile.TemporaryDirectory(prefix="revisit-floor-") as target:
        _child("migrate", target, env=database.env)
        return _child("floor", database.directory.name, target, env=database.env)


def _mib(kib: int) -> float:
    return kib / 1024


# `python -m bench` (and `make bench`) with no arguments runs the measurement
# the targets are stated for.
DEFAULT_ARGUMENTS = ["import", "--lines", "1000000", "--xlsx", "--reimport"]
# The CSV import's target rate, as a share of the raw limit's rate.
TARGET_SHARE = 0.30


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    sub = parser.add_subparsers(dest="command", required=True)
    command = sub.add_parser("import", help="benchmark the import pipeline")
    command.add_argument(
        "--lines", type=int, default=100_000, help="coverage lines (default 100000)"
    )
    command.add_argument("--xlsx", action="store_true", help="also import the .xlsx")
    command.add_argument(
        "--reimport", action="store_true", help="import each file twice"
    )
    command.add_argument("--seed", type=int, default=7, help="generator seed")
    command.add_argument("--out", type=Path, default=OUT_DIR, help="where files go")
    options = parser.parse_args(sys.argv[1:] or DEFAULT_ARGUMENTS)

    started = time.perf_counter()
    files = _child(
        "generate",
        str(options.lines),
        str(options.out),
        str(options.seed),
        "xlsx" if options.xlsx else "csv",
    )
    csv_path = Path(files["csv"])
    xlsx_path = Path(files["xlsx"]) if files["xlsx"] else None
    print(
        f"files ready in {time.perf_counter() - started:.0f}s: {csv_path.name}"
        + (f", {xlsx_path.name}" if xlsx_path else "")
    )
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} "
        "cores, "
        f"Python {platform.python_version()}, database: "
        + ("PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite")
    )

    raw = _child("raw", str(csv_path))
    raw_cpu_rate = raw["rows"] / raw["cpu_seconds"]
    print(
        f"raw limit (csv module -> one flat SQLite table): {raw['rows']:,} rows in "
        f"{raw['seconds']:.1f}s = {raw['rate']:,.0f} rows/s; CPU "
        f"{raw['cpu_seconds']:.1f}s "
        f"= {raw_cpu_rate:,.0f} rows/s; peak RSS {_mib(raw['maxrss_kib']):.0f} MiB"
    )

    files = [("csv", csv_path)] + ([("xlsx", xlsx_path)] if xlsx_path else [])
    on_sqlite = not os.environ.get("DATABASE_URL")
    for label, path in files:
        runs, floor = _import_runs(
            path, label, options.reimport, floor=on_sqlite and label == "csv"
        )
        for index, run in enumerate(runs):
            kind = "re-import" if index else "import"
            share = run["rate"] / raw["rate"] * 100
            cpu_rate = run["rows"] / run["cpu_seconds"]
            cpu_share = cpu_rate / raw_cpu_rate * 100
            print(
                f"{label} {kind}: {run['coverage_lines']:,} lines ({run['rejected']} "
                "rejected, "
                f"status {run['status']}) in {run['seconds']:.1f}s = "
                f"{run['rate']:,.0f} lines/s "
                f"({share:.0f}% of raw); CPU {run['cpu_seconds']:.1f}s = "
                f"{cpu_rate:,.0f} "
                f"lines/s ({cpu_share:.0f}% of raw); peak RSS "
                f"{_mib(run['maxrss_kib']):.0f} MiB "
                f"(after setup {_mib(run['baseline_kib']):.0f} MiB; worker process "
                f"{_mib(run['worker_maxrss_kib']):.0f} MiB; both together at most "
                f"{_mib(run['together_kib']):.0f} MiB); policies "
                f"{run['policies_created']:,} created / {run['policies_updated']:,} "
                "updated, "
                f"customers {run['customers_created']:,} created / "
                f"{run['customers_matched']:,} matched"
            )
            if run.get("error"):
                print(f"  error: {run['error']}")
        if floor:
            _print_floor(floor, raw)


def _print_floor(floor: dict, raw: dict) -> None:
    """Print the write floor beside the time the CSV target allows."""
    allowed = raw["rows"] / (TARGET_SHARE * raw["rate"])
    print(
        f"write floor (the CSV import's {floor['rows']:,} rows written again alone: "
        f"inserts {floor['insert_seconds']:.1f}s, index rebuild "
        f"{floor['index_seconds']:.1f}s, commit {floor['commit_seconds']:.1f}s): "
        f"{floor['seconds']:.1f}s, {floor['seconds'] / allowed:.0%} of the "
        f"{allowed:.1f}s that {TARGET_SHARE:.0%} of the raw rate allows a CSV import"
    )


if __name__ == "__main__":
    main()
