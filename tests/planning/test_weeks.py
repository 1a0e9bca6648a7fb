import datetime as dt

import pytest

from revisit.planning.weeks import IsoWeek


def test_parse_and_format():
    week = IsoWeek.parse("2026-W50")
    assert week == IsoWeek(2026, 50)
    assert str(week) == "2026-W50"
    assert week.monday == dt.date(2026, 12, 7)
    assert week.sunday == dt.date(2026, 12, 13)


@pytest.mark.parametrize(
    "text", ["2026-50", "W50", "2026-W", "2026-W00", "2027-W53", ""]
)
def test_parse_rejects_invalid(text):
    with pytest.raises(ValueError):
        IsoWeek.parse(text)


def test_week_of_early_january_belongs_to_previous_year():
    # 2027-01-01 is a Friday in ISO week 2026-W53.
    assert IsoWeek.containing(dt.date(2027, 1, 1)) == IsoWeek(2026, 53)


def test_shift_across_year_end():
    assert IsoWeek(2026, 53).following == IsoWeek(2027, 1)
    assert IsoWeek(2027, 1).previous == IsoWeek(2026, 53)


def test_days_run_monday_to_sunday():
    days = IsoWeek(2026, 50).days()
    assert len(days) == 7
    assert [day.isoweekday() for day in days] == [1, 2, 3, 4, 5, 6, 7]
