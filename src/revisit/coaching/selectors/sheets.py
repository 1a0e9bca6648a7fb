"""Reads of weekly sheets for the Monday meeting and for review."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from revisit.accounts.models import User
from revisit.accounts.selectors import agents_visible_to
from revisit.coaching.access import Scope, is_coach
from revisit.coaching.models import SheetComment
from revisit.planning.models import (
    ActionKind,
    PlannedAction,
    SheetEntry,
    SheetStatus,
    WeeklySheet,
)


def get_sheet_for(user: User, sheet_id: int) -> WeeklySheet:
    """Return the sheet if `user` is its agent or coaches its agent, else 404."""
    sheet = (
        WeeklySheet.objects.filter(
            pk=sheet_id, agent_id__in=agents_visible_to(user).values("pk")
        )
        .select_related("agent", "agent__team")
        .first()
    )
    if sheet is None:
        raise Http404("No such sheet in your scope.")
    return sheet


def sheets_to_review(*, user: User, scope: Scope) -> QuerySet[WeeklySheet]:
    """Return the submitted sheets of `scope`, the longest waiting first."""
    if not is_coach(user):
        return WeeklySheet.objects.none()
    return (
        WeeklySheet.objects.filter(
            agent_id__in=scope.agents().values("pk"), status=SheetStatus.SUBMITTED
        )
        .select_related("agent", "agent__team")
        .order_by("submitted_at", "pk")
    )


@dataclass
class MondayRow:
    """One agent's sheet for the week as the Monday meeting sees it."""

    agent: User
    sheet: WeeklySheet | None = None
    entries: list[SheetEntry] = field(default_factory=list)
    calls_planned: int = 0
    visits_planned: int = 0

    @property
    def state(self) -> str:
        """Return `missing`, or the sheet's status (proposed, in_progress, ...)."""
        return self.sheet.status if self.sheet else "missing"

    @property
    def has_started(self) -> bool:
        return self.sheet is not None and self.sheet.status != SheetStatus.PROPOSED


def monday_rows(*, scope: Scope, monday: dt.date) -> list[MondayRow]:
    """Return one row per working agent of `scope` for the week of `monday`.

    Three queries whatever the team size: sheets, their entries with
    customers, and the planned calls and visits counted per sheet.
    """
    agents = list(
        scope.agents().filter(is_active=True).select_related("team")
        .order_by("team__code", "agent_code", "pk")
    )
    rows = {agent.pk: MondayRow(agent=agent) for agent in agents}
    sheets = WeeklySheet.objects.filter(agent_id__in=list(rows), week_start=monday)
    by_sheet = {}
    for sheet in sheets:
        rows[sheet.agent_id].sheet = sheet
        by_sheet[sheet.pk] = rows[sheet.agent_id]
    entries = (
        SheetEntry.objects.filter(sheet_id__in=list(by_sheet))
        .select_related("customer")
        .order_by("sheet_id", "position", "pk")
    )
    for entry in entries:
        by_sheet[entry.sheet_id].entries.append(entry)
    counts = (
        PlannedAction.objects.filter(entry__sheet_id__in=list(by_sheet))
        .values("entry__sheet_id")
        .annotate(
            calls=Count("pk", filter=Q(kind=ActionKind.PHONE_APPOINTMENT)),
            visits=Count("pk", filter=Q(kind=ActionKind.VISIT)),
        )
        .order_by()
    )
    for count in counts:
        row = by_sheet[count["entry__sheet_id"]]
        row.calls_planned, row.visits_planned = count["calls"], count["visits"]
    return list(rows.values())


@dataclass
class ReviewRow:
    """A sheet row with its planned actions and the comments written on it."""

    entry: SheetEntry
    actions: list[PlannedAction]
    comments: list[SheetComment]


def review_rows(sheet: WeeklySheet) -> list[ReviewRow]:
    entries = list(
        SheetEntry.objects.filter(sheet=sheet)
        .select_related("customer")
        .order_by("position", "pk")
    )
    actions: dict[int, list[PlannedAction]] = {entry.pk: [] for entry in entries}
    for action in PlannedAction.objects.filter(entry__sheet=sheet).order_by(
        "planned_date", "planned_time", "pk"
    ):
        actions[action.entry_id].append(action)
    comments: dict[int, list[SheetComment]] = {entry.pk: [] for entry in entries}
    for comment in sheet_comments(sheet).filter(entry__isnull=False):
        comments.setdefault(comment.entry_id, []).append(comment)
    return [
        ReviewRow(entry=entry, actions=actions[entry.pk], comments=comments[entry.pk])
        for entry in entries
    ]


def sheet_comments(sheet: WeeklySheet) -> QuerySet[SheetComment]:
    """Return every comment on the sheet, oldest first, with author and customer."""
    return (
        SheetComment.objects.filter(sheet=sheet)
        .select_related("author", "customer", "entry")
        .order_by("created_at", "pk")
    )
