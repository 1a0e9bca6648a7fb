"""Pieces every report shares: filters for a scope and share arithmetic."""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils import timezone

from revisit.coaching.access import Scope


def scope_q(
    scope: Scope, agent_field: str = "agent", office_field: str | None = None
) -> Q:
    """Return a filter that keeps the rows of `scope`'s agents.

    `agent_field` is the path to the agent foreign key of the queried model
    (`agent`, `policy__agent`). Teams and offices filter on a list of agent
    ids, so the (agent, date) indexes of contacts and grade changes serve
    a week without reading the rest of the year.

    Queries that read whole books pass `office_field`, the path to the
    office foreign key, and get an office filter in front of the agent list
    (or instead of it, for the office scope). The covering indexes that the
    reports app adds lead with the office, so those queries never read the
    tables themselves.
    """
    if scope.kind == Scope.AGENT:
        return Q(**{f"{agent_field}_id": scope.agent.pk})
    agents = Q(**{f"{agent_field}_id__in": scope.agent_ids})
    if not office_field:
        return agents
    office = Q(**{f"{office_field}_id": scope.office_id})
    return office if scope.kind == Scope.OFFICE else office & agents


def share(count: int, total: int) -> Decimal | None:
    """Return count/total as a percentage with two decimals, None for 0/0."""
    if not total:
        return None
    value = Decimal(count) * 100 / Decimal(total)
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Period:
    """A range of whole days, both ends included, in the office's time zone."""

    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def start_at(self) -> dt.datetime:
        """Return the first instant of `start`, local midnight as an aware datetime."""
        return local_midnight(self.start)

    def end_before(self) -> dt.datetime:
        """Return the first instant after `end`."""
        return local_midnight(self.end + dt.timedelta(days=1))

    def as_params(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


def local_midnight(day: dt.date) -> dt.datetime:
    """Return the first instant of `day` in the current time zone."""
    naive = dt.datetime.combine(day, dt.time.min)
    return timezone.make_aware(naive, timezone.get_current_timezone())


def week_period(day: dt.date) -> Period:
    """Return the ISO week (Monday to Sunday) that contains `day`."""
    monday = day - dt.timedelta(days=day.weekday())
    return Period(start=monday, end=monday + dt.timedelta(days=6))
