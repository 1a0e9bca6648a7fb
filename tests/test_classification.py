import datetime as dt
from decimal import Decimal

from revisit.book.models import PaymentGroup, PaymentMode, PolicyStatus
from revisit.book.services.classification import customers_reclassify
from tests.factories import make_customer, make_policy

TODAY = dt.date(2026, 12, 4)


def _reclassify(customer):
    customers_reclassify(office_id=customer.office_id, today=TODAY)
    customer.refresh_from_db()
    return customer


def test_paying_policy_makes_renewal_receivable(agent):
    customer = make_customer(agent)
    make_policy(customer, paid_to_date=dt.date(2027, 3, 1))
    customer = _reclassify(customer)
    assert customer.payment_group == PaymentGroup.RENEWAL_RECEIVABLE
    assert customer.next_due_date == dt.date(2027, 3, 1)
    assert customer.is_single_policy_risk is True


def test_fully_paid_policies_make_paid_up(agent):
    customer = make_customer(agent)
    make_policy(
        customer, paid_to_date=dt.date(2025, 3, 1), payment_end_date=dt.date(2025, 3, 1)
    )
    make_policy(customer, payment_mode=PaymentMode.SINGLE, premium=Decimal("90000"))
    customer = _reclassify(customer)
    assert customer.payment_group == PaymentGroup.PAID_UP
    assert customer.next_due_date is None
    assert customer.policy_count == 2
    assert customer.is_single_policy_risk is False


def test_unpaid_premium_within_sixty_days_is_grace(agent):
    customer = make_customer(agent)
    make_policy(customer, paid_to_date=TODAY - dt.timedelta(days=30))
    assert _reclassify(customer).is_in_grace is True


def test_lapsed_policy_within_two_years_is_reinstatable(agent):
    customer = make_customer(agent)
    make_policy(customer, status=PolicyStatus.LAPSED, paid_to_date=dt.date(2025, 6, 1))
    customer = _reclassify(customer)
    assert customer.payment_group == PaymentGroup.NONE_IN_FORCE
    assert customer.is_reinstatable is True


def test_insured_child_counts_policy_and_category(agent):
    parent = make_customer(agent)
    child = make_customer(agent)
    make_policy(parent, insured=child)
    child = _reclassify(child)
    assert child.policy_count == 1
    assert child.categories == "life"
    assert child.payment_group == PaymentGroup.RENEWAL_RECEIVABLE


def test_annual_premium_counts_paying_policies_only(agent):
    customer = make_customer(agent)
    make_policy(customer, premium=Decimal("2820"))
    make_policy(customer, payment_mode=PaymentMode.SINGLE, premium=Decimal("14300"))
    make_policy(
        customer,
        premium=Decimal("6000"),
        paid_to_date=dt.date(2024, 3, 1),
        payment_end_date=dt.date(2024, 3, 1),
    )
    customer = _reclassify(customer)
    assert customer.annual_premium == Decimal("2820")
