from revisit.development.models.campaigns import (
    Campaign,
    CampaignKind,
    CampaignTarget,
    TargetStatus,
)
from revisit.development.models.opportunities import (
    Opportunity,
    OpportunityKind,
    OpportunitySource,
    OpportunityStage,
)
from revisit.development.models.prospects import (
    Prospect,
    ProspectStatus,
    ReferralRelation,
)
from revisit.development.models.scripts import TalkScript, Technique
from revisit.development.models.settings import DevelopmentSettings

__all__ = [
    "Campaign",
    "CampaignKind",
    "CampaignTarget",
    "DevelopmentSettings",
    "Opportunity",
    "OpportunityKind",
    "OpportunitySource",
    "OpportunityStage",
    "Prospect",
    "ProspectStatus",
    "ReferralRelation",
    "TalkScript",
    "TargetStatus",
    "Technique",
]
