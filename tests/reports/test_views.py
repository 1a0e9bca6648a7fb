from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from revisit.core.models import AuditEntry

PAGES = ["reports:team", "reports:distribution"]
EXPORTS = ["reports:team_export", "reports:distribution_export"]


def _login(client, user):
    client.force_login(user)
    return client


class TestAccess:
    @pytest.mark.parametrize("name", PAGES + EXPORTS)
    def test_anonymous_is_sent_to_login(self, client, name):
        response = client.get(reverse(name))

        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]

    @pytest.mark.parametrize("name", PAGES + EXPORTS)
    def test_agent_is_forbidden(self, client, agent, name):
        response = _login(client, agent).get(reverse(name))

        assert response.status_code == 403

    @pytest.mark.parametrize("name", PAGES + EXPORTS)
    def test_rejects_post(self, client, supervisor, name):
        response = _login(client, supervisor).post(reverse(name))

        assert response.status_code == 405

    @pytest.mark.parametrize("name", PAGES + EXPORTS)
    def test_other_team_is_404(self, client, supervisor, other_team, name):
        response = _login(client, supervisor).get(
            reverse(name), {"scope": f"team-{other_team.pk}"}
        )

        assert response.status_code == 404

    @pytest.mark.parametrize("name", PAGES + EXPORTS)
    def test_other_teams_agent_is_404(self, client, supervisor, outsider, name):
        response = _login(client, supervisor).get(
            reverse(name), {"scope": f"agent-{outsider.pk}"}
        )

        assert response.status_code == 404

    @pytest.mark.parametrize("name", PAGES + EXPORTS)
    def test_other_office_is_404(self, client, manager, foreign_agent, name):
        response = _login(client, manager).get(
            reverse(name), {"scope": f"agent-{foreign_agent.pk}"}
        )

        assert response.status_code == 404

    def test_drilldown_other_team_is_404(self, client, supervisor, outsider):
        response = _login(client, supervisor).get(
            reverse("reports:customers"),
            {"metric": "customers_all", "scope": f"agent-{outsider.pk}"},
        )

        assert response.status_code == 404

    def test_drilldown_anonymous_is_sent_to_login(self, client):
        response = client.get(reverse("reports:customers"), {"metric": "customers_all"})

        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]

    def test_drilldown_rejects_post(self, client, supervisor):
        response = _login(client, supervisor).post(
            reverse("reports:customers"), {"metric": "customers_all"}
        )

        assert response.status_code == 405

    def test_drilldown_other_office_is_404(self, client, manager, foreign_agent):
        response = _login(client, manager).get(
            reverse("reports:customers"),
            {"metric": "visits", "scope": f"agent-{foreign_agent.pk}"},
        )

        assert response.status_code == 404

    def test_drilldown_unknown_metric_is_404(self, client, supervisor):
        response = _login(client, supervisor).get(
            reverse("reports:customers"), {"metric": "nope"}
        )

        assert response.status_code == 404

    def test_drilldown_agent_is_forbidden(self, client, agent):
        response = _login(client, agent).get(
            reverse("reports:customers"), {"metric": "customers_all"}
        )

        assert response.status_code == 403


class TestDistributionPage:
    def test_shows_figures_and_reference(self, client, supervisor, agent, hand_book):
        response = _login(client, supervisor).get(
            reverse("reports:distribution"), {"scope": f"agent-{agent.pk}"}
        )

        body = response.content.decode()
        assert "40.00%" in body
        assert "19.42%" in body

    def test_explains_who_a_payment_group_counts(
        self, client, supervisor, agent, hand_book
    ):
        response = _login(client, supervisor).get(
            reverse("reports:distribution"), {"scope": f"agent-{agent.pk}"}
        )

        assert "团队数据只计投保人" in response.content.decode()

    def test_team_numbers_name_the_growth_basis(
        self, client, supervisor, agent, hand_book
    ):
        response = _login(client, supervisor).get(reverse("reports:team"))

        body = response.content.decode()
        assert "仅为被保险人的客户不计入" in body
        assert "有效客户数不变时，按有效保单判断" in body

    def test_figure_links_to_customers(self, client, supervisor, agent, hand_book):
        response = _login(client, supervisor).get(
            reverse("reports:distribution"), {"scope": f"agent-{agent.pk}"}
        )

        link = (
            f"{reverse('reports:customers')}?metric=policies_under_1000"
            f"&amp;scope=agent-{agent.pk}"
        )
        assert link in response.content.decode()

    def test_customer_figure_links_to_book_list(
        self, client, supervisor, agent, hand_book
    ):
        response = _login(client, supervisor).get(
            reverse("reports:distribution"), {"scope": f"agent-{agent.pk}"}
        )

        link = f"{reverse('book:customer_list')}?agent={agent.pk}&amp;policies=3%2B"
        assert link in response.content.decode()

    def test_book_list_link_lists_figure_customers(
        self, client, supervisor, agent, hand_book
    ):
        _login(client, supervisor)

        response = client.get(
            reverse("book:customer_list"), {"agent": agent.pk, "policies": "3+"}
        )

        assert hand_book["c1"].full_name in response.content.decode()
        assert hand_book["c2"].full_name not in response.content.decode()

    def test_managers_team_figure_uses_own_list(self, client, manager, team, hand_book):
        """The book list has no team filter, so one team goes to the report list."""
        response = _login(client, manager).get(
            reverse("reports:distribution"), {"scope": f"team-{team.pk}"}
        )

        link = (
            f"{reverse('reports:customers')}?metric=customers_3_plus"
            f"&amp;scope=team-{team.pk}"
        )
        assert link in response.content.decode()

    def test_drilldown_lists_customers(self, client, supervisor, agent, hand_book):
        response = _login(client, supervisor).get(
            reverse("reports:customers"),
            {"metric": "policies_under_1000", "scope": f"agent-{agent.pk}"},
        )

        assert set(response.context["page"]) == {hand_book["c1"], hand_book["c2"]}

    def test_export_has_chinese_headers(self, client, supervisor, hand_book):
        response = _login(client, supervisor).get(
            reverse("reports:distribution_export")
        )

        sheet = load_workbook(BytesIO(response.content)).active
        header = [cell.value for cell in sheet[3]]
        assert header[:5] == ["类别", "指标", "数量", "总数", "占比（%）"]

    def test_export_is_audited(self, client, supervisor, hand_book):
        _login(client, supervisor).get(reverse("reports:distribution_export"))

        entry = AuditEntry.objects.get(action="reports.distribution.exported")
        assert entry.actor_id == supervisor.pk


class TestTeamPage:
    def test_shows_agents_of_team(self, client, supervisor, agent, teammate, outsider):
        response = _login(client, supervisor).get(reverse("reports:team"))

        ids = [row.agent_id for row in response.context["numbers"].rows]
        assert ids == [agent.pk, teammate.pk]

    def test_chart_data_in_json_script(self, client, supervisor, agent):
        response = _login(client, supervisor).get(reverse("reports:team"))

        assert 'id="team-chart-data"' in response.content.decode()

    def test_has_no_inline_script(self, client, supervisor, agent):
        response = _login(client, supervisor).get(reverse("reports:team"))

        body = response.content.decode()
        assert "<script>" not in body

    def test_week_parameter(self, client, supervisor, agent):
        response = _login(client, supervisor).get(
            reverse("reports:team"), {"week": "2026-W45"}
        )

        period = response.context["period"]
        assert (period.start.isoformat(), period.end.isoformat()) == (
            "2026-11-02",
            "2026-11-08",
        )

    def test_reversed_range_falls_back_to_week(self, client, supervisor, agent):
        response = _login(client, supervisor).get(
            reverse("reports:team"), {"start": "2026-11-08", "end": "2026-11-01"}
        )

        assert response.status_code == 200
        assert response.context["form"].errors

    def test_export_lists_agents_and_total(self, client, supervisor, agent, teammate):
        response = _login(client, supervisor).get(reverse("reports:team_export"))

        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        sheet = load_workbook(BytesIO(response.content)).active
        names = [row[0].value for row in sheet.iter_rows()]
        assert agent.display_name in names
        assert "合计" in names

    def test_manager_sees_office(self, client, manager, agent, outsider):
        response = _login(client, manager).get(reverse("reports:team"))

        ids = {row.agent_id for row in response.context["numbers"].rows}
        assert ids == {agent.pk, outsider.pk}

    def test_office_page_shows_one_row_per_team(
        self, client, manager, agent, outsider, team, other_team
    ):
        response = _login(client, manager).get(reverse("reports:team"))

        row_scopes = [row.scope_key for row, _link in response.context["rows"]]
        assert row_scopes == [f"team-{team.pk}", f"team-{other_team.pk}"]
        assert f"?scope=team-{team.pk}&amp;" in response.content.decode()
