"""Lunar dates for whole solar years at once, for ranking large books.

`revisit.core.lunar.lunar_day_of` builds a lunar-python `Lunar` per date,
and a birth date before the lunar new year makes lunar-python recompute two
lunar years (about 20 ms each, since it keeps only the last one). Ranking
100,000 customers that way takes minutes. This module reads the months of
one `LunarYear` and converts every day of the solar year from them, the same
walk `Lunar.fromSolar` does, so each birth year costs one computation.
Tests check it against `lunar_day_of` day by day.
"""

import datetime as dt
from functools import lru_cache

from lunar_python import LunarYear, Solar

from revisit.core.lunar import LunarDay


@lru_cache(maxsize=256)
def lunar_days_of_year(year: int) -> dict[dt.date, tuple[int, LunarDay]]:
    """Return the lunar year and lunar day of each date of the solar `year`."""
    days: dict[dt.date, tuple[int, LunarDay]] = {}
    # lunar-python's LunarYear for a year lists the lunar months from the
    # previous winter to the next, which covers every date of that solar year.
    for month in LunarYear.fromYear(year).getMonths():
        first = Solar.fromJulianDay(month.getFirstJulianDay())
        start = dt.date(first.getYear(), first.getMonth(), first.getDay())
        number = month.getMonth()
        for offset in range(month.getDayCount()):
            day = start + dt.timedelta(days=offset)
            if day.year == year:
                lunar_day = LunarDay(
                    month=abs(number), day=offset + 1, is_leap_month=number < 0
                )
                days[day] = (month.getYear(), lunar_day)
    return days


def lunar_day_of(solar_date: dt.date) -> LunarDay:
    """Return the same as `revisit.core.lunar.lunar_day_of`, from the year table."""
    return lunar_days_of_year(solar_date.year)[solar_date][1]


def lunar_year_of(solar_date: dt.date) -> int:
    """Return the lunar year (starting at the lunar new year) of a solar date."""
    return lunar_days_of_year(solar_date.year)[solar_date][0]
