import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from revisit.book.models import Policy, PolicyStatus
from revisit.coaching.access import resolve_scope
from revisit.reports.selectors.common import Period, week_period
from revisit.reports.selectors.drilldown import customers_behind
from revisit.reports.selectors.team import team_numbers_for, working_days
from tests import factories

# Monday 2 to Sunday 8 November 2026; "today" is the Friday after.
WEEK = week_period(dt.date(2026, 11, 4))
TODAY = dt.date(2026, 11, 13)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _contact(customer, day, **fields):
    return factories.make_contact(customer, occurred_at=_at(day), **fields)


def _effective(policy, day):
    Policy.objects.filter(pk=policy.pk).update(effective_date=day)


def _rows(user, key, period=WEEK):
    numbers = team_numbers_for(resolve_scope(user, key), period, today=TODAY)
    return {row.agent_id: row for row in numbers.rows}, numbers.total


@pytest.fixture
def worked_week(agent, teammate, hand_book):
    c1, c2 = hand_book["c1"], hand_book["c2"]
    for offset in range(7):
        _contact(c1 if offset % 2 else c2, WEEK.start + dt.timedelta(days=offset % 5))
    _contact(c1, WEEK.start, kind="call", outcome="appointment")
    _contact(
        c2,
        WEEK.start,
        kind="visit",
        outcome="signed",
        signed_policy_number="P-NEW",
        signed_premium=Decimal("6000"),
    )
    _contact(c2, WEEK.start + dt.timedelta(days=2), kind="visit", outcome="referral")
    # Outside the week, and a withdrawn entry: neither counts.
    _contact(c1, WEEK.start - dt.timedelta(days=1))
    _contact(c1, WEEK.start, is_void=True)
    return hand_book


class TestContactNumbers:
    def test_counts_visits_in_week(self, supervisor, agent, worked_week):
        rows, _total = _rows(supervisor, None)

        assert rows[agent.pk].visits == 9

    def test_visits_per_day_against_target(self, supervisor, agent, worked_week):
        rows, _total = _rows(supervisor, None)

        assert rows[agent.pk].working_days == 5
        assert rows[agent.pk].visits_per_day == Decimal("1.8")
        assert rows[agent.pk].visit_status == "below"

    def test_counts_outcomes(self, supervisor, agent, worked_week):
        rows, _total = _rows(supervisor, None)

        row = rows[agent.pk]
        assert (row.calls, row.appointments, row.signed, row.referrals) == (1, 1, 1, 1)
        assert row.signed_premium == Decimal("6000")

    def test_teammate_without_contacts_has_zeros(
        self, supervisor, teammate, worked_week
    ):
        rows, _total = _rows(supervisor, None)

        assert rows[teammate.pk].visits == 0

    def test_total_spreads_visits_over_agents(self, supervisor, worked_week):
        _rows_by_agent, total = _rows(supervisor, None)

        assert total.visits == 9
        assert total.agents == 2
        assert total.visits_per_day == Decimal("0.9")

    def test_supervisor_rows_exclude_other_team(
        self, supervisor, outsider, worked_week
    ):
        rows, _total = _rows(supervisor, None)

        assert outsider.pk not in rows

    def test_drilldown_lists_visited_customers(self, supervisor, agent, worked_week):
        scope = resolve_scope(supervisor, f"agent-{agent.pk}")

        customers = customers_behind(
            user=supervisor, scope=scope, metric="visits", period=WEEK
        )

        assert set(customers) == {worked_week["c1"], worked_week["c2"]}

    def test_drilldown_lists_referrers(self, supervisor, agent, worked_week):
        scope = resolve_scope(supervisor, f"agent-{agent.pk}")

        customers = customers_behind(
            user=supervisor, scope=scope, metric="referrals", period=WEEK
        )

        assert list(customers) == [worked_week["c2"]]


class TestNewBusiness:
    @pytest.fixture
    def new_business(self, agent, hand_book):
        top_up = factories.make_policy(hand_book["c2"], premium=Decimal("6000"))
        _effective(top_up, WEEK.start + dt.timedelta(days=1))
        newcomer = factories.make_customer(agent)
        fresh = factories.make_policy(newcomer, premium=Decimal("4000"))
        _effective(fresh, WEEK.start + dt.timedelta(days=2))
        return {"top_up": top_up, "newcomer": newcomer}

    def test_counts_new_policies(self, supervisor, agent, new_business):
        rows, _total = _rows(supervisor, None)

        assert rows[agent.pk].new_policies == 2
        assert rows[agent.pk].new_premium == Decimal("10000")

    def test_top_up_share(self, supervisor, agent, new_business):
        rows, _total = _rows(supervisor, None)

        assert rows[agent.pk].top_up_policies == 1
        assert rows[agent.pk].existing_share == Decimal("60.00")

    def test_drilldown_lists_top_up_holder(
        self, supervisor, agent, hand_book, new_business
    ):
        scope = resolve_scope(supervisor, f"agent-{agent.pk}")

        customers = customers_behind(
            user=supervisor, scope=scope, metric="top_up_policies", period=WEEK
        )

        assert list(customers) == [hand_book["c2"]]

    def test_newcomer_makes_book_grow(self, supervisor, agent, new_business):
        rows, _total = _rows(supervisor, None)

        assert rows[agent.pk].customer_change == 1
        assert rows[agent.pk].trend == "growing"


class TestBookChange:
    def test_lapse_in_week_shrinks_book(self, supervisor, agent, hand_book):
        # Paid to 5 September: the 60-day grace ends on 4 November.
        Policy.objects.filter(holder=hand_book["c2"]).update(
            status=PolicyStatus.LAPSED, paid_to_date=dt.date(2026, 9, 5)
        )

        rows, _total = _rows(supervisor, None)

        assert rows[agent.pk].customers_start == 3
        assert rows[agent.pk].customers_end == 2
        assert rows[agent.pk].trend == "shrinking"

    def test_drilldown_lists_lost_customer(self, supervisor, agent, hand_book):
        Policy.objects.filter(holder=hand_book["c2"]).update(
            status=PolicyStatus.LAPSED, paid_to_date=dt.date(2026, 9, 5)
        )
        scope = resolve_scope(supervisor, f"agent-{agent.pk}")

        customers = customers_behind(
            user=supervisor, scope=scope, metric="customers_lost", period=WEEK
        )

        assert list(customers) == [hand_book["c2"]]

    def test_second_policy_grows_book_by_policies(self, supervisor, agent, hand_book):
        second = factories.make_policy(hand_book["c2"])
        _effective(second, WEEK.start + dt.timedelta(days=1))

        rows, _total = _rows(supervisor, None)

        assert rows[agent.pk].customer_change == 0
        assert (rows[agent.pk].trend, rows[agent.pk].trend_by_policies) == (
            "growing", True,
        )

    def test_steady_book(self, supervisor, teammate, hand_book):
        rows, _total = _rows(supervisor, None)

        assert rows[teammate.pk].trend == "steady"


class TestRows:
    def test_departed_agent_without_numbers_is_hidden(
        self, supervisor, agent, teammate
    ):
        teammate.is_active = False
        teammate.save(update_fields=["is_active"])

        rows, _total = _rows(supervisor, None)

        assert set(rows) == {agent.pk}

    def test_working_days_stop_at_today(self):
        period = Period(start=dt.date(2026, 11, 2), end=dt.date(2026, 11, 8))

        assert working_days(period, today=dt.date(2026, 11, 4)) == 3
        assert working_days(period, today=dt.date(2026, 12, 1)) == 5


class TestTeamRollup:
    def test_teams_add_up_their_agents(self, manager, agent, outsider, worked_week):
        numbers = team_numbers_for(resolve_scope(manager, "office"), WEEK, today=TODAY)

        teams = {row.scope_key: row for row in numbers.teams}
        assert teams[f"team-{agent.team_id}"].visits == 9
        assert teams[f"team-{agent.team_id}"].agents == 2
        assert teams[f"team-{outsider.team_id}"].visits == 0

    def test_total_keeps_report_scope(self, supervisor, worked_week):
        scope = resolve_scope(supervisor, None)

        numbers = team_numbers_for(scope, WEEK, today=TODAY)

        assert numbers.total.scope_key == scope.key


class TestOfficeTargets:
    def test_visit_target_follows_office_settings(self, supervisor, agent, worked_week):
        from revisit.planning.models import PlanningSettings

        PlanningSettings.objects.create(
            office=agent.office, visits_per_day_min=1, visits_per_day_max=2
        )

        rows, _total = _rows(supervisor, None)

        assert rows[agent.pk].visit_status == "on_target"
