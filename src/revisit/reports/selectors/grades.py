"""Grade moves and the grade mix over time, from the grade history."""

from revisit.coaching.access import Scope
from revisit.reports.selectors.common import Period


def grade_move_counts(scope: Scope, period: Period) -> dict[int, dict]:
    """Return {agent_id: {"activations": n, "downgrades": n}} for `period`."""
    # TODO: count outreach.GradeChange rows; the grade history is not in
    # this branch yet.
    return {}


def activated_customers(queryset, scope: Scope, period: Period):
    # TODO: filter on outreach.GradeChange once the grade history lands.
    return queryset.none()


def downgraded_customers(queryset, scope: Scope, period: Period):
    # TODO: filter on outreach.GradeChange once the grade history lands.
    return queryset.none()
