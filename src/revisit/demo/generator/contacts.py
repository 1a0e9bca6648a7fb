"""A year of contact history per customer, shaped to give each its 532 grade.

Grade rules, over the 12 months before `today`: two or more face-to-face
contacts make a 2, any other contact a 3, none a 5. A contact whose outcome
is "no answer" is an attempt and counts for no grade, as in `revisit
regrade`. So a grade-2 customer gets at least two meetings. A grade-3
customer gets at most one meeting, and otherwise remote contacts, the first
of them answered. A grade-5 customer gets no contact.
"""

import datetime as dt
import random
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal

from lunar_python import Lunar

from revisit.demo.generator import catalog
from revisit.outreach.models import (
    FACE_TO_FACE_KINDS,
    UNANSWERED_OUTCOMES,
    ContactKind,
    ContactOutcome,
)

WINDOW_DAYS = 365
LOCAL_TZ = zoneinfo.ZoneInfo("Asia/Shanghai")

_OUTCOMES = {
    ContactKind.VISIT: [
        (ContactOutcome.DONE, 35),
        (ContactOutcome.PROPOSAL, 25),
        (ContactOutcome.APPOINTMENT, 10),
        (ContactOutcome.REFERRAL, 12),
        (ContactOutcome.REFUSED, 18),
    ],
    ContactKind.ACTIVITY: [
        (ContactOutcome.DONE, 60),
        (ContactOutcome.APPOINTMENT, 20),
        (ContactOutcome.PROPOSAL, 10),
        (ContactOutcome.REFERRAL, 10),
    ],
    ContactKind.CALL: [
        (ContactOutcome.APPOINTMENT, 35),
        (ContactOutcome.NO_ANSWER, 25),
        (ContactOutcome.DONE, 25),
        (ContactOutcome.REFUSED, 15),
    ],
    ContactKind.MESSAGE: [
        (ContactOutcome.DONE, 85),
        (ContactOutcome.APPOINTMENT, 10),
        (ContactOutcome.NO_ANSWER, 5),
    ],
    ContactKind.GREETING: [(ContactOutcome.DONE, 1)],
    ContactKind.SERVICE: [(ContactOutcome.DONE, 1)],
}


@dataclass
class Contact:
    kind: str
    occurred_at: dt.datetime  # aware, UTC
    purpose: str
    entry_point: str
    outcome: str
    signed_policy_number: str = ""
    signed_premium: Decimal | None = None
    refusal_reason: str = ""
    next_step: str = ""
    next_step_date: dt.date | None = None
    notes: str = ""


@dataclass(frozen=True)
class Signing:
    """A policy the customer signed within the window, to log as a signed visit."""

    policy_number: str
    effective_date: dt.date
    annual_premium: Decimal


def counts_for_grade(contact: Contact) -> bool:
    """Return whether 532 grading counts `contact`; unanswered attempts do not."""
    return contact.outcome not in UNANSWERED_OUTCOMES


def grade_for(contacts: list[Contact], today: dt.date) -> int:
    """Return the 532 grade that `contacts` give on `today`."""
    start = _window_start(today)
    recent = [
        c
        for c in contacts
        if counts_for_grade(c) and c.occurred_at.astimezone(LOCAL_TZ).date() >= start
    ]
    meetings = sum(1 for c in recent if c.kind in FACE_TO_FACE_KINDS)
    if meetings >= 2:
        return 2
    return 3 if recent else 5


def _window_start(today: dt.date) -> dt.date:
    return today - dt.timedelta(days=WINDOW_DAYS - 1)


class ContactMaker:
    """Draw contact kinds, dates and outcomes from one random.Random."""

    def __init__(self, rng: random.Random, today: dt.date):
        self.rng = rng
        self.today = today
        self.first_day = _window_start(today)
        self.last_day = today - dt.timedelta(days=1)
        self._festivals = self._festival_days()
        self._outcomes = {
            kind: ([o for o, _ in table], [w for _, w in table])
            for kind, table in _OUTCOMES.items()
        }
        self._remote = (
            [k for k, _ in catalog.REMOTE_KINDS],
            [w for _, w in catalog.REMOTE_KINDS],
        )
        self._meeting = (
            [k for k, _ in catalog.MEETING_KINDS],
            [w for _, w in catalog.MEETING_KINDS],
        )

    # --- How many --------------------------------------------------------

    def minimum_counts(self, grade: int) -> tuple[int, int]:
        """Return (meetings, remote contacts) a customer of `grade` needs at least."""
        if grade == 2:
            return 2, 0
        if grade == 3:
            return (1, 0) if self.rng.random() < 0.3 else (0, 1)
        return 0, 0

    def natural_extra(self, grade: int, meetings: int) -> tuple[int, int]:
        """Return extra (meetings, remote contacts) an agent logs in a usual year."""
        rng = self.rng
        if grade == 2:
            return rng.choice((0, 0, 1, 1, 2, 3)), rng.choice((0, 1, 1, 2, 2, 3, 4, 5))
        if grade == 3:
            return 0, rng.choice((0, 1, 1, 2, 3) if meetings else (0, 0, 1, 1, 2, 3))
        return 0, 0

    def extra_kind_is_meeting(self, grade: int) -> bool:
        return grade == 2 and self.rng.random() < 0.35

    # --- What ----------------------------------------------------------------

    def contacts(
        self,
        *,
        meetings: int,
        remote: int,
        birth_date: dt.date,
        signings: list[Signing],
    ) -> list[Contact]:
        """Return the customer's contacts; each signing takes one meeting.

        Without meetings, the first remote contact is answered, so the
        customer has the contact that makes a 3.
        """
        rng = self.rng
        result = []
        for signing in signings[:meetings]:
            result.append(self._signed_visit(signing))
        for _ in range(meetings - len(result)):
            kind = rng.choices(*self._meeting)[0]
            result.append(self._contact(kind, birth_date))
        for index in range(remote):
            kind = rng.choices(*self._remote)[0]
            answered = meetings == 0 and index == 0
            result.append(self._contact(kind, birth_date, answered=answered))
        result.sort(key=lambda contact: contact.occurred_at)
        return result

    def _contact(
        self, kind: str, birth_date: dt.date, *, answered: bool = False
    ) -> Contact:
        rng = self.rng
        day, hour, minute = self._when(kind, birth_date)
        outcomes, weights = self._outcomes[kind]
        if answered:
            pairs = [
                (outcome, weight)
                for outcome, weight in zip(outcomes, weights, strict=True)
                if outcome not in UNANSWERED_OUTCOMES
            ]
            outcomes, weights = [o for o, _ in pairs], [w for _, w in pairs]
        outcome = rng.choices(outcomes, weights)[0]
        contact = Contact(
            kind=kind,
            occurred_at=self.aware(day, hour, minute),
            purpose=rng.choice(catalog.PURPOSES[kind]),
            entry_point=rng.choice(catalog.ENTRY_POINTS) if rng.random() < 0.6 else "",
            outcome=outcome,
        )
        if outcome == ContactOutcome.APPOINTMENT:
            contact.next_step = catalog.NEXT_STEPS["visit"]
            contact.next_step_date = day + dt.timedelta(days=rng.randint(1, 6))
        elif outcome == ContactOutcome.PROPOSAL:
            contact.next_step = catalog.NEXT_STEPS["proposal"]
            contact.next_step_date = day + dt.timedelta(days=rng.randint(3, 10))
        elif outcome == ContactOutcome.REFERRAL:
            contact.next_step = catalog.NEXT_STEPS["referral"]
            contact.next_step_date = day + dt.timedelta(days=rng.randint(2, 10))
            contact.notes = rng.choice(catalog.REFERRAL_NOTES)
        elif outcome == ContactOutcome.REFUSED:
            contact.refusal_reason = rng.choice(catalog.REFUSAL_REASONS)
            contact.next_step = catalog.NEXT_STEPS["follow_up"]
            contact.next_step_date = day + dt.timedelta(days=rng.randint(60, 120))
        if kind in (ContactKind.VISIT, ContactKind.CALL) and rng.random() < 0.08:
            contact.notes = catalog.LIFE_EVENT_NOTE.format(
                event=rng.choice(catalog.LIFE_EVENTS)
            )
        return contact

    def _signed_visit(self, signing: Signing) -> Contact:
        rng = self.rng
        day = signing.effective_date - dt.timedelta(days=rng.randint(1, 15))
        day = min(max(day, self.first_day), self.last_day)
        return Contact(
            kind=ContactKind.VISIT,
            occurred_at=self.aware(day, rng.randint(10, 19), rng.choice((0, 30))),
            purpose=rng.choice(catalog.PURPOSES[ContactKind.VISIT]),
            entry_point=rng.choice(catalog.ENTRY_POINTS),
            outcome=ContactOutcome.SIGNED,
            signed_policy_number=signing.policy_number,
            signed_premium=signing.annual_premium,
            next_step=catalog.NEXT_STEPS["follow_up"],
            next_step_date=day + dt.timedelta(days=rng.randint(7, 30)),
        )

    # --- When ------------------------------------------------------------------

    def _when(self, kind: str, birth_date: dt.date) -> tuple[dt.date, int, int]:
        rng = self.rng
        day = self.first_day + dt.timedelta(
            days=rng.randint(0, (self.last_day - self.first_day).days)
        )
        if kind == ContactKind.CALL:
            # Phone appointments cluster on Monday and Tuesday mornings.
            if rng.random() < 0.6:
                monday = day - dt.timedelta(days=day.weekday())
                day = self._clamp(monday + dt.timedelta(days=rng.randint(0, 1)))
            return day, rng.randint(9, 11), rng.choice((0, 15, 30, 45))
        if kind == ContactKind.VISIT:
            if day.weekday() == 6:
                day = self._clamp(day - dt.timedelta(days=rng.randint(1, 6)))
            return day, rng.randint(9, 19), rng.choice((0, 30))
        if kind == ContactKind.ACTIVITY:
            if day.weekday() >= 5:
                return day, 14, 0
            return day, 19, 0
        if kind == ContactKind.GREETING:
            return (
                self._greeting_day(birth_date),
                rng.randint(9, 17),
                rng.choice((0, 30)),
            )
        if kind == ContactKind.SERVICE:
            if day.weekday() >= 5:
                day = self._clamp(day - dt.timedelta(days=day.weekday() - 4))
            return day, rng.randint(9, 16), rng.choice((0, 20, 40))
        return day, rng.randint(8, 21), rng.randint(0, 59)

    def _greeting_day(self, birth_date: dt.date) -> dt.date:
        rng = self.rng
        if rng.random() < 0.5:
            for year in (self.today.year - 1, self.today.year):
                try:
                    birthday = birth_date.replace(year=year)
                except ValueError:
                    birthday = dt.date(year, 2, 28)
                if self.first_day <= birthday <= self.last_day:
                    return birthday
        if self._festivals:
            festival = rng.choice(self._festivals)
            return self._clamp(festival - dt.timedelta(days=rng.randint(0, 5)))
        return self.last_day

    def _festival_days(self) -> list[dt.date]:
        """Return Spring Festival and Mid-Autumn days inside the window."""
        days = []
        for year in range(self.first_day.year - 1, self.last_day.year + 1):
            for month, day in ((1, 1), (8, 15)):
                solar = Lunar.fromYmd(year, month, day).getSolar()
                candidate = dt.date(solar.getYear(), solar.getMonth(), solar.getDay())
                if self.first_day <= candidate <= self.last_day:
                    days.append(candidate)
        return sorted(days)

    def _clamp(self, day: dt.date) -> dt.date:
        return min(max(day, self.first_day), self.last_day)

    @staticmethod
    def aware(day: dt.date, hour: int, minute: int) -> dt.datetime:
        local = dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LOCAL_TZ)
        return local.astimezone(dt.UTC)
