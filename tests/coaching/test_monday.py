import datetime as dt

import pytest
from django.urls import reverse

from revisit.coaching.access import resolve_scope
from revisit.coaching.selectors.sheets import monday_rows
from revisit.planning.models import ActionKind
from revisit.planning.weeks import IsoWeek
from tests import factories
from tests.planning.builders import make_action, make_sheet

WEEK = IsoWeek.containing(dt.date(2026, 11, 4))


@pytest.fixture
def sheets(agent, teammate, outsider):
    customers = [factories.make_customer(agent) for _ in range(3)]
    submitted = make_sheet(agent, WEEK, customers, status="submitted")
    entry = submitted.entries.first()
    make_action(entry, kind=ActionKind.PHONE_APPOINTMENT)
    make_action(entry)
    make_action(entry, day=WEEK.monday + dt.timedelta(days=2))
    make_sheet(outsider, WEEK, [factories.make_customer(outsider)], status="submitted")
    return submitted


def _rows(user, key=None):
    return {
        row.agent.pk: row
        for row in monday_rows(scope=resolve_scope(user, key), monday=WEEK.monday)
    }


class TestMondayRows:
    def test_lists_sheet_with_entries_and_plan(self, supervisor, agent, sheets):
        row = _rows(supervisor)[agent.pk]

        assert row.state == "submitted"
        assert len(row.entries) == 3
        assert (row.calls_planned, row.visits_planned) == (1, 2)

    def test_agent_without_sheet_has_not_started(self, supervisor, teammate, sheets):
        row = _rows(supervisor)[teammate.pk]

        assert row.state == "missing"
        assert row.has_started is False

    def test_proposed_sheet_has_not_started(self, supervisor, teammate, sheets):
        make_sheet(teammate, WEEK, [factories.make_customer(teammate)])

        row = _rows(supervisor)[teammate.pk]

        assert (row.state, row.has_started) == ("proposed", False)

    def test_leaves_out_other_team(self, supervisor, outsider, sheets):
        assert outsider.pk not in _rows(supervisor)

    def test_manager_sees_office(self, manager, agent, outsider, sheets):
        assert {agent.pk, outsider.pk} <= set(_rows(manager))


def _login(client, user):
    client.force_login(user)
    return client


class TestMondayView:
    def test_anonymous_is_sent_to_login(self, client):
        assert client.get(reverse("coaching:monday")).status_code == 302

    def test_agent_is_forbidden(self, client, agent):
        assert _login(client, agent).get(reverse("coaching:monday")).status_code == 403

    def test_rejects_post(self, client, supervisor):
        response = _login(client, supervisor).post(reverse("coaching:monday"))

        assert response.status_code == 405

    def test_other_team_is_404(self, client, supervisor, other_team):
        response = _login(client, supervisor).get(
            reverse("coaching:monday"), {"scope": f"team-{other_team.pk}"}
        )

        assert response.status_code == 404

    def test_lists_customers_and_not_started(
        self, client, supervisor, teammate, sheets
    ):
        response = _login(client, supervisor).get(
            reverse("coaching:monday"), {"week": str(WEEK)}
        )

        body = response.content.decode()
        first = sheets.entries.order_by("position").first()
        assert first.customer.full_name in body
        assert [row.agent for row in response.context["not_started"]] == [teammate]

    def test_bad_week_falls_back_to_this_week(self, client, supervisor):
        response = _login(client, supervisor).get(
            reverse("coaching:monday"), {"week": "2026-W99"}
        )

        assert response.status_code == 200
