"""Scorers turn a snapshot's findings into a score, reasons and an entry point.

Callers depend only on the `Scorer` protocol and on `scorer_for`, so a
scorer with weights learned from the office's own outcomes (which rows were
signed or activated after a visit) can replace the hand-set weights without
changing them. The stored findings on each sheet entry are the training
data such a scorer needs.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from revisit.planning.scoring.messages import entry_point_text, reason_text
from revisit.planning.scoring.rules import RULES, Finding, Rule, RuleContext
from revisit.planning.scoring.snapshot import CustomerSnapshot

# Points per finding code at full strength. Dated, time-bound openings
# (a premium due, a birthday, a life event) outrank standing gaps.
DEFAULT_WEIGHTS: dict[str, float] = {
    "grace_period": 35,
    "renewal_due": 30,
    "life_event": 25,
    "birthday": 20,
    "lunar_birthday": 20,
    "reinstatable": 20,
    "payment_completed": 15,
    "matured": 15,
    "missing_cover": 12,
    "never_contacted": 12,
    "policy_anniversary": 10,
    "family_uncovered": 10,
    "long_silence": 10,
    "single_policy": 8,
}


@dataclass(frozen=True)
class Reason:
    code: str
    points: float
    text: str
    params: dict


@dataclass(frozen=True)
class Assessment:
    score: float
    reasons: list[Reason]  # largest contribution first
    entry_point: str


class Scorer(Protocol):
    def assess(
        self, snapshot: CustomerSnapshot, context: RuleContext
    ) -> Assessment: ...


class WeightedRuleScorer:
    """Score = sum of weight x strength over the findings of every rule."""

    def __init__(
        self,
        weights: Mapping[str, float] | None = None,
        rules: Iterable[Rule] = RULES,
    ) -> None:
        self.weights = {**DEFAULT_WEIGHTS, **(weights or {})}
        self.rules = tuple(rules)

    def findings(
        self, snapshot: CustomerSnapshot, context: RuleContext
    ) -> list[Finding]:
        found = (rule(snapshot, context) for rule in self.rules)
        return [finding for finding in found if finding is not None]

    def points(self, finding: Finding) -> float:
        return float(self.weights.get(finding.code, 0)) * finding.strength

    def assess(self, snapshot: CustomerSnapshot, context: RuleContext) -> Assessment:
        scored = sorted(
            (
                (self.points(finding), finding)
                for finding in self.findings(snapshot, context)
            ),
            key=lambda pair: -pair[0],
        )
        reasons = [
            Reason(
                code=finding.code,
                points=round(points, 2),
                text=reason_text(finding),
                params=finding.params,
            )
            for points, finding in scored
        ]
        leading = next((finding for points, finding in scored if points > 0), None)
        return Assessment(
            score=round(sum(points for points, _finding in scored), 2),
            reasons=reasons,
            entry_point=entry_point_text(leading),
        )


def scorer_for(planning_settings) -> Scorer:
    """Return the scorer an office ranks with: its weights over the defaults."""
    weights = {
        str(code): float(value)
        for code, value in (planning_settings.scorer_weights or {}).items()
    }
    return WeightedRuleScorer(weights)
