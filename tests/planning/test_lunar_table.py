"""The year table of lunar days agrees with revisit.core.lunar day by day."""

import datetime as dt

import pytest

from revisit.core import lunar
from revisit.planning.scoring.lunar_table import lunar_day_of, lunar_year_of


def days(start: dt.date, end: dt.date):
    day = start
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


@pytest.mark.parametrize(
    "start,end",
    [
        # 2020 has a leap fourth month; 2023 a leap second month.
        (dt.date(2020, 1, 1), dt.date(2020, 12, 31)),
        (dt.date(2023, 1, 1), dt.date(2023, 4, 30)),
        # Dates before the lunar new year belong to the previous lunar year.
        (dt.date(1985, 1, 1), dt.date(1985, 3, 1)),
    ],
)
def test_table_matches_core(start, end):
    for day in days(start, end):
        assert lunar_day_of(day) == lunar.lunar_day_of(day), day


def test_lunar_year_starts_at_new_year():
    # The lunar year 2026 starts on 17 February 2026.
    assert lunar_year_of(dt.date(2026, 2, 16)) == 2025
    assert lunar_year_of(dt.date(2026, 2, 17)) == 2026
