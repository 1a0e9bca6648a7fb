"""Planned actions on a sheet entry: plan, tick, reopen, remove; ticks from the log."""

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from revisit.core.exceptions import DomainError
from revisit.outreach.models import Contact, ContactKind
from revisit.planning.models import (
    EDITABLE_STATUSES,
    ActionKind,
    PlannedAction,
    SheetEntry,
)
from revisit.planning.services.sheets import sheet_claim, sheet_touch
from revisit.planning.weeks import IsoWeek

logger = logging.getLogger(__name__)

OUTSIDE_WEEK = _("Plan the action within the sheet's week, %(monday)s to %(sunday)s.")


def action_add(
    *,
    entry: SheetEntry,
    version: int,
    kind: str,
    planned_date: dt.date,
    planned_time: dt.time | None = None,
) -> PlannedAction:
    week = entry.sheet.week
    if not week.contains(planned_date):
        raise DomainError(
            OUTSIDE_WEEK,
            code="outside_week",
            params={
                "monday": week.monday.isoformat(),
                "sunday": week.sunday.isoformat(),
            },
        )
    with transaction.atomic():
        sheet_claim(entry.sheet, version)
        return PlannedAction.objects.create(
            entry=entry,
            kind=kind,
            planned_date=planned_date,
            planned_time=planned_time,
        )


def action_tick(
    *, action: PlannedAction, version: int, done_at: dt.datetime | None = None
) -> None:
    """Mark the action done, at `done_at` when the agent gives a time, else now."""
    with transaction.atomic():
        sheet_claim(action.entry.sheet, version)
        action.is_done = True
        action.done_at = done_at or timezone.now()
        action.save(update_fields=["is_done", "done_at", "updated_at"])


def action_reopen(*, action: PlannedAction, version: int) -> None:
    with transaction.atomic():
        sheet_claim(action.entry.sheet, version)
        action.is_done = False
        action.done_at = None
        action.contact = None
        action.save(update_fields=["is_done", "done_at", "contact", "updated_at"])


def action_delete(*, action: PlannedAction, version: int) -> None:
    with transaction.atomic():
        sheet_claim(action.entry.sheet, version)
        action.delete()


# The planned action a logged contact carries out. A WeChat or SMS message
# can fix an appointment as well as a call can.
ACTION_FOR_CONTACT_KIND = {
    ContactKind.CALL: ActionKind.PHONE_APPOINTMENT,
    ContactKind.MESSAGE: ActionKind.PHONE_APPOINTMENT,
    ContactKind.VISIT: ActionKind.VISIT,
    ContactKind.ACTIVITY: ActionKind.INVITATION,
}


def actions_tick_for_contact(contact: Contact) -> PlannedAction | None:
    """Tick the open planned action that `contact` carries out; return it or None.

    The action must be for the contact's customer, on the agent's sheet of
    the contact's week (not submitted or approved), of the matching kind;
    among several, the one planned nearest the contact date wins. Calling
    again for the same contact changes nothing, so the contact log may call
    this after every save.
    """
    linked = PlannedAction.objects.filter(contact=contact).first()
    if linked is not None or contact.is_void:
        return linked
    kind = ACTION_FOR_CONTACT_KIND.get(contact.kind)
    if kind is None:
        return None
    day = timezone.localdate(contact.occurred_at)
    open_actions = PlannedAction.objects.filter(
        entry__customer_id=contact.customer_id,
        entry__sheet__agent_id=contact.agent_id,
        entry__sheet__week_start=IsoWeek.containing(day).monday,
        entry__sheet__status__in=EDITABLE_STATUSES,
        kind=kind,
        is_done=False,
    ).select_related("entry")
    nearest = sorted(
        open_actions,
        key=lambda a: (abs((a.planned_date - day).days), a.planned_date, a.pk),
    )
    if not nearest:
        return None
    action = nearest[0]
    with transaction.atomic():
        # Conditional, so a tick by hand at the same moment is not overwritten.
        updated = PlannedAction.objects.filter(pk=action.pk, is_done=False).update(
            is_done=True,
            done_at=contact.occurred_at,
            contact=contact,
            updated_at=timezone.now(),
        )
        if not updated:
            return None
        sheet_touch(action.entry.sheet_id)
    logger.info("action ticked action=%s contact=%s", action.pk, contact.pk)
    action.refresh_from_db()
    return action


def actions_untick_for_contact(contact: Contact) -> int:
    """Reopen the actions the contact had ticked; return how many.

    Actions on submitted or approved sheets stay ticked, because those
    sheets are locked until the supervisor returns them.
    """
    actions = list(
        PlannedAction.objects.filter(
            contact=contact, entry__sheet__status__in=EDITABLE_STATUSES
        ).select_related("entry")
    )
    with transaction.atomic():
        for action in actions:
            action.is_done = False
            action.done_at = None
            action.contact = None
            action.save(update_fields=["is_done", "done_at", "contact", "updated_at"])
            sheet_touch(action.entry.sheet_id)
    return len(actions)
