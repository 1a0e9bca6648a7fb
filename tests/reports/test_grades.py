import datetime as dt

import pytest
from django.utils import timezone

from revisit.book.models import Customer
from revisit.coaching.access import resolve_scope
from revisit.outreach.models import GradeChange
from revisit.reports.selectors.common import week_period
from revisit.reports.selectors.drilldown import customers_behind
from revisit.reports.selectors.grades import grade_mix_series
from revisit.reports.selectors.team import team_numbers_for
from tests import factories

WEEK = week_period(dt.date(2026, 11, 4))
TODAY = dt.date(2026, 11, 13)


def _change(customer, old, new, day, *, agent=None):
    """Record a grade change and apply it to the customer, as grading does."""
    Customer.objects.filter(pk=customer.pk).update(grade=new)
    return GradeChange.objects.create(
        office=customer.office,
        customer=customer,
        agent=agent or customer.agent,
        old_grade=old,
        new_grade=new,
        source="computed",
        changed_at=timezone.make_aware(dt.datetime.combine(day, dt.time(12))),
    )


@pytest.fixture
def moves(agent):
    up = factories.make_customer(agent, grade=5)
    down = factories.make_customer(agent, grade=2)
    before = factories.make_customer(agent, grade=5)
    _change(up, 5, 3, WEEK.start + dt.timedelta(days=1))
    _change(down, 2, 3, WEEK.start + dt.timedelta(days=2))
    _change(before, 5, 3, WEEK.start - dt.timedelta(days=10))
    return {"up": up, "down": down, "before": before}


def test_counts_moves_in_period(supervisor, agent, moves):
    numbers = team_numbers_for(resolve_scope(supervisor, None), WEEK, today=TODAY)

    row = next(row for row in numbers.rows if row.agent_id == agent.pk)
    assert (row.activations, row.downgrades) == (1, 1)


def test_moves_count_for_agent_at_the_time(supervisor, agent, teammate, moves):
    """A customer moved to a teammate keeps the activation with the old agent."""
    Customer.objects.filter(pk=moves["up"].pk).update(agent=teammate)

    numbers = team_numbers_for(resolve_scope(supervisor, None), WEEK, today=TODAY)

    rows = {row.agent_id: row for row in numbers.rows}
    assert rows[agent.pk].activations == 1
    assert rows[teammate.pk].activations == 0


def test_drilldown_lists_activated(supervisor, agent, moves):
    scope = resolve_scope(supervisor, f"agent-{agent.pk}")

    customers = customers_behind(
        user=supervisor, scope=scope, metric="activations", period=WEEK
    )

    assert list(customers) == [moves["up"]]


def test_drilldown_lists_downgraded(supervisor, agent, moves):
    scope = resolve_scope(supervisor, f"agent-{agent.pk}")

    customers = customers_behind(
        user=supervisor, scope=scope, metric="downgrades", period=WEEK
    )

    assert list(customers) == [moves["down"]]


def test_mix_series_undoes_later_changes(supervisor, agent, moves):
    series = grade_mix_series(
        resolve_scope(supervisor, f"agent-{agent.pk}"), WEEK, today=TODAY
    )

    # Now: up 3, down 3, before 3. The week before WEEK, "up" was still a 5
    # and "down" still a 2; three weeks before, "before" was a 5 too.
    weeks = series["weeks"]
    index = weeks.index("2026-W45")
    assert series["series"][3][index] == 3
    assert series["series"][3][index - 1] == 1
    assert series["series"][5][index - 1] == 1
    assert series["series"][2][index - 1] == 1
    assert series["series"][5][index - 3] == 2


def test_mix_series_covers_eight_weeks(supervisor, agent):
    series = grade_mix_series(
        resolve_scope(supervisor, f"agent-{agent.pk}"), WEEK, today=TODAY
    )

    assert len(series["weeks"]) == 8
    assert series["weeks"][-1] == "2026-W45"
