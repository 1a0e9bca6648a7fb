import pytest
from django.urls import reverse

from revisit.book.models import Customer, Policy
from revisit.book.naming import name_search_keys
from revisit.coaching.models import Reassignment
from tests import factories


@pytest.fixture
def customer(agent):
    customer = factories.make_customer(agent)
    factories.make_policy(customer)
    return customer


def _login(client, user):
    client.force_login(user)
    return client


GET_PAGES = [
    ("coaching:index", []),
    ("coaching:agent_list", []),
    ("coaching:orphan_policies", []),
    ("coaching:history", []),
]


class TestAccess:
    @pytest.mark.parametrize(("name", "args"), GET_PAGES)
    def test_anonymous_is_sent_to_login(self, client, name, args):
        response = client.get(reverse(name, args=args))

        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]

    @pytest.mark.parametrize(("name", "args"), GET_PAGES)
    def test_agent_is_forbidden(self, client, agent, name, args):
        response = _login(client, agent).get(reverse(name, args=args))

        assert response.status_code == 403

    @pytest.mark.parametrize(("name", "args"), GET_PAGES)
    def test_supervisor_sees_page(self, client, supervisor, agent, name, args):
        response = _login(client, supervisor).get(reverse(name, args=args))

        assert response.status_code == 200

    def test_agent_customers_of_other_team_is_404(self, client, supervisor, outsider):
        url = reverse("coaching:agent_customers", args=[outsider.pk])

        response = _login(client, supervisor).get(url)

        assert response.status_code == 404

    def test_agent_customers_of_other_office_is_404(
        self, client, manager, foreign_agent
    ):
        url = reverse("coaching:agent_customers", args=[foreign_agent.pk])

        response = _login(client, manager).get(url)

        assert response.status_code == 404

    def test_customer_of_other_team_is_404(self, client, supervisor, outsider):
        customer = factories.make_customer(outsider)
        url = reverse("coaching:customer_reassign", args=[customer.pk])

        response = _login(client, supervisor).get(url)

        assert response.status_code == 404

    def test_history_of_other_teams_customer_is_404(self, client, supervisor, outsider):
        customer = factories.make_customer(outsider)

        response = _login(client, supervisor).get(
            reverse("coaching:history"), {"customer": customer.pk}
        )

        assert response.status_code == 404

    def test_orphans_of_other_teams_agent_is_404(self, client, supervisor, outsider):
        response = _login(client, supervisor).get(
            reverse("coaching:orphan_policies"), {"agent": outsider.pk}
        )

        assert response.status_code == 404

    def test_move_rejects_get(self, client, supervisor, agent):
        url = reverse("coaching:agent_customers_move", args=[agent.pk])

        response = _login(client, supervisor).get(url)

        assert response.status_code == 405

    def test_policy_move_rejects_get(self, client, supervisor, agent):
        url = reverse("coaching:agent_policies_move", args=[agent.pk])

        response = _login(client, supervisor).get(url)

        assert response.status_code == 405

    def test_agent_cannot_move(self, client, agent, teammate, customer):
        url = reverse("coaching:agent_customers_move", args=[agent.pk])

        response = _login(client, agent).post(
            url, {"selected": [customer.pk], "to_agent": teammate.pk}
        )

        assert response.status_code == 403
        customer.refresh_from_db()
        assert customer.agent_id == agent.pk

    def test_move_from_other_teams_agent_is_404(
        self, client, supervisor, outsider, agent
    ):
        customer = factories.make_customer(outsider)
        url = reverse("coaching:agent_customers_move", args=[outsider.pk])

        response = _login(client, supervisor).post(
            url, {"selected": [customer.pk], "to_agent": agent.pk}
        )

        assert response.status_code == 404
        customer.refresh_from_db()
        assert customer.agent_id == outsider.pk


class TestCustomerList:
    def test_lists_agents_customers(self, client, supervisor, agent, customer):
        url = reverse("coaching:agent_customers", args=[agent.pk])

        response = _login(client, supervisor).get(url)

        assert customer.full_name in response.content.decode()

    def test_lists_in_pinyin_order(self, client, supervisor, agent):
        for name in ["严浩然", "于子涵", "何宇航"]:
            pinyin, initials = name_search_keys(name)
            factories.make_customer(
                agent, full_name=name, name_pinyin=pinyin, name_initials=initials
            )
        url = reverse("coaching:agent_customers", args=[agent.pk])

        response = _login(client, supervisor).get(url)

        names = [customer.full_name for customer in response.context["page"]]
        assert names == ["何宇航", "严浩然", "于子涵"]

    def test_masks_phone(self, client, supervisor, agent, customer):
        url = reverse("coaching:agent_customers", args=[agent.pk])

        response = _login(client, supervisor).get(url)

        assert customer.phone not in response.content.decode()

    def test_search_by_phone_tail(self, client, supervisor, agent, customer):
        other = factories.make_customer(agent)
        url = reverse("coaching:agent_customers", args=[agent.pk])

        response = _login(client, supervisor).get(url, {"q": customer.phone[-4:]})

        page = response.context["page"]
        assert list(page) == [customer]
        assert other not in page

    def test_target_list_leaves_out_other_team(
        self, client, supervisor, agent, outsider
    ):
        url = reverse("coaching:agent_customers", args=[agent.pk])

        response = _login(client, supervisor).get(url)

        choices = response.context["form"].fields["to_agent"].queryset
        assert outsider not in choices
        assert agent not in choices


class TestMove:
    def test_bulk_move_redirects_with_message(
        self, client, supervisor, agent, teammate
    ):
        first, second = factories.make_customer(agent), factories.make_customer(agent)
        url = reverse("coaching:agent_customers_move", args=[agent.pk])

        response = _login(client, supervisor).post(
            url,
            {"selected": [first.pk, second.pk], "to_agent": teammate.pk},
            follow=True,
        )

        assert Customer.objects.filter(agent=teammate).count() == 2
        messages = [str(message) for message in response.context["messages"]]
        assert any(teammate.display_name in message for message in messages)

    def test_move_to_other_team_is_refused(
        self, client, supervisor, agent, outsider, customer
    ):
        url = reverse("coaching:agent_customers_move", args=[agent.pk])

        _login(client, supervisor).post(
            url, {"selected": [customer.pk], "to_agent": outsider.pk}
        )

        customer.refresh_from_db()
        assert customer.agent_id == agent.pk

    def test_move_without_selection_is_refused(
        self, client, supervisor, agent, teammate
    ):
        url = reverse("coaching:agent_customers_move", args=[agent.pk])

        response = _login(client, supervisor).post(
            url, {"to_agent": teammate.pk}, follow=True
        )

        assert Reassignment.objects.count() == 0
        assert len(list(response.context["messages"])) == 1

    def test_back_to_other_site_is_ignored(
        self, client, supervisor, agent, teammate, customer
    ):
        url = reverse("coaching:agent_customers_move", args=[agent.pk])

        response = _login(client, supervisor).post(
            url,
            {
                "selected": [customer.pk],
                "to_agent": teammate.pk,
                "back": "https://example.com/",
            },
        )

        assert response["Location"] == reverse(
            "coaching:agent_customers", args=[agent.pk]
        )

    def test_history_shows_move(self, client, supervisor, agent, teammate, customer):
        _login(client, supervisor).post(
            reverse("coaching:agent_customers_move", args=[agent.pk]),
            {"selected": [customer.pk], "to_agent": teammate.pk, "reason": "调岗"},
        )

        response = client.get(reverse("coaching:history"), {"customer": customer.pk})

        body = response.content.decode()
        assert customer.full_name in body
        assert "调岗" in body
        assert supervisor.display_name in body

    def test_other_supervisor_does_not_see_move(
        self, client, supervisor, other_supervisor, agent, teammate, customer
    ):
        _login(client, supervisor).post(
            reverse("coaching:agent_customers_move", args=[agent.pk]),
            {"selected": [customer.pk], "to_agent": teammate.pk},
        )

        response = _login(client, other_supervisor).get(reverse("coaching:history"))

        assert list(response.context["page"]) == []


class TestOrphans:
    def test_lists_policies_of_departed_agent(self, client, manager, agent, customer):
        agent.is_active = False
        agent.save(update_fields=["is_active"])

        response = _login(client, manager).get(reverse("coaching:orphan_policies"))

        assert [policy.holder_id for policy in response.context["page"]] == [
            customer.pk
        ]

    def test_moves_orphan_policy(self, client, supervisor, agent, teammate, customer):
        policy = customer.held_policies.get()
        Policy.objects.filter(pk=policy.pk).update(is_orphan=True)

        _login(client, supervisor).post(
            reverse("coaching:agent_policies_move", args=[agent.pk]),
            {"selected": [policy.pk], "to_agent": teammate.pk},
        )

        policy.refresh_from_db()
        assert policy.agent_id == teammate.pk


class TestMarkLeft:
    def test_supervisor_is_forbidden(self, client, supervisor, agent):
        response = _login(client, supervisor).get(
            reverse("coaching:agent_leave", args=[agent.pk])
        )

        assert response.status_code == 403

    def test_manager_of_other_office_gets_404(self, client, manager, foreign_agent):
        response = _login(client, manager).get(
            reverse("coaching:agent_leave", args=[foreign_agent.pk])
        )

        assert response.status_code == 404

    def test_needs_confirmation(self, client, manager, agent, teammate, customer):
        response = _login(client, manager).post(
            reverse("coaching:agent_leave", args=[agent.pk]), {"to_agent": teammate.pk}
        )

        assert response.status_code == 200
        agent.refresh_from_db()
        assert agent.is_active is True

    def test_hands_book_over(self, client, manager, agent, teammate, customer):
        response = _login(client, manager).post(
            reverse("coaching:agent_leave", args=[agent.pk]),
            {"to_agent": teammate.pk, "confirm": "on", "reason": "离职"},
        )

        assert response["Location"] == reverse("coaching:history")
        customer.refresh_from_db()
        assert customer.agent_id == teammate.pk
        assert Policy.objects.filter(agent=teammate, is_orphan=True).count() == 1


class TestNav:
    def test_supervisor_sees_coaching_links(self, client, supervisor):
        response = _login(client, supervisor).get(reverse("coaching:index"))

        body = response.content.decode()
        assert f'href="{reverse("coaching:index")}"' in body
        assert f'href="{reverse("reports:team")}"' in body

    def test_agent_does_not_see_coaching_links(self, client, agent):
        response = _login(client, agent).get(reverse("book:customer_list"))

        body = response.content.decode()
        assert reverse("coaching:index") not in body
        assert reverse("reports:team") not in body


class TestPagesWithArguments:
    @pytest.fixture
    def urls(self, agent, customer):
        return [
            ("get", reverse("coaching:agent_customers", args=[agent.pk])),
            ("get", reverse("coaching:customer_reassign", args=[customer.pk])),
            ("get", reverse("coaching:agent_leave", args=[agent.pk])),
            ("post", reverse("coaching:agent_customers_move", args=[agent.pk])),
            ("post", reverse("coaching:agent_policies_move", args=[agent.pk])),
        ]

    def test_anonymous_is_sent_to_login(self, client, urls):
        for method, url in urls:
            response = getattr(client, method)(url)

            assert response.status_code == 302, url
            assert reverse("accounts:login") in response["Location"], url

    def test_agent_is_forbidden_on_own_data(self, client, agent, urls):
        _login(client, agent)

        for method, url in urls:
            assert getattr(client, method)(url).status_code == 403, url

    def test_other_team_supervisor_gets_404(self, client, other_supervisor, urls):
        _login(client, other_supervisor)

        for method, url in urls:
            if "leave" in url:
                continue  # supervisors get 403 there before any lookup
            assert getattr(client, method)(url).status_code == 404, url

    def test_leave_rejects_put(self, client, manager, agent):
        response = _login(client, manager).put(
            reverse("coaching:agent_leave", args=[agent.pk])
        )

        assert response.status_code == 405
