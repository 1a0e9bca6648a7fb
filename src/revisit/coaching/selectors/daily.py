"""The supervisor's daily check: yesterday's visits and today's plan, per agent.

In the 532 method the supervisor checks the previous day's visit records
and the day's visit plan (3 to 4 visits a day) every day, and pushes the
phone appointments on Monday and Tuesday mornings. Each row lists why an
agent needs a nudge, so the supervisor can call the right people first.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from revisit.accounts.models import User
from revisit.coaching.access import Scope
from revisit.outreach.models import Contact, ContactKind
from revisit.planning.models import (
    ActionKind,
    PlannedAction,
    PlanningSettings,
    SheetStatus,
    WeeklySheet,
)
from revisit.reports.selectors.common import local_midnight
from revisit.reports.selectors.team import WORKING_WEEKDAYS

NUDGE_FEW_PLANNED = _("Fewer visits planned today than the target")
NUDGE_UNLOGGED = _("Planned visits yesterday not logged")
NUDGE_NO_VISIT = _("No visit logged yesterday")
NUDGE_NO_CALLS = _("No appointment calls on the appointment days")
NUDGE_NO_SHEET = _("No weekly sheet started")


def previous_working_day(day: dt.date) -> dt.date:
    """Return the last Monday-to-Friday day before `day` (Friday for a Monday)."""
    previous = day - dt.timedelta(days=1)
    while previous.weekday() not in WORKING_WEEKDAYS:
        previous -= dt.timedelta(days=1)
    return previous


@dataclass
class DailyRow:
    agent: User
    sheet: WeeklySheet | None = None
    planned_yesterday: int = 0
    planned_done_yesterday: int = 0
    logged_yesterday: int = 0
    planned_today: int = 0
    calls_planned: int = 0
    calls_done: int = 0
    calls_logged: int = 0
    nudges: list = field(default_factory=list)

    @property
    def unlogged_yesterday(self) -> int:
        return self.planned_yesterday - self.planned_done_yesterday


@dataclass
class DailyCheck:
    day: dt.date
    yesterday: dt.date
    appointment_days: list[dt.date]
    target_low: int
    target_high: int
    rows: list[DailyRow]

    @property
    def has_target(self) -> bool:
        """Weekends carry no visit target, as in the planning day view."""
        return self.day.weekday() in WORKING_WEEKDAYS

    @property
    def nudge_count(self) -> int:
        return sum(1 for row in self.rows if row.nudges)


def _appointment_days(day: dt.date, weekdays: list[int]) -> list[dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return [monday + dt.timedelta(days=weekday) for weekday in sorted(weekdays)]


def _action_counts(agent_ids, yesterday, day, call_days) -> dict[int, dict]:
    dates = {yesterday, day, *call_days}
    visit = Q(kind=ActionKind.VISIT)
    call = Q(kind=ActionKind.PHONE_APPOINTMENT, planned_date__in=call_days)
    rows = (
        PlannedAction.objects.filter(
            entry__sheet__agent_id__in=agent_ids, planned_date__in=dates
        )
        .values("entry__sheet__agent_id")
        .annotate(
            planned_yesterday=Count("pk", filter=visit & Q(planned_date=yesterday)),
            planned_done_yesterday=Count(
                "pk", filter=visit & Q(planned_date=yesterday, is_done=True)
            ),
            planned_today=Count("pk", filter=visit & Q(planned_date=day)),
            calls_planned=Count("pk", filter=call),
            calls_done=Count("pk", filter=call & Q(is_done=True)),
        )
        .order_by()
    )
    return {row.pop("entry__sheet__agent_id"): row for row in rows}


def _contact_counts(agent_ids, yesterday, day, call_days) -> dict[int, dict]:
    def on(date):
        return Q(occurred_at__gte=local_midnight(date),
                 occurred_at__lt=local_midnight(date + dt.timedelta(days=1)))

    visit = Q(kind=ContactKind.VISIT)
    counts = {"logged_yesterday": Count("pk", filter=visit & on(yesterday))}
    due = [date for date in call_days if date <= day]
    if due:
        calls = Q()
        for date in due:
            calls |= on(date)
        counts["calls_logged"] = Count("pk", filter=Q(kind=ContactKind.CALL) & calls)
    first = min([yesterday, *due])
    rows = (
        Contact.objects.filter(
            agent_id__in=agent_ids,
            is_void=False,
            occurred_at__gte=local_midnight(first),
            occurred_at__lt=local_midnight(day + dt.timedelta(days=1)),
        )
        .values("agent_id")
        .annotate(**counts)
        .order_by()
    )
    return {row.pop("agent_id"): row for row in rows}


def _nudges(row: DailyRow, check: DailyCheck) -> list:
    reasons = []
    if row.sheet is None or row.sheet.status == SheetStatus.PROPOSED:
        reasons.append(NUDGE_NO_SHEET)
    if check.has_target and row.planned_today < check.target_low:
        reasons.append(NUDGE_FEW_PLANNED)
    if row.unlogged_yesterday > 0:
        reasons.append(NUDGE_UNLOGGED)
    elif row.logged_yesterday == 0:
        reasons.append(NUDGE_NO_VISIT)
    # Calls are pushed during the appointment days themselves; an agent with
    # none made is nudged from the day after the first one.
    calls_due = [date for date in check.appointment_days if date < check.day]
    if calls_due and row.calls_done == 0 and row.calls_logged == 0:
        reasons.append(NUDGE_NO_CALLS)
    return reasons


def daily_check_for(*, scope: Scope, day: dt.date, office) -> DailyCheck:
    """Return the daily check of `scope`'s working agents for `day`.

    "Yesterday" is the previous Monday-to-Friday day. Saturday and Sunday
    have no visit target, so no agent is nudged for today's plan.
    Appointment calls are those of the office's appointment days (Monday
    and Tuesday unless the planning settings name others) in the week of
    `day`, up to `day`: planned calls ticked done, and calls logged in the
    contact log.
    """
    settings = PlanningSettings.for_office(office)
    yesterday = previous_working_day(day)
    call_days = _appointment_days(day, settings.appointment_weekdays or [0, 1])
    agents = list(
        scope.agents().filter(is_active=True).select_related("team")
        .order_by("team__code", "agent_code", "pk")
    )
    rows = {agent.pk: DailyRow(agent=agent) for agent in agents}
    monday = day - dt.timedelta(days=day.weekday())
    for sheet in WeeklySheet.objects.filter(agent_id__in=list(rows), week_start=monday):
        rows[sheet.agent_id].sheet = sheet
    for source in (
        _action_counts(list(rows), yesterday, day, call_days),
        _contact_counts(list(rows), yesterday, day, call_days),
    ):
        for agent_id, values in source.items():
            for name, value in values.items():
                setattr(rows[agent_id], name, value)
    check = DailyCheck(
        day=day, yesterday=yesterday, appointment_days=call_days,
        target_low=settings.visits_per_day_min, target_high=settings.visits_per_day_max,
        rows=list(rows.values()),
    )
    for row in check.rows:
        row.nudges = _nudges(row, check)
    return check
