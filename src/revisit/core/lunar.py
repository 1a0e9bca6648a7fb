"""Lunar (农历) birthdays, through the lunar-python package.

The one rule for leap months and short months lives here:
- A person born in a leap month (闰月) celebrates in the ordinary month of the
  same number every year, because most years have no such leap month and
  families keep the ordinary month in leap years too.
- A person born on the 30th celebrates on the last day of the month in years
  when that lunar month has only 29 days.
"""

import datetime as dt
from dataclasses import dataclass

from lunar_python import Lunar, LunarYear, Solar


@dataclass(frozen=True)
class LunarDay:
    month: int  # 1-12
    day: int  # 1-30
    is_leap_month: bool

    def label(self) -> str:
        """Chinese reading such as 闰四月十九, shown next to the solar date."""
        months = "正二三四五六七八九十冬腊"
        days = [
            "初一", "初二", "初三", "初四", "初五",
            "初六", "初七", "初八", "初九", "初十",
            "十一", "十二", "十三", "十四", "十五",
            "十六", "十七", "十八", "十九", "二十",
            "廿一", "廿二", "廿三", "廿四", "廿五",
            "廿六", "廿七", "廿八", "廿九", "三十",
        ]
        prefix = "闰" if self.is_leap_month else ""
        return f"{prefix}{months[self.month - 1]}月{days[self.day - 1]}"


def lunar_day_of(solar_date: dt.date) -> LunarDay:
    lunar = Solar.fromYmd(solar_date.year, solar_date.month, solar_date.day).getLunar()
    month = lunar.getMonth()
    return LunarDay(month=abs(month), day=lunar.getDay(), is_leap_month=month < 0)


def solar_date_of(lunar_year: int, birthday: LunarDay) -> dt.date:
    """Return the solar date of `birthday` in `lunar_year`, by the rules above."""
    month_days = LunarYear.fromYear(lunar_year).getMonth(birthday.month).getDayCount()
    day = min(birthday.day, month_days)
    solar = Lunar.fromYmd(lunar_year, birthday.month, day).getSolar()
    return dt.date(solar.getYear(), solar.getMonth(), solar.getDay())


def next_lunar_birthday(birth_date: dt.date, on_or_after: dt.date) -> dt.date:
    """Return the first solar date on or after `on_or_after` of the lunar birthday."""
    birthday = lunar_day_of(birth_date)
    # The lunar year starts in January or February, so the birthday of the
    # previous lunar year can still fall in this solar year.
    for lunar_year in range(on_or_after.year - 1, on_or_after.year + 2):
        candidate = solar_date_of(lunar_year, birthday)
        if candidate >= on_or_after:
            return candidate
    raise AssertionError("a lunar birthday occurs every lunar year")


def next_solar_birthday(birth_date: dt.date, on_or_after: dt.date) -> dt.date:
    """Return the next birthday; 29 February falls on 28 February in common years."""
    for year in (on_or_after.year, on_or_after.year + 1):
        try:
            candidate = birth_date.replace(year=year)
        except ValueError:
            candidate = dt.date(year, 2, 28)
        if candidate >= on_or_after:
            return candidate
    raise AssertionError("a birthday occurs every year")
