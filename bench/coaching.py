"""Response times of the supervisor's pages on a full-size office.

    python -m bench.coaching [--requests 30] [--rebuild]

Builds (once) an office of 200 agents in 20 teams with 100,000 customers,
250,000 coverage lines and 1,000,000 contacts over the past year. Then it
requests each page through Django's test client in process, signed in as
the office manager (whole office) and as one supervisor (one team), and
prints p50, p95 and max per page. The times include template rendering but
no network or browser.

Without DATABASE_URL the database is SQLite at $REVISIT_DATA_DIR (default
/tmp/coaching-bench/); with it, PostgreSQL. The rows come from the demo
generator (revisit.demo) when it is installed, else from the simpler
generator in bench/coaching_data.py. A database that already holds the
bench office is reused; --rebuild starts from an empty database.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

TARGET_P95_MS = 300.0
AGENTS = 200
TEAMS = 20
CUSTOMERS = 100_000
LINES = 250_000
CONTACTS = 1_000_000


def _setup_django(data_dir: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "revisit.config.settings")
    os.environ.setdefault("REVISIT_DATA_DIR", str(data_dir))
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    data_dir.mkdir(parents=True, exist_ok=True)
    import django

    django.setup()


def _reset_database() -> None:
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "sqlite":
        connection.close()
        path = Path(connection.settings_dict["NAME"])
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", interactive=False, verbosity=0)


def _bench_office():
    from revisit.accounts.models import Office

    return Office.objects.filter(code=_office_code()).first()


def _office_code() -> str:
    return "BENCH"


def _build(progress) -> None:
    try:
        from revisit.demo.generator import generate_office
    except ImportError:
        generate_office = None
    started = time.monotonic()
    if generate_office is not None:
        progress("building the office with revisit.demo.generator")
        generate_office(
            agents=AGENTS, teams=TEAMS, customers=CUSTOMERS, lines=LINES,
            contacts_per_year=CONTACTS, office_code=_office_code(),
            progress=lambda message: progress(f"  {message}"),
        )
    else:
        from bench.coaching_data import build_office

        progress("building the office with bench/coaching_data.py")
        build_office(
            code=_office_code(), agents=AGENTS, teams=TEAMS, customers=CUSTOMERS,
            lines=LINES, contacts=CONTACTS, progress=progress,
        )
    from bench.coaching_data import add_weekly_sheets

    sheets = add_weekly_sheets(_bench_office())
    if sheets:
        progress(f"  {sheets} weekly sheets")
    progress(f"built in {time.monotonic() - started:.0f} s")
    _analyze()


def _analyze() -> None:
    """Refresh the planner statistics after the bulk load.

    A live database has them from autovacuum (PostgreSQL); right after a
    load of a million rows it has none, and PostgreSQL then plans the
    report queries as if the tables were empty.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def _pages(office) -> list[tuple[str, object, str]]:
    """Return (label, user, url) for every page measured."""
    from django.urls import NoReverseMatch, reverse

    from revisit.accounts.models import User

    manager = User.objects.filter(office=office, role=User.Role.MANAGER).first()
    supervisor = (
        User.objects.filter(office=office, role=User.Role.SUPERVISOR)
        .order_by("pk").first()
    )
    pages = [
        ("team numbers, whole office", manager, reverse("reports:team")),
        ("team numbers, one team", supervisor, reverse("reports:team")),
        ("distribution, whole office", manager, reverse("reports:distribution")),
        ("distribution, one team", supervisor, reverse("reports:distribution")),
    ]
    try:
        daily = reverse("coaching:daily")
    except NoReverseMatch:
        daily = None
    if daily:
        pages += [
            ("daily check, whole office", manager, daily),
            ("daily check, one team", supervisor, daily),
        ]
    return pages


def _measure(user, url: str, requests: int) -> list[float]:
    from django.test import Client

    client = Client()
    client.force_login(user)
    for _warm_up in range(2):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} returned status {response.status_code}")
    timings = []
    for _request in range(requests):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def _p95(timings: list[float]) -> float:
    return statistics.quantiles(timings, n=20, method="inclusive")[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=30,
                        help="timed requests per page after 2 warm-up requests")
    parser.add_argument("--rebuild", action="store_true",
                        help="empty the database and build the office again")
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/coaching-bench"),
                        help="folder of the SQLite database when DATABASE_URL is unset")
    args = parser.parse_args(argv)
    _setup_django(args.data_dir)

    from django.db import connection

    def progress(message: str) -> None:
        print(message, flush=True)

    if args.rebuild:
        _reset_database()
    else:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
    office = _bench_office()
    if office is None:
        _build(progress)
        office = _bench_office()
    # Other work on the machine stretches wall-clock times, so the load
    # average is printed before and after to show how busy it was.
    progress(
        f"database: {connection.vendor}; {args.requests} requests per page; "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    failed = False
    for label, user, url in _pages(office):
        timings = _measure(user, url, args.requests)
        p95 = _p95(timings)
        verdict = "ok" if p95 <= TARGET_P95_MS else "SLOW"
        failed |= p95 > TARGET_P95_MS
        print(
            f"{label:32} p50 {statistics.median(timings):7.1f} ms  "
            f"p95 {p95:7.1f} ms  max {max(timings):7.1f} ms  {verdict}",
            flush=True,
        )
    progress(f"load average after: {os.getloadavg()[0]:.1f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
