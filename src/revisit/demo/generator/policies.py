"""Policy terms for the demo book: payment mode, term, dates, status and premiums.

Dates are drawn backwards from the state a policy should be in today. A
paying policy gets its next due date within the coming payment interval. A
policy in grace gets a paid-to date 1-60 days ago, and a lapsed one a
paid-to date before the grace period. The effective date follows from the
number of premiums paid. Renewals therefore fall due evenly over the
coming weeks.
"""

import calendar
import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from revisit.book.models import (
    PAYMENT_MODE_MONTHS,
    PaymentMode,
    PaymentTermKind,
    PolicyStatus,
    ProductCategory,
)
from revisit.book.services.classification import GRACE_DAYS

CENT = Decimal("0.01")

# Relative weights of the states a policy is in today.
STATE_WEIGHTS = [
    ("paying", 76),
    ("grace", 4),
    ("paid_up", 6),
    ("lapsed", 7),
    ("surrendered", 6),
    ("claim_terminated", 1),
]
# Categories whose contracts end with a maturity payment, and the share of
# their policies that have matured.
MATURING = {
    ProductCategory.ENDOWMENT,
    ProductCategory.EDUCATION,
    ProductCategory.ANNUITY,
}
MATURED_SHARE = 0.15
_MODE_WEIGHTS = [
    (PaymentMode.ANNUAL, 75),
    (PaymentMode.MONTHLY, 12),
    (PaymentMode.QUARTERLY, 8),
    (PaymentMode.SEMI_ANNUAL, 5),
]


@dataclass(frozen=True)
class ProductSpec:
    code: str
    name: str
    category: str
    is_rider: bool
    premium_range: tuple[int, int]
    sum_assured_range: tuple[int, int] | None
    terms: list[tuple[str, int | None]]


@dataclass
class Terms:
    """The dates and payment facts shared by a policy's base line and riders."""

    status: str
    payment_mode: str
    term_kind: str
    term_value: int | None
    effective_date: dt.date
    paid_to_date: dt.date
    payment_end_date: dt.date


@dataclass
class Line:
    product: ProductSpec
    insured: object  # a DemoCustomer; typed loosely to avoid an import cycle
    sum_assured: Decimal | None
    premium: Decimal
    annual_premium: Decimal


@dataclass
class Policy:
    id: int
    number: str
    holder: object
    insured: object
    relationship: str
    is_orphan: bool
    terms: Terms
    lines: list[Line] = field(default_factory=list)

    @property
    def annual_premium(self) -> Decimal:
        """Yuan per year over the lines; a single premium counts once, as paid."""
        if self.terms.status != PolicyStatus.IN_FORCE:
            return Decimal("0.00")
        return sum((line.annual_premium for line in self.lines), Decimal("0.00"))


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last_day))


def add_years(day: dt.date, years: int) -> dt.date:
    return add_months(day, 12 * years)


def age_on(birth_date: dt.date, day: dt.date) -> int:
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - before_birthday


class TermsMaker:
    """Draw policy terms for a product, an insured and a holder."""

    def __init__(self, rng: random.Random, today: dt.date):
        self.rng = rng
        self.today = today
        self._states = [state for state, _ in STATE_WEIGHTS]
        self._state_weights = [weight for _, weight in STATE_WEIGHTS]
        self._modes = [mode for mode, _ in _MODE_WEIGHTS]
        self._mode_weights = [weight for _, weight in _MODE_WEIGHTS]

    def terms(
        self, product: ProductSpec, insured_birth: dt.date, holder_birth: dt.date
    ) -> Terms:
        rng = self.rng
        earliest = max(
            insured_birth + dt.timedelta(days=30),
            add_years(holder_birth, 18),
            add_years(self.today, -25),
        )
        term_kind, term_value = rng.choice(product.terms)
        state = rng.choices(self._states, self._state_weights)[0]
        if term_kind == PaymentTermKind.SINGLE:
            return self._single(earliest, state)
        if term_kind == PaymentTermKind.YEARS and term_value == 1:
            return self._one_year(earliest, state)
        if product.category in MATURING and rng.random() < MATURED_SHARE:
            state = "matured"
        if state in ("paid_up", "matured"):
            terms = self._finished(
                earliest, term_kind, term_value, insured_birth, state
            )
            if terms is not None:
                return terms
            state = "paying"
        terms = self._paying(earliest, term_kind, term_value, insured_birth, state)
        if terms is None and state != "paying":
            terms = self._paying(
                earliest, term_kind, term_value, insured_birth, "paying"
            )
        if terms is None:
            return self._one_year(earliest, "paying")
        return terms

    # --- Kinds of terms ----------------------------------------------------

    def _single(self, earliest: dt.date, state: str) -> Terms:
        effective = self._day_between(earliest, self.today - dt.timedelta(days=1))
        status = (
            PolicyStatus.SURRENDERED
            if state == "surrendered"
            else PolicyStatus.IN_FORCE
        )
        return Terms(
            status=status,
            payment_mode=PaymentMode.SINGLE,
            term_kind=PaymentTermKind.SINGLE,
            term_value=None,
            effective_date=effective,
            paid_to_date=effective,
            payment_end_date=effective,
        )

    def _one_year(self, earliest: dt.date, state: str) -> Terms:
        """Return a one-year contract renewed each year, in its current year."""
        latest_start = self.today - dt.timedelta(days=1)
        start = max(earliest, add_years(self.today, -1) + dt.timedelta(days=1))
        effective = self._day_between(min(start, latest_start), latest_start)
        status = PolicyStatus.IN_FORCE
        if state in ("lapsed", "surrendered"):
            # Not renewed: the last contract year ended some months ago.
            effective = add_years(effective, -1) - dt.timedelta(days=1)
            status = PolicyStatus.TERMINATED
        end = add_years(effective, 1)
        return Terms(
            status=status,
            payment_mode=PaymentMode.ANNUAL,
            term_kind=PaymentTermKind.YEARS,
            term_value=1,
            effective_date=effective,
            paid_to_date=end,
            payment_end_date=end,
        )

    def _finished(self, earliest, term_kind, term_value, insured_birth, state):
        """Return terms whose payments ended before today, or None if none fit."""
        rng = self.rng
        mode = rng.choices(self._modes, self._mode_weights)[0]
        status = PolicyStatus.MATURED if state == "matured" else PolicyStatus.IN_FORCE
        for _ in range(6):
            if term_kind == PaymentTermKind.TO_AGE:
                end = add_years(insured_birth, term_value)
                effective = add_years(end, -rng.randint(5, 20))
            else:
                end = self.today - dt.timedelta(days=rng.randint(1, 8 * 365))
                effective = add_years(end, -term_value)
            if effective < earliest or end >= self.today:
                continue
            return Terms(
                status=status,
                payment_mode=mode,
                term_kind=term_kind,
                term_value=term_value,
                effective_date=effective,
                paid_to_date=end,
                payment_end_date=end,
            )
        return None

    def _paying(self, earliest, term_kind, term_value, insured_birth, state):
        """Return terms still inside the payment period, or None if none fit."""
        rng = self.rng
        mode = rng.choices(self._modes, self._mode_weights)[0]
        interval = PAYMENT_MODE_MONTHS[mode]
        today = self.today
        if state == "paying":
            paid_to = today + dt.timedelta(days=rng.randint(0, interval * 30))
        elif state == "grace":
            paid_to = today - dt.timedelta(days=rng.randint(1, GRACE_DAYS))
        elif state == "lapsed":
            # Half within the two-year reinstatement window, half beyond it.
            days = (
                rng.randint(1, 730) if rng.random() < 0.5 else rng.randint(731, 5 * 365)
            )
            paid_to = today - dt.timedelta(days=GRACE_DAYS + days)
        else:  # surrendered, claim_terminated
            paid_to = today - dt.timedelta(days=rng.randint(30, 6 * 365))
        status = {
            "paying": PolicyStatus.IN_FORCE,
            "grace": PolicyStatus.IN_FORCE,
            "lapsed": PolicyStatus.LAPSED,
            "surrendered": PolicyStatus.SURRENDERED,
            "claim_terminated": PolicyStatus.CLAIM_TERMINATED,
        }[state]
        for _ in range(6):
            # Recent business outnumbers old: most policies are a few years old.
            years_paid = rng.betavariate(1.3, 3.0) * 20
            premiums = max(1, round(years_paid * 12 / interval))
            effective = add_months(paid_to, -premiums * interval)
            if effective < earliest:
                premiums = max(1, self._months_between(earliest, paid_to) // interval)
                effective = add_months(paid_to, -premiums * interval)
                if effective < earliest or effective >= today:
                    continue
            if term_kind == PaymentTermKind.TO_AGE:
                end = add_years(insured_birth, term_value)
            else:
                end = add_years(effective, term_value)
            if end <= paid_to:
                continue
            return Terms(
                status=status,
                payment_mode=mode,
                term_kind=term_kind,
                term_value=term_value,
                effective_date=effective,
                paid_to_date=paid_to,
                payment_end_date=end,
            )
        return None

    # --- Helpers -----------------------------------------------------------

    def _day_between(self, first: dt.date, last: dt.date) -> dt.date:
        if last <= first:
            return first
        return first + dt.timedelta(days=self.rng.randint(0, (last - first).days))

    @staticmethod
    def _months_between(first: dt.date, last: dt.date) -> int:
        return (
            (last.year - first.year) * 12
            + last.month
            - first.month
            - (last.day < first.day)
        )


def draw_premium(
    rng: random.Random, product: ProductSpec, payment_mode: str
) -> tuple[Decimal, Decimal]:
    """Return (premium per payment, annual premium) in yuan."""
    low, high = product.premium_range
    # Skewed towards the low end: most people buy modest cover.
    annual = Decimal(round(low * (high / low) ** (rng.random() ** 2.2), -1))
    if payment_mode == PaymentMode.SINGLE:
        single = (annual * 2).quantize(CENT)
        return single, single
    payments = 12 // PAYMENT_MODE_MONTHS[payment_mode]
    per_payment = (annual / payments).quantize(CENT)
    return per_payment, (per_payment * payments).quantize(CENT)


def draw_sum_assured(rng: random.Random, product: ProductSpec) -> Decimal | None:
    if product.sum_assured_range is None:
        return None
    low, high = product.sum_assured_range
    step = 10_000 if low >= 10_000 else 1_000
    return Decimal(rng.randrange(low, high + 1, step)).quantize(CENT)
