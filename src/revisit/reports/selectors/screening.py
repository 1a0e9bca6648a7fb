"""Customers screened on weekly sheets against the weekly target of 16.

A customer counts as screened in the week whose sheet lists them. A period
covers the sheets of every week whose Monday falls in it, or of the week
that contains its start when it starts mid-week. The target is the office's
sheet size (16 by default) per such week and working agent.
"""

import datetime as dt

from django.db.models import Count, Exists, OuterRef, QuerySet

from revisit.accounts.models import Office
from revisit.book.models import Customer
from revisit.coaching.access import Scope
from revisit.planning.models import PlanningSettings, SheetEntry
from revisit.reports.selectors.common import Period, scope_q


def _weeks(period: Period) -> tuple[dt.date, dt.date, int]:
    """Return the first and last Monday the period covers, and the week count."""
    first = period.start - dt.timedelta(days=period.start.weekday())
    last = period.end - dt.timedelta(days=period.end.weekday())
    return first, last, (last - first).days // 7 + 1


def _entries(scope: Scope, period: Period) -> QuerySet[SheetEntry]:
    first, last, _count = _weeks(period)
    return SheetEntry.objects.filter(
        scope_q(scope, "sheet__agent"),
        sheet__week_start__gte=first,
        sheet__week_start__lte=last,
    )


def screening_counts(scope: Scope, period: Period) -> dict[int, dict]:
    """Return {agent_id: {"screened": n, "screen_target": n}} for `period`.

    Every working agent of the scope gets a target, also those with no sheet.
    """
    _first, _last, weeks = _weeks(period)
    office = Office.objects.get(pk=scope.office_id)
    target = PlanningSettings.for_office(office).sheet_size * weeks
    working = scope.agents().filter(is_active=True).values_list("pk", flat=True)
    counts = {agent_id: {"screen_target": target} for agent_id in working}
    rows = (
        _entries(scope, period)
        .values("sheet__agent_id")
        .annotate(screened=Count("customer_id", distinct=True))
        .order_by()
    )
    for row in rows:
        counts.setdefault(row["sheet__agent_id"], {})["screened"] = row["screened"]
    return counts


def screened_customers(queryset, scope: Scope, period: Period) -> QuerySet[Customer]:
    entries = _entries(scope, period).filter(customer_id=OuterRef("pk"))
    return queryset.filter(Exists(entries))
