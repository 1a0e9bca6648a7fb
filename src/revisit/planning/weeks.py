"""ISO weeks (Monday to Sunday) as the planning unit, written "2026-W50"."""

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property

from django.utils import timezone

_WEEK_PATTERN = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class IsoWeek:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> "IsoWeek":
        """Read "2026-W50" (or "2026W50"); raise ValueError for anything else."""
        match = _WEEK_PATTERN.match(text.strip())
        if not match:
            raise ValueError(f"invalid ISO week {text!r}: expected the form 2026-W50")
        year, number = int(match.group(1)), int(match.group(2))
        # fromisocalendar rejects week 53 in years that have only 52 weeks.
        dt.date.fromisocalendar(year, number, 1)
        return cls(year, number)

    @classmethod
    def containing(cls, day: dt.date) -> "IsoWeek":
        year, number, _weekday = day.isocalendar()
        return cls(year, number)

    @classmethod
    def current(cls) -> "IsoWeek":
        return cls.containing(timezone.localdate())

    # Cached: ranking a book reads these hundreds of thousands of times.
    @cached_property
    def monday(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.number, 1)

    @cached_property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)

    def days(self) -> list[dt.date]:
        return [self.monday + dt.timedelta(days=offset) for offset in range(7)]

    def contains(self, day: dt.date) -> bool:
        return self.monday <= day <= self.sunday

    def shifted(self, weeks: int) -> "IsoWeek":
        return IsoWeek.containing(self.monday + dt.timedelta(weeks=weeks))

    @property
    def previous(self) -> "IsoWeek":
        return self.shifted(-1)

    @property
    def following(self) -> "IsoWeek":
        return self.shifted(1)

    def __str__(self) -> str:
        return f"{self.year}-W{self.number:02d}"
