"""Steps run in child processes, so each reports its own peak memory.

Peak memory is resource.getrusage(RUSAGE_SELF).ru_maxrss: the largest
resident set of the process over its life (Django, the SQLite page cache
and python-calamine's Rust side included), in KiB on Linux.
"""

import json
import os
import resource
import sys
import time
from pathlib import Path


def _maxrss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def run_raw(csv_path: str) -> None:
    from bench.raw import raw_insert

    result = raw_insert(Path(csv_path))
    result["maxrss_kib"] = _maxrss_kib()
    print(json.dumps(result))


def run_import(file_path: str, data_dir: str, setup: bool) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "revisit.config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["REVISIT_DATA_DIR"] = data_dir
    import django

    django.setup()
    from django.core.management import call_command

    from revisit.accounts.models import Office
    from revisit.imports.services import import_batch_create, import_run

    if setup:
        call_command("migrate", verbosity=0)
    office, _created = Office.objects.get_or_create(code="BENCH", defaults={"name": "Bench"})
    baseline = _maxrss_kib()
    batch = import_batch_create(office=office, actor=None, file_name=Path(file_path).name)
    started = time.perf_counter()
    summary = import_run(batch=batch, path=file_path)
    seconds = time.perf_counter() - started
    keys = (
        "status", "rows", "rejected", "coverage_lines", "policies_created",
        "policies_updated", "customers_created", "customers_matched", "error",
    )
    result = {key: summary.get(key) for key in keys}
    result.update(seconds=seconds, rate=summary["rows"] / seconds,
                  maxrss_kib=_maxrss_kib(), baseline_kib=baseline)
    print(json.dumps(result))


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    if command == "raw":
        run_raw(*arguments)
    else:
        run_import(arguments[0], arguments[1], arguments[2] == "setup")
