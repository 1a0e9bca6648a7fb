"""Uploaded files: kept while an import needs them, deleted after."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from revisit.core.models import AuditEntry
from revisit.imports import services
from revisit.imports.cleanup import uploads_clean
from revisit.imports.models import ImportBatch
from revisit.imports.upload_storage import (
    header_columns_for,
    upload_dir,
    upload_path,
    upload_release,
    uploads_root,
)
from tests import factories
from tests.imports.upload_support import (  # noqa: F401
    HEADER,
    ID_DESTROYED,
    ID_ZHANG,
    media_root,
    row,
    upload,
    write_csv,
)

# An unknown column keeps an upload waiting for a mapping.
UNMAPPED_HEADER = [*HEADER, "备用字段"]


def only_batch() -> ImportBatch:
    return ImportBatch.objects.get()


def stored_files() -> list[str]:
    root = uploads_root()
    if not root.exists():
        return []
    return sorted(str(path.relative_to(root)) for path in root.rglob("*"))


def store_file(batch, rows=None, header=HEADER):
    path = upload_path(batch)
    path.parent.mkdir(parents=True)
    write_csv(path, rows or [row("P1", "张三", ID_ZHANG)], header=header)
    return path


def days_ago(batch, days: int) -> None:
    ImportBatch.objects.filter(pk=batch.pk).update(
        created_at=timezone.now() - dt.timedelta(days=days)
    )


# --- After an upload ---------------------------------------------------------


def test_committed_upload_is_deleted(client, manager, agent, tmp_path):
    client.force_login(manager)
    upload(client, write_csv(tmp_path / "x.csv", [row("P1", "张三", ID_ZHANG)]))
    assert only_batch().status == ImportBatch.Status.COMMITTED
    assert stored_files() == []


def test_rejected_upload_is_deleted(client, manager, tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"this is not a spreadsheet")
    client.force_login(manager)
    upload(client, path)
    assert only_batch().status == ImportBatch.Status.REJECTED
    assert stored_files() == []


def test_failed_upload_is_deleted(client, manager, agent, tmp_path, monkeypatch):
    def broken_run(**kwargs):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(services, "import_run", broken_run)
    client.force_login(manager)
    upload(client, write_csv(tmp_path / "x.csv", [row("P1", "张三", ID_ZHANG)]))
    assert only_batch().status == ImportBatch.Status.FAILED
    assert stored_files() == []


def test_upload_waiting_for_mapping_keeps_file(client, manager, agent, tmp_path):
    path = write_csv(
        tmp_path / "x.csv",
        [row("P1", "张三", ID_ZHANG) + ["x"]],
        header=UNMAPPED_HEADER,
    )
    client.force_login(manager)
    upload(client, path)
    batch = only_batch()
    assert batch.status == ImportBatch.Status.PENDING
    assert upload_path(batch).read_bytes() == path.read_bytes()


def test_mapped_upload_is_deleted_after_import(client, manager, agent, tmp_path):
    path = write_csv(
        tmp_path / "x.csv",
        [row("P1", "张三", ID_ZHANG) + ["x"]],
        header=UNMAPPED_HEADER,
    )
    client.force_login(manager)
    response = upload(client, path)
    batch = only_batch()
    form = response.context["form"]
    field = next(name for name, f in form.fields.items() if f.label == "备用字段")
    client.post(reverse("imports:batch_mapping", args=[batch.pk]), {field: ""})
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED
    assert stored_files() == []


def test_header_is_kept_for_rejected_rows(client, manager, agent, tmp_path):
    rows = [row("P1", "张三", ID_ZHANG), row("P2", "李四", ID_DESTROYED)]
    client.force_login(manager)
    upload(client, write_csv(tmp_path / "x.csv", rows))
    batch = only_batch()
    assert stored_files() == []
    assert [column["header"] for column in batch.header_columns] == HEADER
    assert batch.header_columns[0] == {
        "index": 0,
        "header": "保单号",
        "field": "policy_number",
    }


def test_header_not_kept_without_rejected_rows(client, manager, agent, tmp_path):
    client.force_login(manager)
    upload(client, write_csv(tmp_path / "x.csv", [row("P1", "张三", ID_ZHANG)]))
    assert only_batch().header_columns == []


# --- upload_release and header_columns_for ------------------------------------


def test_release_keeps_file_of_running_batch(manager):
    batch = factories.make_import_batch(manager, status=ImportBatch.Status.RUNNING)
    path = store_file(batch)
    assert upload_release(batch) is False
    assert path.exists()


def test_release_keeps_file_of_pending_batch(manager):
    batch = factories.make_import_batch(manager, status=ImportBatch.Status.PENDING)
    path = store_file(batch)
    assert upload_release(batch) is False
    assert path.exists()


def test_release_keeps_file_when_header_not_saved(manager, monkeypatch):
    batch = factories.make_import_batch(manager, status=ImportBatch.Status.REJECTED)
    batch.rejected_rows.create(row_number=2, message="x")
    path = store_file(batch)

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(ImportBatch, "save", locked)
    assert upload_release(batch) is False
    assert path.exists()


def test_header_columns_read_from_old_file(manager):
    # A batch finished before headers were stored still has its file.
    batch = factories.make_import_batch(manager, status=ImportBatch.Status.REJECTED)
    store_file(batch)
    assert [column["header"] for column in header_columns_for(batch)] == HEADER


def test_header_columns_empty_without_file(manager):
    batch = factories.make_import_batch(manager, status=ImportBatch.Status.REJECTED)
    assert header_columns_for(batch) == []


# --- revisit clean-uploads ---------------------------------------------------


def test_clean_deletes_finished_batch_files(manager):
    batch = factories.make_import_batch(manager, status=ImportBatch.Status.REJECTED)
    batch.rejected_rows.create(row_number=2, message="x", cells=["P1"])
    store_file(batch)
    counts = uploads_clean()
    batch.refresh_from_db()
    assert counts.released == 1
    assert stored_files() == []
    assert [column["header"] for column in batch.header_columns] == HEADER


def test_clean_deletes_folders_of_deleted_batches(manager):
    batch = factories.make_import_batch(manager, status=ImportBatch.Status.PENDING)
    store_file(batch)
    ImportBatch.objects.filter(pk=batch.pk).delete()
    counts = uploads_clean()
    assert counts.orphaned == 1
    assert stored_files() == []


def test_clean_discards_old_pending_batches(manager):
    batch = factories.make_import_batch(manager, status=ImportBatch.Status.PENDING)
    store_file(batch)
    days_ago(batch, 31)
    counts = uploads_clean(pending_days=30)
    assert counts.discarded == 1
    assert not ImportBatch.objects.filter(pk=batch.pk).exists()
    assert stored_files() == []
    entry = AuditEntry.objects.get(action="imports.batch.discarded")
    assert entry.target_id == str(batch.pk)
    assert entry.actor is None


def test_clean_discards_old_pending_batch_without_file(manager):
    batch = factories.make_import_batch(manager, status=ImportBatch.Status.PENDING)
    days_ago(batch, 31)
    assert uploads_clean(pending_days=30).discarded == 1
    assert not ImportBatch.objects.filter(pk=batch.pk).exists()


def test_clean_keeps_recent_pending_batches(manager):
    batch = factories.make_import_batch(manager, status=ImportBatch.Status.PENDING)
    path = store_file(batch)
    days_ago(batch, 29)
    counts = uploads_clean(pending_days=30)
    assert counts.kept == 1
    assert counts.discarded == 0
    assert path.exists()


def test_clean_keeps_running_batch_files(manager):
    batch = factories.make_import_batch(manager, status=ImportBatch.Status.RUNNING)
    path = store_file(batch)
    counts = uploads_clean()
    assert counts.kept == 1
    assert path.exists()


def test_clean_fails_interrupted_batches(manager, gone_runner):
    batch = factories.make_import_batch(
        manager, status=ImportBatch.Status.RUNNING, runner=gone_runner
    )
    store_file(batch)
    counts = uploads_clean()
    batch.refresh_from_db()
    assert counts.interrupted == 1
    assert batch.status == ImportBatch.Status.FAILED
    assert stored_files() == []


def test_clean_leaves_other_folders(db):
    other = uploads_root() / "notes"
    other.mkdir(parents=True)
    counts = uploads_clean()
    assert other.exists()
    assert counts.kept == 0


def test_clean_without_uploads_folder(db):
    counts = uploads_clean()
    assert vars(counts) == {
        "interrupted": 0,
        "discarded": 0,
        "released": 0,
        "orphaned": 0,
        "kept": 0,
    }


def test_clean_command_prints_counts(manager):
    batch = factories.make_import_batch(manager, status=ImportBatch.Status.COMMITTED)
    store_file(batch)
    out = io.StringIO()
    call_command("clean-uploads", stdout=out)
    assert "删除的已结束导入的文件：1 个。" in out.getvalue()
    assert not upload_dir(batch).exists()


def test_clean_command_rejects_negative_days(db):
    with pytest.raises(CommandError, match="--pending-days"):
        call_command("clean-uploads", "--pending-days", "-1")
