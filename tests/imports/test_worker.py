"""The worker process that reads and normalises large files gives the same import."""

import logging
import multiprocessing
import os
import pickle
import signal
import weakref

import pytest

from revisit.book.models import CoverageLine, Customer, Policy
from revisit.core.exceptions import DomainError
from revisit.imports import pipeline
from revisit.imports.validate import RowRejected
from revisit.imports.worker import PreparingWorker, WorkerFailed
from tests.imports.conftest import shared_file
from tests.imports.files import write_csv, write_xlsx

COMPARED = (
    "status",
    "rows",
    "rejected",
    "coverage_lines",
    "policies_created",
    "customers_created",
    "customers_matched",
    "errors",
)

FILES = [
    ("policy_extract_standard_7.xlsx", ""),
    ("policy_extract_alt_7.csv", ""),
    ("import-cases/duplicate_people.csv", "A0100"),
    ("import-cases/id_sci_notation.csv", "A0100"),
    ("import-cases/gbk.csv", "A0100"),
]


def long_extract(count: int, *, agent: bool = True) -> list[list]:
    """Return a header and `count` one-line policies, enough for several chunks."""
    header = ["保单号", "险种代码", "投保人", "被保人"]
    tail = []
    if agent:
        header.append("业务员代码")
        tail = ["A0100"]
    return [header] + [[f"P{i:06d}", "L1", "张三", "张三", *tail] for i in range(count)]


def _book(office) -> tuple:
    lines = CoverageLine.objects.filter(policy__office=office)
    return (
        Customer.objects.filter(office=office).count(),
        Policy.objects.filter(office=office).count(),
        lines.count(),
        sorted(lines.values_list("policy__policy_number", "product_code", "premium")),
    )


@pytest.mark.parametrize(("name", "agent_code"), FILES)
def test_worker_import_matches_single_process(
    name, agent_code, office, other_office, run_import, settings, caplog
):
    path = shared_file(name)
    settings.REVISIT_IMPORT_WORKER_MIN_ROWS = 0
    alone, _batch = run_import(path, default_agent_code=agent_code)
    settings.REVISIT_IMPORT_WORKER_MIN_ROWS = 1
    with caplog.at_level(logging.INFO, logger="revisit.imports.worker"):
        worked, batch = run_import(
            path, office=other_office, default_agent_code=agent_code
        )
    assert f"import worker started batch={batch.pk}" in caplog.text
    for key in COMPARED:
        assert worked[key] == alone[key], key
    assert _book(other_office)[:3] == _book(office)[:3]
    assert _book(other_office)[3] == _book(office)[3]
    assert batch.rejected_rows.count() == alone["rejected"]


def test_worker_rejected_rows_keep_their_cells(run_import, settings, tmp_path):
    header = ["保单号", "险种代码", "险种名称", "投保人", "被保人", "保费"]
    path = write_csv(
        tmp_path / "bad.csv",
        [
            [*header, "业务员代码"],
            ["P001", "L1", "终身寿险", "张三", "张三", "1000", "A0100"],
            ["P002", "L1", "终身寿险", "李四", "李四", "一千", "A0100"],
        ],
    )
    settings.REVISIT_IMPORT_WORKER_MIN_ROWS = 1
    summary, batch = run_import(path)
    assert summary["rejected"] == 1
    rejected = batch.rejected_rows.get()
    assert rejected.row_number == 3
    assert rejected.value == "一千"
    assert rejected.cells[:4] == ["P002", "L1", "终身寿险", "李四"]


def test_worker_sends_domain_error_of_unreadable_file(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with PreparingWorker(path, {}, {}) as worker:
        with pytest.raises(DomainError) as raised:
            worker.header()
    assert raised.value.code == "unreadable"


def test_worker_failure_carries_traceback(tmp_path):
    with PreparingWorker(tmp_path / "missing.csv", {}, {}) as worker:
        with pytest.raises(WorkerFailed) as raised:
            worker.header()
    assert "FileNotFoundError" in str(raised.value)


def test_worker_stopped_when_reader_leaves_early(tmp_path):
    extract = long_extract(25_000)
    path = write_csv(tmp_path / "long.csv", extract)
    worker = PreparingWorker(path, {}, {})
    process = worker._process
    with worker:
        assert worker.header().row_number == 1
        first = next(iter(worker))
        assert first.numbers[0] == 2
    # The worker was still sending chunks: leaving the block terminated it.
    assert not process.is_alive()
    assert process.exitcode != 0


def test_errors_survive_pickling():
    error = DomainError("bad %(value)s", code="bad_value", params={"value": "x"})
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is DomainError
    assert (copy.code, copy.params, str(copy)) == ("bad_value", {"value": "x"}, "bad x")
    rejected = pickle.loads(pickle.dumps(RowRejected("premium", "一千", error)))
    assert (rejected.field, rejected.value) == ("premium", "一千")
    assert str(rejected.reason) == "bad x"


def test_worker_ignores_ctrl_c(tmp_path):
    # Ctrl-C reaches the worker too, but only the importing process handles it.
    extract = long_extract(25_000)
    path = write_csv(tmp_path / "long.csv", extract)
    with PreparingWorker(path, {}, {}) as worker:
        worker.header()
        chunks = iter(worker)
        first = next(chunks)
        os.kill(worker._process.pid, signal.SIGINT)
        rest = list(chunks)
    total = len(first.numbers) + sum(len(chunk.numbers) for chunk in rest)
    assert total == len(extract) - 1  # all but the header row
    assert worker._process.exitcode == 0


def test_worker_import_leaves_reading_to_worker(
    run_import, settings, monkeypatch, tmp_path
):
    # With a worker the importing process opens the file only to size it:
    # it neither reads rows (the worker sends the header) nor keeps the source.
    extract = long_extract(12_000)
    path = write_xlsx(tmp_path / "long.xlsx", extract)
    sources, planned = [], []
    open_source = pipeline.open_source

    def open_and_track(*args, **kwargs):
        source = open_source(*args, **kwargs)
        sources.append(weakref.ref(source))
        return source

    monkeypatch.setattr(pipeline, "open_source", open_and_track)
    monkeypatch.setattr(pipeline, "plan_rows", lambda *args: planned.append(args))
    alive_while_writing = []
    settings.REVISIT_IMPORT_WORKER_MIN_ROWS = 1
    summary, _batch = run_import(
        path,
        progress=lambda done, total: alive_while_writing.append(
            sources[0]() is not None
        ),
    )
    assert summary["coverage_lines"] == len(extract) - 1
    assert summary["header_row"] == 1
    assert planned == []
    assert len(sources) == 1
    assert alive_while_writing
    assert not any(alive_while_writing)


def test_worker_stopped_when_file_has_no_agent(run_import, settings, tmp_path):
    extract = long_extract(25_000, agent=False)
    path = write_csv(tmp_path / "no-agent.csv", extract)
    settings.REVISIT_IMPORT_WORKER_MIN_ROWS = 1
    summary, _batch = run_import(path)
    assert summary["error_code"] == "no_agent_column"
    assert summary["coverage_lines"] == 0
    workers = [
        child
        for child in multiprocessing.active_children()
        if child.name.startswith("revisit-import-worker")
    ]
    assert workers == []
