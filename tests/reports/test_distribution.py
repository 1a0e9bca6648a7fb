from decimal import Decimal

import pytest
from django.http import Http404

from revisit.book.naming import name_search_keys
from revisit.coaching.access import resolve_scope
from revisit.reports.selectors.distribution import distribution_for
from revisit.reports.selectors.drilldown import customers_behind
from tests import factories


def _figures(scope):
    return {
        figure.key: figure
        for section in distribution_for(scope)
        for figure in section.figures
    }


@pytest.fixture
def agent_figures(supervisor, agent, hand_book):
    return _figures(resolve_scope(supervisor, f"agent-{agent.pk}"))


class TestAgentDistribution:
    def test_counts_policies_in_force(self, agent_figures):
        assert agent_figures["policies_in_force"].count == 5

    def test_premium_under_1000(self, agent_figures):
        figure = agent_figures["policies_under_1000"]
        assert (figure.count, figure.total) == (2, 5)
        assert figure.share == Decimal("40.00")

    def test_premium_over_10000(self, agent_figures):
        figure = agent_figures["policies_over_10000"]
        assert (figure.count, figure.share) == (1, Decimal("20.00"))

    def test_rider_lines(self, agent_figures):
        figure = agent_figures["rider_lines"]
        assert (figure.count, figure.total) == (1, 6)
        assert figure.share == Decimal("16.67")

    def test_customers_with_three_or_more(self, agent_figures):
        figure = agent_figures["customers_3_plus"]
        assert (figure.count, figure.total, figure.share) == (1, 4, Decimal("25.00"))

    def test_single_policy_customers(self, agent_figures):
        assert agent_figures["customers_single"].count == 2

    def test_payment_groups(self, agent_figures):
        assert agent_figures["customers_receivable"].count == 2
        assert agent_figures["customers_paid_up"].count == 1
        assert agent_figures["customers_none_in_force"].count == 1

    def test_grade_mix(self, agent_figures):
        assert agent_figures["grade_2"].count == 1
        assert agent_figures["grade_3"].count == 1
        assert agent_figures["grade_5"].count == 2

    def test_shows_example_office_reference(self, agent_figures):
        assert agent_figures["policies_under_1000"].reference == Decimal("19.42")
        assert agent_figures["policies_over_10000"].reference == Decimal("14.40")
        assert agent_figures["rider_lines"].reference == Decimal("17.39")
        assert agent_figures["customers_3_plus"].reference == Decimal("12.55")
        assert agent_figures["customers_single"].reference is None


class TestWiderScopes:
    def test_team_adds_teammate_not_other_team(self, supervisor, hand_book):
        figures = _figures(resolve_scope(supervisor, None))

        assert figures["policies_in_force"].count == 6
        assert figures["policies_under_1000"].count == 3

    def test_office_adds_other_team(self, manager, hand_book):
        figures = _figures(resolve_scope(manager, "office"))

        assert figures["policies_in_force"].count == 7
        assert figures["policies_under_1000"].count == 4
        assert figures["customers_all"].count == 6

    def test_empty_book_has_no_share(self, manager):
        figures = _figures(resolve_scope(manager, "office"))

        assert figures["policies_under_1000"].total == 0
        assert figures["policies_under_1000"].share is None


class TestDrilldown:
    def test_premium_under_1000_lists_holders(self, supervisor, agent, hand_book):
        scope = resolve_scope(supervisor, f"agent-{agent.pk}")

        customers = customers_behind(
            user=supervisor, scope=scope, metric="policies_under_1000"
        )

        assert set(customers) == {hand_book["c1"], hand_book["c2"]}

    def test_single_policy_lists_customers(self, supervisor, agent, hand_book):
        scope = resolve_scope(supervisor, f"agent-{agent.pk}")

        customers = customers_behind(
            user=supervisor, scope=scope, metric="customers_single"
        )

        assert set(customers) == {hand_book["c2"], hand_book["c4"]}

    def test_riders_list_holders(self, supervisor, agent, hand_book):
        scope = resolve_scope(supervisor, f"agent-{agent.pk}")

        customers = customers_behind(user=supervisor, scope=scope, metric="rider_lines")

        assert list(customers) == [hand_book["c1"]]

    def test_lists_customers_in_pinyin_order(self, supervisor, agent):
        for name in ["严浩然", "于子涵", "何宇航"]:
            pinyin, initials = name_search_keys(name)
            factories.make_customer(
                agent, full_name=name, name_pinyin=pinyin, name_initials=initials
            )
        scope = resolve_scope(supervisor, f"agent-{agent.pk}")

        customers = customers_behind(
            user=supervisor, scope=scope, metric="customers_all"
        )

        assert [customer.full_name for customer in customers] == [
            "何宇航", "严浩然", "于子涵",
        ]

    def test_counts_match_figures(self, manager, hand_book):
        """Every drill-down of a customer figure lists exactly its count."""
        scope = resolve_scope(manager, "office")
        figures = _figures(scope)

        for key in (
            "customers_3_plus",
            "customers_single",
            "customers_receivable",
            "customers_paid_up",
            "grade_2",
            "grade_5",
        ):
            customers = customers_behind(user=manager, scope=scope, metric=key)
            assert customers.count() == figures[key].count, key


class TestScope:
    def test_supervisor_cannot_open_other_team(self, supervisor, other_team):
        with pytest.raises(Http404):
            resolve_scope(supervisor, f"team-{other_team.pk}")

    def test_supervisor_cannot_open_other_teams_agent(self, supervisor, outsider):
        with pytest.raises(Http404):
            resolve_scope(supervisor, f"agent-{outsider.pk}")

    def test_supervisor_cannot_open_office(self, supervisor):
        with pytest.raises(Http404):
            resolve_scope(supervisor, "office")

    def test_manager_cannot_open_other_office(self, manager, foreign_agent):
        with pytest.raises(Http404):
            resolve_scope(manager, f"agent-{foreign_agent.pk}")

    def test_agent_has_no_scope(self, agent):
        with pytest.raises(Http404):
            resolve_scope(agent, f"agent-{agent.pk}")
