"""Accepting an uploaded extract, and discarding one that never started."""

import shutil
from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile

from revisit.accounts.models import User
from revisit.core.audit import audit_log
from revisit.core.exceptions import DomainError
from revisit.imports.mapping import needs_mapping
from revisit.imports.models import ImportBatch
from revisit.imports.selectors import source_profile_for
from revisit.imports.services import header_preview, import_batch_create
from revisit.imports.tasks import import_start
from revisit.imports.upload_storage import upload_dir, upload_store

ALLOWED_SUFFIXES = (".xlsx", ".xls", ".csv")


def import_upload_accept(
    *,
    actor: User,
    upload: UploadedFile,
    strict: bool,
    default_agent_code: str,
    only_agent: User | None,
) -> ImportBatch:
    """Create a batch for an uploaded extract, store the file and start it.

    The import starts at once unless the header has unknown columns or lacks
    a required one. Then the batch stays pending until the mapping screen
    starts it.
    """
    batch = import_batch_create(
        office=actor.office,
        actor=actor,
        file_name=PurePath(upload.name.replace("\\", "/")).name,
        strict=strict,
        default_agent_code=default_agent_code,
        only_agent=only_agent,
    )
    path = upload_store(batch=batch, upload=upload)
    try:
        preview = header_preview(office=actor.office, path=path)
    except DomainError:
        # An unreadable file has nothing to map; the run rejects it and
        # stores the reason on the batch.
        import_start(batch=batch, path=path)
        return batch

    header_map = source_profile_for(actor.office_id, batch.profile_name).header_map
    if not needs_mapping(preview, header_map):
        import_start(batch=batch, path=path)
    return batch


def import_upload_discard(*, batch: ImportBatch, actor: User) -> None:
    """Delete a batch that never started, with its stored file."""
    folder = upload_dir(batch)
    audit_log(actor=actor, action="imports.batch.discarded", target=batch)
    batch.delete()
    shutil.rmtree(folder, ignore_errors=True)
