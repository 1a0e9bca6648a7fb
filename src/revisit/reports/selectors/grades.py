"""Grade moves and the grade mix over time, from the grade history.

A move up (5->3, 3->2, 5->2) is an activation, the method's measure of
success; a move down is flagged. Moves count for the agent the customer had
when the grade changed. The mix over time starts from today's grades and
undoes the changes logged after each week's end, so it needs one grouped
query whatever the length of the chart.
"""

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.db.models.functions import TruncWeek
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

    Customers count for their agent of today, so the series of one agent
    shows their current book as it was graded each week.
    """
    today = today or timezone.localdate()
    mondays = _chart_mondays(period, today)
    customers = Customer.objects.filter(scope_q(scope))
    now_counts = dict(
        customers.values_list("grade").annotate(total=Count("pk")).order_by()
    )
    since = local_midnight(mondays[0])
    changes = (
        GradeChange.objects.filter(
            scope_q(scope, "customer__agent", "customer__office"), changed_at__gte=since
        )
        .annotate(week=TruncWeek("changed_at"))
        .values("week", "old_grade", "new_grade")
        .annotate(total=Count("pk"))
        .order_by()
    )
    # For each week, the net number of customers each grade gained in it.
    gained: dict[dt.date, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for row in changes:
        week = _as_date(row["week"])
        gained[week][row["new_grade"]] += row["total"]
        gained[week][row["old_grade"]] -= row["total"]
    series = {grade: [] for grade in Grade.values}
    for monday in mondays:
        for grade in Grade.values:
            later = sum(
                moves.get(grade, 0) for week, moves in gained.items() if week > monday
            )
            series[grade].append(now_counts.get(grade, 0) - later)
    labels = []
    for monday in mondays:
        year, week, _weekday = monday.isocalendar()
        labels.append(f"{year}-W{week:02d}")
    return {"weeks": labels, "series": series}


def _as_date(value) -> dt.date:
    # TruncWeek returns an aware datetime on PostgreSQL and SQLite alike when
    # USE_TZ is on; take its local date.
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            return timezone.localtime(value).date()
        return value.date()
    return value
