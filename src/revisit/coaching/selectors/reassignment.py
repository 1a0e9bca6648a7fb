"""Reads for the reassignment screens; every function takes the viewing user."""

from django.db.models import Q, QuerySet
from django.http import Http404

from revisit.accounts.models import User
from revisit.accounts.selectors import agents_visible_to
from revisit.book.models import CUSTOMER_NAME_ORDER, Customer, Policy, PolicyStatus
from revisit.coaching.access import is_coach
from revisit.coaching.models import Reassignment


def _visible_agent_ids(user: User) -> QuerySet:
    if not is_coach(user):
        return User.objects.none().values("pk")
    return agents_visible_to(user).values("pk")


def customers_for_reassignment(
    *, user: User, agent: User, query: str = ""
) -> QuerySet[Customer]:
    """Return `agent`'s customers for the reassignment list, in pinyin order.

    `agent` must already be checked against `user`'s scope (get_agent_for).
    `query` matches the name, its pinyin or initials, or the phone tail.
    """
    customers = Customer.objects.filter(
        agent_id=agent.pk, agent_id__in=_visible_agent_ids(user)
    )
    query = query.strip()
    if query.isdigit():
        customers = customers.filter(phone__endswith=query)
    elif query.isascii() and query.isalpha():
        key = query.lower()
        customers = customers.filter(
            Q(name_pinyin__startswith=key) | Q(name_initials__startswith=key)
        )
    elif query:
        customers = customers.filter(full_name__contains=query)
    return customers.order_by(*CUSTOMER_NAME_ORDER)


def orphan_policies_for(*, user: User, agent: User | None = None) -> QuerySet[Policy]:
    """Return orphan policies in `user`'s scope, and policies of agents who left.

    A policy still serviced by a departed agent has no one looking after it
    even before anyone has flagged it, so it is listed with the orphans.
    """
    policies = (
        Policy.objects.filter(agent_id__in=_visible_agent_ids(user))
        .filter(Q(is_orphan=True) | Q(agent__is_active=False))
        .exclude(status__in=[PolicyStatus.SURRENDERED, PolicyStatus.TERMINATED])
        .select_related("agent", "holder", "holder__agent")
    )
    if agent is not None:
        policies = policies.filter(agent_id=agent.pk)
    return policies.order_by("agent__agent_code", "policy_number")


def get_customer_for(user: User, customer_id: int) -> Customer:
    """Return the customer if `user` coaches its agent, else raise Http404."""
    customer = (
        Customer.objects.filter(pk=customer_id, agent_id__in=_visible_agent_ids(user))
        .select_related("agent")
        .first()
    )
    if customer is None:
        raise Http404("No such customer in your scope.")
    return customer


def reassignments_for(
    *,
    user: User,
    agent: User | None = None,
    customer: Customer | None = None,
) -> QuerySet[Reassignment]:
    """Return the reassignment trail `user` may read, newest first.

    A supervisor sees every move into or out of their team, including moves
    an office manager made to or from another team.
    """
    visible = _visible_agent_ids(user)
    entries = Reassignment.objects.filter(
        Q(from_agent_id__in=visible) | Q(to_agent_id__in=visible)
    ).select_related("actor", "from_agent", "to_agent", "customer", "policy")
    if agent is not None:
        entries = entries.filter(Q(from_agent_id=agent.pk) | Q(to_agent_id=agent.pk))
    if customer is not None:
        entries = entries.filter(customer_id=customer.pk)
    return entries.order_by("-created_at", "-pk")
