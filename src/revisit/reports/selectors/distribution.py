"""The customer resource distribution table 客户资源分布表.

Shares that show untapped potential in a book, each computed with one
aggregate query per table (policies, coverage lines, customers) and shown
beside the figures of a real example office as a reference.

Definitions:
- policies count when in force and serviced by an agent of the scope;
  their annual premium is the policy's yuan-per-year total;
- rider lines are coverage lines in force marked as riders, out of all
  coverage lines in force on those policies;
- customers are the customers the scope's agents own, whatever the state
  of their policies. Their policy count (policies in force as holder or
  insured) comes from book classification.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from revisit.book.models import (
    CoverageLine,
    Customer,
    Grade,
    PaymentGroup,
    Policy,
    PolicyStatus,
)
from revisit.coaching.access import Scope
from revisit.reports.selectors.common import scope_q, share

LOW_PREMIUM = Decimal("1000")
HIGH_PREMIUM = Decimal("10000")
MANY_POLICIES = 3

# The example office quoted in agent training material: shares of its
# policies (premium bands, riders) and of its customers (3 or more policies).
REFERENCE_SHARES = {
    "policies_under_1000": Decimal("19.42"),
    "policies_over_10000": Decimal("14.40"),
    "rider_lines": Decimal("17.39"),
    "customers_3_plus": Decimal("12.55"),
}


@dataclass(frozen=True)
class Figure:
    """One line of the table: a count out of a total, with its share."""

    key: str
    label: str
    count: int
    total: int
    reference: Decimal | None = None
    # The line the shares of its section are taken of (all policies, all
    # customers); it has no share of its own.
    is_base: bool = False

    @property
    def help(self) -> str:
        return HELP.get(self.key, "")

    @property
    def share(self) -> Decimal | None:
        return share(self.count, self.total)


@dataclass(frozen=True)
class Section:
    title: str
    figures: list[Figure]


# Labels are lazy so the table can be built before the request language
# is known and rendered in it.
LABELS = {
    "policies_in_force": _("Policies in force"),
    "policies_under_1000": _("Annual premium under 1,000 yuan"),
    "policies_over_10000": _("Annual premium over 10,000 yuan"),
    "rider_lines": _("Rider lines"),
    "customers_all": _("Customers"),
    "customers_3_plus": _("Customers with 3 or more policies"),
    "customers_single": _("Single-policy customers (lapse risk)"),
    "customers_receivable": _("Renewal receivable"),
    "customers_paid_up": _("Paid up"),
    "customers_none_in_force": _("No policy in force"),
    "grade_2": _("Grade 2"),
    "grade_3": _("Grade 3"),
    "grade_5": _("Grade 5"),
}


# Help text shown beside each figure, because the team numbers count
# customers and policies differently and readers compare the two pages.
HELP = {
    "policies_in_force": _(
        "Policies whose current status is in force. Team numbers instead "
        "estimate the policies in force at the period end from effective and "
        "stop dates."
    ),
    "policies_under_1000": _("Policies in force now, by annual premium."),
    "policies_over_10000": _("Policies in force now, by annual premium."),
    "rider_lines": _(
        "Rider lines out of all coverage lines in force on policies in force."
    ),
    "customers_all": _("Every customer of the book, with or without a policy."),
    "customers_3_plus": _(
        "Counts policies in force now on which the customer is holder or insured."
    ),
    "customers_single": _(
        "Counts policies in force now on which the customer is holder or insured."
    ),
    "customers_receivable": _(
        "At least one policy in force still paying premiums, as holder, or as "
        "insured for customers who hold none. Team numbers count holders only."
    ),
    "customers_paid_up": _(
        "Policies in force but none still paying, as holder, or as insured for "
        "customers who hold none. Team numbers count holders only."
    ),
    "customers_none_in_force": _("No policy in force as holder or insured."),
}


# Figures the book list can show with its own filters, as its query
# parameters. Keep in step with book.selectors.customer_list_for; the other
# figures (premium bands, riders) go to the reports' own customer list.
BOOK_LIST_FILTERS = {
    "customers_all": {},
    "customers_3_plus": {"policies": "3+"},
    "customers_single": {"policies": "1"},
    "customers_receivable": {"group": PaymentGroup.RENEWAL_RECEIVABLE},
    "customers_paid_up": {"group": PaymentGroup.PAID_UP},
    "customers_none_in_force": {"group": PaymentGroup.NONE_IN_FORCE},
    "grade_2": {"grade": Grade.TWO},
    "grade_3": {"grade": Grade.THREE},
    "grade_5": {"grade": Grade.FIVE},
}


def _policy_counts(scope: Scope) -> dict[str, int]:
    return Policy.objects.filter(
        scope_q(scope, office_field="office"), status=PolicyStatus.IN_FORCE
    ).aggregate(
        total=Count("pk"),
        low=Count("pk", filter=Q(annual_premium__lt=LOW_PREMIUM)),
        high=Count("pk", filter=Q(annual_premium__gt=HIGH_PREMIUM)),
    )


def _line_counts(scope: Scope) -> dict[str, int]:
    return CoverageLine.objects.filter(
        scope_q(scope, "policy__agent", "policy__office"),
        status=PolicyStatus.IN_FORCE,
        policy__status=PolicyStatus.IN_FORCE,
    ).aggregate(total=Count("pk"), riders=Count("pk", filter=Q(is_rider=True)))


def _customer_counts(scope: Scope) -> dict[str, int]:
    customers = Customer.objects.filter(scope_q(scope, office_field="office"))
    return customers.aggregate(
        total=Count("pk"),
        many=Count("pk", filter=Q(policy_count__gte=MANY_POLICIES)),
        single=Count("pk", filter=Q(policy_count=1)),
        receivable=Count("pk", filter=Q(payment_group=PaymentGroup.RENEWAL_RECEIVABLE)),
        paid_up=Count("pk", filter=Q(payment_group=PaymentGroup.PAID_UP)),
        none=Count("pk", filter=Q(payment_group=PaymentGroup.NONE_IN_FORCE)),
        grade_2=Count("pk", filter=Q(grade=Grade.TWO)),
        grade_3=Count("pk", filter=Q(grade=Grade.THREE)),
        grade_5=Count("pk", filter=Q(grade=Grade.FIVE)),
    )


def _figure(key: str, count: int, total: int, *, is_base: bool = False) -> Figure:
    return Figure(
        key=key, label=LABELS[key], count=count or 0, total=total or 0,
        reference=REFERENCE_SHARES.get(key), is_base=is_base,
    )


def distribution_for(scope: Scope) -> list[Section]:
    """Return the table for `scope` in sections: policies, customers, grades.

    The scope is already checked against the viewer (resolve_scope).
    """
    policies = _policy_counts(scope)
    lines = _line_counts(scope)
    customers = _customer_counts(scope)
    people = customers["total"]
    return [
        Section(
            title=_("Policies"),
            figures=[
                _figure(
                    "policies_in_force", policies["total"], policies["total"],
                    is_base=True,
                ),
                _figure("policies_under_1000", policies["low"], policies["total"]),
                _figure("policies_over_10000", policies["high"], policies["total"]),
                _figure("rider_lines", lines["riders"], lines["total"]),
            ],
        ),
        Section(
            title=_("Customers"),
            figures=[
                _figure("customers_all", people, people, is_base=True),
                _figure("customers_3_plus", customers["many"], people),
                _figure("customers_single", customers["single"], people),
                _figure("customers_receivable", customers["receivable"], people),
                _figure("customers_paid_up", customers["paid_up"], people),
                _figure("customers_none_in_force", customers["none"], people),
            ],
        ),
        Section(
            title=_("Grade mix"),
            figures=[
                _figure("grade_2", customers["grade_2"], people),
                _figure("grade_3", customers["grade_3"], people),
                _figure("grade_5", customers["grade_5"], people),
            ],
        ),
    ]
