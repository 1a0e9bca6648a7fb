"""Writes for campaigns: create with a target list, add targets, record replies."""

import logging
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from revisit.book.models import Customer, Product
from revisit.core.audit import audit_log
from revisit.core.exceptions import DomainError
from revisit.development.models import Campaign, CampaignTarget, TargetStatus

logger = logging.getLogger(__name__)

TOO_MANY_TARGETS = _(
    "The filters match %(count)s customers, more than the %(limit)s a campaign "
    "can hold. Narrow them down, for example by grade or agent."
)
SIGNED_NEEDS_PREMIUM = _("Enter the signed premium in yuan.")


def campaign_targets_add(
    *, campaign: Campaign, customers: list[Customer], limit: int
) -> int:
    """Add customers not yet targeted; return how many were added."""
    present = set(campaign.targets.values_list("customer_id", flat=True))
    new = [customer for customer in customers if customer.pk not in present]
    if len(present) + len(new) > limit:
        raise DomainError(
            TOO_MANY_TARGETS,
            code="too_many_targets",
            params={"count": len(present) + len(new), "limit": limit},
        )
    CampaignTarget.objects.bulk_create(
        [
            CampaignTarget(
                campaign=campaign, customer=customer, agent_id=customer.agent_id
            )
            for customer in new
        ],
        batch_size=500,
        ignore_conflicts=True,
    )
    return len(new)


def campaign_create(
    *,
    actor,
    name: str,
    kind: str,
    customers: list[Customer],
    limit: int,
    event_date=None,
    product: Product | None = None,
    notes: str = "",
    filters: dict | None = None,
) -> Campaign:
    """Create a campaign aimed at `customers`, each starting as not invited."""
    with transaction.atomic():
        campaign = Campaign.objects.create(
            office_id=actor.office_id,
            created_by=actor,
            name=name,
            kind=kind,
            event_date=event_date,
            product=product,
            notes=notes,
            filters=filters or {},
        )
        added = campaign_targets_add(
            campaign=campaign, customers=customers, limit=limit
        )
        audit_log(
            actor=actor,
            action="development.campaign.created",
            target=campaign,
            data={"kind": kind, "targets": added, "filters": filters or {}},
        )
    logger.info("campaign created campaign=%s targets=%s", campaign.pk, added)
    return campaign


def campaign_target_update(
    *,
    actor,
    target: CampaignTarget,
    status: str,
    signed_premium: Decimal | None = None,
    note: str = "",
) -> CampaignTarget:
    if status == TargetStatus.SIGNED and signed_premium is None:
        raise DomainError(SIGNED_NEEDS_PREMIUM, code="signed_needs_premium")
    target.status = status
    target.signed_premium = signed_premium if status == TargetStatus.SIGNED else None
    target.note = note
    target.save(update_fields=["status", "signed_premium", "note", "updated_at"])
    audit_log(
        actor=actor,
        action="development.campaign.target_updated",
        target=target,
        office=target.campaign.office,
        data={"campaign": target.campaign_id, "status": status},
    )
    return target
