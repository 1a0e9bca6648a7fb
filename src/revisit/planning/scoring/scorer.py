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
from revisit.planning.scoring.rules import RULES, Finding, Rule, RuleContext, prepare
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
    params: dict

    @property
    def text(self) -> str:
        """The sentence for this reason, in the active language."""
        return reason_text(Finding(self.code, self.params))


@dataclass(frozen=True)
class Assessment:
    """A score with its reasons; sentences are rendered only when read.

    A book of 500 customers is assessed to fill a sheet of 16, so the
    sentences of the other rows are never built.
    """

    score: float
    reasons: list[Reason]  # largest contribution first

    @property
    def entry_point(self) -> str:
        """The entry point of the leading reason, in the active language."""
        leading = next((r for r in self.reasons if r.points > 0), None)
        if leading is None:
            return entry_point_text(None)
        return entry_point_text(Finding(leading.code, leading.params))


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
            Reason(code=finding.code, points=round(points, 2), params=finding.params)
            for points, finding in scored
        ]
        return Assessment(
            score=round(sum(points for points, _finding in scored), 2),
            reasons=reasons,
        )

    def assess_many(
        self, snapshots: Iterable[CustomerSnapshot], context: RuleContext
    ) -> dict[int, Assessment]:
        snapshots = list(snapshots)
        prepare(snapshots, context)
        return {snapshot.id: self.assess(snapshot, context) for snapshot in snapshots}


def scorer_for(planning_settings) -> Scorer:
    """Return the scorer an office ranks with: its weights over the defaults."""
    weights = {
        str(code): float(value)
        for code, value in (planning_settings.scorer_weights or {}).items()
    }
    return WeightedRuleScorer(weights)
