"""Changes to a weekly sheet, each guarded by the sheet's version.

Every form on the sheet carries the version it was rendered with. A change
first raises the version with a conditional UPDATE ... WHERE version = n;
when no row matches, someone saved in between (or the sheet was locked),
and the change is rejected instead of overwriting theirs. The version bump
and the change share one transaction, so a rejected change leaves nothing.
"""

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from revisit.book.models import Customer
from revisit.core.audit import audit_log
from revisit.core.exceptions import DomainError
from revisit.planning.errors import SheetConflict, SheetLocked
from revisit.planning.models import (
    EDITABLE_STATUSES,
    PlanningSettings,
    SheetEntry,
    SheetStatus,
    WeeklySheet,
)
from revisit.planning.scoring import load_snapshots, scorer_for
from revisit.planning.services.proposal import rule_context

logger = logging.getLogger(__name__)


def sheet_claim(sheet: WeeklySheet, version: int) -> None:
    """Raise the sheet's version from `version`, or raise SheetConflict/SheetLocked.

    Call inside transaction.atomic() before changing anything on the sheet.
    A first change moves a proposed sheet to "in progress".
    """
    # The WHERE clause is the whole check: two saves carrying the same
    # version cannot both match, because the first one raises it. On
    # PostgreSQL the second UPDATE waits for the first to commit and then
    # re-reads the row.
    updated = WeeklySheet.objects.filter(
        pk=sheet.pk, version=version, status__in=EDITABLE_STATUSES
    ).update(
        version=F("version") + 1,
        status=Case(
            When(status=SheetStatus.PROPOSED, then=Value(SheetStatus.IN_PROGRESS)),
            default=F("status"),
        ),
        updated_at=timezone.now(),
    )
    if updated != 1:
        current = WeeklySheet.objects.filter(pk=sheet.pk).values("status").first()
        if current is not None and current["status"] not in EDITABLE_STATUSES:
            raise SheetLocked()
        logger.info(
            "sheet change rejected sheet=%s version=%s: stale", sheet.pk, version
        )
        raise SheetConflict()
    sheet.refresh_from_db(fields=["version", "status", "updated_at"])


def sheet_touch(sheet_id: int) -> None:
    """Raise the version after a change made by the system, not through a form."""
    WeeklySheet.objects.filter(pk=sheet_id).update(
        version=F("version") + 1, updated_at=timezone.now()
    )


def entry_update(
    *,
    entry: SheetEntry,
    version: int,
    analysis: str,
    entry_point: str,
    result: str,
) -> SheetEntry:
    with transaction.atomic():
        sheet_claim(entry.sheet, version)
        entry.analysis = analysis
        entry.entry_point = entry_point
        entry.result = result
        entry.save(update_fields=["analysis", "entry_point", "result", "updated_at"])
    return entry


def entry_move(*, entry: SheetEntry, version: int, direction: str) -> None:
    """Move the row one place "up" or "down"; at either end nothing moves."""
    if direction not in ("up", "down"):
        raise ValueError(f"invalid direction {direction!r}: expected up or down")
    with transaction.atomic():
        sheet_claim(entry.sheet, version)
        rows = list(entry.sheet.entries.order_by("position", "pk"))
        index = next(i for i, row in enumerate(rows) if row.pk == entry.pk)
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(rows):
            rows[index], rows[other] = rows[other], rows[index]
        for position, row in enumerate(rows, start=1):
            row.position = position
        SheetEntry.objects.bulk_update(rows, ["position"])


NOT_IN_BOOK = _("This customer is not in the agent's book.")
ALREADY_ON_SHEET = _("This customer is already on the sheet.")


def entry_swap(
    *, entry: SheetEntry, version: int, customer: Customer, actor
) -> SheetEntry:
    """Put `customer` in the place of the entry's customer, with fresh reasons.

    The old row goes with its planned actions, because they were planned
    for the old customer.
    """
    sheet = entry.sheet
    if customer.agent_id != sheet.agent_id:
        raise DomainError(NOT_IN_BOOK, code="not_in_book")
    if sheet.entries.filter(customer=customer).exists():
        raise DomainError(ALREADY_ON_SHEET, code="already_on_sheet")
    planning_settings = PlanningSettings.for_office(sheet.office)
    week = sheet.week
    since = week.monday - dt.timedelta(days=planning_settings.life_event_days)
    snapshot = load_snapshots(customer_ids=[customer.pk], life_events_since=since)[
        customer.pk
    ]
    with translation.override(settings.LANGUAGE_CODE):
        assessment = scorer_for(planning_settings).assess(
            snapshot, rule_context(planning_settings, week)
        )
    with transaction.atomic():
        sheet_claim(sheet, version)
        old_customer_id = entry.customer_id
        position = entry.position
        entry.delete()
        replacement = SheetEntry.objects.create(
            sheet=sheet,
            customer=customer,
            position=position,
            rotation=sheet.rotation,
            grade=customer.grade,
            score=assessment.score,
            reasons=[reason.text for reason in assessment.reasons],
            findings=[
                {"code": r.code, "points": r.points, "params": r.params}
                for r in assessment.reasons
            ],
            suggested_entry_point=assessment.entry_point,
        )
        audit_log(
            actor=actor,
            action="planning.entry.swapped",
            target=sheet,
            data={"removed_customer": old_customer_id, "added_customer": customer.pk},
        )
    return replacement


def sheet_summary_save(*, sheet: WeeklySheet, version: int, summary: str) -> None:
    with transaction.atomic():
        sheet_claim(sheet, version)
        sheet.summary = summary
        sheet.save(update_fields=["summary", "updated_at"])


def sheet_submit(*, sheet: WeeklySheet, version: int, summary: str, actor) -> None:
    """Save the summary and hand the sheet in; it stays locked until returned."""
    with transaction.atomic():
        sheet_claim(sheet, version)
        sheet.summary = summary
        sheet.status = SheetStatus.SUBMITTED
        sheet.submitted_at = timezone.now()
        sheet.save(update_fields=["summary", "status", "submitted_at", "updated_at"])
        audit_log(actor=actor, action="planning.sheet.submitted", target=sheet)
    logger.info("sheet submitted sheet=%s agent=%s", sheet.pk, sheet.agent_id)


NOT_SUBMITTED = _("Only a submitted sheet can be returned or approved.")


def _review(sheet: WeeklySheet, status: str, *, actor, action: str) -> None:
    with transaction.atomic():
        updated = WeeklySheet.objects.filter(
            pk=sheet.pk, status=SheetStatus.SUBMITTED
        ).update(status=status, version=F("version") + 1, updated_at=timezone.now())
        if updated != 1:
            raise DomainError(NOT_SUBMITTED, code="not_submitted")
        audit_log(actor=actor, action=action, target=sheet)
    sheet.refresh_from_db(fields=["status", "version", "updated_at"])


def sheet_return(*, sheet: WeeklySheet, actor) -> None:
    """Unlock a submitted sheet so the agent can change it again."""
    _review(sheet, SheetStatus.RETURNED, actor=actor, action="planning.sheet.returned")


def sheet_approve(*, sheet: WeeklySheet, actor) -> None:
    _review(sheet, SheetStatus.APPROVED, actor=actor, action="planning.sheet.approved")
