"""Traditional festivals agents greet customers on, dated by the lunar calendar."""

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from lunar_python import Lunar


class Festival(models.TextChoices):
    SPRING = "spring", _("Spring Festival")
    DRAGON_BOAT = "dragon_boat", _("Dragon Boat Festival")
    MID_AUTUMN = "mid_autumn", _("Mid-Autumn Festival")


# Lunar month and day of each festival.
LUNAR_DATES = {
    Festival.SPRING: (1, 1),
    Festival.DRAGON_BOAT: (5, 5),
    Festival.MID_AUTUMN: (8, 15),
}


@dataclass(frozen=True)
class FestivalDay:
    festival: str
    date: dt.date


def festival_date(festival: str, lunar_year: int) -> dt.date:
    month, day = LUNAR_DATES[festival]
    solar = Lunar.fromYmd(lunar_year, month, day).getSolar()
    return dt.date(solar.getYear(), solar.getMonth(), solar.getDay())


def festivals_between(start: dt.date, end: dt.date) -> list[FestivalDay]:
    """Return the festivals from `start` to `end`, both included, by date."""
    days = []
    # Each of these festivals of lunar year N falls in solar year N (the
    # Spring Festival between 21 January and 20 February), so the solar
    # years of the range are the lunar years to look at.
    for year in range(start.year, end.year + 1):
        for festival in Festival.values:
            date = festival_date(festival, year)
            if start <= date <= end:
                days.append(FestivalDay(festival=festival, date=date))
    return sorted(days, key=lambda item: item.date)
