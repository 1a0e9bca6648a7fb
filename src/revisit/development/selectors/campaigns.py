"""Reads for campaigns: candidate customers by filter, targets and results."""

import datetime as dt
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from revisit.accounts.models import User
from revisit.book.models import Customer
from revisit.development.cover_groups import CATEGORIES_OF_GROUP
from revisit.development.models import Campaign, CampaignTarget, TargetStatus
from revisit.development.models.campaigns import FUNNEL
from revisit.development.selectors.scope import visible_campaigns, visible_customers

# Targets added to one campaign at most; larger lists are a filter mistake.
MAX_TARGETS = 2000


@dataclass(frozen=True)
class TargetFilters:
    """Filters choosing a campaign's customers; empty values filter nothing."""

    grade: int | None = None
    payment_group: str = ""
    missing_group: str = ""
    min_age: int | None = None
    max_age: int | None = None
    agent_id: int | None = None

    def as_dict(self) -> dict:
        return {
            key: value for key, value in asdict(self).items() if value not in (None, "")
        }


def _holds_category(category: str) -> Q:
    # Customer.categories is a sorted comma-separated list such as
    # "accident,life"; match whole items so "life" never matches a longer name.
    return (
        Q(categories=category)
        | Q(categories__startswith=f"{category},")
        | Q(categories__endswith=f",{category}")
        | Q(categories__contains=f",{category},")
    )


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year - years, day=28)


def campaign_candidates(
    user: User, filters: TargetFilters, *, today: dt.date | None = None
) -> QuerySet[Customer]:
    """Return the customers in the user's scope that match `filters`."""
    today = today or timezone.localdate()
    customers = visible_customers(user).select_related("agent")
    if filters.agent_id is not None:
        customers = customers.filter(agent_id=filters.agent_id)
    if filters.grade is not None:
        customers = customers.filter(grade=filters.grade)
    if filters.payment_group:
        customers = customers.filter(payment_group=filters.payment_group)
    if filters.missing_group:
        for category in CATEGORIES_OF_GROUP.get(filters.missing_group, ()):
            customers = customers.exclude(_holds_category(category))
    if filters.min_age is not None:
        customers = customers.filter(
            birth_date__lte=_years_before(today, filters.min_age)
        )
    if filters.max_age is not None:
        youngest_birth = _years_before(today, filters.max_age + 1)
        customers = customers.filter(birth_date__gt=youngest_birth)
    return customers.order_by("agent_id", "name_pinyin", "pk")


def campaign_list_for(user: User) -> QuerySet[Campaign]:
    return (
        visible_campaigns(user)
        .select_related("created_by", "product")
        .annotate(target_count=Count("targets"))
        .order_by("-created_at", "-pk")
    )


def campaign_targets_for(user: User, campaign: Campaign) -> QuerySet[CampaignTarget]:
    """Return the campaign's targets whose customers the user may see."""
    return (
        CampaignTarget.objects.filter(
            campaign=campaign, customer__in=visible_customers(user)
        )
        .select_related("customer", "agent")
        .order_by("agent__username", "customer__name_pinyin", "pk")
    )


def _at_least(status: str) -> list[str]:
    return FUNNEL[FUNNEL.index(status) :]


@dataclass(frozen=True)
class CampaignResult:
    agent: User | None  # None for the total row
    targets: int
    reached: int
    replied: int
    attended: int
    proposals: int
    signed: int
    signed_premium: Decimal


def campaign_results_for(user: User, campaign: Campaign) -> list[CampaignResult]:
    """Return results per agent in the user's scope, then a total row.

    Reached counts targets invited or further, and those who declined.
    Each later count includes the targets that went further still: a
    target who attended has also replied.
    """
    targets = campaign_targets_for(user, campaign).order_by()
    rows = targets.values("agent_id").annotate(
        targets=Count("pk"),
        reached=Count("pk", filter=~Q(status=TargetStatus.PLANNED)),
        replied=Count("pk", filter=Q(status__in=_at_least(TargetStatus.REPLIED))),
        attended=Count("pk", filter=Q(status__in=_at_least(TargetStatus.ATTENDED))),
        proposals=Count("pk", filter=Q(status__in=_at_least(TargetStatus.PROPOSAL))),
        signed=Count("pk", filter=Q(status=TargetStatus.SIGNED)),
        signed_premium=Sum("signed_premium", filter=Q(status=TargetStatus.SIGNED)),
    )
    agents = User.objects.in_bulk([row["agent_id"] for row in rows])
    results = [
        CampaignResult(
            agent=agents[row["agent_id"]],
            targets=row["targets"],
            reached=row["reached"],
            replied=row["replied"],
            attended=row["attended"],
            proposals=row["proposals"],
            signed=row["signed"],
            signed_premium=row["signed_premium"] or Decimal("0"),
        )
        for row in rows
    ]
    results.sort(key=lambda result: result.agent.username)
    total = CampaignResult(
        agent=None,
        targets=sum(r.targets for r in results),
        reached=sum(r.reached for r in results),
        replied=sum(r.replied for r in results),
        attended=sum(r.attended for r in results),
        proposals=sum(r.proposals for r in results),
        signed=sum(r.signed for r in results),
        signed_premium=sum((r.signed_premium for r in results), Decimal("0")),
    )
    return [*results, total]
