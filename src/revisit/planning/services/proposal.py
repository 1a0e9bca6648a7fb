"""Proposing weekly sheets: pick the week's customers by rotation, grade and score.

Rules:
- A customer counts as screened in a rotation once they stand on a sheet
  entry of that rotation. A proposal takes only customers not screened in
  the agent's current rotation.
- When fewer unscreened customers remain than a sheet holds, the sheet
  takes all of them and fills up from the next rotation. Those filler
  entries open the next rotation. A book with no unscreened customer left
  starts the next rotation.
- Within the candidates, each grade gets the count set in the office's
  grade mix, best scores first; grades that run out are filled from the
  best of the rest. The rows are then ordered by score.
- A sheet that already exists for the agent and week is returned as it is,
  so running the proposal twice never touches the agent's edits.
"""

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import translation

from revisit.accounts.models import User
from revisit.planning.models import PlanningSettings, SheetEntry, WeeklySheet
from revisit.planning.scoring import (
    Assessment,
    RuleContext,
    Scorer,
    load_snapshots,
    scorer_for,
)
from revisit.planning.weeks import IsoWeek

logger = logging.getLogger(__name__)


@dataclass
class Proposal:
    sheet: WeeklySheet
    created: bool


@dataclass(frozen=True)
class _Candidate:
    customer_id: int
    grade: int
    assessment: Assessment
    silent_since: dt.datetime | None

    def rank_key(self) -> tuple:
        # Best score first; on a tie, the customer silent longest first.
        silent = self.silent_since.timestamp() if self.silent_since else float("-inf")
        return (-self.assessment.score, silent, self.customer_id)


def rule_context(planning_settings: PlanningSettings, week: IsoWeek) -> RuleContext:
    return RuleContext(
        week=week,
        silence_months=planning_settings.silence_months,
        life_event_days=planning_settings.life_event_days,
    )


def rotation_state(*, agent_id: int) -> tuple[int, set[int]]:
    """Return the agent's current rotation and the customers screened in it."""
    entries = SheetEntry.objects.filter(sheet__agent_id=agent_id)
    current = entries.aggregate(current=Max("rotation"))["current"] or 1
    screened = set(
        entries.filter(rotation=current).values_list("customer_id", flat=True)
    )
    return current, screened


def pick_customers(
    ranked: list[_Candidate], *, size: int, mix: dict[int, int]
) -> list[_Candidate]:
    """Take `mix[grade]` best of each grade, then fill up to `size` by rank."""
    chosen: list[_Candidate] = []
    for grade, count in sorted(mix.items()):
        room = size - len(chosen)
        of_grade = [c for c in ranked if c.grade == grade]
        chosen.extend(of_grade[: min(count, room)])
    taken = {c.customer_id for c in chosen}
    rest = [c for c in ranked if c.customer_id not in taken]
    chosen.extend(rest[: size - len(chosen)])
    return sorted(chosen, key=_Candidate.rank_key)


def _remaining_mix(mix: dict[int, int], chosen: Iterable[_Candidate]) -> dict[int, int]:
    remaining = dict(mix)
    for candidate in chosen:
        if remaining.get(candidate.grade, 0) > 0:
            remaining[candidate.grade] -= 1
    return remaining


def sheet_propose(
    *,
    agent: User,
    week: IsoWeek,
    planning_settings: PlanningSettings | None = None,
    scorer: Scorer | None = None,
) -> Proposal:
    """Return the agent's sheet for `week`, proposing one if none exists yet."""
    existing = WeeklySheet.objects.filter(agent=agent, week_start=week.monday).first()
    if existing is not None:
        return Proposal(existing, created=False)

    planning_settings = planning_settings or PlanningSettings.for_office(agent.office)
    scorer = scorer or scorer_for(planning_settings)
    context = rule_context(planning_settings, week)
    since = week.monday - dt.timedelta(days=planning_settings.life_event_days)
    snapshots = load_snapshots(agent_id=agent.pk, life_events_since=since)

    assessed: dict[int, _Candidate] = {}

    def candidates(customer_ids: set[int]) -> list[_Candidate]:
        fresh = [snapshots[c] for c in customer_ids if c not in assessed]
        for customer_id, assessment in scorer.assess_many(fresh, context).items():
            snapshot = snapshots[customer_id]
            assessed[customer_id] = _Candidate(
                customer_id=customer_id,
                grade=snapshot.grade,
                assessment=assessment,
                silent_since=snapshot.last_contact_at,
            )
        return sorted((assessed[c] for c in customer_ids), key=_Candidate.rank_key)

    with translation.override(settings.LANGUAGE_CODE):
        rows = _choose(
            book=set(snapshots),
            agent_id=agent.pk,
            size=planning_settings.sheet_size,
            mix=planning_settings.mix(),
            candidates=candidates,
        )
    return _save_sheet(agent=agent, week=week, rows=rows)


def _choose(*, book, agent_id, size, mix, candidates: Callable) -> list[tuple]:
    """Return (candidate, rotation) pairs for a new sheet."""
    rotation, screened = rotation_state(agent_id=agent_id)
    unscreened = book - screened
    if not unscreened:
        rotation += 1
        unscreened = set(book)
    chosen = pick_customers(candidates(unscreened), size=size, mix=mix)
    rows = [(candidate, rotation) for candidate in chosen]
    short = min(size, len(book)) - len(chosen)
    if short > 0:
        # The rotation ends on this sheet: the rest of it opens the next one.
        taken = {c.customer_id for c in chosen}
        filler = pick_customers(
            candidates(book - taken), size=short, mix=_remaining_mix(mix, chosen)
        )
        rows.extend((candidate, rotation + 1) for candidate in filler)
    return rows


def _entry_from(candidate: _Candidate, *, position: int, rotation: int) -> SheetEntry:
    assessment = candidate.assessment
    return SheetEntry(
        customer_id=candidate.customer_id,
        position=position,
        rotation=rotation,
        grade=candidate.grade,
        score=assessment.score,
        reasons=[reason.text for reason in assessment.reasons],
        findings=[
            {"code": r.code, "points": r.points, "params": r.params}
            for r in assessment.reasons
        ],
        suggested_entry_point=assessment.entry_point,
    )


def _save_sheet(*, agent: User, week: IsoWeek, rows: list[tuple]) -> Proposal:
    rotation = max((row_rotation for _candidate, row_rotation in rows), default=None)
    if rotation is None:
        rotation, _screened = rotation_state(agent_id=agent.pk)
    try:
        with transaction.atomic():
            sheet = WeeklySheet.objects.create(
                office_id=agent.office_id,
                agent=agent,
                week_start=week.monday,
                rotation=rotation,
            )
            entries = [
                _entry_from(candidate, position=index, rotation=row_rotation)
                for index, (candidate, row_rotation) in enumerate(rows, start=1)
            ]
            for entry in entries:
                entry.sheet = sheet
            SheetEntry.objects.bulk_create(entries)
    except IntegrityError:
        # Another run proposed this week's sheet between our check and insert.
        existing = WeeklySheet.objects.get(agent=agent, week_start=week.monday)
        return Proposal(existing, created=False)
    logger.info(
        "sheet proposed sheet=%s agent=%s week=%s entries=%s rotation=%s",
        sheet.pk,
        agent.pk,
        week,
        len(rows),
        rotation,
    )
    return Proposal(sheet, created=True)


def agents_to_plan(*, office=None, agent_code: str = "") -> list[User]:
    agents = User.objects.filter(role=User.Role.AGENT, is_active=True).select_related(
        "office"
    )
    if office is not None:
        agents = agents.filter(office=office)
    if agent_code:
        agents = agents.filter(agent_code=agent_code)
    return list(agents.exclude(office=None).order_by("office_id", "agent_code", "pk"))


def sheets_propose(
    *,
    week: IsoWeek,
    agents: list[User],
    progress: Callable[[int, int, Proposal], None] | None = None,
) -> list[Proposal]:
    """Propose the week's sheet for each agent, reusing settings per office."""
    settings_by_office: dict[int, PlanningSettings] = {}
    scorers: dict[int, Scorer] = {}
    proposals = []
    for index, agent in enumerate(agents, start=1):
        if agent.office_id not in settings_by_office:
            office_settings = PlanningSettings.for_office(agent.office)
            settings_by_office[agent.office_id] = office_settings
            scorers[agent.office_id] = scorer_for(office_settings)
        proposal = sheet_propose(
            agent=agent,
            week=week,
            planning_settings=settings_by_office[agent.office_id],
            scorer=scorers[agent.office_id],
        )
        proposals.append(proposal)
        if progress is not None:
            progress(index, len(agents), proposal)
    return proposals
