"""Storage of uploaded extracts in MEDIA_ROOT/imports/<batch id>/<file name>.

A file is kept while its batch may still need it: while it waits for a
header mapping (pending) and while it runs. When the batch reaches a final
status, upload_release keeps the file's header on the batch, for the
rejected-rows export, and deletes the file.
"""

import logging
import shutil
from pathlib import Path, PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError
from django.utils.text import get_valid_filename

from revisit.core.exceptions import DomainError
from revisit.imports.mapping import preview_columns
from revisit.imports.models import ImportBatch
from revisit.imports.services import header_preview

logger = logging.getLogger(__name__)

FINAL_STATUSES = frozenset(
    {
        ImportBatch.Status.COMMITTED,
        ImportBatch.Status.REJECTED,
        ImportBatch.Status.FAILED,
    }
)


def uploads_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def upload_dir(batch: ImportBatch) -> Path:
    return uploads_root() / str(batch.pk)


def upload_path(batch: ImportBatch) -> Path:
    """Return the stored file's path, derived from the batch's file name.

    Only the last path component of the name the browser sent is used, so a
    crafted name cannot point outside the batch's folder.
    """
    name = PurePath(batch.file_name.replace("\\", "/")).name
    return upload_dir(batch) / get_valid_filename(name)


def upload_store(*, batch: ImportBatch, upload: UploadedFile) -> Path:
    """Write `upload` into the batch's folder in chunks and return its path."""
    path = upload_path(batch)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return path


def upload_release(batch: ImportBatch) -> bool:
    """Delete the stored file of a batch in a final status; return whether it did.

    Before that, the header of a batch with rejected rows is stored in
    batch.header_columns. When that write fails (on SQLite another import
    may hold the write lock) the file stays, and `revisit clean-uploads`
    releases it later.
    """
    if batch.status not in FINAL_STATUSES:
        return False
    folder = upload_dir(batch)
    if not folder.exists():
        return False

    path = upload_path(batch)
    if not batch.header_columns and path.exists() and batch.rejected_rows.exists():
        columns = _read_header_columns(batch, path)
        if columns:
            batch.header_columns = columns
            try:
                batch.save(update_fields=["header_columns", "updated_at"])
            except DatabaseError:
                logger.exception(
                    "Import batch %s: header not stored, upload kept at %s",
                    batch.pk,
                    folder,
                )
                return False

    shutil.rmtree(folder, ignore_errors=True)
    logger.info("Import batch %s: upload deleted (%s)", batch.pk, batch.status)
    return True


def header_columns_for(batch: ImportBatch) -> list[dict]:
    """Return the file's header columns as [{"index", "header", "field"}].

    They come from the batch, or from the stored file for a batch finished
    before headers were stored. The list is empty when neither has them.
    """
    if batch.header_columns:
        return batch.header_columns
    path = upload_path(batch)
    if not path.exists():
        return []
    return _read_header_columns(batch, path)


def _read_header_columns(batch: ImportBatch, path: Path) -> list[dict]:
    # NOTE: previewing the header decompresses a whole .xlsx sheet once (to
    # find its merged ranges) and loads a whole .xls or .ods sheet, so for a
    # very large workbook it costs about one more read of the file.
    try:
        preview = header_preview(
            office=batch.office, path=path, profile_name=batch.profile_name
        )
    except DomainError:
        return []
    return [
        {"index": column.index, "header": column.header, "field": column.field}
        for column in preview_columns(preview)
    ]
