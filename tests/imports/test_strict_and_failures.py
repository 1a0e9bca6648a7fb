"""Strict mode, interrupted imports and files that cannot be imported."""

import pytest

from revisit.book.models import Customer, Policy
from revisit.imports.models import ImportBatch, RejectedRow
from revisit.imports.runners import current_runner
from revisit.imports.services import import_batch_create, import_run
from tests.imports.files import write_csv
from tests.imports.test_import_rules import HEADER, row


@pytest.fixture
def bad_file(tmp_path):
    return write_csv(
        tmp_path / "bad.csv", [HEADER, row(), row(保单号="P2", 证件号码="1.1E+17")]
    )


def test_strict_imports_nothing_when_a_row_is_invalid(bad_file, run_import, office):
    summary, batch = run_import(bad_file, strict=True)
    assert batch.status == ImportBatch.Status.REJECTED
    assert summary["rejected"] == 1
    assert Policy.objects.filter(office=office).count() == 0
    assert Customer.objects.filter(office=office).count() == 0
    # The rejected rows are still stored, to fix and re-import.
    assert RejectedRow.objects.filter(batch=batch).count() == 1


def test_default_mode_imports_the_valid_rows(bad_file, run_import, office):
    summary, batch = run_import(bad_file)
    assert batch.status == ImportBatch.Status.COMMITTED
    assert summary["coverage_lines"] == 1
    assert Policy.objects.filter(office=office).count() == 1


def test_strict_commits_a_clean_file(tmp_path, run_import):
    _summary, batch = run_import(
        write_csv(tmp_path / "ok.csv", [HEADER, row()]), strict=True
    )
    assert batch.status == ImportBatch.Status.COMMITTED


def _many_rows(tmp_path):
    rows = [HEADER] + [row(保单号=f"P{n}") for n in range(25_000)]
    return write_csv(tmp_path / "many.csv", rows)


def test_interrupted_import_leaves_database_as_it_was(tmp_path, office):
    path = _many_rows(tmp_path)
    batch = import_batch_create(office=office, actor=None, file_name="many.csv")

    def interrupt(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_run(batch=batch, path=path, progress=interrupt)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    assert Policy.objects.filter(office=office).count() == 0
    assert Customer.objects.filter(office=office).count() == 0


def test_error_during_import_marks_batch_failed(tmp_path, office):
    path = _many_rows(tmp_path)
    batch = import_batch_create(office=office, actor=None, file_name="many.csv")

    def fail(done, total):
        raise RuntimeError("disk full")

    summary = import_run(batch=batch, path=path, progress=fail)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    assert summary["status"] == ImportBatch.Status.FAILED
    assert Policy.objects.filter(office=office).count() == 0


def test_error_during_import_stores_chinese_message(tmp_path, office):
    path = _many_rows(tmp_path)
    batch = import_batch_create(office=office, actor=None, file_name="many.csv")

    def fail(done, total):
        raise RuntimeError("disk full")

    summary = import_run(batch=batch, path=path, progress=fail)
    batch.refresh_from_db()
    assert batch.error_message.startswith("导入因意外错误而中止。")
    assert str(batch.pk) in batch.error_message
    assert "RuntimeError" not in batch.error_message
    assert summary["error"] == batch.error_message


def test_interrupted_import_stores_chinese_message(tmp_path, office):
    path = _many_rows(tmp_path)
    batch = import_batch_create(office=office, actor=None, file_name="many.csv")

    def interrupt(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_run(batch=batch, path=path, progress=interrupt)
    batch.refresh_from_db()
    assert batch.error_message.startswith("导入在完成前被中断")
    assert "KeyboardInterrupt" not in batch.error_message


def test_running_import_stores_its_runner(tmp_path, office):
    path = write_csv(tmp_path / "ok.csv", [HEADER, row()])
    batch = import_batch_create(office=office, actor=None, file_name="ok.csv")
    import_run(batch=batch, path=path)
    batch.refresh_from_db()
    assert batch.runner == current_runner()


def test_file_without_header_is_rejected(tmp_path, run_import):
    path = write_csv(tmp_path / "x.csv", [["a", "b"], ["1", "2"]])
    summary, batch = run_import(path)
    assert batch.status == ImportBatch.Status.REJECTED
    assert "保单号" in summary["error"]


def test_progress_reports_rows(tmp_path, run_import):
    seen = []
    run_import(
        write_csv(tmp_path / "x.csv", [HEADER, row(), row(保单号="P2")]),
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen == [(2, 2)]


def test_batch_records_counts_and_finish(tmp_path, run_import):
    summary, batch = run_import(write_csv(tmp_path / "x.csv", [HEADER, row()]))
    assert batch.rows_total == batch.rows_done == 1
    assert batch.finished_at is not None
    assert batch.summary == summary
    assert set(summary) >= {
        "rows",
        "rejected",
        "coverage_lines",
        "policies_created",
        "policies_updated",
        "customers_created",
        "customers_matched",
        "missing_policies",
        "unknown_headers",
        "errors",
        "file",
        "batch_id",
        "seconds",
    }
