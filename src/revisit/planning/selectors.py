"""Reads for the planning screens, each scoped to what the user may see."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from revisit.accounts.models import User
from revisit.accounts.selectors import agents_visible_to
from revisit.book.models import Customer
from revisit.planning.models import (
    ActionKind,
    PlannedAction,
    PlanningSettings,
    SheetEntry,
    WeeklySheet,
)
from revisit.planning.weeks import IsoWeek

SEARCH_LIMIT = 20


def _visible_sheets(user: User) -> QuerySet[WeeklySheet]:
    return WeeklySheet.objects.filter(agent__in=agents_visible_to(user))


def sheet_for_user(user: User, pk: int) -> WeeklySheet:
    """Return the sheet if `user` may read it; raise Http404 otherwise."""
    sheet = (
        _visible_sheets(user)
        .select_related("agent", "agent__team", "office")
        .filter(pk=pk)
        .first()
    )
    if sheet is None:
        raise Http404("No such sheet.")
    return sheet


def entry_for_user(user: User, pk: int) -> SheetEntry:
    entry = (
        SheetEntry.objects.filter(pk=pk, sheet__agent__in=agents_visible_to(user))
        .select_related("sheet", "sheet__agent", "sheet__office", "customer")
        .first()
    )
    if entry is None:
        raise Http404("No such sheet entry.")
    return entry


def action_for_user(user: User, pk: int) -> PlannedAction:
    action = (
        PlannedAction.objects.filter(
            pk=pk, entry__sheet__agent__in=agents_visible_to(user)
        )
        .select_related(
            "entry", "entry__sheet", "entry__sheet__agent", "entry__customer"
        )
        .first()
    )
    if action is None:
        raise Http404("No such planned action.")
    return action


def sheet_of_agent(agent: User, week: IsoWeek) -> WeeklySheet | None:
    return WeeklySheet.objects.filter(agent=agent, week_start=week.monday).first()


def _entries_prefetch() -> Prefetch:
    return Prefetch(
        "entries",
        queryset=SheetEntry.objects.select_related("customer")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=PlannedAction.objects.order_by(
                    "planned_date", "planned_time", "pk"
                ),
            )
        )
        .order_by("position", "pk"),
    )


def sheets_with_entries(sheet_ids: list[int]) -> list[WeeklySheet]:
    """Return the sheets with entries, customers and actions in three more queries."""
    sheets = (
        WeeklySheet.objects.filter(pk__in=sheet_ids)
        .select_related("agent", "agent__team", "office")
        .prefetch_related(_entries_prefetch())
    )
    order = {pk: index for index, pk in enumerate(sheet_ids)}
    return sorted(sheets, key=lambda sheet: order[sheet.pk])


def sheet_as_json(sheet: WeeklySheet) -> dict:
    """Return the sheet in the shape `plan-week --json` prints."""
    return {
        "agent": sheet.agent.agent_code,
        "week": str(sheet.week),
        "customers": [
            {
                "id": entry.customer_id,
                "name": entry.customer.full_name,
                "grade": entry.grade,
                "score": entry.score,
                "reasons": entry.reasons,
                "entry_point": entry.chosen_entry_point,
            }
            for entry in sheet.entries.all()
        ],
    }


@dataclass
class RotationProgress:
    rotation: int
    screened: int
    book_size: int

    @property
    def percent(self) -> int:
        if not self.book_size:
            return 100
        return min(100, round(100 * self.screened / self.book_size))


def rotation_progress(sheet: WeeklySheet) -> RotationProgress:
    """Count the book's customers screened in the sheet's rotation, up to its week."""
    screened = (
        SheetEntry.objects.filter(
            sheet__agent_id=sheet.agent_id,
            sheet__week_start__lte=sheet.week_start,
            rotation=sheet.rotation,
            customer__agent_id=sheet.agent_id,
        )
        .values("customer_id")
        .distinct()
        .count()
    )
    book_size = Customer.objects.filter(agent_id=sheet.agent_id).count()
    return RotationProgress(
        rotation=sheet.rotation, screened=screened, book_size=book_size
    )


@dataclass
class DayPlan:
    day: dt.date
    actions: list = field(default_factory=list)
    visits: int = 0
    load: str = "ok"  # "under", "ok", "over" or "" when no target applies


def day_plans(sheet: WeeklySheet, planning_settings: PlanningSettings) -> list[DayPlan]:
    """Group the sheet's actions by day and compare visits with the daily target.

    Expects the sheet from `sheets_with_entries`. The target applies to
    Monday to Friday; a weekend day is only flagged when over the maximum.
    """
    days = {day: DayPlan(day=day) for day in sheet.week.days()}
    for entry in sheet.entries.all():
        for action in entry.actions.all():
            plan = days.get(action.planned_date)
            if plan is None:
                continue
            plan.actions.append(action)
            if action.kind == ActionKind.VISIT:
                plan.visits += 1
    low, high = (
        planning_settings.visits_per_day_min,
        planning_settings.visits_per_day_max,
    )
    for plan in days.values():
        plan.actions.sort(key=_action_order)
        if plan.visits > high:
            plan.load = "over"
        elif plan.day.weekday() >= 5:
            plan.load = ""
        elif plan.visits < low:
            plan.load = "under"
    return list(days.values())


def _action_order(action: PlannedAction) -> tuple:
    # Untimed actions go after the timed ones of the same day.
    return (action.planned_time is None, action.planned_time or dt.time(), action.pk)


@dataclass
class TodayPlan:
    today: list[PlannedAction]
    unlogged_yesterday: list[PlannedAction]


def today_plan(user: User, day: dt.date) -> TodayPlan:
    """Return the agent's actions for `day` and yesterday's visits still open."""
    # Only customers the agent still owns: a reassigned customer's row may
    # stay on a submitted sheet as history, but is no longer the agent's work.
    actions = PlannedAction.objects.filter(
        entry__sheet__agent=user, entry__customer__agent=user
    ).select_related("entry", "entry__customer", "entry__sheet")
    today = sorted(actions.filter(planned_date=day), key=_action_order)
    yesterday = sorted(
        actions.filter(
            planned_date=day - dt.timedelta(days=1),
            kind=ActionKind.VISIT,
            is_done=False,
        ),
        key=_action_order,
    )
    return TodayPlan(today=today, unlogged_yesterday=yesterday)


def swap_candidates(sheet: WeeklySheet, query: str) -> list[Customer]:
    """Return the agent's customers matching a name, pinyin or initials.

    Customers already on the sheet are left out.

    Each customer gets `screened_in_rotation` set, so the list can show who
    was already screened in this rotation.
    """
    query = query.strip()
    if not query:
        return []
    lowered = "".join(query.lower().split())
    match = Q(full_name__icontains=query)
    if lowered.isascii() and lowered.isalpha():
        match |= Q(name_pinyin__startswith=lowered) | Q(
            name_initials__startswith=lowered
        )
    customers = list(
        Customer.objects.filter(agent_id=sheet.agent_id)
        .filter(match)
        .exclude(sheet_entries__sheet=sheet)
        .order_by("full_name", "pk")[:SEARCH_LIMIT]
    )
    screened = set(
        SheetEntry.objects.filter(
            sheet__agent_id=sheet.agent_id,
            rotation=sheet.rotation,
            customer__in=customers,
        ).values_list("customer_id", flat=True)
    )
    for customer in customers:
        customer.screened_in_rotation = customer.pk in screened
    return customers


def team_sheets(user: User, week: IsoWeek) -> list[tuple[User, WeeklySheet | None]]:
    """Return each agent `user` may see with their sheet for `week` (or None)."""
    agents = list(
        agents_visible_to(user).select_related("team").order_by("team", "agent_code")
    )
    sheets = {
        sheet.agent_id: sheet
        for sheet in WeeklySheet.objects.filter(
            agent__in=agents, week_start=week.monday
        )
    }
    return [(agent, sheets.get(agent.pk)) for agent in agents]


def recent_sheets(agent: User, *, limit: int = 12) -> list[WeeklySheet]:
    return list(WeeklySheet.objects.filter(agent=agent).order_by("-week_start")[:limit])
