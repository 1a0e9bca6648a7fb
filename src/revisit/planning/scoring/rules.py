"""Ranking rules: each reads one customer snapshot and reports one finding or none.

A rule only detects a fact. Its weight lives with the scorer and its
sentence in `messages`, so weights can change without touching the rules,
and the reasons read the same whichever scorer ranks them. Finding params hold
JSON-safe values (dates as ISO strings) because they are stored on the
sheet entry.
"""

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils import timezone

from revisit.book.models import PaymentMode, PolicyStatus, ProductCategory
from revisit.book.services.classification import GRACE_DAYS, REINSTATEMENT_DAYS
from revisit.core import lunar
from revisit.planning.scoring import lunar_table
from revisit.planning.scoring.snapshot import HARDSHIP_EVENTS, CustomerSnapshot
from revisit.planning.weeks import IsoWeek

# Days after the week in which a policy's last premium still counts as news.
PAYMENT_END_LOOKAHEAD_DAYS = 30
# Days after maturity in which the maturity payment is still worth a visit.
MATURED_LOOKBACK_DAYS = 365


@dataclass(frozen=True)
class RuleContext:
    week: IsoWeek
    silence_months: int = 12
    life_event_days: int = 180

    @property
    def age_reference(self) -> dt.date:
        """The day every rule reads ages at: the last day of the week.

        A birthday in the week has passed by then, so "turning 42" and
        "aged 42 without critical illness cover" agree on one sheet.
        """
        return self.week.sunday


@dataclass(frozen=True)
class Finding:
    code: str
    params: dict = field(default_factory=dict)
    strength: float = 1.0


Rule = Callable[[CustomerSnapshot, RuleContext], Finding | None]


def _age_on(birth_date: dt.date, day: dt.date) -> int:
    had_birthday = (day.month, day.day) >= (birth_date.month, birth_date.day)
    return day.year - birth_date.year - (0 if had_birthday else 1)


def _is_paying(policy) -> bool:
    if (
        policy.status != PolicyStatus.IN_FORCE
        or policy.payment_mode == PaymentMode.SINGLE
    ):
        return False
    if policy.payment_end_date is None:
        return True
    return policy.paid_to_date is None or policy.paid_to_date < policy.payment_end_date


def _anniversary_in(day: dt.date, week: IsoWeek) -> dt.date | None:
    """Return the anniversary of `day` that falls in `week`, if one does."""
    for year in {week.monday.year, week.sunday.year}:
        try:
            candidate = day.replace(year=year)
        except ValueError:  # 29 February in a common year
            candidate = dt.date(year, 2, 28)
        if week.contains(candidate):
            return candidate
    return None


def renewal_due(snapshot: CustomerSnapshot, context: RuleContext) -> Finding | None:
    due = sorted(
        p.paid_to_date
        for p in snapshot.policies
        if _is_paying(p) and p.paid_to_date and context.week.contains(p.paid_to_date)
    )
    if not due:
        return None
    return Finding("renewal_due", {"date": due[0].isoformat()})


def grace_period(snapshot: CustomerSnapshot, context: RuleContext) -> Finding | None:
    monday = context.week.monday
    overdue = sorted(
        p.paid_to_date
        for p in snapshot.policies
        if _is_paying(p)
        and p.paid_to_date
        and 0 < (monday - p.paid_to_date).days <= GRACE_DAYS
    )
    if not overdue:
        return None
    grace_ends = overdue[0] + dt.timedelta(days=GRACE_DAYS)
    return Finding(
        "grace_period",
        {"date": overdue[0].isoformat(), "grace_ends": grace_ends.isoformat()},
    )


def reinstatable(snapshot: CustomerSnapshot, context: RuleContext) -> Finding | None:
    monday = context.week.monday
    lapsed = [
        p
        for p in snapshot.policies
        if p.status == PolicyStatus.LAPSED
        and p.paid_to_date
        and (monday - p.paid_to_date).days <= GRACE_DAYS + REINSTATEMENT_DAYS
    ]
    if not lapsed:
        return None
    return Finding("reinstatable", {"count": len(lapsed)})


def _lunar_birthday(birth_date: dt.date) -> lunar.LunarDay:
    return lunar_table.lunar_day_of(birth_date)


@lru_cache(maxsize=64)
def _lunar_days_in(week: IsoWeek) -> dict[tuple[int, int], dt.date]:
    """Map each lunar (month, day) whose birthday falls in `week` to its date.

    A birthday lands on a day of its lunar month, or on the 29th for a
    birthday on the 30th in a short month, so each day of the week yields at
    most two candidates. Each is confirmed with
    revisit.core.lunar.solar_date_of, which keeps the leap and short month
    rules in one place.
    """
    found: dict[tuple[int, int], dt.date] = {}
    for day in week.days():
        lunar_day = lunar_table.lunar_day_of(day)
        if lunar_day.is_leap_month:
            continue
        lunar_year = lunar_table.lunar_year_of(day)
        candidates = [lunar_day.day] + ([30] if lunar_day.day == 29 else [])
        for candidate in candidates:
            birthday = lunar.LunarDay(lunar_day.month, candidate, False)
            if lunar.solar_date_of(lunar_year, birthday) == day:
                found[(lunar_day.month, candidate)] = day
    return found


def prepare(snapshots, context: RuleContext) -> None:
    """Compute the lunar tables a batch of snapshots needs, one year at a time."""
    _lunar_days_in(context.week)
    for year in sorted({s.birth_date.year for s in snapshots if s.birth_date}):
        lunar_table.lunar_days_of_year(year)


def _lunar_birthday_in(birth_date: dt.date, week: IsoWeek) -> dt.date | None:
    birthday = _lunar_birthday(birth_date)
    solar = _lunar_days_in(week).get((birthday.month, birthday.day))
    if solar is None or solar <= birth_date:
        return None
    return solar


def birthday(snapshot: CustomerSnapshot, context: RuleContext) -> Finding | None:
    born = snapshot.birth_date
    if born is None:
        return None
    solar_day = _anniversary_in(born, context.week)
    if solar_day and solar_day.year > born.year:
        age = _age_on(born, context.age_reference)
        return Finding("birthday", {"date": solar_day.isoformat(), "age": age})
    lunar_day = _lunar_birthday_in(born, context.week)
    if lunar_day:
        # Celebrated in the ordinary month, so the label drops the leap mark.
        ordinary = dataclasses.replace(_lunar_birthday(born), is_leap_month=False)
        label = ordinary.label()
        return Finding(
            "lunar_birthday", {"date": lunar_day.isoformat(), "lunar": label}
        )
    return None


def policy_anniversary(
    snapshot: CustomerSnapshot, context: RuleContext
) -> Finding | None:
    for policy in snapshot.policies:
        if policy.status != PolicyStatus.IN_FORCE or policy.effective_date is None:
            continue
        day = _anniversary_in(policy.effective_date, context.week)
        if day and day.year > policy.effective_date.year:
            years = day.year - policy.effective_date.year
            return Finding(
                "policy_anniversary", {"date": day.isoformat(), "years": years}
            )
    return None


def payment_completed(
    snapshot: CustomerSnapshot, context: RuleContext
) -> Finding | None:
    horizon = context.week.sunday + dt.timedelta(days=PAYMENT_END_LOOKAHEAD_DAYS)
    ends = sorted(
        p.payment_end_date
        for p in snapshot.policies
        if p.status == PolicyStatus.IN_FORCE
        and p.payment_end_date
        and context.week.monday <= p.payment_end_date <= horizon
    )
    if not ends:
        return None
    return Finding("payment_completed", {"date": ends[0].isoformat()})


def matured(snapshot: CustomerSnapshot, context: RuleContext) -> Finding | None:
    since = context.week.monday - dt.timedelta(days=MATURED_LOOKBACK_DAYS)
    dates = sorted(
        (
            line.payment_end_date
            for line in snapshot.lines
            if line.status == PolicyStatus.MATURED
            and line.payment_end_date
            and since <= line.payment_end_date <= context.week.sunday
        ),
        reverse=True,
    )
    if not dates:
        return None
    return Finding("matured", {"date": dates[0].isoformat()})


def single_policy(snapshot: CustomerSnapshot, context: RuleContext) -> Finding | None:
    if snapshot.policy_count != 1:
        return None
    return Finding("single_policy")


# Categories a person of each age band should hold, in the order they are
# usually bought: protection first.
_NEEDED_BY_AGE = (
    (0, 17, (ProductCategory.MEDICAL, ProductCategory.EDUCATION)),
    (18, 60, (ProductCategory.CRITICAL_ILLNESS, ProductCategory.MEDICAL)),
    (61, 200, (ProductCategory.MEDICAL, ProductCategory.ACCIDENT)),
)


def missing_cover(snapshot: CustomerSnapshot, context: RuleContext) -> Finding | None:
    if snapshot.birth_date is None:
        return None
    age = _age_on(snapshot.birth_date, context.age_reference)
    held = {
        line.category for line in snapshot.lines if line.status == PolicyStatus.IN_FORCE
    }
    for low, high, needed in _NEEDED_BY_AGE:
        if low <= age <= high:
            missing = [str(category) for category in needed if category not in held]
            if missing:
                return Finding(
                    "missing_cover",
                    {"categories": missing, "age": age},
                    strength=len(missing) / len(needed),
                )
    return None


def family_uncovered(
    snapshot: CustomerSnapshot, context: RuleContext
) -> Finding | None:
    uncovered = [member for member in snapshot.family if member.policy_count == 0]
    if not uncovered:
        return None
    members = [{"name": m.name, "relation": m.relation} for m in uncovered[:3]]
    return Finding(
        "family_uncovered",
        {"members": members, "count": len(uncovered)},
        strength=min(1.0, 0.5 + 0.25 * len(uncovered)),
    )


def long_silence(snapshot: CustomerSnapshot, context: RuleContext) -> Finding | None:
    if snapshot.last_contact_at is None:
        return Finding("never_contacted")
    # The default time zone, not the request's: the same for every request,
    # and reading the active one costs a thread-local lookup per customer.
    last = snapshot.last_contact_at.astimezone(timezone.get_default_timezone()).date()
    monday = context.week.monday
    months = (monday.year - last.year) * 12 + monday.month - last.month
    if monday.day < last.day:
        months -= 1
    if months < context.silence_months:
        return None
    return Finding("long_silence", {"months": months, "date": last.isoformat()})


def life_event(snapshot: CustomerSnapshot, context: RuleContext) -> Finding | None:
    since = context.week.monday - dt.timedelta(days=context.life_event_days)
    recent = [
        e for e in snapshot.life_events if since <= e.noted_on <= context.week.sunday
    ]
    if not recent:
        return None
    # An illness, accident or death outweighs happier news: congratulating
    # a family that is in hospital would be the wrong visit.
    hardships = [e for e in recent if e.event in HARDSHIP_EVENTS]
    latest = max(hardships or recent, key=lambda event: event.noted_on)
    return Finding(
        "life_event", {"event": latest.event, "date": latest.noted_on.isoformat()}
    )


RULES: tuple[Rule, ...] = (
    renewal_due,
    grace_period,
    reinstatable,
    birthday,
    policy_anniversary,
    payment_completed,
    matured,
    single_policy,
    missing_cover,
    family_uncovered,
    long_silence,
    life_event,
)
