"""Builders for planning tests: contacts, sheets, entries and actions."""

import datetime as dt

from django.utils import timezone

from revisit.outreach.models import Contact, ContactKind
from revisit.planning.models import ActionKind, PlannedAction, SheetEntry, WeeklySheet
from revisit.planning.weeks import IsoWeek


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    """Return an aware datetime at local (Asia/Shanghai) time on `day`."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def make_contact(
    customer,
    *,
    when: dt.datetime,
    kind=ContactKind.VISIT,
    agent=None,
    notes: str = "",
    outcome: str = "",
    is_void: bool = False,
) -> Contact:
    return Contact.objects.create(
        office=customer.office,
        customer=customer,
        agent=agent or customer.agent,
        kind=kind,
        occurred_at=when,
        notes=notes,
        outcome=outcome,
        is_void=is_void,
    )


def make_sheet(
    agent, week: IsoWeek, customers=(), *, rotation: int = 1, status: str = "proposed"
) -> WeeklySheet:
    sheet = WeeklySheet.objects.create(
        office=agent.office,
        agent=agent,
        week_start=week.monday,
        rotation=rotation,
        status=status,
    )
    for position, customer in enumerate(customers, start=1):
        SheetEntry.objects.create(
            sheet=sheet,
            customer=customer,
            position=position,
            rotation=rotation,
            grade=customer.grade,
            reasons=["续期保费将于12月9日到期"],
            findings=[
                {
                    "code": "renewal_due",
                    "points": 30,
                    "params": {"date": week.monday.isoformat()},
                }
            ],
            suggested_entry_point="续期提醒，顺便做保单检视",
        )
    return sheet


def make_action(
    entry: SheetEntry,
    *,
    kind=ActionKind.VISIT,
    day: dt.date | None = None,
    time: dt.time | None = None,
    done: bool = False,
) -> PlannedAction:
    return PlannedAction.objects.create(
        entry=entry,
        kind=kind,
        planned_date=day or entry.sheet.week_start,
        planned_time=time,
        is_done=done,
        done_at=timezone.now() if done else None,
    )
