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


def grade_mix_series(scope: Scope, period: Period) -> dict:
    """Return customers per grade at the end of each week, for a chart."""
    # TODO: rebuild past weeks from outreach.GradeChange once it lands; for
    # now only the current mix is known.
    from django.db.models import Count

    from revisit.book.models import Customer, Grade
    from revisit.reports.selectors.common import scope_q

    counts = dict(
        Customer.objects.filter(scope_q(scope)).values_list("grade").annotate(Count("pk"))
    )
    return {
        "weeks": [period.end.isoformat()],
        "series": {grade: [counts.get(grade, 0)] for grade in Grade.values},
    }
