import pytest

from revisit.book.models import Customer, Policy
from revisit.coaching.models import Reassignment
from revisit.coaching.services.reassignment import (
    MANAGERS_ONLY,
    OUT_OF_SCOPE,
    SAME_AGENT,
    agent_mark_left,
    customers_reassign,
    policies_reassign,
)
from revisit.core.exceptions import DomainError
from revisit.core.models import AuditEntry
from tests import factories


@pytest.fixture
def book(agent):
    """Two customers of `agent`, the first holding two policies."""
    first = factories.make_customer(agent)
    second = factories.make_customer(agent)
    policies = [factories.make_policy(first), factories.make_policy(first)]
    factories.make_policy(second)
    return first, second, policies


class TestCustomersReassign:
    def test_moves_customer_and_held_policies(self, supervisor, agent, teammate, book):
        first, _second, policies = book

        result = customers_reassign(
            actor=supervisor,
            from_agent=agent,
            to_agent=teammate,
            customer_ids=[first.pk],
        )

        first.refresh_from_db()
        assert first.agent_id == teammate.pk
        assert set(
            Policy.objects.filter(holder=first).values_list("agent_id", flat=True)
        ) == {teammate.pk}
        assert (result.customers, result.policies, result.skipped) == (1, 2, 0)

    def test_leaves_unselected_customers(self, supervisor, agent, teammate, book):
        first, second, _policies = book

        customers_reassign(
            actor=supervisor,
            from_agent=agent,
            to_agent=teammate,
            customer_ids=[first.pk],
        )

        second.refresh_from_db()
        assert second.agent_id == agent.pk

    def test_writes_trail_and_audit_entry(self, supervisor, agent, teammate, book):
        first, _second, policies = book

        result = customers_reassign(
            actor=supervisor,
            from_agent=agent,
            to_agent=teammate,
            customer_ids=[first.pk],
            reason="调岗",
        )

        rows = Reassignment.objects.filter(batch=result.batch)
        assert rows.filter(kind="customer", customer=first).count() == 1
        assert rows.filter(kind="policy").count() == len(policies)
        assert set(rows.values_list("actor_id", "from_agent_id", "to_agent_id")) == {
            (supervisor.pk, agent.pk, teammate.pk)
        }
        entry = AuditEntry.objects.get(action="coaching.customers.reassigned")
        assert entry.actor_id == supervisor.pk
        assert entry.data["customers"] == 1
        assert entry.data["batch"] == str(result.batch)

    def test_skips_customer_already_moved(
        self, supervisor, manager, agent, teammate, book
    ):
        """A second move based on a stale list must not take the customer back."""
        first, _second, _policies = book
        customers_reassign(
            actor=manager, from_agent=agent, to_agent=teammate, customer_ids=[first.pk]
        )
        third = factories.make_agent(agent.team, code="A0003", username="agent3")

        result = customers_reassign(
            actor=supervisor, from_agent=agent, to_agent=third, customer_ids=[first.pk]
        )

        first.refresh_from_db()
        assert first.agent_id == teammate.pk
        assert (result.customers, result.skipped) == (0, 1)

    def test_does_not_mark_orphan_from_active_agent(
        self, supervisor, agent, teammate, book
    ):
        first, _second, _policies = book

        result = customers_reassign(
            actor=supervisor,
            from_agent=agent,
            to_agent=teammate,
            customer_ids=[first.pk],
        )

        assert result.orphaned == 0
        assert not Policy.objects.filter(holder=first, is_orphan=True).exists()

    def test_marks_orphan_when_old_agent_left(self, supervisor, agent, teammate, book):
        first, _second, _policies = book
        agent.is_active = False
        agent.save(update_fields=["is_active"])

        result = customers_reassign(
            actor=supervisor,
            from_agent=agent,
            to_agent=teammate,
            customer_ids=[first.pk],
        )

        assert result.orphaned == 2
        assert Policy.objects.filter(holder=first, is_orphan=True).count() == 2

    def test_rejects_agent_of_other_team(self, supervisor, agent, outsider, book):
        first, _second, _policies = book

        with pytest.raises(DomainError) as error:
            customers_reassign(
                actor=supervisor,
                from_agent=agent,
                to_agent=outsider,
                customer_ids=[first.pk],
            )

        assert error.value.message == OUT_OF_SCOPE
        first.refresh_from_db()
        assert first.agent_id == agent.pk

    def test_rejects_source_in_other_team(self, supervisor, outsider, agent):
        customer = factories.make_customer(outsider)

        with pytest.raises(DomainError) as error:
            customers_reassign(
                actor=supervisor,
                from_agent=outsider,
                to_agent=agent,
                customer_ids=[customer.pk],
            )

        assert error.value.code == "out_of_scope"

    def test_rejects_agent_actor(self, agent, teammate, book):
        first, _second, _policies = book

        with pytest.raises(DomainError) as error:
            customers_reassign(
                actor=agent,
                from_agent=agent,
                to_agent=teammate,
                customer_ids=[first.pk],
            )

        assert error.value.code == "not_allowed"

    def test_rejects_same_agent(self, supervisor, agent, book):
        first, _second, _policies = book

        with pytest.raises(DomainError) as error:
            customers_reassign(
                actor=supervisor,
                from_agent=agent,
                to_agent=agent,
                customer_ids=[first.pk],
            )

        assert error.value.message == SAME_AGENT

    def test_rejects_departed_target(self, supervisor, agent, teammate, book):
        first, _second, _policies = book
        teammate.is_active = False
        teammate.save(update_fields=["is_active"])

        with pytest.raises(DomainError) as error:
            customers_reassign(
                actor=supervisor,
                from_agent=agent,
                to_agent=teammate,
                customer_ids=[first.pk],
            )

        assert error.value.code == "target_left"

    def test_manager_moves_across_teams(self, manager, agent, outsider, book):
        first, _second, _policies = book

        customers_reassign(
            actor=manager, from_agent=agent, to_agent=outsider, customer_ids=[first.pk]
        )

        first.refresh_from_db()
        assert first.agent_id == outsider.pk

    def test_manager_cannot_reach_other_office(
        self, manager, agent, foreign_agent, book
    ):
        first, _second, _policies = book

        with pytest.raises(DomainError) as error:
            customers_reassign(
                actor=manager,
                from_agent=agent,
                to_agent=foreign_agent,
                customer_ids=[first.pk],
            )

        assert error.value.code == "out_of_scope"


class TestPoliciesReassign:
    def test_moves_policy_but_not_holder(self, supervisor, agent, teammate, book):
        first, _second, policies = book

        result = policies_reassign(
            actor=supervisor,
            from_agent=agent,
            to_agent=teammate,
            policy_ids=[policies[0].pk],
        )

        policies[0].refresh_from_db()
        policies[1].refresh_from_db()
        first.refresh_from_db()
        assert policies[0].agent_id == teammate.pk
        assert policies[1].agent_id == agent.pk
        assert first.agent_id == agent.pk
        assert result.policies == 1

    def test_records_policy_with_its_holder(self, supervisor, agent, teammate, book):
        first, _second, policies = book

        result = policies_reassign(
            actor=supervisor,
            from_agent=agent,
            to_agent=teammate,
            policy_ids=[policies[0].pk],
        )

        row = Reassignment.objects.get(batch=result.batch)
        assert (row.kind, row.policy_id, row.customer_id) == (
            "policy",
            policies[0].pk,
            first.pk,
        )

    def test_keeps_orphan_mark_on_next_move(self, supervisor, agent, teammate, book):
        _first, _second, policies = book
        Policy.objects.filter(pk=policies[0].pk).update(is_orphan=True)

        result = policies_reassign(
            actor=supervisor,
            from_agent=agent,
            to_agent=teammate,
            policy_ids=[policies[0].pk],
        )

        policies[0].refresh_from_db()
        assert policies[0].is_orphan is True
        assert result.orphaned == 0


class TestAgentMarkLeft:
    def test_moves_whole_book_as_orphans(self, manager, agent, teammate, book):
        first, second, _policies = book

        result = agent_mark_left(actor=manager, agent=agent, to_agent=teammate)

        assert Customer.objects.filter(agent=agent).count() == 0
        assert Customer.objects.filter(agent=teammate).count() == 2
        assert Policy.objects.filter(agent=teammate, is_orphan=True).count() == 3
        assert (result.customers, result.policies, result.orphaned) == (2, 3, 3)

    def test_disables_sign_in(self, manager, agent, teammate, book):
        agent_mark_left(actor=manager, agent=agent, to_agent=teammate)

        agent.refresh_from_db()
        assert agent.is_active is False

    def test_moves_policies_held_by_others_customers(
        self, manager, agent, teammate, outsider
    ):
        """A policy the departed agent serviced for another agent's customer."""
        customer = factories.make_customer(outsider)
        policy = factories.make_policy(customer)
        Policy.objects.filter(pk=policy.pk).update(agent=agent)

        agent_mark_left(actor=manager, agent=agent, to_agent=teammate)

        policy.refresh_from_db()
        customer.refresh_from_db()
        assert (policy.agent_id, policy.is_orphan) == (teammate.pk, True)
        assert customer.agent_id == outsider.pk

    def test_writes_audit_entry(self, manager, agent, teammate, book):
        agent_mark_left(actor=manager, agent=agent, to_agent=teammate)

        entry = AuditEntry.objects.get(action="coaching.agent.marked_left")
        assert entry.target_id == str(agent.pk)
        assert entry.data["to_agent"] == teammate.pk

    def test_supervisor_cannot_mark_left(self, supervisor, agent, teammate, book):
        with pytest.raises(DomainError) as error:
            agent_mark_left(actor=supervisor, agent=agent, to_agent=teammate)

        assert error.value.message == MANAGERS_ONLY
        agent.refresh_from_db()
        assert agent.is_active is True

    def test_second_call_is_rejected(self, manager, agent, teammate, book):
        agent_mark_left(actor=manager, agent=agent, to_agent=teammate)

        with pytest.raises(DomainError) as error:
            agent_mark_left(actor=manager, agent=agent, to_agent=teammate)

        assert error.value.code == "already_left"

    def test_stale_agent_object_is_rejected(self, manager, agent, teammate, book):
        """Two managers press the button at once: the second one moves nothing."""
        stale = type(agent).objects.get(pk=agent.pk)
        agent_mark_left(actor=manager, agent=agent, to_agent=teammate)
        third = factories.make_agent(agent.team, code="A0003", username="agent3")

        with pytest.raises(DomainError) as error:
            agent_mark_left(actor=manager, agent=stale, to_agent=third)

        assert error.value.code == "already_left"
        assert Customer.objects.filter(agent=third).count() == 0
