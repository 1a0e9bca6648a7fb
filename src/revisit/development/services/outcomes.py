"""Record what came of a prepared visit or call: contact, technique, pipeline."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from revisit.book.models import Customer
from revisit.development.models import Opportunity, OpportunityStage
from revisit.development.services.opportunities import opportunity_move
from revisit.outreach.models import Contact, ContactOutcome
from revisit.outreach.services.contacts import contact_log

# The pipeline stage an outcome implies for the opportunity it was about.
STAGE_OF_OUTCOME = {
    ContactOutcome.APPOINTMENT: OpportunityStage.CONTACTED,
    ContactOutcome.PROPOSAL: OpportunityStage.PROPOSAL,
    ContactOutcome.SIGNED: OpportunityStage.SIGNED,
    ContactOutcome.REFERRAL: OpportunityStage.CONTACTED,
    ContactOutcome.REFUSED: OpportunityStage.CONTACTED,
    ContactOutcome.DONE: OpportunityStage.CONTACTED,
}

_PIPELINE_ORDER = [
    OpportunityStage.IDENTIFIED,
    OpportunityStage.CONTACTED,
    OpportunityStage.PROPOSAL,
    OpportunityStage.SIGNED,
]


def _implied_stage(opportunity: Opportunity, outcome: str) -> str:
    """Return the stage the outcome moves the opportunity to, or "" for none."""
    implied = STAGE_OF_OUTCOME.get(outcome, "")
    if not implied or opportunity.stage not in _PIPELINE_ORDER:
        return ""
    if _PIPELINE_ORDER.index(implied) <= _PIPELINE_ORDER.index(opportunity.stage):
        return ""
    return implied


def visit_outcome_log(
    *,
    actor,
    customer: Customer,
    technique: str,
    kind: str,
    outcome: str,
    occurred_at: dt.datetime | None = None,
    entry_point: str = "",
    notes: str = "",
    signed_policy_number: str = "",
    signed_premium: Decimal | None = None,
    refusal_reason: str = "",
    opportunity: Opportunity | None = None,
    stage: str = "",
    lost_reason: str = "",
) -> Contact:
    """Log the contact with its technique and move the opportunity it was about.

    The contact goes through the contact log, so the customer is regraded as
    for any other contact; ValidationError and PermissionDenied come from
    there. Without an explicit `stage`, the outcome sets it: an appointment
    or a refusal marks the opportunity contacted, a proposal or a signature
    moves it to that stage. An outcome never moves an opportunity back, and
    "no answer" moves nothing. All of it is saved or none of it.
    """
    with transaction.atomic():
        contact = contact_log(
            actor=actor,
            customer=customer,
            kind=kind,
            outcome=outcome,
            occurred_at=occurred_at or timezone.now(),
            purpose=opportunity.summary[:200] if opportunity else "",
            entry_point=entry_point[:200],
            notes=notes,
            signed_policy_number=signed_policy_number,
            signed_premium=signed_premium,
            refusal_reason=refusal_reason,
        )
        # The contact log's services take only the fields of its own form;
        # the technique is this app's addition to the contact.
        Contact.objects.filter(pk=contact.pk).update(technique=technique)
        contact.technique = technique
        if opportunity is not None:
            target = stage or _implied_stage(opportunity, outcome)
            if target:
                opportunity_move(
                    actor=actor,
                    opportunity=opportunity,
                    stage=target,
                    lost_reason=lost_reason,
                    policy_number=signed_policy_number,
                    expected_premium=signed_premium,
                )
    return contact
