import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from revisit.book.models import PolicyStatus, ProductCategory
from revisit.development.festivals import Festival, festival_date, festivals_between
from revisit.development.selectors.occasions import (
    OccasionKind,
    customer_occasions,
    occasions_for,
)
from tests import factories


def kinds_on(occasions, kind):
    return [item.date for item in occasions if item.kind == kind]


# --- Festivals ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("festival", "expected"),
    [
        (Festival.SPRING, dt.date(2027, 2, 6)),
        (Festival.DRAGON_BOAT, dt.date(2027, 6, 9)),
        (Festival.MID_AUTUMN, dt.date(2027, 9, 15)),
    ],
)
def test_festival_dates_2027(festival, expected):
    assert festival_date(festival, 2027) == expected


def test_festivals_between_covers_whole_2027():
    days = festivals_between(dt.date(2027, 1, 1), dt.date(2027, 12, 31))

    assert [(d.festival, d.date) for d in days] == [
        (Festival.SPRING, dt.date(2027, 2, 6)),
        (Festival.DRAGON_BOAT, dt.date(2027, 6, 9)),
        (Festival.MID_AUTUMN, dt.date(2027, 9, 15)),
    ]


def test_agent_occasions_include_festival_once(agent):
    factories.make_customer(agent, birth_date=None)
    factories.make_customer(agent, birth_date=None)

    occasions = occasions_for(agent, dt.date(2027, 2, 1), dt.date(2027, 2, 10))

    assert kinds_on(occasions, OccasionKind.FESTIVAL) == [dt.date(2027, 2, 6)]


# --- Birthdays ------------------------------------------------------------------


def birthdays(agent, born, start, end):
    customer = factories.make_customer(agent, birth_date=born)
    return customer_occasions(customer, start, end)


def test_leap_month_birthday_falls_in_ordinary_month(agent):
    # Born 2025-07-25, 闰六月初一; 2027 has no leap month, so the birthday
    # is 六月初一 of 2027, which is 2027-07-04.
    occasions = birthdays(
        agent, dt.date(2025, 7, 25), dt.date(2027, 1, 1), dt.date(2027, 12, 31)
    )

    assert kinds_on(occasions, OccasionKind.LUNAR_BIRTHDAY) == [dt.date(2027, 7, 4)]


def test_leap_fourth_month_birthday_in_2027(agent):
    # Born 2020-06-10, 闰四月十九; 四月十九 of 2027 is 2027-05-24.
    occasions = birthdays(
        agent, dt.date(2020, 6, 10), dt.date(2027, 1, 1), dt.date(2027, 12, 31)
    )

    assert kinds_on(occasions, OccasionKind.LUNAR_BIRTHDAY) == [dt.date(2027, 5, 24)]


def test_ordinary_month_birthday_once_in_a_leap_year(agent):
    # Born 1990-06-15, 五月廿三. 2028 has a leap fifth month: the birthday is
    # kept in the ordinary month (2028-06-15), not again in the leap one
    # (2028-07-15).
    occasions = birthdays(
        agent, dt.date(1990, 6, 15), dt.date(2028, 1, 1), dt.date(2028, 12, 31)
    )

    assert kinds_on(occasions, OccasionKind.LUNAR_BIRTHDAY) == [dt.date(2028, 6, 15)]


def test_lunar_birthday_reason_names_lunar_day(agent):
    with translation.override("en"):
        occasions = birthdays(
            agent, dt.date(2020, 6, 10), dt.date(2027, 5, 1), dt.date(2027, 5, 31)
        )

    lunar = next(o for o in occasions if o.kind == OccasionKind.LUNAR_BIRTHDAY)
    assert "闰四月十九" in lunar.reason


def test_lunar_birthday_across_new_year(agent):
    # A 腊月 birthday of lunar 2026 falls in January or February 2027.
    born = dt.date(1981, 1, 15)  # 腊月初十 of lunar 1980
    occasions = birthdays(agent, born, dt.date(2027, 1, 1), dt.date(2027, 2, 28))

    lunar = kinds_on(occasions, OccasionKind.LUNAR_BIRTHDAY)
    assert lunar == [dt.date(2027, 1, 17)]


def test_solar_birthday_on_29_february_in_common_year(agent):
    occasions = birthdays(
        agent, dt.date(1988, 2, 29), dt.date(2027, 2, 1), dt.date(2027, 3, 31)
    )

    assert kinds_on(occasions, OccasionKind.BIRTHDAY) == [dt.date(2027, 2, 28)]


def test_solar_birthday_reason_gives_age(agent):
    with translation.override("en"):
        occasions = birthdays(
            agent, dt.date(1987, 3, 3), dt.date(2027, 3, 1), dt.date(2027, 3, 5)
        )

    solar = next(o for o in occasions if o.kind == OccasionKind.BIRTHDAY)
    assert solar.reason.endswith("turns 40.")


# --- Policies -------------------------------------------------------------------


def test_renewal_reminders_30_and_7_days_ahead(agent, customer):
    factories.make_policy(customer, paid_to_date=dt.date(2027, 4, 10))

    occasions = customer_occasions(
        customer, dt.date(2027, 3, 1), dt.date(2027, 4, 30), today=dt.date(2027, 3, 1)
    )

    assert kinds_on(occasions, OccasionKind.RENEWAL_DUE) == [
        dt.date(2027, 3, 11),
        dt.date(2027, 4, 3),
    ]


def test_renewal_reason_gives_premium_per_payment(agent, customer):
    factories.make_policy(
        customer,
        paid_to_date=dt.date(2027, 4, 10),
        premium=Decimal("12000"),
        payment_mode="monthly",
    )

    with translation.override("en"):
        occasions = customer_occasions(
            customer,
            dt.date(2027, 4, 3),
            dt.date(2027, 4, 3),
            today=dt.date(2027, 3, 1),
        )

    renewal = next(o for o in occasions if o.kind == OccasionKind.RENEWAL_DUE)
    assert "1,000 yuan" in renewal.reason


def test_no_renewal_for_paid_up_policy(agent, customer):
    factories.make_policy(
        customer,
        paid_to_date=dt.date(2027, 4, 10),
        payment_end_date=dt.date(2027, 4, 10),
    )

    occasions = customer_occasions(
        customer, dt.date(2027, 3, 1), dt.date(2027, 4, 30), today=dt.date(2027, 3, 1)
    )

    assert kinds_on(occasions, OccasionKind.RENEWAL_DUE) == []


def test_grace_period_ending_a_week_before_it_runs_out(agent, customer):
    # Due 2027-01-10 and unpaid: the 60-day grace ends on 2027-03-11.
    factories.make_policy(customer, paid_to_date=dt.date(2027, 1, 10))

    occasions = customer_occasions(
        customer, dt.date(2027, 3, 1), dt.date(2027, 3, 31), today=dt.date(2027, 3, 1)
    )

    assert kinds_on(occasions, OccasionKind.GRACE_ENDING) == [dt.date(2027, 3, 4)]


def test_lapsed_policy_reminders_until_reinstatement_closes(agent, customer):
    # Paid to 2025-01-01: lapsed on 2025-03-02, reinstatable until 2027-03-02.
    factories.make_policy(
        customer, status=PolicyStatus.LAPSED, paid_to_date=dt.date(2025, 1, 1)
    )

    occasions = customer_occasions(customer, dt.date(2025, 1, 1), dt.date(2027, 12, 31))

    assert kinds_on(occasions, OccasionKind.REINSTATABLE) == [
        dt.date(2025, 3, 9),
        dt.date(2026, 12, 2),
        dt.date(2027, 1, 31),
    ]


def test_policy_anniversary_counts_years(agent, customer):
    factories.make_policy(customer)  # effective 2020-03-01

    with translation.override("en"):
        occasions = customer_occasions(
            customer, dt.date(2027, 2, 25), dt.date(2027, 3, 5)
        )

    anniversary = next(o for o in occasions if o.kind == OccasionKind.ANNIVERSARY)
    assert anniversary.date == dt.date(2027, 3, 1)
    assert "7 years" in anniversary.reason


def test_first_anniversary_reads_singular(agent, customer):
    policy = factories.make_policy(customer)
    policy.effective_date = dt.date(2026, 3, 1)
    policy.save()

    with translation.override("en"):
        occasions = customer_occasions(
            customer, dt.date(2027, 2, 25), dt.date(2027, 3, 5)
        )

    anniversary = next(o for o in occasions if o.kind == OccasionKind.ANNIVERSARY)
    assert "in force for 1 year." in anniversary.reason


def test_premiums_complete_on_payment_end_date(agent, customer):
    factories.make_policy(
        customer, paid_to_date=dt.date(2027, 3, 1), payment_end_date=dt.date(2027, 6, 1)
    )

    occasions = customer_occasions(
        customer, dt.date(2027, 5, 1), dt.date(2027, 6, 30), today=dt.date(2027, 3, 1)
    )

    assert kinds_on(occasions, OccasionKind.PREMIUMS_COMPLETE) == [dt.date(2027, 6, 1)]


def test_benefit_may_be_due_on_anniversary_after_premiums_end(agent, customer):
    factories.make_policy(
        customer,
        category=ProductCategory.ANNUITY,
        paid_to_date=dt.date(2025, 3, 1),
        payment_end_date=dt.date(2025, 3, 1),
    )

    occasions = customer_occasions(customer, dt.date(2025, 1, 1), dt.date(2027, 12, 31))

    assert kinds_on(occasions, OccasionKind.BENEFIT_DUE) == [
        dt.date(2025, 3, 1),
        dt.date(2026, 3, 1),
        dt.date(2027, 3, 1),
    ]


def test_occasions_for_agent_leave_out_other_books(agent, teammate):
    mine = factories.make_customer(agent, birth_date=dt.date(1990, 3, 3))
    factories.make_customer(teammate, birth_date=dt.date(1990, 3, 3))

    occasions = occasions_for(agent, dt.date(2027, 3, 1), dt.date(2027, 3, 5))

    assert {o.customer_id for o in occasions if o.customer_id} == {mine.pk}


def test_occasions_sorted_by_date(agent):
    factories.make_customer(agent, birth_date=dt.date(1990, 3, 5))
    factories.make_customer(agent, birth_date=dt.date(1990, 3, 2))

    occasions = occasions_for(agent, dt.date(2027, 3, 1), dt.date(2027, 3, 31))

    dates = [o.date for o in occasions]
    assert dates == sorted(dates)


def test_occasion_uid_is_stable(agent, customer):
    factories.make_policy(customer)
    first = customer_occasions(customer, dt.date(2027, 1, 1), dt.date(2027, 12, 31))
    second = customer_occasions(customer, dt.date(2027, 1, 1), dt.date(2027, 12, 31))

    assert [o.uid for o in first] == [o.uid for o in second]
    assert len({o.uid for o in first}) == len(first)


def test_lunar_birthdays_match_direct_conversion(agent):
    """The quick bound that skips most conversions drops no birthday."""
    from revisit.core.lunar import lunar_day_of, solar_date_of

    births = [dt.date(1990, 1, 1) + dt.timedelta(days=17 * n) for n in range(24)]
    births += [dt.date(2020, 6, 10), dt.date(2025, 7, 25), dt.date(2023, 3, 25)]
    start, end = dt.date(2027, 11, 1), dt.date(2028, 8, 31)
    customers = {
        factories.make_customer(agent, birth_date=born).pk: born for born in births
    }

    found = {
        (o.customer_id, o.date)
        for o in occasions_for(agent, start, end)
        if o.kind == OccasionKind.LUNAR_BIRTHDAY
    }

    expected = set()
    for pk, born in customers.items():
        for lunar_year in (2026, 2027, 2028):
            day = solar_date_of(lunar_year, lunar_day_of(born))
            if start <= day <= end and day > born:
                expected.add((pk, day))
    assert found == expected


def test_first_lunar_birthday_of_january_baby(agent):
    # Born 2026-01-20, 腊月初二 of lunar 2025: the first lunar birthday is
    # 腊月初二 of lunar 2026, which falls in January 2027.
    occasions = birthdays(
        agent, dt.date(2026, 1, 20), dt.date(2026, 1, 1), dt.date(2027, 2, 28)
    )

    lunar = kinds_on(occasions, OccasionKind.LUNAR_BIRTHDAY)
    assert len(lunar) == 1
    assert lunar[0].year == 2027
