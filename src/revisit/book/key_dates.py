"""A customer's next important dates: premium due, birthdays, anniversaries.

These are the occasions an agent uses as the reason for a call or a visit.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from revisit.book.models import Customer, Policy, PolicyStatus
from revisit.core.lunar import lunar_day_of, next_lunar_birthday, next_solar_birthday

ANNIVERSARY_WINDOW_DAYS = 60
PAYMENT_END_WINDOW_DAYS = 90


@dataclass(frozen=True)
class KeyDate:
    """One dated occasion. `kind` selects the icon or style on the page."""

    date: dt.date
    kind: str
    title: str
    detail: str = ""


def _years_between(earlier: dt.date, later: dt.date) -> int:
    years = later.year - earlier.year
    if (later.month, later.day) < (earlier.month, earlier.day):
        years -= 1
    return years


def _premium_due(customer: Customer, policies: Iterable[Policy]) -> list[KeyDate]:
    due = customer.next_due_date
    if due is None:
        return []
    numbers = sorted(
        policy.policy_number
        for policy in policies
        if policy.holder_id == customer.pk and policy.paid_to_date == due
    )
    return [
        KeyDate(
            date=due,
            kind="premium_due",
            title=_("Next premium due"),
            detail=", ".join(numbers),
        )
    ]


def _birthdays(customer: Customer, today: dt.date) -> list[KeyDate]:
    born = customer.birth_date
    if born is None or born > today:
        return []
    solar = next_solar_birthday(born, today)
    age = solar.year - born.year
    lunar = next_lunar_birthday(born, today)
    return [
        KeyDate(
            date=solar,
            kind="birthday",
            title=_("Birthday"),
            detail=_("turns %(age)s") % {"age": age},
        ),
        KeyDate(
            date=lunar,
            kind="lunar_birthday",
            title=_("Lunar birthday"),
            # The lunar label (such as 三月初八) is a calendar name, shown
            # as it is in every language.
            detail=lunar_day_of(born).label(),
        ),
    ]


def _next_anniversary(effective: dt.date, today: dt.date) -> dt.date:
    for year in (today.year, today.year + 1):
        try:
            candidate = effective.replace(year=year)
        except ValueError:
            # A policy that took effect on 29 February has its anniversary
            # on 28 February in common years.
            candidate = dt.date(year, 2, 28)
        if candidate >= today:
            return candidate
    raise AssertionError("an anniversary occurs every year")


def _anniversaries(policies: Iterable[Policy], today: dt.date) -> list[KeyDate]:
    dates = []
    limit = today + dt.timedelta(days=ANNIVERSARY_WINDOW_DAYS)
    for policy in policies:
        effective = policy.effective_date
        if policy.status != PolicyStatus.IN_FORCE or effective is None:
            continue
        anniversary = _next_anniversary(effective, today)
        years = anniversary.year - effective.year
        if years < 1 or anniversary > limit:
            continue
        dates.append(
            KeyDate(
                date=anniversary,
                kind="anniversary",
                title=_("Policy anniversary"),
                detail=ngettext(
                    "%(number)s, %(years)s year",
                    "%(number)s, %(years)s years",
                    years,
                )
                % {"number": policy.policy_number, "years": years},
            )
        )
    return dates


def _payment_ends(policies: Iterable[Policy], today: dt.date) -> list[KeyDate]:
    # NOTE: the book stores no maturity date, so only the end of the premium
    # payments is shown; a maturity benefit is not announced here.
    dates = []
    limit = today + dt.timedelta(days=PAYMENT_END_WINDOW_DAYS)
    for policy in policies:
        for line in policy.lines.all():
            end = line.payment_end_date
            if line.status != PolicyStatus.IN_FORCE or end is None:
                continue
            if today <= end <= limit:
                dates.append(
                    KeyDate(
                        date=end,
                        kind="payment_end",
                        title=_("Premium payments end"),
                        detail=(
                            f"{policy.policy_number} "
                            f"{line.product_name or line.product_code}"
                        ),
                    )
                )
    return dates


def key_dates_for(
    customer: Customer, policies: list[Policy], *, today: dt.date
) -> list[KeyDate]:
    """Return the customer's coming occasions, earliest first.

    `policies` are the policies the customer holds or is insured on, with
    their coverage lines prefetched. The next premium due is listed even
    when it has passed, because an unpaid premium in its grace period is
    the most urgent date of all.
    """
    dates = [
        *_premium_due(customer, policies),
        *_birthdays(customer, today),
        *_anniversaries(policies, today),
        *_payment_ends(policies, today),
    ]
    return sorted(dates, key=lambda item: (item.date, item.kind))
