"""Import services: create a batch, run it, preview a file's header, save mappings.

Progress: import_run calls `progress(done, total)` after every chunk of
rows (`total` is an estimate for CSV: the file's line ends). On PostgreSQL
it also writes rows_done and rows_total through a second connection, at
most once a second, so another request can read them while the import's
own transaction is open. SQLite allows one writer at a time and the import
holds that lock until it commits, so there rows_done is written only at
the end: a web page on SQLite shows progress from the callback instead.
"""

import logging
import time
from collections.abc import Callable
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone

from revisit.core.audit import audit_log
from revisit.core.exceptions import DomainError
from revisit.development.services.opportunities import opportunities_link_policies
from revisit.development.services.prospects import prospects_convert
from revisit.imports.codes import validate_code_tables
from revisit.imports.failures import (
    INTERRUPTED_BY_SIGNAL,
    UNEXPECTED_ERROR,
    stored_message,
)
from revisit.imports.fields import FIELDS
from revisit.imports.header import MESSAGES as HEADER_MESSAGES
from revisit.imports.header import guess_header, locate_header
from revisit.imports.models import ImportBatch, SourceProfile
from revisit.imports.pipeline import Pipeline
from revisit.imports.reader import open_source
from revisit.imports.results import WRITTEN
from revisit.imports.runners import current_runner

logger = logging.getLogger(__name__)

PROGRESS_INTERVAL_SECONDS = 1.0
PREVIEW_ROWS = 30


def import_batch_create(
    *,
    office,
    actor,
    file_name: str,
    strict: bool = False,
    default_agent_code: str = "",
    only_agent=None,
    profile_name: str = "default",
) -> ImportBatch:
    """Create a pending import of `file_name` for `office`.

    `only_agent` (a User): every row goes to that agent, and rows naming
    another agent code are rejected; used when an agent imports their own
    file. `default_agent_code` takes the rows that name no agent.
    """
    return ImportBatch.objects.create(
        office=office,
        created_by=actor if getattr(actor, "pk", None) else None,
        file_name=Path(file_name).name[:255],
        strict=strict,
        default_agent_code=default_agent_code,
        only_agent=only_agent,
        profile_name=profile_name or "default",
    )


def _profile(office, name: str) -> SourceProfile:
    profile = SourceProfile.objects.filter(office=office, name=name).first()
    return profile or SourceProfile(office=office, name=name)


class _ProgressReporter:
    """Pass progress to the caller, and to rows_done where the database allows."""

    def __init__(self, batch: ImportBatch, callback: Callable | None):
        self.batch = batch
        self.callback = callback
        self.other = None
        self.last_write = 0.0
        if connection.vendor == "postgresql":
            self.other = connections.create_connection(DEFAULT_DB_ALIAS)

    def __call__(self, done: int, total: int) -> None:
        if self.callback is not None:
            self.callback(done, total)
        now = time.monotonic()
        if self.other is None or now - self.last_write < PROGRESS_INTERVAL_SECONDS:
            return
        self.last_write = now
        with self.other.cursor() as cursor:
            cursor.execute(
                "UPDATE imports_importbatch SET rows_done = %s, rows_total = %s "
                "WHERE id = %s",
                [done, total, self.batch.pk],
            )

    def close(self) -> None:
        if self.other is not None:
            self.other.close()


def _finish(batch: ImportBatch, status: str, summary: dict, error: str = "") -> None:
    batch.status = status
    batch.summary = summary
    batch.rows_total = summary.get("rows", 0)
    batch.rows_done = summary.get("rows", 0)
    batch.error_message = error
    batch.finished_at = timezone.now()
    batch.save(
        update_fields=[
            "status",
            "summary",
            "rows_total",
            "rows_done",
            "error_message",
            "finished_at",
            "updated_at",
        ]
    )


def _run_follow_ups(batch: ImportBatch) -> dict:
    """Turn prospects who now hold a policy into customers, and link signed
    opportunities to the policies that arrived; return the counts."""
    return {
        "prospects_converted": prospects_convert(office_id=batch.office_id),
        "opportunities_linked": opportunities_link_policies(
            office_id=batch.office_id
        ),
    }


def _summary(report, *, status: str, **extra) -> dict:
    """Return the report as a dict with the batch status and `extra` keys.

    A batch that did not commit wrote nothing, so its counts of written rows
    are 0. The rows read and rejected stay as counted.
    """
    summary = dict(report.as_dict(), status=status, **extra)
    if status != ImportBatch.Status.COMMITTED:
        summary.update(dict.fromkeys(WRITTEN, 0))
    return summary


def import_run(*, batch: ImportBatch, path, progress: Callable | None = None) -> dict:
    """Import the file at `path` into the batch's office; return the summary.

    Sets batch.status: committed when rows were imported; rejected when
    nothing was (a strict import with rejected rows, no valid row, or a file
    that cannot be read: the summary's `error` says why); failed when the
    import broke. KeyboardInterrupt and SystemExit mark the batch failed and
    propagate. In every case but committed the book is left as it was.
    A failed batch's error_message is a translated message for the person
    who imported (revisit.imports.failures); the error itself is logged.
    The batch stores this process as its runner, so that pages can mark it
    failed if the process dies (revisit.imports.recovery).
    """
    logger.info("import started batch=%s office=%s", batch.pk, batch.office_id)
    batch.status = ImportBatch.Status.RUNNING
    batch.runner = current_runner()
    batch.save(update_fields=["status", "runner", "updated_at"])
    profile = _profile(batch.office, batch.profile_name)
    reporter = _ProgressReporter(batch, progress)
    pipeline = Pipeline(
        batch=batch,
        path=path,
        header_map=profile.header_map,
        code_tables=profile.code_tables,
        only_agent=batch.only_agent,
        progress=reporter,
    )
    try:
        report = pipeline.run()
    except DomainError as error:
        summary = _summary(
            pipeline.report,
            status=ImportBatch.Status.REJECTED,
            error=str(error),
            error_code=error.code,
        )
        _finish(batch, ImportBatch.Status.REJECTED, summary, str(error))
        logger.info("import rejected batch=%s code=%s", batch.pk, error.code)
        return summary
    except Exception:
        logger.exception("import failed batch=%s", batch.pk)
        message = stored_message(UNEXPECTED_ERROR, batch_id=batch.pk)
        summary = _summary(
            pipeline.report,
            status=ImportBatch.Status.FAILED,
            error=message,
        )
        _finish(batch, ImportBatch.Status.FAILED, summary, message)
        return summary
    except BaseException as error:
        logger.warning(
            "import interrupted batch=%s by %s", batch.pk, type(error).__name__
        )
        message = stored_message(INTERRUPTED_BY_SIGNAL)
        summary = _summary(
            pipeline.report,
            status=ImportBatch.Status.FAILED,
            error=message,
        )
        _finish(batch, ImportBatch.Status.FAILED, summary, message)
        raise
    finally:
        reporter.close()
        pipeline.report.close()
    committed = report.coverage_lines > 0 and not (batch.strict and report.rejected)
    status = ImportBatch.Status.COMMITTED if committed else ImportBatch.Status.REJECTED
    summary = _summary(report, status=status)
    if committed:
        summary.update(_run_follow_ups(batch))
    _finish(batch, status, summary)
    audit_log(
        actor=batch.created_by,
        action=f"imports.batch.{status}",
        target=batch,
        data={
            key: summary[key]
            for key in (
                "rows",
                "rejected",
                "coverage_lines",
                "policies_created",
                "policies_updated",
                "customers_created",
                "customers_matched",
                "missing_policies",
            )
        },
    )
    logger.info(
        "import finished batch=%s status=%s rows=%s rejected=%s seconds=%.1f",
        batch.pk,
        status,
        report.rows,
        report.rejected,
        report.seconds,
    )
    return summary


def header_preview(*, office, path, profile_name: str = "default") -> dict:
    """Describe the header of a file for a mapping screen.

    Returns {"header_row", "found", "columns": [{"index", "header", "field",
    "label"}], "unknown_headers"}. `found` is False when no row has a
    policy-number column; the columns are then those of the likeliest header
    row, so the policy number can be mapped by hand. Raises DomainError for
    a file that cannot be read.
    """
    profile = _profile(office, profile_name)
    source = open_source(path)
    rows = []
    for item in source.rows():
        rows.append(item)
        if len(rows) >= PREVIEW_ROWS:
            break
    try:
        header = locate_header(rows, profile.header_map)
        found = True
    except DomainError as error:
        if error.code != "no_header":
            raise
        header = guess_header(rows, profile.header_map)
        found = False
    columns = [
        {
            "index": column.index,
            "header": column.header,
            "field": column.field or None,
            "label": str(FIELDS[column.field].label) if column.field else None,
        }
        for column in header.columns
        if column.header
    ]
    return {
        "header_row": header.row_number,
        "found": found,
        "columns": columns,
        "unknown_headers": header.unknown,
    }


def source_profile_save(
    *,
    office,
    actor,
    name: str = "default",
    header_map: dict | None = None,
    code_tables: dict | None = None,
) -> SourceProfile:
    """Merge mappings into an office's source profile (created when missing).

    `header_map`: header as written -> field name, or "" to skip the
    column. `code_tables`: table or field name -> {code: value}. Raises
    DomainError for a field name the import does not know.
    """
    for header, field in (header_map or {}).items():
        if field and field not in FIELDS:
            raise DomainError(
                HEADER_MESSAGES["bad_mapping"],
                code="bad_mapping",
                params={"field": field, "header": header},
            )
    validate_code_tables(code_tables or {})
    with transaction.atomic():
        profile, _created = SourceProfile.objects.select_for_update().get_or_create(
            office=office, name=name
        )
        profile.header_map = {**profile.header_map, **(header_map or {})}
        for table, codes in (code_tables or {}).items():
            profile.code_tables[table] = {**profile.code_tables.get(table, {}), **codes}
        profile.full_clean()
        profile.save()
        audit_log(
            actor=actor,
            action="imports.profile.saved",
            target=profile,
            data={
                "headers": len(header_map or {}),
                "tables": sorted(code_tables or {}),
            },
        )
    return profile
