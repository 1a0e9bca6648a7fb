"""Referral chains: who referred whom, who became a customer, and the premium."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from revisit.accounts.models import User
from revisit.book.models import Customer
from revisit.development.models import Prospect, ProspectStatus
from revisit.development.selectors.scope import visible_prospects

# Deeper chains are rare; the limit keeps a bad cycle of data from looping.
MAX_CHAIN_DEPTH = 8


def prospect_list_for(
    user: User, *, status: str = "", agent_id: int | None = None
) -> QuerySet[Prospect]:
    prospects = visible_prospects(user).select_related(
        "referred_by", "customer", "agent"
    )
    if status:
        prospects = prospects.filter(status=status)
    if agent_id is not None:
        prospects = prospects.filter(agent_id=agent_id)
    return prospects.order_by("-created_at", "-pk")


@dataclass
class ReferralNode:
    prospect: Prospect
    premium: Decimal  # annual premium of the customer they became, else 0
    children: list["ReferralNode"] = field(default_factory=list)


def referral_tree_for(user: User, customer: Customer) -> list[ReferralNode]:
    """Return the people `customer` referred, and whom those referred in turn.

    A referral who became a customer continues the chain through the
    people that customer referred. Only prospects in the user's scope are
    shown. Runs one query per level of the chain.
    """
    prospects = visible_prospects(user).select_related("customer")
    seen_customers = {customer.pk}
    roots: list[ReferralNode] = []
    level: dict[int, list[ReferralNode]] = {customer.pk: roots}
    for _depth in range(MAX_CHAIN_DEPTH):
        if not level:
            break
        next_level: dict[int, list[ReferralNode]] = {}
        for prospect in prospects.filter(referred_by_id__in=level).order_by(
            "created_at", "pk"
        ):
            became = prospect.customer
            node = ReferralNode(
                prospect=prospect,
                premium=became.annual_premium if became is not None else Decimal("0"),
            )
            level[prospect.referred_by_id].append(node)
            if became is not None and became.pk not in seen_customers:
                seen_customers.add(became.pk)
                next_level[became.pk] = node.children
        level = next_level
    return roots


def chain_totals(nodes: list[ReferralNode]) -> tuple[int, int, Decimal]:
    """Return (people referred, became customers, premium) over a whole tree."""
    referred, became, premium = 0, 0, Decimal("0")
    stack = list(nodes)
    while stack:
        node = stack.pop()
        referred += 1
        if node.prospect.customer_id is not None:
            became += 1
            premium += node.premium
        stack.extend(node.children)
    return referred, became, premium


@dataclass(frozen=True)
class ReferrerRow:
    customer: Customer
    referred: int
    became_customers: int
    premium: Decimal


def referrers_for(user: User, *, agent_id: int | None = None) -> list[ReferrerRow]:
    """Return the customers who referred someone, most referrals first."""
    prospects = visible_prospects(user).filter(referred_by__isnull=False)
    if agent_id is not None:
        prospects = prospects.filter(agent_id=agent_id)
    rows = prospects.values("referred_by_id").annotate(
        referred=Count("pk"),
        became=Count("pk", filter=Q(customer__isnull=False)),
        premium=Sum("customer__annual_premium"),
    )
    customers = Customer.objects.in_bulk([row["referred_by_id"] for row in rows])
    result = [
        ReferrerRow(
            customer=customers[row["referred_by_id"]],
            referred=row["referred"],
            became_customers=row["became"],
            premium=row["premium"] or Decimal("0"),
        )
        for row in rows
    ]
    return sorted(result, key=lambda r: (-r.referred, -r.premium, r.customer.pk))


@dataclass(frozen=True)
class AgentReferrals:
    agent: User
    prospects: int
    referred: int
    became_customers: int
    premium: Decimal


def referral_totals_by_agent(user: User) -> list[AgentReferrals]:
    """Return per visible agent: prospects, referred ones, conversions, premium."""
    rows = (
        visible_prospects(user)
        .values("agent_id")
        .annotate(
            prospects=Count("pk"),
            referred=Count("pk", filter=Q(referred_by__isnull=False)),
            became=Count("pk", filter=Q(status=ProspectStatus.CUSTOMER)),
            premium=Sum("customer__annual_premium"),
        )
    )
    agents = User.objects.in_bulk([row["agent_id"] for row in rows])
    return sorted(
        (
            AgentReferrals(
                agent=agents[row["agent_id"]],
                prospects=row["prospects"],
                referred=row["referred"],
                became_customers=row["became"],
                premium=row["premium"] or Decimal("0"),
            )
            for row in rows
        ),
        key=lambda item: item.agent.username,
    )
