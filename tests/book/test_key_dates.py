import datetime as dt

import pytest
from django.utils import translation

from revisit.book.key_dates import key_dates_for
from revisit.book.models import Policy, PolicyStatus
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 4)


def _dates(customer, today=TODAY):
    policies = list(
        Policy.objects.filter(holder=customer).prefetch_related("lines")
    )
    return key_dates_for(customer, policies, today=today)


def _kinds(customer, today=TODAY):
    return [(item.kind, item.date) for item in _dates(customer, today)]


def test_birthdays_solar_and_lunar(agent):
    # 1990-03-07 is the eleventh day of the second lunar month, which falls
    # on 2027-03-18.
    customer = factories.make_customer(agent, birth_date=dt.date(1990, 3, 7))
    with translation.override("en"):
        dates = {item.kind: item for item in _dates(customer)}
    assert dates["birthday"].date == dt.date(2027, 3, 7)
    assert dates["birthday"].detail == "turns 37"
    assert dates["lunar_birthday"].date == dt.date(2027, 3, 18)
    assert dates["lunar_birthday"].detail == "二月十一"


def test_no_birthdays_without_birth_date(agent):
    customer = factories.make_customer(agent, birth_date=None)
    assert _kinds(customer) == []


def test_premium_due_names_its_policies(agent):
    customer = factories.make_customer(agent, next_due_date=dt.date(2027, 3, 1))
    factories.make_policy(customer, number="P1", paid_to_date=dt.date(2027, 3, 1))
    factories.make_policy(customer, number="P2", paid_to_date=dt.date(2027, 6, 1))
    due = [item for item in _dates(customer) if item.kind == "premium_due"]
    assert [(item.date, item.detail) for item in due] == [(dt.date(2027, 3, 1), "P1")]


def test_anniversary_within_sixty_days(agent):
    customer = factories.make_customer(agent, birth_date=None)
    policy = factories.make_policy(customer, number="P1")
    policy.effective_date = dt.date(2020, 1, 20)
    policy.save()
    assert _kinds(customer) == [("anniversary", dt.date(2027, 1, 20))]


def test_anniversary_beyond_sixty_days_left_out(agent):
    customer = factories.make_customer(agent, birth_date=None)
    policy = factories.make_policy(customer)
    policy.effective_date = dt.date(2020, 2, 5)
    policy.save()
    assert _kinds(customer) == []


def test_anniversary_of_lapsed_policy_left_out(agent):
    customer = factories.make_customer(agent, birth_date=None)
    policy = factories.make_policy(customer, status=PolicyStatus.LAPSED)
    policy.effective_date = dt.date(2020, 1, 20)
    policy.save()
    assert _kinds(customer) == []


def test_leap_day_anniversary_in_common_year(agent):
    customer = factories.make_customer(agent, birth_date=None)
    policy = factories.make_policy(customer)
    policy.effective_date = dt.date(2024, 2, 29)
    policy.save()
    today = dt.date(2027, 2, 1)
    assert ("anniversary", dt.date(2027, 2, 28)) in _kinds(customer, today)


def test_payment_end_within_ninety_days(agent):
    customer = factories.make_customer(agent, birth_date=None)
    factories.make_policy(
        customer, number="P1", payment_end_date=dt.date(2027, 2, 10)
    )
    ends = [item for item in _dates(customer) if item.kind == "payment_end"]
    assert [item.date for item in ends] == [dt.date(2027, 2, 10)]
    assert ends[0].detail.startswith("P1 ")


def test_dates_sorted_earliest_first(agent):
    customer = factories.make_customer(
        agent, birth_date=dt.date(1990, 12, 20), next_due_date=dt.date(2026, 12, 10)
    )
    factories.make_policy(customer, paid_to_date=dt.date(2026, 12, 10))
    dates = [item.date for item in _dates(customer)]
    assert dates == sorted(dates)
