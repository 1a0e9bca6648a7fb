"""Ranking rules, one by one, on hand-built snapshots (no database)."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from revisit.book.models import PaymentMode, PolicyStatus
from revisit.core.lunar import LunarDay, solar_date_of
from revisit.planning.scoring import rules
from revisit.planning.scoring.rules import RuleContext
from revisit.planning.scoring.snapshot import (
    CustomerSnapshot,
    LifeEventFact,
    LineFact,
    MemberFact,
    PolicyFact,
)
from revisit.planning.weeks import IsoWeek

# 2026-W50 runs from Monday 7 December to Sunday 13 December 2026.
WEEK = IsoWeek(2026, 50)
CONTEXT = RuleContext(week=WEEK, silence_months=12, life_event_days=180)


def snapshot(**fields) -> CustomerSnapshot:
    values = {
        "id": 1,
        "name": "王建国",
        "gender": "M",
        "birth_date": dt.date(1980, 3, 1),
        "grade": 5,
        "policy_count": 2,
        "last_contact_at": timezone.make_aware(dt.datetime(2026, 10, 1, 10)),
    }
    values.update(fields)
    return CustomerSnapshot(**values)


def policy(**fields) -> PolicyFact:
    values = {
        "id": 1,
        "status": PolicyStatus.IN_FORCE,
        "payment_mode": PaymentMode.ANNUAL,
        "effective_date": dt.date(2020, 3, 1),
        "paid_to_date": dt.date(2027, 3, 1),
        "payment_end_date": dt.date(2040, 3, 1),
        "annual_premium": Decimal("5000"),
    }
    values.update(fields)
    return PolicyFact(**values)


def line(category: str, **fields) -> LineFact:
    values = {
        "policy_id": 1,
        "category": category,
        "status": PolicyStatus.IN_FORCE,
        "is_rider": False,
        "payment_end_date": dt.date(2040, 3, 1),
    }
    values.update(fields)
    return LineFact(**values)


def test_renewal_due_in_week():
    found = rules.renewal_due(
        snapshot(policies=[policy(paid_to_date=dt.date(2026, 12, 9))]), CONTEXT
    )
    assert found.code == "renewal_due"
    assert found.params == {"date": "2026-12-09"}


def test_renewal_due_ignores_other_weeks():
    customer = snapshot(policies=[policy(paid_to_date=dt.date(2026, 12, 14))])
    assert rules.renewal_due(customer, CONTEXT) is None


def test_renewal_due_ignores_paid_up_policy():
    # Paid to its payment end date: no premium is due any more.
    paid_up = policy(
        paid_to_date=dt.date(2026, 12, 9), payment_end_date=dt.date(2026, 12, 9)
    )
    assert rules.renewal_due(snapshot(policies=[paid_up]), CONTEXT) is None


def test_renewal_due_ignores_single_premium():
    single = policy(paid_to_date=dt.date(2026, 12, 9), payment_mode=PaymentMode.SINGLE)
    assert rules.renewal_due(snapshot(policies=[single]), CONTEXT) is None


def test_grace_period_within_sixty_days():
    overdue = policy(paid_to_date=dt.date(2026, 11, 1))
    found = rules.grace_period(snapshot(policies=[overdue]), CONTEXT)
    assert found.code == "grace_period"
    assert found.params == {"date": "2026-11-01", "grace_ends": "2026-12-31"}


def test_grace_period_over_after_sixty_days():
    overdue = policy(paid_to_date=dt.date(2026, 9, 1))
    assert rules.grace_period(snapshot(policies=[overdue]), CONTEXT) is None


def test_reinstatable_lapsed_within_two_years():
    lapsed = policy(status=PolicyStatus.LAPSED, paid_to_date=dt.date(2025, 6, 1))
    found = rules.reinstatable(snapshot(policies=[lapsed]), CONTEXT)
    assert found.code == "reinstatable"
    assert found.params == {"count": 1}


def test_reinstatable_not_after_window():
    lapsed = policy(status=PolicyStatus.LAPSED, paid_to_date=dt.date(2023, 6, 1))
    assert rules.reinstatable(snapshot(policies=[lapsed]), CONTEXT) is None


def test_solar_birthday_in_week():
    found = rules.birthday(snapshot(birth_date=dt.date(1980, 12, 10)), CONTEXT)
    assert found.code == "birthday"
    assert found.params == {"date": "2026-12-10", "age": 46}


def test_birthday_outside_week():
    assert rules.birthday(snapshot(birth_date=dt.date(1980, 12, 20)), CONTEXT) is None


def test_lunar_birthday_in_week():
    # Born on 冬月初一 1990 (solar 1990-12-17, outside the week); 冬月初一 of
    # lunar 2026 falls on 2026-12-09.
    born = solar_date_of(1990, LunarDay(11, 1, False))
    assert born == dt.date(1990, 12, 17)
    assert solar_date_of(2026, LunarDay(11, 1, False)) == dt.date(2026, 12, 9)
    found = rules.birthday(snapshot(birth_date=born), CONTEXT)
    assert found.code == "lunar_birthday"
    assert found.params == {"date": "2026-12-09", "lunar": "冬月初一"}


def test_lunar_birthday_of_leap_month_uses_ordinary_month():
    # Born in 闰四月 2020 (2020-06-10 is 闰四月十九); 2026 has no leap fourth
    # month, so the birthday is 四月十九 = 2026-06-04, in week 2026-W23.
    week = IsoWeek.containing(dt.date(2026, 6, 4))
    context = RuleContext(week=week)
    found = rules.birthday(snapshot(birth_date=dt.date(2020, 6, 10)), context)
    assert found.code == "lunar_birthday"
    assert found.params["date"] == "2026-06-04"
    assert found.params["lunar"] == "四月十九"


def test_birthday_in_week_spanning_new_year():
    week = IsoWeek(2026, 53)  # Monday 28 December 2026 to Sunday 3 January 2027
    found = rules.birthday(
        snapshot(birth_date=dt.date(1990, 1, 2)), RuleContext(week=week)
    )
    assert found.params["date"] == "2027-01-02"


def test_policy_anniversary_in_week():
    anniversary = policy(effective_date=dt.date(2021, 12, 8))
    found = rules.policy_anniversary(snapshot(policies=[anniversary]), CONTEXT)
    assert found.code == "policy_anniversary"
    assert found.params == {"date": "2026-12-08", "years": 5}


def test_policy_anniversary_skips_first_year():
    new = policy(effective_date=dt.date(2026, 12, 8))
    assert rules.policy_anniversary(snapshot(policies=[new]), CONTEXT) is None


def test_payment_completed_within_lookahead():
    ending = policy(payment_end_date=dt.date(2026, 12, 30))
    found = rules.payment_completed(snapshot(policies=[ending]), CONTEXT)
    assert found.code == "payment_completed"
    assert found.params == {"date": "2026-12-30"}


def test_payment_completed_not_far_ahead():
    ending = policy(payment_end_date=dt.date(2027, 3, 1))
    assert rules.payment_completed(snapshot(policies=[ending]), CONTEXT) is None


def test_matured_line_within_a_year():
    matured = line(
        "endowment", status=PolicyStatus.MATURED, payment_end_date=dt.date(2026, 5, 1)
    )
    found = rules.matured(snapshot(lines=[matured]), CONTEXT)
    assert found.code == "matured"
    assert found.params == {"date": "2026-05-01"}


def test_matured_line_long_ago_ignored():
    matured = line(
        "endowment", status=PolicyStatus.MATURED, payment_end_date=dt.date(2024, 5, 1)
    )
    assert rules.matured(snapshot(lines=[matured]), CONTEXT) is None


def test_single_policy():
    assert (
        rules.single_policy(snapshot(policy_count=1), CONTEXT).code == "single_policy"
    )
    assert rules.single_policy(snapshot(policy_count=2), CONTEXT) is None


def test_missing_cover_adult_without_critical_illness():
    adult = snapshot(
        birth_date=dt.date(1985, 1, 1), lines=[line("life"), line("medical")]
    )
    found = rules.missing_cover(adult, CONTEXT)
    assert found.code == "missing_cover"
    assert found.params == {"categories": ["critical_illness"], "age": 41}
    assert found.strength == 0.5


def test_missing_cover_child_without_education():
    child = snapshot(birth_date=dt.date(2018, 5, 1), lines=[line("medical")])
    found = rules.missing_cover(child, CONTEXT)
    assert found.params["categories"] == ["education"]


def test_missing_cover_ignores_lapsed_lines():
    adult = snapshot(
        birth_date=dt.date(1985, 1, 1),
        lines=[line("critical_illness", status=PolicyStatus.LAPSED), line("medical")],
    )
    assert rules.missing_cover(adult, CONTEXT).params["categories"] == [
        "critical_illness"
    ]


def test_missing_cover_none_when_covered():
    adult = snapshot(
        birth_date=dt.date(1985, 1, 1),
        lines=[line("critical_illness"), line("medical")],
    )
    assert rules.missing_cover(adult, CONTEXT) is None


def test_family_uncovered():
    family = [
        MemberFact(id=2, name="李丽", relation="spouse", policy_count=0),
        MemberFact(id=3, name="王小明", relation="child", policy_count=1),
    ]
    found = rules.family_uncovered(snapshot(family=family), CONTEXT)
    assert found.code == "family_uncovered"
    assert found.params == {
        "members": [{"name": "李丽", "relation": "spouse"}],
        "count": 1,
    }


def test_family_all_covered():
    family = [MemberFact(id=2, name="李丽", relation="spouse", policy_count=2)]
    assert rules.family_uncovered(snapshot(family=family), CONTEXT) is None


def test_never_contacted():
    assert rules.long_silence(snapshot(last_contact_at=None), CONTEXT).code == (
        "never_contacted"
    )


def test_long_silence_counts_months():
    last = timezone.make_aware(dt.datetime(2025, 10, 20, 10))
    found = rules.long_silence(snapshot(last_contact_at=last), CONTEXT)
    assert found.code == "long_silence"
    assert found.params == {"months": 13, "date": "2025-10-20"}


def test_recent_contact_is_not_silence():
    last = timezone.make_aware(dt.datetime(2026, 1, 20, 10))
    assert rules.long_silence(snapshot(last_contact_at=last), CONTEXT) is None


def test_life_event_recent():
    events = [
        LifeEventFact(event="home", noted_on=dt.date(2026, 3, 1)),
        LifeEventFact(event="baby", noted_on=dt.date(2026, 11, 2)),
    ]
    found = rules.life_event(snapshot(life_events=events), CONTEXT)
    assert found.code == "life_event"
    assert found.params == {"event": "baby", "date": "2026-11-02"}


def test_life_event_too_old():
    events = [LifeEventFact(event="marriage", noted_on=dt.date(2026, 3, 1))]
    assert rules.life_event(snapshot(life_events=events), CONTEXT) is None


def test_life_event_prefers_illness():
    events = [
        LifeEventFact(event="illness", noted_on=dt.date(2026, 10, 2)),
        LifeEventFact(event="home", noted_on=dt.date(2026, 11, 2)),
    ]
    found = rules.life_event(snapshot(life_events=events), CONTEXT)
    assert found.params == {"event": "illness", "date": "2026-10-02"}


def test_rules_agree_on_age():
    # 2026-W50 runs from December 7 to 13; the birthday falls on Thursday.
    born = dt.date(1984, 12, 10)
    customer = snapshot(birth_date=born, lines=[line("life"), line("medical")])
    turning = rules.birthday(customer, CONTEXT).params["age"]
    aged = rules.missing_cover(customer, CONTEXT).params["age"]
    assert turning == aged == 42
