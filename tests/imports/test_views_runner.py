"""The background runner: threads, failures and the runner setting."""

import threading

import pytest
from django.core.exceptions import ImproperlyConfigured

from revisit.book.models import Policy
from revisit.imports import services
from revisit.imports.models import ImportBatch
from revisit.imports.runners import current_runner
from revisit.imports.tasks import import_start
from revisit.imports.upload_storage import upload_path
from tests import factories
from tests.imports.upload_support import (  # noqa: F401
    ID_ZHANG,
    media_root,
    row,
    upload,
    write_csv,
)


def pending_batch_with_file(user):
    batch = services.import_batch_create(
        office=user.office, actor=user, file_name="extract.csv"
    )
    path = upload_path(batch)
    path.parent.mkdir(parents=True)
    write_csv(path, [row("P1", "张三", ID_ZHANG)])
    return batch, path


def join_import_threads():
    for thread in threading.enumerate():
        if thread.name.startswith("import-"):
            thread.join(timeout=30)


@pytest.mark.django_db(transaction=True)
def test_thread_runner_imports_in_background(settings, manager, agent):
    settings.REVISIT_IMPORT_RUNNER = "thread"
    batch, path = pending_batch_with_file(manager)
    import_start(batch=batch, path=path)
    join_import_threads()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED
    assert Policy.objects.filter(policy_number="P1").exists()


@pytest.mark.django_db(transaction=True)
def test_thread_runner_records_web_process(settings, manager, agent):
    settings.REVISIT_IMPORT_RUNNER = "thread"
    batch, path = pending_batch_with_file(manager)
    import_start(batch=batch, path=path)
    join_import_threads()
    batch.refresh_from_db()
    assert batch.runner == current_runner()
    # The thread deletes the upload once the import has finished.
    assert not path.exists()


def test_start_records_runner_with_status(monkeypatch, manager):
    statuses = []

    def observed_run(**kwargs):
        statuses.append(ImportBatch.objects.values("status", "runner").get())

    monkeypatch.setattr(services, "import_run", observed_run)
    batch, path = pending_batch_with_file(manager)
    import_start(batch=batch, path=path)
    assert statuses == [
        {"status": ImportBatch.Status.RUNNING, "runner": current_runner()}
    ]


@pytest.mark.django_db(transaction=True)
def test_thread_runner_marks_failure(settings, monkeypatch, manager, agent):
    settings.REVISIT_IMPORT_RUNNER = "thread"

    def broken_run(**kwargs):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(services, "import_run", broken_run)
    batch, path = pending_batch_with_file(manager)
    import_start(batch=batch, path=path)
    join_import_threads()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED


def test_failure_message_is_chinese(monkeypatch, manager):
    def broken_run(**kwargs):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(services, "import_run", broken_run)
    batch, path = pending_batch_with_file(manager)
    import_start(batch=batch, path=path)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.error_message.startswith("导入因意外错误而中止。")
    assert str(batch.pk) in batch.error_message
    assert batch.finished_at is not None


def test_failure_is_logged_with_batch_id(monkeypatch, caplog, manager):
    def broken_run(**kwargs):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(services, "import_run", broken_run)
    batch, path = pending_batch_with_file(manager)
    with caplog.at_level("ERROR", logger="revisit.imports.tasks"):
        import_start(batch=batch, path=path)
    record = caplog.records[-1]
    assert record.getMessage() == f"Import batch {batch.pk} failed"
    assert record.exc_info[1].args == ("disk gone",)


def test_sync_runner_finishes_before_returning(manager, agent):
    batch, path = pending_batch_with_file(manager)
    import_start(batch=batch, path=path)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED


def test_unknown_runner_is_rejected(settings, manager):
    settings.REVISIT_IMPORT_RUNNER = "celery"
    batch = factories.make_import_batch(manager, status=ImportBatch.Status.PENDING)
    with pytest.raises(ImproperlyConfigured, match="REVISIT_IMPORT_RUNNER"):
        import_start(batch=batch, path=upload_path(batch))


def test_second_start_is_ignored(monkeypatch, manager, agent):
    calls = []
    real_run = services.import_run

    def counted_run(**kwargs):
        calls.append(kwargs["batch"].pk)
        return real_run(**kwargs)

    monkeypatch.setattr(services, "import_run", counted_run)
    batch, path = pending_batch_with_file(manager)
    assert import_start(batch=batch, path=path) is True
    assert import_start(batch=batch, path=path) is False
    assert calls == [batch.pk]
