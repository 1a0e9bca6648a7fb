"""Mark failed the running imports whose process has died.

An import uploaded on screen runs in a thread of the web server, and
`revisit import` in its own process. When that process ends mid-import
(Ctrl-C, kill -9, a crash, a reboot) the book is rolled back with the
import's transaction, but nothing sets the batch's final status. The pages
that show a running batch call batch_fail_if_interrupted, which checks the
runner stored on the batch (revisit.imports.runners) and marks the batch
failed when its process is gone.
"""

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.cache import cache
from django.db import OperationalError, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from revisit.book.models import Policy
from revisit.core.audit import audit_log
from revisit.core.db import is_database_locked
from revisit.imports.failures import (
    RUNNER_GONE,
    RUNNER_GONE_AFTER_WRITE,
    stored_message,
)
from revisit.imports.models import ImportBatch
from revisit.imports.runners import RunnerState, runner_state
from revisit.imports.tasks import progress_key
from revisit.imports.upload_storage import upload_release

logger = logging.getLogger(__name__)

# How long marking a batch failed waits for SQLite's write lock. Another
# import may hold that lock for minutes, and a page should not wait the
# connection's 20-second busy timeout for it. The next page view tries again.
LOCK_WAIT_MILLISECONDS = 1000
LOCK_LOG_INTERVAL_SECONDS = 60.0
# Batch id -> time.monotonic() of the last "database is locked" log line.
_lock_logged_at: dict[int, float] = {}


def batch_fail_if_interrupted(batch: ImportBatch) -> bool:
    """Mark `batch` failed when it is running and its process is gone.

    Returns whether it did; `batch` is then updated in place. A batch run
    on another host is left running, because its process cannot be checked
    from here (see revisit.imports.runners).
    """
    if batch.status != ImportBatch.Status.RUNNING:
        return False
    # An empty runner means the batch was started before runners were
    # stored. Every server process was restarted to deploy the version that
    # stores them, so that import is gone. (A `revisit import` of the old
    # version still running would set its own final status when it ends.)
    if batch.runner and runner_state(batch.runner) is not RunnerState.GONE:
        return False

    message = stored_message(
        RUNNER_GONE_AFTER_WRITE if _wrote_rows(batch) else RUNNER_GONE
    )
    now = timezone.now()
    try:
        with _short_lock_wait(), transaction.atomic():
            marked = ImportBatch.objects.filter(
                pk=batch.pk, status=ImportBatch.Status.RUNNING
            ).update(
                status=ImportBatch.Status.FAILED,
                error_message=message,
                finished_at=now,
                updated_at=now,
            )
            if marked:
                audit_log(
                    actor=None,
                    action="imports.batch.interrupted",
                    target=batch,
                    data={"runner": batch.runner},
                )
    except OperationalError as error:
        if not is_database_locked(error):
            raise
        _log_lock_deferral(batch.pk)
        return False

    batch.refresh_from_db()
    if not marked:
        # Another request marked it first.
        return False
    logger.warning(
        "Import batch %s marked failed: its runner is gone (host=%s pid=%s)",
        batch.pk,
        batch.runner.get("host", "?"),
        batch.runner.get("pid", "?"),
    )
    cache.delete(progress_key(batch.pk))
    upload_release(batch)
    return True


def _log_lock_deferral(batch_id: int) -> None:
    # A browser tab left open on the batch polls every second, so the line
    # is logged at most once per LOCK_LOG_INTERVAL_SECONDS for each batch.
    now = time.monotonic()
    last = _lock_logged_at.get(batch_id)
    if last is not None and now - last < LOCK_LOG_INTERVAL_SECONDS:
        return
    _lock_logged_at[batch_id] = now
    logger.info(
        "Import batch %s: runner gone, but the database is locked; "
        "left running until a later check",
        batch_id,
    )


def batches_fail_interrupted(batches: QuerySet[ImportBatch]) -> int:
    """Apply batch_fail_if_interrupted to the running batches of `batches`.

    Returns how many it marked failed.
    """
    running = batches.filter(status=ImportBatch.Status.RUNNING)
    return sum(batch_fail_if_interrupted(batch) for batch in running)


def _wrote_rows(batch: ImportBatch) -> bool:
    """Tell whether the batch's transaction committed before its process died.

    A committed import leaves policies whose last_import is the batch, or,
    unless strict, its rejected rows (a strict import stores them after its
    rollback).
    """
    # NOTE: a re-import that changed no policy and rejected no row leaves no
    # trace, so its batch is reported as having imported nothing.
    if Policy.objects.filter(last_import_id=batch.pk).exists():
        return True
    return not batch.strict and batch.rejected_rows.exists()


@contextmanager
def _short_lock_wait() -> Iterator[None]:
    """Make SQLite wait at most LOCK_WAIT_MILLISECONDS for the write lock."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        previous = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA busy_timeout = {LOCK_WAIT_MILLISECONDS}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {previous}")
