"""Deleting uploaded files that no import needs, for `revisit clean-uploads`.

An import deletes its file when it finishes. Files stay behind when the
import's process died, when the batch was deleted, when a run could not
store the header, or when the import finished before files were deleted.
A batch waiting for a header mapping keeps its file until someone maps the
columns or discards it.
"""

import logging
import shutil
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from revisit.imports.models import ImportBatch
from revisit.imports.recovery import batches_fail_interrupted
from revisit.imports.upload_storage import FINAL_STATUSES, upload_release, uploads_root
from revisit.imports.uploads import import_upload_discard

logger = logging.getLogger(__name__)

DEFAULT_PENDING_DAYS = 30


@dataclass
class CleanupCounts:
    interrupted: int = 0  # running imports whose process is gone, marked failed
    discarded: int = 0  # imports waiting for a mapping too long, discarded
    released: int = 0  # files of finished imports deleted
    orphaned: int = 0  # folders of deleted imports deleted
    kept: int = 0  # folders of imports that still need them


def uploads_clean(*, pending_days: int = DEFAULT_PENDING_DAYS) -> CleanupCounts:
    """Delete the uploaded files that no import needs, and count what was done.

    Marks failed the running imports whose process is gone on this host,
    discards the imports that have waited for a header mapping for more
    than `pending_days` days, with their files, and deletes the files of
    finished or deleted imports. Files of running imports stay.
    """
    counts = CleanupCounts()
    counts.interrupted = batches_fail_interrupted(ImportBatch.objects.all())

    cutoff = timezone.now() - timedelta(days=pending_days)
    stale = ImportBatch.objects.filter(
        status=ImportBatch.Status.PENDING, created_at__lt=cutoff
    )
    for batch in stale:
        import_upload_discard(batch=batch, actor=None)
        logger.info("Import batch %s discarded: pending since %s", batch.pk, cutoff)
        counts.discarded += 1

    root = uploads_root()
    if not root.is_dir():
        return counts
    folders = {
        int(folder.name): folder
        for folder in root.iterdir()
        if folder.is_dir() and folder.name.isdigit()
    }
    batches = ImportBatch.objects.in_bulk(list(folders))
    for batch_id, folder in sorted(folders.items()):
        batch = batches.get(batch_id)
        if batch is None:
            shutil.rmtree(folder, ignore_errors=True)
            logger.info("Upload folder %s deleted: its import is gone", folder)
            counts.orphaned += 1
        elif batch.status in FINAL_STATUSES and upload_release(batch):
            counts.released += 1
        else:
            counts.kept += 1
    return counts
