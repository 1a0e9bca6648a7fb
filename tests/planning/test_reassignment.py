"""Reassigned customers leave the old agent's open sheets, day view and feed."""

import pytest
from django.urls import reverse
from django.utils import timezone

from revisit.book.models import Customer
from revisit.coaching.services.reassignment import agent_mark_left, customers_reassign
from revisit.planning.models import PlannedAction, SheetEntry, SheetStatus
from revisit.planning.services import calendar_token_get, entries_drop_for_reassigned
from revisit.planning.weeks import IsoWeek
from tests import factories
from tests.planning.builders import make_action, make_sheet


@pytest.fixture
def planned(agent):
    """A customer of `agent` on this week's sheet, with a visit today."""
    customer = factories.make_customer(agent, full_name="王建国", gender="M")
    kept = factories.make_customer(agent, full_name="李娜", gender="F")
    sheet = make_sheet(agent, IsoWeek.current(), [customer, kept])
    visit = make_action(
        sheet.entries.get(customer=customer), day=timezone.localdate()
    )
    return customer, sheet, visit


@pytest.mark.django_db
@pytest.mark.parametrize(
    "status", [SheetStatus.PROPOSED, SheetStatus.IN_PROGRESS, SheetStatus.RETURNED]
)
def test_reassign_drops_row_from_open_sheet(
    supervisor, agent, teammate, planned, status
):
    customer, sheet, visit = planned
    sheet.status = status
    sheet.save(update_fields=["status"])

    customers_reassign(
        actor=supervisor, from_agent=agent, to_agent=teammate,
        customer_ids=[customer.pk],
    )

    assert not SheetEntry.objects.filter(sheet=sheet, customer=customer).exists()
    assert not PlannedAction.objects.filter(pk=visit.pk).exists()
    assert sheet.entries.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("status", [SheetStatus.SUBMITTED, SheetStatus.APPROVED])
def test_reassign_keeps_row_on_locked_sheet(
    supervisor, agent, teammate, planned, status
):
    customer, sheet, visit = planned
    sheet.status = status
    sheet.save(update_fields=["status"])

    customers_reassign(
        actor=supervisor, from_agent=agent, to_agent=teammate,
        customer_ids=[customer.pk],
    )

    assert SheetEntry.objects.filter(sheet=sheet, customer=customer).exists()
    assert PlannedAction.objects.filter(pk=visit.pk).exists()


@pytest.mark.django_db
def test_reassign_raises_sheet_version(supervisor, agent, teammate, planned):
    customer, sheet, _visit = planned

    customers_reassign(
        actor=supervisor, from_agent=agent, to_agent=teammate,
        customer_ids=[customer.pk],
    )

    before = sheet.version
    sheet.refresh_from_db()
    assert sheet.version == before + 1


@pytest.mark.django_db
def test_mark_left_drops_rows_of_whole_book(manager, agent, teammate, planned):
    _customer, sheet, _visit = planned

    agent_mark_left(actor=manager, agent=agent, to_agent=teammate)

    assert sheet.entries.count() == 0


@pytest.mark.django_db
def test_drop_leaves_other_agents_sheets(agent, teammate, planned):
    customer, _sheet, _visit = planned
    Customer.objects.filter(pk=customer.pk).update(agent=teammate)
    theirs = make_sheet(teammate, IsoWeek.current(), [customer])

    entries_drop_for_reassigned(customer_ids=[customer.pk], from_agent=agent)

    assert theirs.entries.filter(customer=customer).exists()


@pytest.mark.django_db
def test_day_view_skips_moved_customer(client, agent, teammate, planned):
    customer, sheet, _visit = planned
    sheet.status = SheetStatus.SUBMITTED
    sheet.save(update_fields=["status"])
    Customer.objects.filter(pk=customer.pk).update(agent=teammate)
    client.force_login(agent)

    response = client.get(reverse("planning:today"))

    assert response.status_code == 200
    assert response.context["items"] == []


@pytest.mark.django_db
def test_feed_skips_moved_customer(client, agent, teammate, planned):
    customer, sheet, _visit = planned
    sheet.status = SheetStatus.SUBMITTED
    sheet.save(update_fields=["status"])
    Customer.objects.filter(pk=customer.pk).update(agent=teammate)
    token = calendar_token_get(agent=agent).token

    response = client.get(reverse("planning:calendar_feed", args=[token]))

    assert "BEGIN:VEVENT" not in response.content.decode()
