"""Run an uploaded import outside the request, and report its progress.

`settings.REVISIT_IMPORT_RUNNER` picks the runner. "thread" (the default)
starts a daemon thread in the web process with its own database connection,
so the upload request returns at once. "sync" runs the import inside the
request; tests use it so that they see the imported rows.

The pipeline writes the book in one transaction, so rows_done on the batch
row only becomes visible to other connections when it commits. Progress is
therefore also kept in the default cache, where the polling request reads it.

When the run ends, in any final status, the uploaded file is deleted
(revisit.imports.upload_storage.upload_release says when it stays).
"""

import logging
import threading
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.utils import timezone

from revisit.imports import services
from revisit.imports.failures import UNEXPECTED_ERROR, stored_message
from revisit.imports.models import ImportBatch
from revisit.imports.runners import current_runner
from revisit.imports.upload_storage import upload_release

logger = logging.getLogger(__name__)

RUNNERS = ("thread", "sync")
# Twelve hours, far longer than an import should take. The run deletes the
# entry when it ends.
PROGRESS_TIMEOUT_SECONDS = 12 * 3600


def progress_key(batch_id: int) -> str:
    return f"revisit:imports:progress:{batch_id}"


def batch_progress(batch: ImportBatch) -> tuple[int, int]:
    """Return (rows done, rows total) for `batch`, live while it runs."""
    live = cache.get(progress_key(batch.pk))
    if live is not None:
        return live
    return batch.rows_done, batch.rows_total


def import_start(*, batch: ImportBatch, path: Path) -> bool:
    """Mark a pending `batch` running and run it with the configured runner.

    Return False, doing nothing, when the batch is no longer pending.
    """
    runner = settings.REVISIT_IMPORT_RUNNER
    if runner not in RUNNERS:
        raise ImproperlyConfigured(
            f"REVISIT_IMPORT_RUNNER must be one of {RUNNERS}, got {runner!r}"
        )
    # A double-clicked mapping form posts twice. The conditional UPDATE lets
    # only the first request start the run. Both runners run the import in
    # this process, which is therefore the batch's runner.
    started = ImportBatch.objects.filter(
        pk=batch.pk, status=ImportBatch.Status.PENDING
    ).update(status=ImportBatch.Status.RUNNING, runner=current_runner())
    if not started:
        logger.info("Import batch %s already started", batch.pk)
        return False
    cache.set(progress_key(batch.pk), (0, 0), PROGRESS_TIMEOUT_SECONDS)
    logger.info("Import batch %s starting (%s runner)", batch.pk, runner)

    if runner == "sync":
        _run(batch.pk, path)
        return True

    # A daemon thread dies with its process. A server stopped during an
    # import leaves the batch "running" until a page that shows it finds the
    # runner gone (revisit.imports.recovery).
    def start_thread() -> None:
        thread = threading.Thread(
            target=_run_in_thread,
            args=(batch.pk, path),
            name=f"import-{batch.pk}",
            daemon=True,
        )
        thread.start()

    # The thread's connection must see the committed batch row.
    transaction.on_commit(start_thread)
    return True


def _run_in_thread(batch_id: int, path: Path) -> None:
    close_old_connections()
    try:
        _run(batch_id, path)
    finally:
        # Django opens one connection per thread; nothing else closes this one.
        connection.close()


def _run(batch_id: int, path: Path) -> None:
    key = progress_key(batch_id)

    def progress(done: int, total: int) -> None:
        cache.set(key, (done, total), PROGRESS_TIMEOUT_SECONDS)

    try:
        batch = ImportBatch.objects.get(pk=batch_id)
        services.import_run(batch=batch, path=path, progress=progress)
    except Exception:
        logger.exception("Import batch %s failed", batch_id)
        _mark_failed(batch_id)
    else:
        logger.info("Import batch %s finished: %s", batch_id, batch.status)
    finally:
        cache.delete(key)
        _release_upload(batch_id)


def _mark_failed(batch_id: int) -> None:
    now = timezone.now()
    ImportBatch.objects.filter(pk=batch_id).update(
        status=ImportBatch.Status.FAILED,
        error_message=stored_message(UNEXPECTED_ERROR, batch_id=batch_id),
        finished_at=now,
        updated_at=now,
    )


def _release_upload(batch_id: int) -> None:
    try:
        batch = ImportBatch.objects.filter(pk=batch_id).first()
        if batch is not None:
            upload_release(batch)
    except DatabaseError:
        # The batch keeps its file; `revisit clean-uploads` deletes it later.
        logger.exception("Import batch %s: upload not released", batch_id)
