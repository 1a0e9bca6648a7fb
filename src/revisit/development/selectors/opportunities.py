"""Reads of opportunities: the pipeline list and the reasons the weekly sheet uses."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.formats import date_format
from django.utils.translation import gettext

from revisit.accounts.models import User
from revisit.core.models import AuditEntry
from revisit.development.cover_groups import cover_noun
from revisit.development.models import Opportunity, OpportunityKind, OpportunityStage
from revisit.development.models.opportunities import OPEN_STAGES
from revisit.development.selectors.scope import visible_opportunities


@dataclass(frozen=True)
class OpportunityFilters:
    stage: str = ""
    kind: str = ""
    agent_id: int | None = None
    open_only: bool = False


def opportunity_list_for(
    user: User, filters: OpportunityFilters | None = None
) -> QuerySet[Opportunity]:
    filters = filters or OpportunityFilters()
    opportunities = visible_opportunities(user).select_related(
        "customer", "subject", "agent", "product"
    )
    if filters.stage:
        opportunities = opportunities.filter(stage=filters.stage)
    elif filters.open_only:
        opportunities = opportunities.filter(stage__in=OPEN_STAGES)
    if filters.kind:
        opportunities = opportunities.filter(kind=filters.kind)
    if filters.agent_id is not None:
        opportunities = opportunities.filter(customer__agent_id=filters.agent_id)
    return opportunities.order_by("-stage_changed_at", "-pk")


@dataclass(frozen=True)
class StageCount:
    stage: str
    label: str
    count: int
    expected_premium: Decimal


def pipeline_counts_for(user: User, *, agent_id: int | None = None) -> list[StageCount]:
    """Return how many opportunities stand at each stage, with expected premium."""
    opportunities = visible_opportunities(user)
    if agent_id is not None:
        opportunities = opportunities.filter(customer__agent_id=agent_id)
    rows = opportunities.values("stage").annotate(
        count=Count("pk"), premium=Sum("expected_premium")
    )
    by_stage = {row["stage"]: row for row in rows}
    counts = []
    for stage, label in OpportunityStage.choices:
        row = by_stage.get(stage, {})
        counts.append(
            StageCount(
                stage=stage,
                label=str(label),
                count=row.get("count", 0),
                expected_premium=row.get("premium") or Decimal("0"),
            )
        )
    return counts


def open_opportunities_of(customer_id: int) -> QuerySet[Opportunity]:
    return (
        Opportunity.objects.filter(customer_id=customer_id, stage__in=OPEN_STAGES)
        .select_related("subject", "product")
        .order_by("-stage_changed_at", "-pk")
    )


def opportunity_gap_keys(office_id: int, keys: Iterable[str]) -> dict[str, Opportunity]:
    """Return the opportunities already generated for these gap keys."""
    found = Opportunity.objects.filter(office_id=office_id, gap_key__in=list(keys))
    return {opportunity.gap_key: opportunity for opportunity in found}


# --- Reasons for the weekly sheet ---------------------------------------------


@dataclass(frozen=True)
class OpportunityReason:
    """A reason an open opportunity makes a customer worth a visit this week.

    `reason` and `entry_point` are sentences in the active language, ready
    for the weekly sheet's reasons and entry point (切入点).
    """

    customer_id: int
    opportunity_id: int
    kind: str
    stage: str
    reason: str
    entry_point: str
    expected_premium: Decimal | None


def entry_point_for(opportunity: Opportunity) -> str:
    """Return the suggested opening for a visit about this opportunity."""
    if opportunity.stage == OpportunityStage.PROPOSAL:
        changed = opportunity.stage_changed_at
        if changed is not None:
            return gettext("Follow up the proposal given on %(date)s") % {
                "date": date_format(changed, "MONTH_DAY_FORMAT")
            }
        return gettext("Follow up the proposal")
    kind = opportunity.kind
    if kind == OpportunityKind.RAISE_COVER:
        return gettext("Review the sum assured against today's income")
    if kind == OpportunityKind.ADD_CATEGORY and opportunity.cover_group:
        return gettext("Show what %(cover)s cover would add") % {
            "cover": cover_noun(opportunity.cover_group)
        }
    if kind == OpportunityKind.ADD_CATEGORY:
        return gettext("Show the cover the family is missing")
    if kind == OpportunityKind.NEWER_PRODUCT and opportunity.product_id:
        return gettext("Introduce %(product)s") % {"product": opportunity.product.name}
    if kind == OpportunityKind.NEWER_PRODUCT:
        return gettext("Introduce the newer product")
    if kind == OpportunityKind.COVER_SPOUSE:
        return gettext("Offer cover for the spouse")
    if kind == OpportunityKind.COVER_CHILDREN:
        return gettext("Offer cover for the children")
    if kind == OpportunityKind.COVER_PARENTS:
        return gettext("Offer cover for the parents")
    return gettext("Ask who else would like their cover reviewed")


def _reason_for(opportunity: Opportunity) -> str:
    if opportunity.stage == OpportunityStage.PROPOSAL:
        return gettext("A proposal is waiting for an answer: %(summary)s") % {
            "summary": opportunity.summary
        }
    return opportunity.summary


def opportunity_reasons_for(
    customer_ids: Iterable[int],
) -> dict[int, list[OpportunityReason]]:
    """Return the open opportunities of these customers as ranking reasons.

    For the weekly sheet's scorer: one `OpportunityReason` per open
    opportunity (identified, contacted or proposal given), proposals first,
    then the most recently moved. Customers without one are absent from the
    result. The caller has already checked scope; this runs one query
    whatever the number of customers.
    """
    ids = list(customer_ids)
    opportunities = (
        Opportunity.objects.filter(customer_id__in=ids, stage__in=OPEN_STAGES)
        .select_related("product")
        .order_by("customer_id", "-stage_changed_at", "-pk")
    )
    reasons: dict[int, list[OpportunityReason]] = defaultdict(list)
    for opportunity in opportunities:
        reasons[opportunity.customer_id].append(
            OpportunityReason(
                customer_id=opportunity.customer_id,
                opportunity_id=opportunity.pk,
                kind=opportunity.kind,
                stage=opportunity.stage,
                reason=_reason_for(opportunity),
                entry_point=entry_point_for(opportunity),
                expected_premium=opportunity.expected_premium,
            )
        )
    for items in reasons.values():
        items.sort(key=lambda item: item.stage != OpportunityStage.PROPOSAL)
    return dict(reasons)


def opportunity_totals_by_agent(user: User) -> list[dict]:
    """Return per visible agent: open, signed and lost counts and premiums."""
    rows = (
        visible_opportunities(user)
        .values(
            "customer__agent_id",
            "customer__agent__full_name",
            "customer__agent__username",
        )
        .annotate(
            open=Count("pk", filter=Q(stage__in=OPEN_STAGES)),
            signed=Count("pk", filter=Q(stage=OpportunityStage.SIGNED)),
            lost=Count("pk", filter=Q(stage=OpportunityStage.LOST)),
            signed_premium=Sum(
                "expected_premium", filter=Q(stage=OpportunityStage.SIGNED)
            ),
        )
        .order_by("customer__agent__username")
    )
    return list(rows)


@dataclass(frozen=True)
class StageChange:
    at: dt.datetime
    actor_name: str
    from_label: str
    to_label: str


def opportunity_history(opportunity: Opportunity) -> list[StageChange]:
    """Return the opportunity's stage moves from the audit log, oldest first."""
    entries = (
        AuditEntry.objects.filter(
            action="development.opportunity.moved",
            target_type=Opportunity._meta.label_lower,
            target_id=str(opportunity.pk),
        )
        .select_related("actor")
        .order_by("created_at", "id")
    )
    labels = dict(OpportunityStage.choices)
    return [
        StageChange(
            at=entry.created_at,
            actor_name=entry.actor.display_name if entry.actor else "",
            from_label=str(labels.get(entry.data.get("from"), "")),
            to_label=str(labels.get(entry.data.get("to"), "")),
        )
        for entry in entries
    ]
