"""Running imports whose process died are marked failed when shown."""

import pytest
from django.db import OperationalError, connection
from django.urls import reverse

from revisit.core.models import AuditEntry
from revisit.imports import recovery
from revisit.imports.models import ImportBatch
from revisit.imports.recovery import batch_fail_if_interrupted, batches_fail_interrupted
from revisit.imports.upload_storage import upload_dir, upload_path
from tests import factories
from tests.imports.upload_support import (  # noqa: F401
    ID_ZHANG,
    media_root,
    row,
    write_csv,
)

RUNNER_GONE_ZH = (
    "导入已中断：运行导入的服务器进程已停止。没有导入任何数据，请重新上传文件。"
)


@pytest.fixture
def interrupted(agent, gone_runner):
    """A batch of `agent` left running by a process that has ended, with its file."""
    batch = factories.make_import_batch(
        agent, status=ImportBatch.Status.RUNNING, runner=gone_runner
    )
    path = upload_path(batch)
    path.parent.mkdir(parents=True)
    write_csv(path, [row("P1", "张三", ID_ZHANG)])
    return batch


def status_of(batch) -> str:
    batch.refresh_from_db()
    return batch.status


def test_gone_runner_marks_batch_failed(interrupted):
    assert batch_fail_if_interrupted(interrupted) is True
    interrupted.refresh_from_db()
    assert interrupted.status == ImportBatch.Status.FAILED
    assert interrupted.error_message == RUNNER_GONE_ZH
    assert interrupted.finished_at is not None


def test_interrupted_batch_is_audited(interrupted):
    batch_fail_if_interrupted(interrupted)
    entry = AuditEntry.objects.get(action="imports.batch.interrupted")
    assert entry.target_id == str(interrupted.pk)
    assert entry.office_id == interrupted.office_id
    assert entry.actor is None
    assert entry.data["runner"]["pid"] == interrupted.runner["pid"]


def test_interrupted_batch_is_logged(interrupted, caplog):
    with caplog.at_level("WARNING", logger="revisit.imports.recovery"):
        batch_fail_if_interrupted(interrupted)
    message = caplog.records[-1].getMessage()
    assert f"Import batch {interrupted.pk} marked failed" in message
    assert f"pid={interrupted.runner['pid']}" in message


def test_interrupted_batch_upload_is_deleted(interrupted):
    folder = upload_dir(interrupted)
    batch_fail_if_interrupted(interrupted)
    assert not folder.exists()


def test_second_check_changes_nothing(interrupted):
    assert batch_fail_if_interrupted(interrupted) is True
    stale_copy = ImportBatch.objects.get(pk=interrupted.pk)
    stale_copy.status = ImportBatch.Status.RUNNING
    assert batch_fail_if_interrupted(stale_copy) is False
    assert AuditEntry.objects.filter(action="imports.batch.interrupted").count() == 1


def test_live_runner_stays_running(agent):
    batch = factories.make_import_batch(agent, status=ImportBatch.Status.RUNNING)
    assert batch_fail_if_interrupted(batch) is False
    assert status_of(batch) == ImportBatch.Status.RUNNING


def test_runner_on_other_host_stays_running(agent, gone_runner):
    batch = factories.make_import_batch(
        agent,
        status=ImportBatch.Status.RUNNING,
        runner=dict(gone_runner, host="another-server"),
    )
    assert batch_fail_if_interrupted(batch) is False
    assert status_of(batch) == ImportBatch.Status.RUNNING


def test_batch_without_runner_is_failed(agent):
    # Started by a version of Revisit that did not store the runner.
    batch = factories.make_import_batch(
        agent, status=ImportBatch.Status.RUNNING, runner={}
    )
    assert batch_fail_if_interrupted(batch) is True
    assert status_of(batch) == ImportBatch.Status.FAILED


@pytest.mark.parametrize(
    "status",
    [
        ImportBatch.Status.PENDING,
        ImportBatch.Status.COMMITTED,
        ImportBatch.Status.REJECTED,
        ImportBatch.Status.FAILED,
    ],
)
def test_batch_not_running_is_left_alone(agent, gone_runner, status):
    batch = factories.make_import_batch(agent, status=status, runner=gone_runner)
    assert batch_fail_if_interrupted(batch) is False
    assert status_of(batch) == status


def test_rows_written_before_death_change_message(interrupted, agent):
    # The transaction committed, but the process died before the batch's
    # final status was saved.
    policy = factories.make_policy(factories.make_customer(agent))
    policy.last_import = interrupted
    policy.save()
    batch_fail_if_interrupted(interrupted)
    interrupted.refresh_from_db()
    assert interrupted.status == ImportBatch.Status.FAILED
    assert "数据写入后停止" in interrupted.error_message
    assert "不会重复" in interrupted.error_message


def test_strict_rejected_rows_mean_nothing_written(interrupted):
    # A strict import stores its rejected rows after rolling back.
    interrupted.strict = True
    interrupted.save()
    interrupted.rejected_rows.create(row_number=2, message="x")
    batch_fail_if_interrupted(interrupted)
    interrupted.refresh_from_db()
    assert interrupted.error_message == RUNNER_GONE_ZH


def test_locked_database_leaves_batch_running(interrupted, monkeypatch):
    def locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(recovery, "audit_log", locked)
    assert batch_fail_if_interrupted(interrupted) is False
    assert status_of(interrupted) == ImportBatch.Status.RUNNING
    assert upload_dir(interrupted).exists()


def test_locked_database_logged_once_a_minute(
    interrupted, monkeypatch, caplog
):
    def locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(recovery, "audit_log", locked)
    monkeypatch.setattr(recovery, "_lock_logged_at", {})
    with caplog.at_level("INFO", logger="revisit.imports.recovery"):
        batch_fail_if_interrupted(interrupted)
        batch_fail_if_interrupted(interrupted)
    messages = [record.getMessage() for record in caplog.records]
    assert messages == [
        f"Import batch {interrupted.pk}: runner gone, but the database is "
        "locked; left running until a later check"
    ]


def test_other_database_error_is_raised(interrupted, monkeypatch):
    def broken(**kwargs):
        raise OperationalError("disk I/O error")

    monkeypatch.setattr(recovery, "audit_log", broken)
    with pytest.raises(OperationalError, match="disk I/O error"):
        batch_fail_if_interrupted(interrupted)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's busy timeout")
def test_lock_wait_is_short_then_restored(db, settings):
    def busy_timeout() -> int:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout")
            return cursor.fetchone()[0]

    before = busy_timeout()
    with recovery._short_lock_wait():
        assert busy_timeout() == recovery.LOCK_WAIT_MILLISECONDS
    assert busy_timeout() == before
    assert before == settings.DATABASES["default"]["OPTIONS"]["timeout"] * 1000


def test_batches_fail_interrupted_counts(agent, interrupted):
    factories.make_import_batch(agent, status=ImportBatch.Status.RUNNING)
    marked = batches_fail_interrupted(ImportBatch.objects.all())
    assert marked == 1


# --- Pages -----------------------------------------------------------------


def test_detail_page_shows_interruption(client, agent, interrupted):
    client.force_login(agent)
    response = client.get(reverse("imports:batch_detail", args=[interrupted.pk]))
    assert response.templates[0].name == "imports/batch_results.html"
    assert RUNNER_GONE_ZH in response.content.decode()
    assert status_of(interrupted) == ImportBatch.Status.FAILED


def test_failed_page_links_to_upload(client, manager):
    # A batch whose process died before any count was stored.
    batch = factories.make_import_batch(
        manager,
        status=ImportBatch.Status.FAILED,
        error_message="导入已中断",
        summary={},
    )
    client.force_login(manager)
    response = client.get(reverse("imports:batch_detail", args=[batch.pk]))
    page = response.content.decode()
    upload = reverse("imports:batch_upload")
    # The navigation links to the upload page too; the button is the page's own.
    assert f'<a class="button" href="{upload}">导入其他文件</a>' in page


def test_progress_poll_redirects_interrupted(client, agent, interrupted):
    client.force_login(agent)
    response = client.get(
        reverse("imports:batch_progress", args=[interrupted.pk]),
        headers={"HX-Request": "true"},
    )
    assert response["HX-Redirect"] == reverse(
        "imports:batch_detail", args=[interrupted.pk]
    )
    assert status_of(interrupted) == ImportBatch.Status.FAILED


def test_history_shows_interrupted_as_failed(client, agent, interrupted):
    client.force_login(agent)
    response = client.get(reverse("imports:batch_list"))
    assert 'class="badge status-failed"' in response.content.decode()
    assert status_of(interrupted) == ImportBatch.Status.FAILED


def test_progress_page_of_other_host_batch(client, agent, gone_runner):
    batch = factories.make_import_batch(
        agent,
        status=ImportBatch.Status.RUNNING,
        runner=dict(gone_runner, host="another-server"),
    )
    client.force_login(agent)
    response = client.get(reverse("imports:batch_detail", args=[batch.pk]))
    assert response.templates[0].name == "imports/batch_progress.html"


@pytest.mark.parametrize("viewer", ["foreign_agent", "teammate", "other_supervisor"])
@pytest.mark.parametrize("page", ["imports:batch_detail", "imports:batch_progress"])
def test_unseen_batch_is_not_touched(client, request, interrupted, viewer, page):
    client.force_login(request.getfixturevalue(viewer))
    response = client.get(reverse(page, args=[interrupted.pk]))
    assert response.status_code == 404
    assert status_of(interrupted) == ImportBatch.Status.RUNNING
    assert upload_dir(interrupted).exists()


@pytest.mark.parametrize("viewer", ["foreign_agent", "teammate", "other_supervisor"])
def test_other_history_does_not_touch_batch(client, request, interrupted, viewer):
    client.force_login(request.getfixturevalue(viewer))
    response = client.get(reverse("imports:batch_list"))
    assert response.status_code == 200
    assert status_of(interrupted) == ImportBatch.Status.RUNNING
