"""Planned actions: planning, ticking, and ticks from the contact log."""

import datetime as dt

import pytest

from revisit.core.exceptions import DomainError
from revisit.outreach.models import ContactKind
from revisit.planning.models import ActionKind, PlannedAction, SheetStatus
from revisit.planning.services import (
    action_add,
    action_delete,
    action_reopen,
    action_tick,
    actions_tick_for_contact,
    actions_untick_for_contact,
)
from revisit.planning.weeks import IsoWeek
from tests import factories
from tests.planning.builders import at, make_action, make_contact, make_sheet

WEEK = IsoWeek(2026, 50)
TUESDAY = dt.date(2026, 12, 8)


@pytest.fixture
def customer(agent):
    return factories.make_customer(agent, grade=5)


@pytest.fixture
def entry(agent, customer):
    return make_sheet(agent, WEEK, [customer]).entries.get()


@pytest.mark.django_db
def test_add_action_in_week(entry):
    action = action_add(
        entry=entry,
        version=1,
        kind=ActionKind.VISIT,
        planned_date=TUESDAY,
        planned_time=dt.time(14, 30),
    )
    assert action.planned_date == TUESDAY
    assert action.planned_time == dt.time(14, 30)
    entry.sheet.refresh_from_db()
    assert entry.sheet.version == 2


@pytest.mark.django_db
def test_add_action_outside_week_rejected(entry):
    with pytest.raises(DomainError) as raised:
        action_add(
            entry=entry,
            version=1,
            kind=ActionKind.VISIT,
            planned_date=dt.date(2026, 12, 14),
        )
    assert raised.value.code == "outside_week"
    assert not PlannedAction.objects.exists()


@pytest.mark.django_db
def test_tick_with_given_time(entry):
    action = make_action(entry, day=TUESDAY)
    action_tick(action=action, version=1, done_at=at(TUESDAY, 15, 10))
    action.refresh_from_db()
    assert action.is_done is True
    assert action.done_at == at(TUESDAY, 15, 10)


@pytest.mark.django_db
def test_tick_without_time_uses_now(entry):
    action = make_action(entry, day=TUESDAY)
    action_tick(action=action, version=1)
    action.refresh_from_db()
    assert action.is_done is True
    assert action.done_at is not None


@pytest.mark.django_db
def test_reopen_clears_tick(entry):
    action = make_action(entry, day=TUESDAY, done=True)
    action_reopen(action=action, version=1)
    action.refresh_from_db()
    assert action.is_done is False
    assert action.done_at is None


@pytest.mark.django_db
def test_delete_action(entry):
    action = make_action(entry, day=TUESDAY)
    action_delete(action=action, version=1)
    assert not PlannedAction.objects.filter(pk=action.pk).exists()


@pytest.mark.django_db
def test_tick_on_locked_sheet_rejected(entry):
    action = make_action(entry, day=TUESDAY)
    entry.sheet.status = SheetStatus.SUBMITTED
    entry.sheet.save()
    with pytest.raises(DomainError) as raised:
        action_tick(action=action, version=1)
    assert raised.value.code == "sheet_locked"


@pytest.mark.django_db
def test_logged_visit_ticks_planned_visit(entry, customer):
    action = make_action(entry, kind=ActionKind.VISIT, day=TUESDAY)
    contact = make_contact(customer, kind=ContactKind.VISIT, when=at(TUESDAY, 16))
    ticked = actions_tick_for_contact(contact)
    assert ticked.pk == action.pk
    action.refresh_from_db()
    assert action.is_done is True
    assert action.contact_id == contact.pk
    assert action.done_at == contact.occurred_at
    entry.sheet.refresh_from_db()
    # A stale form on another device must not overwrite the tick.
    assert entry.sheet.version == 2


@pytest.mark.django_db
def test_logged_call_ticks_phone_appointment(entry, customer):
    make_action(entry, kind=ActionKind.VISIT, day=TUESDAY)
    call = make_action(entry, kind=ActionKind.PHONE_APPOINTMENT, day=WEEK.monday)
    contact = make_contact(customer, kind=ContactKind.CALL, when=at(TUESDAY, 9))
    assert actions_tick_for_contact(contact).pk == call.pk


@pytest.mark.django_db
def test_nearest_planned_action_is_ticked(entry, customer):
    make_action(entry, kind=ActionKind.VISIT, day=WEEK.monday)
    thursday = make_action(entry, kind=ActionKind.VISIT, day=dt.date(2026, 12, 10))
    contact = make_contact(
        customer, kind=ContactKind.VISIT, when=at(dt.date(2026, 12, 11))
    )
    assert actions_tick_for_contact(contact).pk == thursday.pk


@pytest.mark.django_db
def test_contact_in_other_week_ticks_nothing(entry, customer):
    make_action(entry, kind=ActionKind.VISIT, day=TUESDAY)
    contact = make_contact(
        customer, kind=ContactKind.VISIT, when=at(dt.date(2026, 12, 15))
    )
    assert actions_tick_for_contact(contact) is None


@pytest.mark.django_db
def test_unrelated_contact_kind_ticks_nothing(entry, customer):
    make_action(entry, kind=ActionKind.VISIT, day=TUESDAY)
    contact = make_contact(customer, kind=ContactKind.GREETING, when=at(TUESDAY))
    assert actions_tick_for_contact(contact) is None


@pytest.mark.django_db
def test_contact_for_other_customer_ticks_nothing(entry, agent):
    make_action(entry, kind=ActionKind.VISIT, day=TUESDAY)
    other = factories.make_customer(agent)
    contact = make_contact(other, kind=ContactKind.VISIT, when=at(TUESDAY))
    assert actions_tick_for_contact(contact) is None


@pytest.mark.django_db
def test_void_contact_ticks_nothing(entry, customer):
    make_action(entry, kind=ActionKind.VISIT, day=TUESDAY)
    contact = make_contact(
        customer, kind=ContactKind.VISIT, when=at(TUESDAY), is_void=True
    )
    assert actions_tick_for_contact(contact) is None


@pytest.mark.django_db
def test_tick_for_contact_is_idempotent(entry, customer):
    make_action(entry, kind=ActionKind.VISIT, day=TUESDAY)
    second = make_action(entry, kind=ActionKind.VISIT, day=TUESDAY)
    contact = make_contact(customer, kind=ContactKind.VISIT, when=at(TUESDAY))
    first_tick = actions_tick_for_contact(contact)
    again = actions_tick_for_contact(contact)
    assert again.pk == first_tick.pk
    second.refresh_from_db()
    # One contact carries out one action, however often it is saved.
    assert PlannedAction.objects.filter(is_done=True).count() == 1


@pytest.mark.django_db
def test_submitted_sheet_not_ticked(entry, customer):
    action = make_action(entry, kind=ActionKind.VISIT, day=TUESDAY)
    entry.sheet.status = SheetStatus.SUBMITTED
    entry.sheet.save()
    contact = make_contact(customer, kind=ContactKind.VISIT, when=at(TUESDAY))
    assert actions_tick_for_contact(contact) is None
    action.refresh_from_db()
    assert action.is_done is False


@pytest.mark.django_db
def test_withdrawn_contact_reopens_action(entry, customer):
    action = make_action(entry, kind=ActionKind.VISIT, day=TUESDAY)
    contact = make_contact(customer, kind=ContactKind.VISIT, when=at(TUESDAY))
    actions_tick_for_contact(contact)
    contact.is_void = True
    contact.save()
    assert actions_untick_for_contact(contact) == 1
    action.refresh_from_db()
    assert action.is_done is False
    assert action.contact_id is None
