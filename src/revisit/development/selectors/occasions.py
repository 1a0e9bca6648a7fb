"""Occasions: dated reasons to contact a customer, with a suggested action.

Dates and rules:
- renewal due: 30 and 7 days before a paying policy's paid-to date, the
  day its next premium falls due;
- grace period ending: 7 days before the 60-day grace period after an
  unpaid due date runs out;
- lapsed but reinstatable: 7 days after a lapse, and 90 and 30 days before
  the two-year reinstatement window closes;
- premiums complete: the payment end date of a line still paying;
- annuity or survival benefit: each anniversary of a savings line
  (annuity, endowment, education) whose premiums are complete;
- birthdays, solar and lunar (lunar rules in revisit.core.lunar);
- policy anniversaries of policies in force;
- Spring Festival, Dragon Boat and Mid-Autumn, once each, for the agent.
"""

import datetime as dt
import functools
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from revisit.book.models import CoverageLine, Customer, Policy, PolicyStatus
from revisit.book.services.classification import (
    GRACE_DAYS,
    REINSTATEMENT_DAYS,
    policy_is_paying,
)
from revisit.core.lunar import LunarDay, lunar_day_of, solar_date_of
from revisit.development.cover_groups import (
    PAYMENTS_PER_YEAR,
    CoverGroup,
    group_of,
)
from revisit.development.festivals import Festival, festival_date, festivals_between
from revisit.development.text import format_yuan

RENEWAL_NOTICE_DAYS = (30, 7)
GRACE_NOTICE_DAYS = 7
LAPSE_NOTICE_DAYS = 7
REINSTATEMENT_NOTICE_DAYS = (90, 30)


class OccasionKind(models.TextChoices):
    RENEWAL_DUE = "renewal_due", _("Renewal due")
    GRACE_ENDING = "grace_ending", _("Grace period ending")
    REINSTATABLE = "reinstatable", _("Lapsed, can be reinstated")
    PREMIUMS_COMPLETE = "premiums_complete", _("Premiums complete")
    BENEFIT_DUE = "benefit_due", _("Annuity or survival benefit")
    BIRTHDAY = "birthday", _("Birthday")
    LUNAR_BIRTHDAY = "lunar_birthday", _("Lunar birthday")
    ANNIVERSARY = "anniversary", _("Policy anniversary")
    FESTIVAL = "festival", _("Festival")


@dataclass(frozen=True)
class Occasion:
    date: dt.date
    kind: str
    reason: str
    action: str
    customer_id: int | None = None
    customer_name: str = ""
    policy_id: int | None = None
    key: str = ""  # distinguishes two occasions of one kind, customer and day

    @property
    def uid(self) -> str:
        """Return an identifier stable across runs, for calendar feeds."""
        parts = [
            self.kind,
            self.customer_id or 0,
            self.policy_id or 0,
            self.key,
            f"{self.date:%Y%m%d}",
        ]
        return "-".join(str(part) for part in parts)

    @property
    def kind_label(self) -> str:
        return str(OccasionKind(self.kind).label)


def _date(value: dt.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _on_anniversaries(start_day: dt.date, start: dt.date, end: dt.date):
    """Yield (date, years) for each anniversary of `start_day` in the range."""
    for year in range(max(start.year, start_day.year + 1), end.year + 1):
        try:
            day = start_day.replace(year=year)
        except ValueError:  # 29 February in a common year
            day = dt.date(year, 2, 28)
        if start <= day <= end:
            yield day, year - start_day.year


@dataclass
class _Book:
    customers: dict[int, Customer]
    policies: list[Policy]
    base_products: dict[int, str]
    savings_lines: list[dict]
    ending_lines: list[dict]  # lines whose payment end date is in the range


def _load(customers: models.QuerySet[Customer], start: dt.date, end: dt.date) -> _Book:
    by_id = {customer.pk: customer for customer in customers}
    policies = list(
        Policy.objects.filter(holder_id__in=by_id).only(
            "pk",
            "holder_id",
            "insured_id",
            "status",
            "effective_date",
            "paid_to_date",
            "payment_end_date",
            "payment_mode",
            "annual_premium",
        )
    )
    policy_ids = [policy.pk for policy in policies]
    base_products = {}
    lines = CoverageLine.objects.filter(policy_id__in=policy_ids).values(
        "policy_id",
        "product_name",
        "product_code",
        "is_rider",
        "category",
        "status",
        "payment_mode",
        "paid_to_date",
        "payment_end_date",
        "effective_date",
    )
    savings, ending = [], []
    for line in lines:
        if not line["is_rider"]:
            base_products.setdefault(
                line["policy_id"], line["product_name"] or line["product_code"]
            )
        if line["status"] != PolicyStatus.IN_FORCE:
            continue
        if group_of(line["category"]) == CoverGroup.SAVINGS:
            savings.append(line)
        if line["payment_end_date"] and start <= line["payment_end_date"] <= end:
            ending.append(line)
    return _Book(by_id, policies, base_products, savings, ending)


def _name(book: _Book, customer_id: int) -> str:
    return book.customers[customer_id].full_name


def _renewals(
    book: _Book, start: dt.date, end: dt.date, today: dt.date
) -> list[Occasion]:
    found = []
    for policy in book.policies:
        facts = {
            "status": policy.status,
            "payment_mode": policy.payment_mode,
            "paid_to_date": policy.paid_to_date,
            "payment_end_date": policy.payment_end_date,
        }
        due = policy.paid_to_date
        if due is None or not policy_is_paying(facts, today):
            continue
        product = book.base_products.get(policy.pk, "")
        payments = PAYMENTS_PER_YEAR.get(policy.payment_mode or "annual", 1) or 1
        amount = (
            policy.annual_premium / payments if policy.annual_premium else Decimal("0")
        )
        for days in RENEWAL_NOTICE_DAYS:
            notice = due - dt.timedelta(days=days)
            if start <= notice <= end:
                found.append(
                    Occasion(
                        date=notice,
                        kind=OccasionKind.RENEWAL_DUE,
                        reason=gettext(
                            "%(product)s: a premium of %(amount)s falls due on "
                            "%(date)s."
                        )
                        % {
                            "product": product,
                            "amount": format_yuan(amount),
                            "date": _date(due),
                        },
                        action=gettext(
                            "Remind them of the premium and check the bank account "
                            "has the money."
                        ),
                        customer_id=policy.holder_id,
                        customer_name=_name(book, policy.holder_id),
                        policy_id=policy.pk,
                        key=str(days),
                    )
                )
        grace_end = due + dt.timedelta(days=GRACE_DAYS)
        notice = grace_end - dt.timedelta(days=GRACE_NOTICE_DAYS)
        if due < notice and start <= notice <= end:
            found.append(
                Occasion(
                    date=notice,
                    kind=OccasionKind.GRACE_ENDING,
                    reason=gettext(
                        "%(product)s: the grace period ends on %(date)s; unpaid, the "
                        "policy lapses."
                    )
                    % {"product": product, "date": _date(grace_end)},
                    action=gettext(
                        "Call today and help them pay before the policy lapses."
                    ),
                    customer_id=policy.holder_id,
                    customer_name=_name(book, policy.holder_id),
                    policy_id=policy.pk,
                )
            )
    return found


def _reinstatements(book: _Book, start: dt.date, end: dt.date) -> list[Occasion]:
    found = []
    for policy in book.policies:
        if policy.status != PolicyStatus.LAPSED or policy.paid_to_date is None:
            continue
        lapsed_on = policy.paid_to_date + dt.timedelta(days=GRACE_DAYS)
        closes_on = lapsed_on + dt.timedelta(days=REINSTATEMENT_DAYS)
        notices = [(lapsed_on + dt.timedelta(days=LAPSE_NOTICE_DAYS), "lapsed")]
        notices += [
            (closes_on - dt.timedelta(days=days), str(days))
            for days in REINSTATEMENT_NOTICE_DAYS
        ]
        product = book.base_products.get(policy.pk, "")
        for notice, key in notices:
            if not start <= notice <= end:
                continue
            found.append(
                Occasion(
                    date=notice,
                    kind=OccasionKind.REINSTATABLE,
                    reason=gettext(
                        "%(product)s has lapsed and can be reinstated until %(date)s."
                    )
                    % {"product": product, "date": _date(closes_on)},
                    action=gettext(
                        "Explain reinstatement: the cover comes back without a new "
                        "policy at an older age."
                    ),
                    customer_id=policy.holder_id,
                    customer_name=_name(book, policy.holder_id),
                    policy_id=policy.pk,
                    key=key,
                )
            )
    return found


def _policy_holders(book: _Book) -> dict[int, int]:
    return {policy.pk: policy.holder_id for policy in book.policies}


def _premiums_complete(
    book: _Book, start: dt.date, end: dt.date, today: dt.date
) -> list[Occasion]:
    holders = _policy_holders(book)
    found = []
    for line in book.ending_lines:
        if not policy_is_paying(line, today):
            continue
        holder = holders[line["policy_id"]]
        found.append(
            Occasion(
                date=line["payment_end_date"],
                kind=OccasionKind.PREMIUMS_COMPLETE,
                reason=gettext(
                    "The last premium of %(product)s is due by %(date)s; the money it "
                    "frees can fund new cover."
                )
                % {
                    "product": line["product_name"] or line["product_code"],
                    "date": _date(line["payment_end_date"]),
                },
                action=gettext("Congratulate them and review the family's cover."),
                customer_id=holder,
                customer_name=_name(book, holder),
                policy_id=line["policy_id"],
                key=line["product_code"],
            )
        )
    return found


def _benefits(book: _Book, start: dt.date, end: dt.date) -> list[Occasion]:
    # NOTE: the extract carries no benefit schedule, so an anniversary after
    # the premiums are complete is when a benefit may fall due, not a promise
    # that one does.
    holders = _policy_holders(book)
    found = []
    for line in book.savings_lines:
        paid_up_on, effective = line["payment_end_date"], line["effective_date"]
        if paid_up_on is None or effective is None:
            continue
        for day, _years in _on_anniversaries(effective, start, end):
            if day < paid_up_on:
                continue
            holder = holders[line["policy_id"]]
            found.append(
                Occasion(
                    date=day,
                    kind=OccasionKind.BENEFIT_DUE,
                    reason=gettext(
                        "%(product)s may pay an annuity or survival benefit on its "
                        "anniversary, %(date)s."
                    )
                    % {
                        "product": line["product_name"] or line["product_code"],
                        "date": _date(day),
                    },
                    action=gettext(
                        "Check the benefit schedule, help them claim and talk about "
                        "where the money goes next."
                    ),
                    customer_id=holder,
                    customer_name=_name(book, holder),
                    policy_id=line["policy_id"],
                    key=line["product_code"],
                )
            )
    return found


def _anniversaries(book: _Book, start: dt.date, end: dt.date) -> list[Occasion]:
    found = []
    for policy in book.policies:
        if policy.status != PolicyStatus.IN_FORCE or policy.effective_date is None:
            continue
        product = book.base_products.get(policy.pk, "")
        for day, years in _on_anniversaries(policy.effective_date, start, end):
            found.append(
                Occasion(
                    date=day,
                    kind=OccasionKind.ANNIVERSARY,
                    reason=ngettext(
                        "%(product)s has been in force for %(years)s year.",
                        "%(product)s has been in force for %(years)s years.",
                        years,
                    )
                    % {"product": product, "years": years},
                    action=gettext(
                        "Thank them for their trust and review their cover."
                    ),
                    customer_id=policy.holder_id,
                    customer_name=_name(book, policy.holder_id),
                    policy_id=policy.pk,
                )
            )
    return found


def _solar_birthdays(
    customer: Customer, start: dt.date, end: dt.date
) -> list[Occasion]:
    found = []
    for day, age in _on_anniversaries(customer.birth_date, start, end):
        found.append(
            Occasion(
                date=day,
                kind=OccasionKind.BIRTHDAY,
                reason=gettext("%(name)s turns %(age)s.")
                % {"name": customer.full_name, "age": age},
                action=gettext("Send birthday wishes, or call in with a small gift."),
                customer_id=customer.pk,
                customer_name=customer.full_name,
            )
        )
    return found


@functools.lru_cache(maxsize=65536)
def _lunar_day_of_birth(birth_date: dt.date) -> LunarDay:
    # A birth date's lunar day never changes. lunar-python 1.4.8 caches one
    # lunar year and spends 8 to 11 ms computing any other (profiled here on
    # 2 cores), so the answers are kept for the life of the process.
    return lunar_day_of(birth_date)


@functools.lru_cache(maxsize=65536)
def _solar_date_of(lunar_year: int, birthday: LunarDay) -> dt.date:
    # A birthday's date in a given lunar year never changes, so it is kept
    # rather than asked of lunar-python again (see _lunar_day_of_birth).
    return solar_date_of(lunar_year, birthday)


@functools.lru_cache(maxsize=512)
def _spring_festival(lunar_year: int) -> dt.date:
    return festival_date(Festival.SPRING, lunar_year)


def _may_fall_between(
    lunar_year: int, birthday: LunarDay, start: dt.date, end: dt.date
) -> bool:
    """Return False when the birthday cannot fall in the range that lunar year.

    A cheap bound that spares lunar-python's slow conversion for most
    customers. Lunar months have 29 or 30 days and at most one leap month
    comes before the birthday's month, so day d of month m falls between
    (m - 1) * 29 + min(d, 29) - 1 and (m - 1) * 30 + 30 + d - 1 days after
    the Spring Festival.
    """
    new_year = _spring_festival(lunar_year)
    months_before = birthday.month - 1
    earliest = new_year + dt.timedelta(
        days=months_before * 29 + min(birthday.day, 29) - 1
    )
    latest = new_year + dt.timedelta(days=months_before * 30 + 30 + birthday.day - 1)
    return earliest <= end and latest >= start


def _lunar_birthdays(
    customers: list[Customer], start: dt.date, end: dt.date
) -> list[Occasion]:
    born = [c for c in customers if c.birth_date is not None]
    # lunar-python caches only the lunar year it computed last, so the work
    # goes year by year: birth years in order, then one target year at a time.
    born.sort(key=lambda customer: customer.birth_date)
    birthdays = {c.pk: _lunar_day_of_birth(c.birth_date) for c in born}
    found = []
    # A lunar year begins in January or February, so lunar year N - 1 can
    # still have its birthday in solar year N.
    for lunar_year in range(start.year - 1, end.year + 1):
        for customer in born:
            birthday = birthdays[customer.pk]
            if not _may_fall_between(lunar_year, birthday, start, end):
                continue
            day = _solar_date_of(lunar_year, birthday)
            # The day of birth itself is no birthday.
            if not start <= day <= end or day <= customer.birth_date:
                continue
            found.append(
                Occasion(
                    date=day,
                    kind=OccasionKind.LUNAR_BIRTHDAY,
                    reason=gettext(
                        "%(name)s's lunar birthday (%(lunar)s in the lunar calendar)."
                    )
                    % {"name": customer.full_name, "lunar": birthday.label()},
                    action=gettext(
                        "Send birthday wishes, or call in with a small gift."
                    ),
                    customer_id=customer.pk,
                    customer_name=customer.full_name,
                )
            )
    return found


_FESTIVAL_ACTIONS = {
    Festival.SPRING: _(
        "Send Spring Festival greetings and blessings to your customers."
    ),
    Festival.DRAGON_BOAT: _("Send Dragon Boat greetings; zongzi make a welcome gift."),
    Festival.MID_AUTUMN: _("Send Mid-Autumn greetings; mooncakes make a welcome gift."),
}


def _festivals(start: dt.date, end: dt.date) -> list[Occasion]:
    found = []
    for day in festivals_between(start, end):
        found.append(
            Occasion(
                date=day.date,
                kind=OccasionKind.FESTIVAL,
                reason=str(Festival(day.festival).label),
                action=str(_FESTIVAL_ACTIONS[day.festival]),
                key=day.festival,
            )
        )
    return found


def _sorted(occasions: list[Occasion]) -> list[Occasion]:
    order = {kind: index for index, kind in enumerate(OccasionKind.values)}
    return sorted(
        occasions,
        key=lambda item: (item.date, order[item.kind], item.customer_name, item.uid),
    )


def _collect(
    customers: models.QuerySet[Customer],
    start: dt.date,
    end: dt.date,
    today: dt.date,
) -> list[Occasion]:
    book = _load(customers, start, end)
    found = []
    found += _renewals(book, start, end, today)
    found += _reinstatements(book, start, end)
    found += _premiums_complete(book, start, end, today)
    found += _benefits(book, start, end)
    found += _anniversaries(book, start, end)
    for customer in book.customers.values():
        if customer.birth_date is not None:
            found += _solar_birthdays(customer, start, end)
    found += _lunar_birthdays(list(book.customers.values()), start, end)
    return found


def occasions_for(
    agent, start: dt.date, end: dt.date, *, today: dt.date | None = None
) -> list[Occasion]:
    """Return the agent's occasions from `start` to `end`, both included, by date.

    Covers the customers in the agent's book and the policies they hold,
    plus the festivals in the range. Reasons and actions are sentences in
    the active language. `today` (default `start`) decides which policies
    still pay premiums. Runs three queries whatever the range.
    """
    today = today or start
    customers = Customer.objects.filter(agent_id=agent.pk).only(
        "pk", "full_name", "birth_date"
    )
    found = _collect(customers, start, end, today) + _festivals(start, end)
    return _sorted(found)


def customer_occasions(
    customer: Customer, start: dt.date, end: dt.date, *, today: dt.date | None = None
) -> list[Occasion]:
    """Return one customer's occasions in the range, festivals left out."""
    today = today or start
    customers = Customer.objects.filter(pk=customer.pk).only(
        "pk", "full_name", "birth_date"
    )
    return _sorted(_collect(customers, start, end, today))


def occasions_by_day(occasions: list[Occasion]) -> list[tuple[dt.date, list[Occasion]]]:
    days: dict[dt.date, list[Occasion]] = defaultdict(list)
    for occasion in occasions:
        days[occasion.date].append(occasion)
    return sorted(days.items())
