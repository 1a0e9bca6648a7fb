"""Record what came of a prepared visit or call: technique, outcome, pipeline."""

from django.db import transaction

from revisit.book.models import Customer
from revisit.development.models import (
    Opportunity,
    OpportunityStage,
    TalkScript,
    TechniqueUse,
)
from revisit.development.services.opportunities import opportunity_move
from revisit.development.services.scripts import technique_use_record
from revisit.outreach.models import ContactOutcome

# The pipeline stage an outcome implies for the opportunity it was about.
STAGE_OF_OUTCOME = {
    ContactOutcome.APPOINTMENT: OpportunityStage.CONTACTED,
    ContactOutcome.PROPOSAL: OpportunityStage.PROPOSAL,
    ContactOutcome.SIGNED: OpportunityStage.SIGNED,
    ContactOutcome.REFERRAL: OpportunityStage.CONTACTED,
    ContactOutcome.REFUSED: OpportunityStage.CONTACTED,
    ContactOutcome.DONE: OpportunityStage.CONTACTED,
}


def visit_outcome_log(
    *,
    actor,
    customer: Customer,
    technique: str,
    outcome: str,
    script: TalkScript | None = None,
    opportunity: Opportunity | None = None,
    stage: str = "",
    lost_reason: str = "",
    policy_number: str = "",
    signed_premium=None,
) -> TechniqueUse:
    """Record the technique used and move the opportunity it was about.

    Without an explicit `stage`, the outcome sets it: an appointment or a
    refusal marks the opportunity contacted, a proposal or a signature moves
    it to that stage. An opportunity is never moved back by an outcome, and
    "no answer" moves nothing.
    """
    with transaction.atomic():
        use = technique_use_record(
            actor=actor,
            customer=customer,
            technique=technique,
            outcome=outcome,
            script=script,
            opportunity=opportunity,
        )
        if opportunity is not None:
            target = stage or _implied_stage(opportunity, outcome)
            if target:
                opportunity_move(
                    actor=actor,
                    opportunity=opportunity,
                    stage=target,
                    lost_reason=lost_reason,
                    policy_number=policy_number,
                    expected_premium=signed_premium,
                )
    return use


_ORDER = [
    OpportunityStage.IDENTIFIED,
    OpportunityStage.CONTACTED,
    OpportunityStage.PROPOSAL,
    OpportunityStage.SIGNED,
]


def _implied_stage(opportunity: Opportunity, outcome: str) -> str:
    implied = STAGE_OF_OUTCOME.get(outcome, "")
    if not implied or opportunity.stage not in _ORDER:
        return ""
    if _ORDER.index(implied) <= _ORDER.index(opportunity.stage):
        return ""
    return implied
