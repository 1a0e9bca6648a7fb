"""Writes for opportunities: create, generate from gaps, move, link policies."""

import datetime as dt
import logging
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from revisit.book.models import Customer, Policy, Product
from revisit.core.audit import audit_log
from revisit.core.exceptions import DomainError
from revisit.development.models import (
    Opportunity,
    OpportunityKind,
    OpportunitySource,
    OpportunityStage,
)
from revisit.development.models.opportunities import OPEN_STAGES
from revisit.development.services.needs import Gap

logger = logging.getLogger(__name__)

SIGNED_IS_LINKED = _(
    "This signed opportunity is linked to an imported policy, so it stays signed."
)
LOST_NEEDS_REASON = _("Say why the opportunity was lost.")
SIGNED_ON_IN_FUTURE = _("The sign date %(date)s is in the future.")
SIGNED_ON_TOO_OLD = _(
    "The sign date %(date)s is more than a year ago: check the year."
)
SIGNED_NEEDS_PREMIUM = _(
    "Enter the annual premium of the signed policy, in yuan."
)
# How far back a sign date may lie; older sales arrive with the extract.
SIGNED_ON_MAX_AGE_DAYS = 365


def _referral_key(customer_id: int) -> str:
    return f"referral:{customer_id}:"


def opportunity_create(
    *,
    actor,
    customer: Customer,
    kind: str,
    summary: str,
    subject: Customer | None = None,
    cover_group: str = "",
    product: Product | None = None,
    expected_premium: Decimal | None = None,
    notes: str = "",
    source: str = OpportunitySource.MANUAL,
    gap_key: str = "",
) -> Opportunity:
    opportunity = Opportunity.objects.create(
        office_id=customer.office_id,
        agent_id=customer.agent_id,
        customer=customer,
        subject=subject if subject is not None and subject.pk != customer.pk else None,
        kind=kind,
        cover_group=cover_group,
        product=product,
        summary=summary[:400],
        source=source,
        gap_key=gap_key,
        expected_premium=expected_premium,
        notes=notes,
        created_by=actor,
        stage_changed_at=timezone.now(),
    )
    audit_log(
        actor=actor,
        action="development.opportunity.created",
        target=opportunity,
        data={"customer": customer.pk, "kind": kind, "source": source},
    )
    return opportunity


def _product_by_code(office_id: int, code: str) -> Product | None:
    if not code:
        return None
    return Product.objects.filter(office_id=office_id, code=code).first()


def opportunity_create_from_gap(
    *, actor, customer: Customer, gap: Gap
) -> tuple[Opportunity, bool]:
    """Return the opportunity for `gap`, creating it unless it exists.

    A gap leads to one opportunity per office whichever family member's page
    it was found on, because the key names the person the gap is about.
    """
    existing = Opportunity.objects.filter(
        office_id=customer.office_id, gap_key=gap.key
    ).first()
    if existing is not None:
        return existing, False
    subject = Customer.objects.filter(pk=gap.person_id).first()
    try:
        with transaction.atomic():
            created = opportunity_create(
                actor=actor,
                customer=customer,
                kind=gap.opportunity_kind,
                summary=gap.sentence,
                subject=subject,
                cover_group=gap.group,
                product=_product_by_code(customer.office_id, gap.product_code),
                source=OpportunitySource.GAP,
                gap_key=gap.key,
            )
    except IntegrityError:
        # Another request created it between the lookup and the insert.
        existing = Opportunity.objects.get(
            office_id=customer.office_id, gap_key=gap.key
        )
        return existing, False
    return created, True


def opportunities_generate(*, actor, customer: Customer, gaps: list[Gap]) -> int:
    """Create the opportunities the customer's gaps call for; return how many.

    Safe to run again: gaps that already have an opportunity, open or closed,
    are skipped. When no gap calls for a sale and the customer has a policy
    in force, the well-covered family is asked for referrals instead.
    """
    sale_gaps = [gap for gap in gaps if gap.opportunity_kind]
    keys = {gap.key for gap in sale_gaps}
    if not sale_gaps and customer.policy_count:
        keys.add(_referral_key(customer.pk))
    existing = set(
        Opportunity.objects.filter(
            office_id=customer.office_id, gap_key__in=keys
        ).values_list("gap_key", flat=True)
    )
    created = 0
    for gap in sale_gaps:
        if gap.key in existing:
            continue
        opportunity_create_from_gap(actor=actor, customer=customer, gap=gap)
        existing.add(gap.key)
        created += 1
    referral_key = _referral_key(customer.pk)
    if referral_key in keys and referral_key not in existing:
        opportunity_create(
            actor=actor,
            customer=customer,
            kind=OpportunityKind.REFERRAL,
            summary=gettext(
                "The family's cover is in good order: ask who else should have "
                "theirs reviewed."
            ),
            source=OpportunitySource.GAP,
            gap_key=referral_key,
        )
        created += 1
    logger.info("generated opportunities customer=%s created=%s", customer.pk, created)
    return created


def _check_move(
    opportunity: Opportunity,
    *,
    stage: str,
    lost_reason: str,
    signed_on: dt.date | None,
    expected_premium: Decimal | None,
    today: dt.date,
) -> None:
    if (
        opportunity.stage == OpportunityStage.SIGNED
        and stage != OpportunityStage.SIGNED
        and opportunity.policy_id is not None
    ):
        raise DomainError(SIGNED_IS_LINKED, code="signed_is_linked")
    if stage == OpportunityStage.LOST and not lost_reason.strip():
        raise DomainError(LOST_NEEDS_REASON, code="lost_needs_reason")
    if stage != OpportunityStage.SIGNED:
        return
    if signed_on is not None and signed_on > today:
        raise DomainError(
            SIGNED_ON_IN_FUTURE,
            code="signed_on_in_future",
            params={"date": date_format(signed_on, "SHORT_DATE_FORMAT")},
        )
    if signed_on is not None and (today - signed_on).days > SIGNED_ON_MAX_AGE_DAYS:
        raise DomainError(
            SIGNED_ON_TOO_OLD,
            code="signed_on_too_old",
            params={"date": date_format(signed_on, "SHORT_DATE_FORMAT")},
        )
    if expected_premium is None and opportunity.expected_premium is None:
        raise DomainError(SIGNED_NEEDS_PREMIUM, code="signed_needs_premium")


def opportunity_move(
    *,
    actor,
    opportunity: Opportunity,
    stage: str,
    lost_reason: str = "",
    expected_premium: Decimal | None = None,
    signed_on: dt.date | None = None,
    policy_number: str = "",
    today: dt.date | None = None,
) -> Opportunity:
    """Move the opportunity to `stage` along the pipeline.

    Any stage may move to any other: a lost one that moves back is reopened
    and loses its reason, and a signed one that moves back (a sale entered
    by mistake) loses its sign date and policy number. A signed opportunity
    already linked to an imported policy stays signed. Signing needs a sign
    date within the past year, today by default, and an annual premium.
    The audit log keeps every move with the values it cleared. The first
    signature creates a follow-up opportunity to request referrals, once
    however often the opportunity is signed.
    """
    today = today or timezone.localdate()
    _check_move(
        opportunity,
        stage=stage,
        lost_reason=lost_reason,
        signed_on=signed_on,
        expected_premium=expected_premium,
        today=today,
    )
    previous = opportunity.stage
    cleared = {}
    if stage != previous:
        opportunity.stage_changed_at = timezone.now()
    if previous == OpportunityStage.LOST and stage != previous:
        cleared["lost_reason"] = opportunity.lost_reason
    if previous == OpportunityStage.SIGNED and stage != previous:
        cleared["signed_on"] = opportunity.signed_on.isoformat()
        cleared["policy_number"] = opportunity.policy_number
        opportunity.signed_on = None
        opportunity.policy_number = ""
    opportunity.stage = stage
    opportunity.lost_reason = (
        lost_reason.strip() if stage == OpportunityStage.LOST else ""
    )
    if expected_premium is not None:
        opportunity.expected_premium = expected_premium
    if stage == OpportunityStage.SIGNED:
        opportunity.signed_on = signed_on or opportunity.signed_on or today
        if policy_number.strip():
            opportunity.policy_number = policy_number.strip()
    data = {"from": previous, "to": stage}
    if cleared:
        data["cleared"] = cleared
    with transaction.atomic():
        opportunity.save()
        audit_log(
            actor=actor,
            action="development.opportunity.moved",
            target=opportunity,
            data=data,
        )
        if stage == OpportunityStage.SIGNED and previous != stage:
            _ask_referrals_after_sale(actor, opportunity)
    return opportunity


def _ask_referrals_after_sale(actor, opportunity: Opportunity) -> None:
    if opportunity.kind == OpportunityKind.REFERRAL:
        return
    gap_key = f"referral_after:{opportunity.pk}"
    # Signing again after a reopen must not ask twice, whatever became of
    # the first request.
    asked_before = Opportunity.objects.filter(
        office_id=opportunity.office_id, gap_key=gap_key
    ).exists()
    already_open = Opportunity.objects.filter(
        customer_id=opportunity.customer_id,
        kind=OpportunityKind.REFERRAL,
        stage__in=OPEN_STAGES,
    ).exists()
    if asked_before or already_open:
        return
    opportunity_create(
        actor=actor,
        customer=opportunity.customer,
        kind=OpportunityKind.REFERRAL,
        summary=gettext(
            "Just signed: a satisfied customer is the best moment to ask for referrals."
        ),
        source=OpportunitySource.FOLLOW_UP,
        gap_key=gap_key,
    )


def _policy_for(opportunity: Opportunity, taken: set[int]) -> Policy | None:
    number = opportunity.policy_number.strip()
    if number:
        by_number = (
            Policy.objects.filter(
                office_id=opportunity.office_id,
                policy_number__in={number, number.upper()},
            )
            .exclude(pk__in=taken)
            .first()
        )
        if by_number is not None:
            return by_number
    people = Q(holder_id=opportunity.customer_id) | Q(
        insured_id=opportunity.customer_id
    )
    if opportunity.subject_id is not None:
        people |= Q(insured_id=opportunity.subject_id)
    return (
        Policy.objects.filter(
            people,
            office_id=opportunity.office_id,
            effective_date__gte=opportunity.signed_on,
        )
        .exclude(pk__in=taken)
        .order_by("effective_date", "pk")
        .first()
    )


def opportunities_link_policies(*, office_id: int) -> int:
    """Link signed opportunities to the policies they became; return how many.

    Meant to run after each import. A signed opportunity without a policy
    takes the policy with the number the agent entered. Without one, it
    takes the earliest policy held by or insuring its customer (or its
    subject) that took effect on or after the sign date. A policy is linked
    to one opportunity at most. Safe to run again.
    """
    taken = set(
        Opportunity.objects.filter(
            office_id=office_id, policy__isnull=False
        ).values_list("policy_id", flat=True)
    )
    waiting = Opportunity.objects.filter(
        office_id=office_id, stage=OpportunityStage.SIGNED, policy__isnull=True
    ).order_by("signed_on", "pk")
    linked = 0
    now = timezone.now()
    for opportunity in waiting:
        policy = _policy_for(opportunity, taken)
        if policy is None:
            continue
        # Conditional update: a second run at the same time links nothing twice.
        updated = Opportunity.objects.filter(
            pk=opportunity.pk, policy__isnull=True
        ).update(policy=policy, linked_at=now, updated_at=now)
        if updated:
            taken.add(policy.pk)
            linked += 1
    logger.info("linked signed opportunities office=%s linked=%s", office_id, linked)
    return linked
