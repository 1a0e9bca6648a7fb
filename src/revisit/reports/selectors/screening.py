"""Customers screened on weekly sheets against the weekly target of 16."""

from revisit.coaching.access import Scope
from revisit.reports.selectors.common import Period


def screening_counts(scope: Scope, period: Period) -> dict[int, dict]:
    """Return {agent_id: {"screened": n, "screen_target": n}} for `period`."""
    # TODO: count planning sheet entries; weekly sheets are not in this
    # branch yet.
    return {}


def screened_customers(queryset, scope: Scope, period: Period):
    # TODO: filter on planning sheet entries once weekly sheets land.
    return queryset.none()
