"""Ranking of customers for the weekly sheet: snapshots, rules and scorers."""

from revisit.planning.scoring.rules import RuleContext
from revisit.planning.scoring.scorer import (
    Assessment,
    Reason,
    Scorer,
    WeightedRuleScorer,
    scorer_for,
)
from revisit.planning.scoring.snapshot import CustomerSnapshot, load_snapshots

__all__ = [
    "Assessment",
    "CustomerSnapshot",
    "Reason",
    "RuleContext",
    "Scorer",
    "WeightedRuleScorer",
    "load_snapshots",
    "scorer_for",
]
