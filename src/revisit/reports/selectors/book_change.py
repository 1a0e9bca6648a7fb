"""Whether a book grew or shrank over a period, from policy dates and status.

The book keeps a policy's current status but not the day it changed, so
the day a policy stopped being in force is estimated:
- lapsed: the paid-to date plus the 60-day grace period;
- matured, surrendered or terminated: the paid-to date, the last day
  premiums covered;
- in force: still in force.
A policy without an effective date counts as in force from the start.
Policies count for the agent who services them today, so a reassignment
moves the policy's whole history to its new agent.
"""

import datetime as dt

from django.db.models import Exists, OuterRef, Q

from revisit.book.models import Policy, PolicyStatus
from revisit.book.services.classification import GRACE_DAYS

ENDED_STATUSES = [
    PolicyStatus.MATURED,
    PolicyStatus.SURRENDERED,
    PolicyStatus.CLAIM_TERMINATED,
    PolicyStatus.TERMINATED,
]


def in_force_on(day: dt.date, prefix: str = "") -> Q:
    """Return a filter for policies (estimated) in force at the end of `day`.

    `prefix` is the path to the policy from the queried model, with its
    trailing double underscore (`held_policies__`).
    """

    def field(name: str) -> str:
        return f"{prefix}{name}"

    started = Q(**{field("effective_date__lte"): day}) | Q(
        **{field("effective_date__isnull"): True}
    )
    lapse_cutoff = day - dt.timedelta(days=GRACE_DAYS)
    running = (
        Q(**{field("status"): PolicyStatus.IN_FORCE})
        | Q(
            **{
                field("status"): PolicyStatus.LAPSED,
                field("paid_to_date__gt"): lapse_cutoff,
            }
        )
        | Q(**{field("status__in"): ENDED_STATUSES, field("paid_to_date__gt"): day})
    )
    return started & running


def new_in(start: dt.date, end: dt.date) -> Q:
    """Return a filter for policies that took effect from `start` to `end`."""
    return Q(effective_date__gte=start, effective_date__lte=end)


def is_top_up() -> Exists:
    """Return a condition true for a policy whose holder already held another.

    That policy is new business from an existing customer (加保): the holder
    held a policy that took effect before this one.
    """
    earlier = Policy.objects.filter(
        holder_id=OuterRef("holder_id"),
        effective_date__lt=OuterRef("effective_date"),
    )
    return Exists(earlier)
