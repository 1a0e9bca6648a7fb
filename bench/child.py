"""Steps run in child processes, so each reports its own peak memory.

Peak memory is resource.getrusage(RUSAGE_SELF).ru_maxrss: the largest
resident set of the process over its life (Django, the SQLite page cache
and python-calamine's Rust side included), in KiB on Linux. Linux keeps the
figure across exec, so the parent stays small: it generates files in a
child too. CPU time (user plus system) is reported beside wall time,
because on a shared machine wall time measures the neighbours too.

A large import also runs a worker process that reads and normalises the
file. Its own peak is reported apart (RUSAGE_CHILDREN), and its CPU time
is added to the import's. The two peaks need not fall at the same time,
so a thread also samples the resident sets of the import process and its
children together every 50 ms, and the largest sum is the import's peak.
"""

import json
import os
import resource
import sys
import threading
import time
from pathlib import Path


def _maxrss_kib(who=resource.RUSAGE_SELF) -> int:
    return resource.getrusage(who).ru_maxrss


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the import worker)."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:  # the process ended between listing and reading
        pass
    return 0


def _children(pid: int) -> list[int]:
    children = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                # The fields after the command name, which is in brackets.
                fields = stat.read().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            children.append(int(entry))
    return children


class _TreeSampler(threading.Thread):
    """Track the largest resident set of this process and its children together."""

    def __init__(self, interval: float = 0.05):
        super().__init__(daemon=True)
        self.interval = interval
        self.peak_kib = 0
        self.done = threading.Event()

    def run(self) -> None:
        pid = os.getpid()
        while not self.done.wait(self.interval):
            total = _rss_kib(pid) + sum(map(_rss_kib, _children(pid)))
            self.peak_kib = max(self.peak_kib, total)

    def stop(self) -> int:
        self.done.set()
        self.join()
        return self.peak_kib


def run_generate(lines: str, out_dir: str, seed: str, xlsx: str) -> None:
    from bench.generate import write_files

    csv_path, xlsx_path = write_files(
        int(lines), Path(out_dir), int(seed), xlsx == "xlsx"
    )
    print(
        json.dumps(
            {"csv": str(csv_path), "xlsx": str(xlsx_path) if xlsx_path else None}
        )
    )


def run_raw(csv_path: str) -> None:
    from bench.raw import raw_insert

    cpu = _cpu_seconds()
    result = raw_insert(Path(csv_path))
    result["cpu_seconds"] = _cpu_seconds() - cpu
    result["maxrss_kib"] = _maxrss_kib()
    print(json.dumps(result))


def run_floor(source_dir: str, target_dir: str) -> None:
    # Django is set up only so that floor.py can read the import writer's
    # constants; the writes go through sqlite3 directly.
    _django_setup(target_dir)
    from bench.floor import write_floor

    print(json.dumps(write_floor(Path(source_dir), Path(target_dir))))


def _django_setup(data_dir: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "revisit.config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["REVISIT_DATA_DIR"] = data_dir
    import django

    django.setup()


def run_migrate(data_dir: str) -> None:
    """Create the schema in a process of its own, as a deployment does.

    Migrating loads every migration module, which would otherwise stay in
    the import process's peak memory.
    """
    _django_setup(data_dir)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(json.dumps({"migrated": True}))


def run_import(file_path: str, data_dir: str) -> None:
    _django_setup(data_dir)
    from revisit.accounts.models import Office
    from revisit.imports.services import import_batch_create, import_run

    office, _created = Office.objects.get_or_create(
        code="BENCH", defaults={"name": "Bench"}
    )
    baseline = _maxrss_kib()
    batch = import_batch_create(
        office=office, actor=None, file_name=Path(file_path).name
    )
    sampler = _TreeSampler()
    sampler.start()
    started, cpu = time.perf_counter(), _cpu_seconds()
    summary = import_run(batch=batch, path=file_path)
    seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    together_kib = sampler.stop()
    keys = (
        "status",
        "rows",
        "rejected",
        "coverage_lines",
        "policies_created",
        "policies_updated",
        "customers_created",
        "customers_matched",
        "error",
    )
    result = {key: summary.get(key) for key in keys}
    result.update(
        seconds=seconds,
        rate=summary["rows"] / seconds,
        cpu_seconds=cpu,
        maxrss_kib=_maxrss_kib(),
        worker_maxrss_kib=_maxrss_kib(resource.RUSAGE_CHILDREN),
        together_kib=together_kib,
        baseline_kib=baseline,
    )
    print(json.dumps(result))


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    if command == "raw":
        run_raw(*arguments)
    elif command == "generate":
        run_generate(*arguments)
    elif command == "migrate":
        run_migrate(*arguments)
    elif command == "floor":
        run_floor(*arguments)
    else:
        run_import(*arguments)
