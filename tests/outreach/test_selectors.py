"""Reads: workload counts, the customer search and the timeline."""

import datetime as dt
from decimal import Decimal

import pytest
from django.http import Http404

from revisit.outreach.models import ContactRevision, GradeChange, GradeSource
from revisit.outreach.selectors import (
    contact_for_user,
    customer_for_user,
    customers_to_log_for,
    timeline_for,
    workload_for,
)
from tests import factories
from tests.outreach.conftest import local

WEEK = (dt.date(2026, 11, 30), dt.date(2026, 12, 6))


@pytest.fixture
def week_of_work(customer, agent):
    """Contacts and grade moves around the week of 2026-11-30 to 2026-12-06."""
    make = factories.make_contact
    make(
        customer, kind="call", outcome="appointment", occurred_at=local(2026, 11, 30, 9)
    )
    make(
        customer,
        kind="call",
        outcome="no_answer",
        occurred_at=local(2026, 11, 30, 0, 0),
    )
    make(customer, kind="visit", outcome="proposal", occurred_at=local(2026, 12, 1, 14))
    make(
        customer,
        kind="visit",
        outcome="signed",
        occurred_at=local(2026, 12, 2, 15),
        signed_policy_number="P1",
        signed_premium=Decimal("8000.50"),
    )
    make(
        customer,
        kind="activity",
        outcome="signed",
        occurred_at=local(2026, 12, 3, 19),
        signed_policy_number="P2",
        signed_premium=Decimal("2000"),
    )
    make(
        customer,
        kind="message",
        outcome="referral",
        occurred_at=local(2026, 12, 6, 23, 59),
    )

    # Left out: withdrawn, before and after the week.
    make(
        customer,
        kind="visit",
        outcome="signed",
        occurred_at=local(2026, 12, 2),
        signed_policy_number="P3",
        signed_premium=Decimal("99999"),
        is_void=True,
    )
    make(customer, kind="call", occurred_at=local(2026, 11, 29, 23, 59))
    make(customer, kind="call", occurred_at=local(2026, 12, 7, 0, 0))

    GradeChange.objects.create(
        office=customer.office,
        customer=customer,
        agent=agent,
        old_grade=5,
        new_grade=3,
        source=GradeSource.COMPUTED,
        changed_at=local(2026, 12, 1, 14),
    )
    GradeChange.objects.create(
        office=customer.office,
        customer=customer,
        agent=agent,
        old_grade=3,
        new_grade=5,
        source=GradeSource.COMPUTED,
        changed_at=local(2026, 12, 2),
    )


def test_workload_counts_week(agent, week_of_work):
    assert workload_for(agent=agent, start=WEEK[0], end=WEEK[1]) == {
        "contacts": 6,
        "calls": 2,
        "visits": 2,
        "activities": 1,
        "appointments": 1,
        "proposals": 1,
        "signed": 2,
        "signed_premium": Decimal("10000.50"),
        "referrals": 1,
        "activations": 1,
    }


def test_workload_of_other_agent_empty(teammate, week_of_work):
    workload = workload_for(agent=teammate, start=WEEK[0], end=WEEK[1])
    assert workload["contacts"] == 0
    assert workload["signed_premium"] == Decimal("0")
    assert workload["activations"] == 0


def test_customer_for_user_scope(customer, agent, supervisor, manager):
    for user in (agent, supervisor, manager):
        assert customer_for_user(user, customer.pk) == customer


@pytest.mark.parametrize(
    "persona", ["teammate", "outsider", "other_supervisor", "foreign_agent"]
)
def test_customer_for_user_hidden(customer, persona, request):
    with pytest.raises(Http404):
        customer_for_user(request.getfixturevalue(persona), customer.pk)


def test_contact_for_user_hidden(customer, other_supervisor):
    contact = factories.make_contact(customer, occurred_at=local(2026, 12, 1))
    with pytest.raises(Http404):
        contact_for_user(other_supervisor, contact.pk)


@pytest.fixture
def book(agent, teammate):
    return {
        "wang": factories.make_customer(
            agent,
            full_name="王芳",
            name_pinyin="wangfang",
            name_initials="wf",
            phone="13900001234",
        ),
        "wang2": factories.make_customer(
            agent,
            full_name="汪峰",
            name_pinyin="wangfeng",
            name_initials="wf",
            phone="13900005678",
        ),
        "li": factories.make_customer(
            agent,
            full_name="李强",
            name_pinyin="liqiang",
            name_initials="lq",
        ),
        "other": factories.make_customer(
            teammate,
            full_name="王芳",
            name_pinyin="wangfang",
            name_initials="wf",
        ),
    }


def test_search_by_name(agent, book):
    assert customers_to_log_for(agent, "王") == [book["wang"]]


def test_search_by_pinyin(agent, book):
    found = customers_to_log_for(agent, "Wang")
    assert set(found) == {book["wang"], book["wang2"]}


def test_search_by_initials(agent, book):
    assert customers_to_log_for(agent, "lq") == [book["li"]]


def test_search_by_phone_end(agent, book):
    found = customers_to_log_for(agent, "5678")
    assert found == [book["wang2"]]
    assert found[0].masked_phone == "139****5678"


def test_search_empty_lists_recent(agent, book):
    book["li"].last_contact_at = local(2026, 12, 1)
    book["li"].save()
    assert customers_to_log_for(agent, "") == [book["li"]]


def test_timeline_newest_first(customer, agent):
    old = factories.make_contact(customer, occurred_at=local(2026, 10, 1))
    new = factories.make_contact(customer, occurred_at=local(2026, 12, 1))
    items, total = timeline_for(agent, customer)
    assert [item.contact for item in items] == [new, old]
    assert total == 2


def test_timeline_limit(customer, agent):
    for day in range(1, 6):
        factories.make_contact(customer, occurred_at=local(2026, 11, day))
    items, total = timeline_for(agent, customer, limit=3)
    assert len(items) == 3
    assert total == 5


def test_timeline_rows_show_labels(customer, agent):
    contact = factories.make_contact(customer, occurred_at=local(2026, 12, 1))
    ContactRevision.objects.create(
        contact=contact,
        action="edited",
        changed_by=agent,
        changes={
            "kind": {"old": "visit", "new": "call"},
            "occurred_at": {"old": "2026-12-01T02:00:00+00:00", "new": None},
            "next_step_date": {"old": "2026-12-10", "new": ""},
            "signed_premium": {"old": "1200.00", "new": "1500.00"},
        },
    )
    items, _total = timeline_for(agent, customer)
    rows = items[0].revisions[0].rows
    assert (rows[0].label, rows[0].old, rows[0].new) == ("方式", "面访", "电话")
    assert (rows[1].old, rows[1].new) == ("2026年12月1日 10:00", "—")
    assert (rows[2].old, rows[2].new) == ("2026年12月10日", "—")
    assert (rows[3].old, rows[3].new) == ("1,200", "1,500")


def test_timeline_change_flag(customer, agent, supervisor):
    factories.make_contact(customer, occurred_at=local(2026, 12, 1))
    assert timeline_for(agent, customer)[0][0].can_change is True
    assert timeline_for(supervisor, customer)[0][0].can_change is False
