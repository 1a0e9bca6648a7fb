"""The customers behind each number of the reports.

Each metric key names a figure of the distribution table or a column of the
team numbers, and maps to a filter on customers that uses the same
definition as the aggregate it explains. Keep the two in step: a figure and
its drill-down must count the same customers.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from revisit.accounts.models import User
from revisit.accounts.selectors import agents_visible_to
from revisit.book.models import (
    CUSTOMER_NAME_ORDER,
    CoverageLine,
    Customer,
    Grade,
    PaymentGroup,
    Policy,
    PolicyStatus,
)
from revisit.coaching.access import Scope
from revisit.outreach.models import Contact, ContactKind, ContactOutcome
from revisit.reports.selectors import distribution
from revisit.reports.selectors.book_change import in_force_on, is_top_up, new_in
from revisit.reports.selectors.common import Period, scope_q
from revisit.reports.selectors.grades import activated_customers, downgraded_customers
from revisit.reports.selectors.screening import screened_customers

CustomerFilter = Callable[
    [QuerySet[Customer], Scope, Period | None], QuerySet[Customer]
]


@dataclass(frozen=True)
class Metric:
    label: str
    apply: CustomerFilter
    needs_period: bool = False


def _held(scope: Scope, **conditions) -> Exists:
    return Exists(
        Policy.objects.filter(scope_q(scope), holder_id=OuterRef("pk"), **conditions)
    )


def _held_q(scope: Scope, condition: Q) -> Exists:
    return Exists(
        Policy.objects.filter(scope_q(scope), condition, holder_id=OuterRef("pk"))
    )


def _own(queryset, scope, **conditions):
    return queryset.filter(scope_q(scope, office_field="office"), **conditions)


def _policy_metric(**conditions) -> CustomerFilter:
    def apply(queryset, scope, _period):
        return queryset.filter(
            _held(scope, status=PolicyStatus.IN_FORCE, **conditions)
        )

    return apply


def _riders(queryset, scope, _period):
    lines = CoverageLine.objects.filter(
        scope_q(scope, "policy__agent"),
        policy__holder_id=OuterRef("pk"),
        policy__status=PolicyStatus.IN_FORCE,
        status=PolicyStatus.IN_FORCE,
        is_rider=True,
    )
    return queryset.filter(Exists(lines))


def _customer_metric(**conditions) -> CustomerFilter:
    def apply(queryset, scope, _period):
        return _own(queryset, scope, **conditions)

    return apply


def _contact_metric(condition: Q) -> CustomerFilter:
    def apply(queryset, scope, period):
        contacts = Contact.objects.filter(
            scope_q(scope),
            condition,
            customer_id=OuterRef("pk"),
            is_void=False,
            occurred_at__gte=period.start_at(),
            occurred_at__lt=period.end_before(),
        )
        return queryset.filter(Exists(contacts))

    return apply


def _new_business(queryset, scope, period):
    return queryset.filter(_held_q(scope, new_in(period.start, period.end)))


def _top_ups(queryset, scope, period):
    policies = (
        Policy.objects.filter(
            scope_q(scope), new_in(period.start, period.end), holder_id=OuterRef("pk")
        )
        .filter(is_top_up())
    )
    return queryset.filter(Exists(policies))


def _book_ends(period: Period) -> tuple[dt.date, dt.date]:
    # Keep in step with team._policy_counts.
    before = period.start - dt.timedelta(days=1)
    return before, min(period.end, timezone.localdate())


def _customers_lost(queryset, scope, period):
    before, after = _book_ends(period)
    return queryset.filter(_held_q(scope, in_force_on(before))).exclude(
        _held_q(scope, in_force_on(after))
    )


def _customers_gained(queryset, scope, period):
    before, after = _book_ends(period)
    return queryset.filter(_held_q(scope, in_force_on(after))).exclude(
        _held_q(scope, in_force_on(before))
    )


def _activations(queryset, scope, period):
    return activated_customers(queryset, scope, period)


def _downgrades(queryset, scope, period):
    return downgraded_customers(queryset, scope, period)


def _screened(queryset, scope, period):
    return screened_customers(queryset, scope, period)


LOW, HIGH = distribution.LOW_PREMIUM, distribution.HIGH_PREMIUM
LABELS = distribution.LABELS

METRICS: dict[str, Metric] = {
    # The distribution table.
    "policies_in_force": Metric(LABELS["policies_in_force"], _policy_metric()),
    "policies_under_1000": Metric(
        LABELS["policies_under_1000"], _policy_metric(annual_premium__lt=LOW)
    ),
    "policies_over_10000": Metric(
        LABELS["policies_over_10000"], _policy_metric(annual_premium__gt=HIGH)
    ),
    "rider_lines": Metric(_("Customers holding rider lines"), _riders),
    "customers_all": Metric(LABELS["customers_all"], _customer_metric()),
    "customers_3_plus": Metric(
        LABELS["customers_3_plus"],
        _customer_metric(policy_count__gte=distribution.MANY_POLICIES),
    ),
    "customers_single": Metric(
        LABELS["customers_single"], _customer_metric(policy_count=1)
    ),
    "customers_receivable": Metric(
        LABELS["customers_receivable"],
        _customer_metric(payment_group=PaymentGroup.RENEWAL_RECEIVABLE),
    ),
    "customers_paid_up": Metric(
        LABELS["customers_paid_up"],
        _customer_metric(payment_group=PaymentGroup.PAID_UP),
    ),
    "customers_none_in_force": Metric(
        LABELS["customers_none_in_force"],
        _customer_metric(payment_group=PaymentGroup.NONE_IN_FORCE),
    ),
    "grade_2": Metric(LABELS["grade_2"], _customer_metric(grade=Grade.TWO)),
    "grade_3": Metric(LABELS["grade_3"], _customer_metric(grade=Grade.THREE)),
    "grade_5": Metric(LABELS["grade_5"], _customer_metric(grade=Grade.FIVE)),
    # Team numbers, over a period.
    "visits": Metric(
        _("Customers visited"), _contact_metric(Q(kind=ContactKind.VISIT)), True
    ),
    "calls": Metric(
        _("Customers called"), _contact_metric(Q(kind=ContactKind.CALL)), True
    ),
    "appointments": Metric(
        _("Customers who made an appointment"),
        _contact_metric(Q(outcome=ContactOutcome.APPOINTMENT)), True,
    ),
    "proposals": Metric(
        _("Customers given a proposal"),
        _contact_metric(Q(outcome=ContactOutcome.PROPOSAL)), True,
    ),
    "signed": Metric(
        _("Customers who signed"), _contact_metric(Q(outcome=ContactOutcome.SIGNED)),
        True,
    ),
    "referrals": Metric(
        _("Customers who gave a referral"),
        _contact_metric(Q(outcome=ContactOutcome.REFERRAL)), True,
    ),
    "activations": Metric(_("Customers moved up a grade"), _activations, True),
    "downgrades": Metric(_("Customers moved down a grade"), _downgrades, True),
    "new_policies": Metric(_("Holders of new policies"), _new_business, True),
    "top_up_policies": Metric(_("Existing customers who topped up"), _top_ups, True),
    "customers_lost": Metric(_("Customers no longer in force"), _customers_lost, True),
    "customers_gained": Metric(_("Customers newly in force"), _customers_gained, True),
    "screened": Metric(_("Customers screened on weekly sheets"), _screened, True),
}


def customers_behind(
    *, user: User, scope: Scope, metric: str, period: Period | None = None
) -> QuerySet[Customer]:
    """Return the customers behind `metric` for `scope`, visible to `user`.

    Raises KeyError for an unknown metric and ValueError when the metric
    needs a period and none is given. The scope is already checked.
    """
    definition = METRICS[metric]
    if definition.needs_period and period is None:
        raise ValueError(f"metric {metric} needs a period")
    visible = Customer.objects.filter(agent_id__in=agents_visible_to(user).values("pk"))
    customers = definition.apply(visible, scope, period)
    return customers.select_related("agent").order_by(
        "agent__agent_code", *CUSTOMER_NAME_ORDER
    )
