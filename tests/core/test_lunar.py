import datetime as dt

from revisit.core.lunar import (
    LunarDay,
    lunar_day_of,
    next_lunar_birthday,
    next_solar_birthday,
    solar_date_of,
)


def test_lunar_day_of_ordinary_date():
    # 1990-06-15 is 五月廿三 of the lunar year 1990.
    assert lunar_day_of(dt.date(1990, 6, 15)) == LunarDay(5, 23, False)


def test_lunar_day_of_leap_month_date():
    # 2020 has a leap fourth month; 2020-06-10 is 闰四月十九.
    day = lunar_day_of(dt.date(2020, 6, 10))
    assert day == LunarDay(4, 19, True)
    assert day.label() == "闰四月十九"


def test_leap_month_birthday_falls_in_ordinary_month():
    # 2026 has no leap fourth month: 四月十九 of 2026 is 2026-06-04.
    birthday = next_lunar_birthday(dt.date(2020, 6, 10), dt.date(2026, 1, 1))
    assert birthday == dt.date(2026, 6, 4)


def test_thirtieth_falls_back_to_last_day_of_short_month():
    # 十二月 of lunar 2026 has 29 days, so a birthday on 腊月三十 moves to 廿九.
    birthday = LunarDay(12, 30, False)
    solar = solar_date_of(2026, birthday)
    assert lunar_day_of(solar) == LunarDay(12, 29, False)


def test_next_lunar_birthday_may_fall_in_early_next_year():
    # 腊月 birthdays of lunar 2026 fall in early 2027.
    born = solar_date_of(1980, LunarDay(12, 10, False))
    result = next_lunar_birthday(born, dt.date(2026, 12, 4))
    assert result.year in (2026, 2027)
    assert lunar_day_of(result) == LunarDay(12, 10, False)
    assert result >= dt.date(2026, 12, 4)


def test_february_29_birthday_in_common_year():
    assert next_solar_birthday(dt.date(1988, 2, 29), dt.date(2027, 1, 1)) == dt.date(
        2027, 2, 28
    )
