import datetime as dt

import pytest

from revisit.book.models import Customer, Grade, PaymentGroup, ProductCategory
from revisit.book.selectors import CustomerFilters, customer_list_for
from tests import factories

pytestmark = pytest.mark.django_db


def _names(user, **filters):
    return [c.full_name for c in customer_list_for(user, CustomerFilters(**filters))]


# --- Scope --------------------------------------------------------------------


def test_agent_sees_only_own_customers(
    agent, customer, teammate_customer, outsider_customer, foreign_customer
):
    assert _names(agent) == ["张三"]


def test_supervisor_sees_team_customers(
    supervisor, customer, teammate_customer, outsider_customer
):
    assert set(_names(supervisor)) == {"张三", "李四"}


def test_other_supervisor_sees_other_team_only(
    other_supervisor, customer, outsider_customer
):
    assert _names(other_supervisor) == ["王五"]


def test_manager_sees_office_not_other_office(
    manager, customer, outsider_customer, foreign_customer
):
    assert set(_names(manager)) == {"张三", "王五"}


def test_agent_filter_narrows_team_book(
    supervisor, teammate, customer, teammate_customer
):
    assert _names(supervisor, agent_id=teammate.pk) == ["李四"]


def test_agent_filter_cannot_widen_scope(agent, outsider, outsider_customer):
    # Naming an agent outside the scope yields nothing, never their book.
    assert _names(agent, agent_id=outsider.pk) == []


# --- Search ---------------------------------------------------------------------


@pytest.fixture
def names(agent):
    for name in ["张三", "张三丰", "李思", "赵六"]:
        factories.make_named_customer(agent, name)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("zs", ["张三", "张三丰"]),
        ("ZS", ["张三", "张三丰"]),
        ("zsf", ["张三丰"]),
        ("zhangsan", ["张三", "张三丰"]),
        ("zhang san", ["张三", "张三丰"]),
        ("zhao", ["赵六"]),
        ("张", ["张三", "张三丰"]),
        ("三丰", ["张三丰"]),
    ],
)
def test_search_by_name_pinyin_initials(agent, names, query, expected):
    assert _names(agent, query=query) == expected


def test_search_by_phone_tail(agent):
    factories.make_named_customer(agent, "张三", phone="13900001234")
    factories.make_named_customer(agent, "李四", phone="13900005678")
    assert _names(agent, query="1234") == ["张三"]


def test_search_by_other_phone_tail(agent):
    factories.make_named_customer(agent, "张三", phone_alt="02188887777")
    assert _names(agent, query="87777") == ["张三"]


@pytest.mark.parametrize("query", ["139-0000-1234", "0000-1234", "(139)00001234"])
def test_search_by_phone_with_separators(agent, query):
    factories.make_named_customer(agent, "张三", phone="13900001234")
    factories.make_named_customer(agent, "李四", phone="13900005678")
    assert _names(agent, query=query) == ["张三"]


def test_search_ignores_short_digit_runs(agent):
    factories.make_named_customer(agent, "张三", phone="13900001234")
    # Three digits match too much of a book to mean a phone tail.
    assert _names(agent, query="234") == []


def test_search_by_policy_number_finds_holder_and_insured(agent):
    holder = factories.make_named_customer(agent, "张三")
    insured = factories.make_named_customer(agent, "张小三")
    factories.make_named_customer(agent, "李四")
    factories.make_policy(holder, insured=insured, number="P2020001")
    assert _names(agent, query="p2020001") == ["张三", "张小三"]


def test_search_by_policy_number_stays_in_scope(agent, outsider):
    other = factories.make_named_customer(outsider, "王五")
    factories.make_policy(other, number="P2020009")
    assert _names(agent, query="P2020009") == []


# --- Filters --------------------------------------------------------------------


def test_filter_by_grade(agent):
    factories.make_named_customer(agent, "张三", grade=Grade.TWO)
    factories.make_named_customer(agent, "李四", grade=Grade.FIVE)
    assert _names(agent, grade=2) == ["张三"]


def test_filter_by_payment_group(agent):
    factories.make_named_customer(
        agent, "张三", payment_group=PaymentGroup.RENEWAL_RECEIVABLE
    )
    factories.make_named_customer(agent, "李四", payment_group=PaymentGroup.PAID_UP)
    assert _names(agent, payment_group=PaymentGroup.PAID_UP) == ["李四"]


def test_filter_due_this_month(agent):
    today = dt.date(2026, 12, 4)
    factories.make_named_customer(agent, "张三", next_due_date=dt.date(2026, 12, 31))
    factories.make_named_customer(agent, "李四", next_due_date=dt.date(2027, 1, 1))
    factories.make_named_customer(agent, "王五", next_due_date=dt.date(2026, 11, 30))
    filters = CustomerFilters(due_this_month=True)
    customers = customer_list_for(agent, filters, today=today)
    assert [c.full_name for c in customers] == ["张三"]


@pytest.mark.parametrize(
    ("count", "expected"), [("1", ["一"]), ("2", ["二"]), ("3+", ["三", "四"])]
)
def test_filter_by_policy_count(agent, count, expected):
    for number, name in enumerate(["零", "一", "二", "三", "四"]):
        factories.make_named_customer(agent, name, policy_count=number)
    assert sorted(_names(agent, policy_count=count)) == sorted(expected)


@pytest.mark.parametrize(
    ("categories", "matches"),
    [
        ("life", True),
        ("accident,life", True),
        ("life,medical", True),
        ("accident,life,medical", True),
        ("critical_illness", False),
        ("", False),
    ],
)
def test_filter_by_category_matches_whole_items(agent, categories, matches):
    factories.make_named_customer(agent, "张三", categories=categories)
    assert (_names(agent, category=ProductCategory.LIFE) == ["张三"]) is matches


@pytest.mark.parametrize(
    ("flag", "field"),
    [
        ("in_grace", "is_in_grace"),
        ("reinstatable", "is_reinstatable"),
        ("single_policy_risk", "is_single_policy_risk"),
    ],
)
def test_filter_by_flag(agent, flag, field):
    factories.make_named_customer(agent, "张三", **{field: True})
    factories.make_named_customer(agent, "李四")
    assert _names(agent, **{flag: True}) == ["张三"]


# --- Sorting --------------------------------------------------------------------


def test_default_sort_is_by_pinyin(agent):
    for name in ["赵四", "李四", "安娜"]:
        factories.make_named_customer(agent, name)
    assert _names(agent) == ["安娜", "李四", "赵四"]


def test_sort_by_due_puts_missing_dates_last(agent):
    factories.make_named_customer(agent, "张三")
    factories.make_named_customer(agent, "李四", next_due_date=dt.date(2027, 2, 1))
    factories.make_named_customer(agent, "王五", next_due_date=dt.date(2027, 1, 1))
    assert _names(agent, sort="due") == ["王五", "李四", "张三"]


def test_sort_by_contact_puts_never_contacted_first(agent):
    contacted = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
    factories.make_named_customer(agent, "张三", last_contact_at=contacted)
    factories.make_named_customer(agent, "李四")
    assert _names(agent, sort="contact") == ["李四", "张三"]


def test_sort_by_premium_descending(agent):
    factories.make_named_customer(agent, "张三", annual_premium=100)
    factories.make_named_customer(agent, "李四", annual_premium=9000)
    assert _names(agent, sort="-premium") == ["李四", "张三"]


def test_unknown_sort_falls_back_to_name(agent):
    for name in ["赵四", "李四"]:
        factories.make_named_customer(agent, name)
    assert _names(agent, sort="full_name; drop") == ["李四", "赵四"]


def test_name_sort_breaks_pinyin_ties_by_name(agent):
    # 章 and 张 share the pinyin zhang, so the name decides.
    for name in ["章三", "张三"]:
        factories.make_named_customer(agent, name)
    assert _names(agent, sort="name") == ["张三", "章三"]


def test_grade_sort_orders_within_grade_by_pinyin(agent):
    for name in ["赵四", "李四"]:
        factories.make_named_customer(agent, name, grade=Grade.THREE)
    factories.make_named_customer(agent, "安娜", grade=Grade.FIVE)
    assert _names(agent, sort="grade") == ["李四", "赵四", "安娜"]


def test_customer_default_ordering_is_by_pinyin(agent):
    for name in ["赵四", "李四", "安娜"]:
        factories.make_named_customer(agent, name)
    names = [customer.full_name for customer in Customer.objects.all()]
    assert names == ["安娜", "李四", "赵四"]
