"""The import pipeline: read, find the header, normalise, check, resolve, write.

Everything from the first write to the reclassification runs in one
transaction, so an import that fails or is interrupted (an exception,
Ctrl-C) leaves the database as it was. Rows are processed in chunks cut at
policy boundaries, so memory stays flat for CSV while each policy's lines
are usually written together.

The garbage collector is frozen and disabled during the bulk work: the
in-memory indexes hold hundreds of thousands of objects, and each
collection would walk them all without finding garbage.
"""

import gc
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from revisit.book.services.classification import customers_reclassify
from revisit.book.services.household_derivation import households_derive
from revisit.core.exceptions import DomainError
from revisit.imports.assemble import Assembler
from revisit.imports.codes import CodeTables
from revisit.imports.errors_export import is_reason_header
from revisit.imports.models import RejectedRow
from revisit.imports.prepare import PreparedChunk, plan_rows, prepared_chunks
from revisit.imports.reader import open_source
from revisit.imports.report import MISSING_SAMPLE, Report
from revisit.imports.rows import RowPlan
from revisit.imports.validate import RowRejected
from revisit.imports.worker import PreparingWorker
from revisit.imports.writer import make_writer

logger = logging.getLogger(__name__)

MESSAGES = {
    "no_agent_column": _(
        "The file has no agent code column: choose the agent for its rows "
        "under “Agent for rows without one” when you upload it."
    ),
}

REJECTED_BATCH = 2000


class StrictRollback(Exception):
    """Raised inside the transaction to undo a strict import with rejected rows."""


_collector_lock = threading.Lock()
_collector_pauses = 0
_collector_was_enabled = True


def _log_step(batch_id: int, name: str, started: float) -> None:
    logger.info(
        "import step batch=%s step=%s seconds=%.1f",
        batch_id,
        name,
        time.monotonic() - started,
    )


@contextmanager
def _phase(batch_id: int, name: str):
    """Log how long one step of an import took, at INFO with the batch id."""
    started = time.monotonic()
    yield
    _log_step(batch_id, name, started)


@contextmanager
def _collector_paused():
    """Disable the garbage collector while any import in the process runs.

    The collector is process-wide and a web process may run imports in
    threads, so the last import to finish restores it.
    """
    global _collector_pauses, _collector_was_enabled
    with _collector_lock:
        if _collector_pauses == 0:
            _collector_was_enabled = gc.isenabled()
            gc.collect()
            gc.freeze()
            gc.disable()
        _collector_pauses += 1
    try:
        yield
    finally:
        with _collector_lock:
            _collector_pauses -= 1
            if _collector_pauses == 0:
                gc.unfreeze()
                if _collector_was_enabled:
                    gc.enable()


class Pipeline:
    def __init__(
        self,
        *,
        batch,
        path,
        header_map: dict,
        code_tables: dict,
        only_agent=None,
        progress: Callable[[int, int], None] | None = None,
    ):
        self.batch = batch
        self.path = path
        self.header_map = header_map
        self.code_tables = code_tables
        self.only_agent = only_agent
        self.progress = progress
        self.report = Report(file_name=batch.file_name, batch_id=batch.pk)
        self.partial_file = False

    def run(self) -> Report:
        """Run the import; the report says what happened.

        Raises DomainError when the file cannot be imported at all (no header,
        unreadable encoding, no agent), before anything is written.
        """
        started = time.monotonic()
        try:
            with ExitStack() as stack:
                plan, chunks, total = self._open(stack)
                # NOTE: on SQLite this transaction holds the write lock until
                # it commits, so other writers wait (see docs/import.md, Limits).
                with _collector_paused(), transaction.atomic():
                    self._write(plan, chunks, total)
                    commit_started = time.monotonic()
                _log_step(self.batch.pk, "commit", commit_started)
        except StrictRollback:
            self._store_rejected()
        finally:
            self.report.seconds = time.monotonic() - started
        return self.report

    def _open(self, stack: ExitStack) -> tuple[RowPlan, Iterator, int]:
        """Find the header and start preparing chunks; return (plan, chunks, total).

        A large file is read by a worker process, entered on `stack` so that
        leaving it stops the worker; the worker reports the header first.
        """
        source = open_source(self.path)
        total_rows = source.total_rows
        minimum = settings.REVISIT_IMPORT_WORKER_MIN_ROWS
        if minimum and total_rows >= minimum:
            # python-calamine keeps a whole .xls sheet in memory: drop it.
            source = None
            worker = stack.enter_context(
                PreparingWorker(
                    self.path, self.header_map, self.code_tables, batch_id=self.batch.pk
                )
            )
            header = worker.header()
            plan = RowPlan(header, CodeTables(self.code_tables))
            chunks = iter(worker)
        else:
            planned = plan_rows(source, self.header_map, self.code_tables)
            header, plan = planned.header, planned.plan
            chunks = prepared_chunks(plan, planned.data)
        self.report.header_row = header.row_number
        # A rejected-rows file exported by this app, fixed and uploaded again,
        # starts with the reason column: it is no unknown column, and such a
        # file lists only a few rows, so no other policy is missing from it.
        self.report.unknown_headers = [
            name for name in header.unknown if not is_reason_header(name)
        ]
        self.partial_file = any(is_reason_header(c.header) for c in header.columns)
        if (
            "agent_code" not in plan.fields
            and not self.batch.default_agent_code
            and self.only_agent is None
        ):
            raise DomainError(MESSAGES["no_agent_column"], code="no_agent_column")
        return plan, chunks, max(total_rows - header.row_number, 0)

    def _write(self, plan: RowPlan, chunks: Iterator, total: int) -> None:
        writer = make_writer(self.batch.office_id, self.batch.pk)
        writer.begin(expected_rows=total)
        try:
            now = connection.ops.adapt_datetimefield_value(timezone.now())
            assembler = Assembler(
                office=self.batch.office,
                batch_id=self.batch.pk,
                writer=writer,
                slots=plan.slots,
                report=self.report,
                default_agent_code=self.batch.default_agent_code,
                only_agent=self.only_agent,
                now=now,
            )
            with _phase(self.batch.pk, "rows"):
                for chunk in chunks:
                    self._chunk(plan, assembler, chunk)
                    assembler.flush()
                    if self.progress:
                        self.progress(self.report.rows, max(total, self.report.rows))
            self._finish(assembler)
        finally:
            writer.finish()
        if self.batch.strict and self.report.rejected:
            raise StrictRollback
        self._store_rejected()

    def _chunk(self, plan: RowPlan, assembler: Assembler, chunk: PreparedChunk) -> None:
        report = self.report
        headers = plan.headers
        problems, values, people = chunk.problems, chunk.values, chunk.people
        report.rows += len(chunk.numbers)
        number_slot = plan.slots["policy_number"]
        assembler.load_existing(row[number_slot] for row in values)
        add = assembler.add
        for position, row_number in enumerate(chunk.numbers):
            problem = problems.get(position)
            if problem is not None:
                field, cell, error = problem
                cells = chunk.cells(position)
                report.reject(row_number, cells, headers[field], cell, error)
                assembler.mark_policy_seen(values[position][number_slot])
                continue
            holder, insured = people[position]
            try:
                add(row_number, values[position], holder, insured)
            except RowRejected as rejected:
                column = headers.get(rejected.field, "")
                cells = chunk.cells(position)
                report.reject(
                    row_number, cells, column, rejected.value, rejected.reason
                )
                assembler.mark_policy_seen(values[position][number_slot])

    def _finish(self, assembler: Assembler) -> None:
        report = self.report
        missing = [] if self.partial_file else assembler.missing_policies()
        report.missing_policies = len(missing)
        report.missing_sample = sorted(missing)[:MISSING_SAMPLE]
        report.coverage_lines = assembler.coverage_lines
        report.policies_created = assembler.policies_created
        report.policies_updated = len(assembler.seen_existing)
        report.customers_created = assembler.people.created
        report.customers_matched = assembler.people.matched_existing()
        report.agents_created = len(assembler.agents.created)
        report.teams_created = assembler.agents.teams_created
        report.policies_reassigned = assembler.reassigned
        report.reassigned_sample = assembler.reassigned_sample
        # The indexes are done with: free them before the steps that follow.
        del missing
        assembler.release()
        batch_id, office_id = self.batch.pk, self.batch.office_id
        with _phase(batch_id, "policy indexes"):
            assembler.writer.writes_done()
        if assembler.recompute:
            with _phase(batch_id, "policy summaries"):
                assembler.writer.recompute_summaries(assembler.recompute)
        if assembler.related:
            with _phase(batch_id, "households"):
                households_derive(office_id=office_id, customer_ids=assembler.related)
        if assembler.touched:
            with _phase(batch_id, "classification"):
                customers_reclassify(
                    office_id=office_id, customer_ids=assembler.touched
                )
        with _phase(batch_id, "customer indexes"):
            assembler.writer.finish_indexes()

    def _store_rejected(self) -> None:
        batch = []
        for entry in self.report.rejected_entries():
            batch.append(
                RejectedRow(
                    batch_id=self.batch.pk,
                    row_number=entry["row"],
                    column=entry["column"][:100],
                    value=entry["value"],
                    message=entry["message"],
                    cells=entry["cells"],
                )
            )
            if len(batch) >= REJECTED_BATCH:
                RejectedRow.objects.bulk_create(batch)
                batch = []
        if batch:
            RejectedRow.objects.bulk_create(batch)
