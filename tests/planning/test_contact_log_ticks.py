"""Logging, editing and withdrawing contacts ticks and reopens planned actions."""

import datetime as dt

import pytest
from django.utils import timezone

from revisit.outreach.models import ContactKind, ContactOutcome
from revisit.outreach.services import contact_edit, contact_log, contact_void
from revisit.planning.models import ActionKind, SheetStatus
from revisit.planning.weeks import IsoWeek
from tests import factories
from tests.planning.builders import at, make_action, make_sheet


@pytest.fixture
def planned_visit(agent):
    """A visit planned for yesterday, so logging it is not in the future."""
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    customer = factories.make_customer(agent)
    sheet = make_sheet(agent, IsoWeek.containing(yesterday), [customer])
    return make_action(sheet.entries.get(), kind=ActionKind.VISIT, day=yesterday)


def log_visit(agent, action, **fields):
    values = {
        "kind": ContactKind.VISIT,
        "occurred_at": at(action.planned_date, 15),
        "outcome": ContactOutcome.DONE,
    }
    values.update(fields)
    return contact_log(actor=agent, customer=action.entry.customer, **values)


@pytest.mark.django_db
def test_logged_visit_ticks_action(agent, planned_visit):
    contact = log_visit(agent, planned_visit)
    planned_visit.refresh_from_db()
    assert planned_visit.is_done is True
    assert planned_visit.contact_id == contact.pk


@pytest.mark.django_db
def test_withdrawn_contact_reopens_action(agent, planned_visit):
    contact = log_visit(agent, planned_visit)
    contact_void(actor=agent, contact=contact, reason="记错了客户")
    planned_visit.refresh_from_db()
    assert planned_visit.is_done is False
    assert planned_visit.contact_id is None


@pytest.mark.django_db
def test_edited_contact_of_other_kind_reopens_action(agent, planned_visit):
    contact = log_visit(agent, planned_visit)
    contact_edit(actor=agent, contact=contact, kind=ContactKind.GREETING)
    planned_visit.refresh_from_db()
    # A greeting carries out no planned visit.
    assert planned_visit.is_done is False


@pytest.mark.django_db
def test_withdrawal_leaves_submitted_sheet_alone(agent, planned_visit):
    contact = log_visit(agent, planned_visit)
    sheet = planned_visit.entry.sheet
    sheet.status = SheetStatus.SUBMITTED
    sheet.save()
    contact_void(actor=agent, contact=contact, reason="记错了客户")
    planned_visit.refresh_from_db()
    assert planned_visit.is_done is True
