import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse

from revisit.coaching.access import resolve_scope
from revisit.coaching.selectors.daily import (
    NUDGE_FEW_PLANNED,
    NUDGE_NO_CALLS,
    NUDGE_NO_SHEET,
    NUDGE_NO_VISIT,
    NUDGE_UNLOGGED,
    daily_check_for,
    previous_working_day,
)
from revisit.planning.models import ActionKind
from revisit.planning.weeks import IsoWeek
from tests import factories
from tests.planning.builders import at, make_action, make_contact, make_sheet

# Wednesday 4 November 2026; yesterday is Tuesday the 3rd.
DAY = dt.date(2026, 11, 4)
WEEK = IsoWeek.containing(DAY)
MONDAY, TUESDAY = WEEK.monday, WEEK.monday + dt.timedelta(days=1)


@pytest.fixture
def planned(agent):
    """`agent` planned 2 visits yesterday (1 ticked) and 3 today, and 2 calls."""
    customers = [factories.make_customer(agent) for _ in range(5)]
    sheet = make_sheet(agent, WEEK, customers, status="in_progress")
    entries = list(sheet.entries.order_by("position"))
    make_action(entries[0], day=TUESDAY, done=True)
    make_action(entries[1], day=TUESDAY)
    for entry in entries[2:5]:
        make_action(entry, day=DAY)
    make_action(entries[0], kind=ActionKind.PHONE_APPOINTMENT, day=MONDAY, done=True)
    make_action(entries[1], kind=ActionKind.PHONE_APPOINTMENT, day=TUESDAY)
    make_contact(customers[0], when=at(TUESDAY, 15))
    make_contact(customers[3], when=at(MONDAY, 9), kind="call")
    return sheet


def _rows(user, day=DAY):
    check = daily_check_for(
        scope=resolve_scope(user, None), day=day, office=user.office
    )
    return check, {row.agent.pk: row for row in check.rows}


class TestDailyCheck:
    def test_counts_yesterdays_visits(self, supervisor, agent, planned):
        _check, rows = _rows(supervisor)

        row = rows[agent.pk]
        assert (row.planned_yesterday, row.planned_done_yesterday) == (2, 1)
        assert row.logged_yesterday == 1
        assert row.unlogged_yesterday == 1

    def test_counts_todays_plan(self, supervisor, agent, planned):
        _check, rows = _rows(supervisor)

        assert rows[agent.pk].planned_today == 3

    def test_counts_appointment_calls(self, supervisor, agent, planned):
        _check, rows = _rows(supervisor)

        row = rows[agent.pk]
        assert (row.calls_planned, row.calls_done, row.calls_logged) == (2, 1, 1)

    def test_nudges_for_unlogged_visit_only(self, supervisor, agent, planned):
        _check, rows = _rows(supervisor)

        assert rows[agent.pk].nudges == [NUDGE_UNLOGGED]

    def test_idle_teammate_gets_every_nudge(self, supervisor, teammate, planned):
        _check, rows = _rows(supervisor)

        assert rows[teammate.pk].nudges == [
            NUDGE_NO_SHEET,
            NUDGE_FEW_PLANNED,
            NUDGE_NO_VISIT,
            NUDGE_NO_CALLS,
        ]

    @pytest.mark.parametrize("offset", [5, 6])
    def test_no_visit_target_on_weekends(self, supervisor, teammate, offset):
        check, rows = _rows(supervisor, day=MONDAY + dt.timedelta(days=offset))

        assert not check.has_target
        assert NUDGE_FEW_PLANNED not in rows[teammate.pk].nudges

    def test_monday_looks_back_to_friday(self):
        assert previous_working_day(MONDAY) == MONDAY - dt.timedelta(days=3)

    def test_no_call_nudge_before_appointment_days(self, supervisor, teammate):
        """On a Monday the calls are still being made: no nudge for them yet."""
        check = daily_check_for(
            scope=resolve_scope(supervisor, None),
            day=MONDAY,
            office=supervisor.office,
        )

        row = next(row for row in check.rows if row.agent == teammate)
        assert NUDGE_NO_CALLS not in row.nudges

    def test_departed_agent_is_left_out(self, supervisor, agent, teammate):
        teammate.is_active = False
        teammate.save(update_fields=["is_active"])

        _check, rows = _rows(supervisor)

        assert set(rows) == {agent.pk}


def _login(client, user):
    client.force_login(user)
    return client


class TestDailyCheckView:
    def test_anonymous_is_sent_to_login(self, client):
        response = client.get(reverse("coaching:daily"))

        assert response.status_code == 302

    def test_agent_is_forbidden(self, client, agent):
        response = _login(client, agent).get(reverse("coaching:daily"))

        assert response.status_code == 403

    def test_summary_sentences_join_in_chinese(self, client, supervisor, agent):
        response = _login(client, supervisor).get(
            reverse("coaching:daily"), {"day": MONDAY.isoformat()}
        )

        summary = response.content.decode().split('<p class="muted">', 1)[1]
        summary = summary.split("</p>", 1)[0]
        assert "位营销员需要督促" in summary
        assert "。 " not in summary

    def test_nudge_reasons_join_per_language(self, client, supervisor, teammate):
        client = _login(client, supervisor)

        chinese = client.get(reverse("coaching:daily"), {"day": DAY.isoformat()})
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        english = client.get(reverse("coaching:daily"), {"day": DAY.isoformat()})

        chinese_html = chinese.content.decode()
        english_html = english.content.decode()
        assert '</span>；<span class="reason">' in chinese_html
        assert '</span>; <span class="reason">' not in chinese_html
        assert '</span>; <span class="reason">' in english_html

    def test_rejects_post(self, client, supervisor):
        response = _login(client, supervisor).post(reverse("coaching:daily"))

        assert response.status_code == 405

    def test_other_team_is_404(self, client, supervisor, other_team):
        response = _login(client, supervisor).get(
            reverse("coaching:daily"), {"scope": f"team-{other_team.pk}"}
        )

        assert response.status_code == 404

    def test_other_office_agent_is_404(self, client, manager, foreign_agent):
        response = _login(client, manager).get(
            reverse("coaching:daily"), {"scope": f"agent-{foreign_agent.pk}"}
        )

        assert response.status_code == 404

    def test_shows_team_for_chosen_day(
        self, client, supervisor, agent, teammate, outsider, planned
    ):
        response = _login(client, supervisor).get(
            reverse("coaching:daily"), {"day": DAY.isoformat()}
        )

        agents = [row.agent for row, _review, _visits in response.context["rows"]]
        assert agents == [agent, teammate]
        assert response.context["check"].day == DAY

    def test_saturday_says_no_target_applies(self, client, supervisor, teammate):
        saturday = MONDAY + dt.timedelta(days=5)

        response = _login(client, supervisor).get(
            reverse("coaching:daily"), {"day": saturday.isoformat()}
        )

        assert "周末不设拜访目标" in response.content.decode()

    def test_nudge_only_filter(self, client, supervisor, agent, teammate):
        make_sheet(agent, WEEK, [], status="in_progress")

        response = _login(client, supervisor).get(
            reverse("coaching:daily"), {"day": DAY.isoformat(), "nudge_only": "on"}
        )

        assert all(row.nudges for row, _review, _visits in response.context["rows"])
