"""Team numbers: per agent, over a period, the work done and what it yielded.

Every number comes from a handful of grouped aggregate queries (contacts,
grade changes, policies), one row per agent, so the page costs the same for
a team of 5 and an office of 200. Rows cover the scope's agents, those who
left included while they still have numbers.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from revisit.accounts.models import Office, User
from revisit.book.models import Policy
from revisit.coaching.access import Scope
from revisit.outreach.models import Contact, ContactKind, ContactOutcome
from revisit.planning.models import PlanningSettings
from revisit.reports.selectors.book_change import in_force_on, is_top_up, new_in
from revisit.reports.selectors.common import Period, scope_q, share
from revisit.reports.selectors.grades import grade_move_counts
from revisit.reports.selectors.screening import screening_counts

# Share of an agent's new business that comes from existing customers'
# top-ups and referrals, per the insurer statistics agent training quotes.
EXISTING_SHARE_BENCHMARK = Decimal("44")
# Monday to Friday; visits logged at weekends still count, but the days
# do not, so weekend work lifts the average.
WORKING_WEEKDAYS = frozenset(range(5))


@dataclass
class AgentNumbers:
    """One agent's numbers for a period; counts are 0 where nothing happened."""

    agent_id: int
    name: str
    team: str
    # Report scope of the row (agent-<id>, team-<id>, or the whole report's
    # for the total), which its drill-down links use.
    scope_key: str = ""
    team_id: int | None = None
    is_active: bool = True
    visits: int = 0
    calls: int = 0
    appointments: int = 0
    proposals: int = 0
    signed: int = 0
    signed_premium: Decimal = Decimal("0")
    referrals: int = 0
    activations: int = 0
    downgrades: int = 0
    new_policies: int = 0
    new_premium: Decimal = Decimal("0")
    top_up_policies: int = 0
    top_up_premium: Decimal = Decimal("0")
    policies_start: int = 0
    policies_end: int = 0
    customers_start: int = 0
    customers_end: int = 0
    screened: int = 0
    screen_target: int = 0
    working_days: int = 0
    agents: int = 1
    # Visits per working day the office aims at (3 to 4 in the method,
    # from the office's planning settings).
    target_low: int = 3
    target_high: int = 4

    @property
    def visits_per_day(self) -> Decimal | None:
        days = self.working_days * self.agents
        if not days:
            return None
        return (Decimal(self.visits) / days).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    @property
    def visit_status(self) -> str:
        """Return `below`, `on_target` or `above` against the visit target."""
        value = self.visits_per_day
        if value is None or value < self.target_low:
            return "below"
        if value <= self.target_high:
            return "on_target"
        return "above"

    @property
    def existing_share(self) -> Decimal | None:
        """Return the share of new premium that came from top-ups, in percent."""
        if not self.new_premium:
            return share(self.top_up_policies, self.new_policies)
        return (self.top_up_premium * 100 / self.new_premium).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )

    @property
    def customer_change(self) -> int:
        return self.customers_end - self.customers_start

    @property
    def policy_change(self) -> int:
        return self.policies_end - self.policies_start

    @property
    def trend_by_policies(self) -> bool:
        """Whether the trend follows policies because customers did not change."""
        return not self.customer_change and bool(self.policy_change)

    @property
    def trend(self) -> str:
        """Return `growing`, `shrinking` or `steady`, by customers in force."""
        change = self.customer_change or self.policy_change
        if change > 0:
            return "growing"
        if change < 0:
            return "shrinking"
        return "steady"


_SUMMED = (
    "visits", "calls", "appointments", "proposals", "signed", "signed_premium",
    "referrals", "activations", "downgrades", "new_policies", "new_premium",
    "top_up_policies", "top_up_premium", "policies_start", "policies_end",
    "customers_start", "customers_end", "screened", "screen_target",
)


def working_days(period: Period, today: dt.date | None = None) -> int:
    """Count Monday-to-Friday days of `period` up to `today` inclusive."""
    today = today or timezone.localdate()
    last = min(period.end, today)
    days = 0
    day = period.start
    while day <= last:
        if day.weekday() in WORKING_WEEKDAYS:
            days += 1
        day += dt.timedelta(days=1)
    return days


def _contact_counts(scope: Scope, period: Period) -> dict[int, dict]:
    signed = Q(outcome=ContactOutcome.SIGNED)
    rows = (
        Contact.objects.filter(
            scope_q(scope),
            is_void=False,
            occurred_at__gte=period.start_at(),
            occurred_at__lt=period.end_before(),
        )
        .values("agent_id")
        .annotate(
            visits=Count("pk", filter=Q(kind=ContactKind.VISIT)),
            calls=Count("pk", filter=Q(kind=ContactKind.CALL)),
            appointments=Count("pk", filter=Q(outcome=ContactOutcome.APPOINTMENT)),
            proposals=Count("pk", filter=Q(outcome=ContactOutcome.PROPOSAL)),
            signed=Count("pk", filter=signed),
            signed_premium=Sum("signed_premium", filter=signed),
            referrals=Count("pk", filter=Q(outcome=ContactOutcome.REFERRAL)),
        )
        .order_by()
    )
    return {row.pop("agent_id"): row for row in rows}


def _policy_counts(scope: Scope, period: Period, today: dt.date) -> dict[int, dict]:
    # The book is compared as it stood the day before the period and at its
    # end (or today, for a period still running).
    before = period.start - dt.timedelta(days=1)
    after = min(period.end, today)
    new = new_in(period.start, period.end)
    rows = (
        Policy.objects.filter(scope_q(scope, office_field="office"))
        .values("agent_id")
        .annotate(
            policies_start=Count("pk", filter=in_force_on(before)),
            policies_end=Count("pk", filter=in_force_on(after)),
            customers_start=Count(
                "holder_id", distinct=True, filter=in_force_on(before)
            ),
            customers_end=Count("holder_id", distinct=True, filter=in_force_on(after)),
            new_policies=Count("pk", filter=new),
            new_premium=Sum("annual_premium", filter=new),
        )
        .order_by()
    )
    return {row.pop("agent_id"): row for row in rows}


def _top_up_counts(scope: Scope, period: Period) -> dict[int, dict]:
    rows = (
        Policy.objects.filter(
            scope_q(scope, office_field="office"), new_in(period.start, period.end)
        )
        .filter(is_top_up())
        .values("agent_id")
        .annotate(top_up_policies=Count("pk"), top_up_premium=Sum("annual_premium"))
        .order_by()
    )
    return {row.pop("agent_id"): row for row in rows}


def _merge(row: AgentNumbers, values: dict | None) -> None:
    for name, value in (values or {}).items():
        if value is not None:
            setattr(row, name, value)


@dataclass
class TeamNumbers:
    period: Period
    rows: list[AgentNumbers]
    teams: list[AgentNumbers]
    total: AgentNumbers


def team_numbers_for(
    scope: Scope, period: Period, *, today: dt.date | None = None
) -> TeamNumbers:
    """Return one row per agent of `scope` for `period`, per team and in total.

    Agents who left appear only while they have numbers in the period.
    """
    today = today or timezone.localdate()
    settings = PlanningSettings.for_office(Office.objects.get(pk=scope.office_id))
    targets = {
        "target_low": settings.visits_per_day_min,
        "target_high": settings.visits_per_day_max,
    }
    agents = scope.agents().select_related("team").order_by(
        "team__code", "agent_code", "pk"
    )
    sources = [
        _contact_counts(scope, period),
        _policy_counts(scope, period, today),
        _top_up_counts(scope, period),
        grade_move_counts(scope, period),
        screening_counts(scope, period),
    ]
    days = working_days(period, today)
    rows = []
    for agent in agents:
        row = _agent_row(agent, days, targets)
        for source in sources:
            _merge(row, source.get(agent.pk))
        if agent.is_active or _has_numbers(row):
            rows.append(row)
    by_team: dict[int | None, list[AgentNumbers]] = defaultdict(list)
    for row in rows:
        by_team[row.team_id].append(row)
    teams = [
        _total(
            members, days, targets, name=members[0].team, key=f"{Scope.TEAM}-{team_id}"
        )
        for team_id, members in by_team.items()
        if team_id is not None
    ]
    return TeamNumbers(
        period=period, rows=rows, teams=teams,
        total=_total(rows, days, targets, name="", key=scope.key),
    )


def _agent_row(agent: User, days: int, targets: dict) -> AgentNumbers:
    return AgentNumbers(
        **targets,
        agent_id=agent.pk,
        name=agent.display_name,
        team=agent.team.name if agent.team else "",
        scope_key=f"{Scope.AGENT}-{agent.pk}",
        team_id=agent.team_id,
        is_active=agent.is_active,
        working_days=days if agent.is_active else 0,
    )


def _has_numbers(row: AgentNumbers) -> bool:
    return any(getattr(row, name) for name in _SUMMED)


def _total(
    rows: list[AgentNumbers], days: int, targets: dict, *, name: str, key: str
) -> AgentNumbers:
    """Add up `rows` into one row named `name` for the scope `key`."""
    total = AgentNumbers(
        agent_id=0, name=name, team=name, scope_key=key, working_days=days, **targets
    )
    total.agents = sum(1 for row in rows if row.is_active)
    for name in _SUMMED:
        setattr(total, name, sum((getattr(row, name) for row in rows), start=0))
    return total
