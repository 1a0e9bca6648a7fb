"""Grade moves and the grade mix over time, from the grade history.

A move up (5->3, 3->2, 5->2) is an activation, the method's measure of
success; a move down is flagged. Moves count for the agent the customer had
when the grade changed. The mix over time starts from today's grades and
undoes the changes logged after each week's end, with one grouped query
whatever the length of the chart.
"""

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from revisit.book.models import Customer, Grade
from revisit.coaching.access import Scope
from revisit.outreach.models import ACTIVATION, DOWNGRADE, GradeChange
from revisit.reports.selectors.common import Period, local_midnight, scope_q

# The grade chart shows at least this many weeks, reaching back before a
# short period so a trend is visible.
MIN_CHART_WEEKS = 8


def _changes_in(scope: Scope, period: Period) -> QuerySet[GradeChange]:
    return GradeChange.objects.filter(
        scope_q(scope),
        changed_at__gte=period.start_at(),
        changed_at__lt=period.end_before(),
    )


def grade_move_counts(scope: Scope, period: Period) -> dict[int, dict]:
    """Return {agent_id: {"activations": n, "downgrades": n}} for `period`."""
    rows = (
        _changes_in(scope, period)
        .values("agent_id")
        .annotate(
            activations=Count("pk", filter=ACTIVATION),
            downgrades=Count("pk", filter=DOWNGRADE),
        )
        .order_by()
    )
    return {row.pop("agent_id"): row for row in rows}


def _moved(queryset, scope: Scope, period: Period, direction) -> QuerySet[Customer]:
    changes = _changes_in(scope, period).filter(direction, customer_id=OuterRef("pk"))
    return queryset.filter(Exists(changes))


def activated_customers(queryset, scope: Scope, period: Period) -> QuerySet[Customer]:
    return _moved(queryset, scope, period, ACTIVATION)


def downgraded_customers(queryset, scope: Scope, period: Period) -> QuerySet[Customer]:
    return _moved(queryset, scope, period, DOWNGRADE)


def _chart_mondays(period: Period, today: dt.date) -> list[dt.date]:
    last = min(period.end, today)
    last_monday = last - dt.timedelta(days=last.weekday())
    first_monday = period.start - dt.timedelta(days=period.start.weekday())
    earliest = last_monday - dt.timedelta(weeks=MIN_CHART_WEEKS - 1)
    first_monday = min(first_monday, earliest)
    weeks = (last_monday - first_monday).days // 7 + 1
    return [first_monday + dt.timedelta(weeks=index) for index in range(weeks)]


def grade_mix_series(
    scope: Scope, period: Period, *, today: dt.date | None = None
) -> dict:
    """Return the customers per grade at the end of each week, for a chart.

    Today's grades of the scope's customers, minus the moves logged after
    each week's end. Moves count by the agent the customer had when they
    happened, so a customer reassigned within the chart's weeks shifts the
    earlier points of both agents' series by one.
    """
    today = today or timezone.localdate()
    mondays = _chart_mondays(period, today)
    now_counts = dict(
        Customer.objects.filter(scope_q(scope))
        .values_list("grade")
        .annotate(total=Count("pk"))
        .order_by()
    )
    # One count column per week: the moves logged after that week ended.
    week_ends = [local_midnight(monday + dt.timedelta(weeks=1)) for monday in mondays]
    after = {
        f"after_{index}": Count("pk", filter=Q(changed_at__gte=end))
        for index, end in enumerate(week_ends)
    }
    moves = (
        GradeChange.objects.filter(scope_q(scope), changed_at__gte=week_ends[0])
        .values("old_grade", "new_grade")
        .annotate(**after)
        .order_by()
    )
    series = {
        grade: [now_counts.get(grade, 0)] * len(mondays) for grade in Grade.values
    }
    for move in moves:
        for index in range(len(mondays)):
            later = move[f"after_{index}"]
            if move["new_grade"] in series:
                series[move["new_grade"]][index] -= later
            if move["old_grade"] in series:
                series[move["old_grade"]][index] += later
    labels = []
    for monday in mondays:
        year, week, _weekday = monday.isocalendar()
        labels.append(f"{year}-W{week:02d}")
    return {"weeks": labels, "series": series}


