"""The week's workload, counted from the contact log."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone

from revisit.outreach.models import Contact, ContactKind, ContactOutcome


def workload_for(*, agent, start: dt.date, end: dt.date) -> dict[str, Any]:
    """Count the agent's contacts from local date `start` to `end`, both included.

    Uses the outreach app's selector when it exists, because it also counts
    activations from the grade history.
    """
    try:
        from revisit.outreach.selectors import workload_for as logged_workload
    except ImportError:
        # TODO: the outreach selector has not landed on this branch; remove
        # this fallback once revisit.outreach.selectors.workload_for exists.
        return _count_contacts(agent=agent, start=start, end=end)
    return logged_workload(agent=agent, start=start, end=end)


def _count_contacts(*, agent, start: dt.date, end: dt.date) -> dict[str, Any]:
    since = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    until = timezone.make_aware(
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min)
    )
    signed = Q(outcome=ContactOutcome.SIGNED)
    counts = Contact.objects.filter(
        agent=agent, is_void=False, occurred_at__gte=since, occurred_at__lt=until
    ).aggregate(
        calls=Count("pk", filter=Q(kind=ContactKind.CALL)),
        visits=Count("pk", filter=Q(kind=ContactKind.VISIT)),
        appointments=Count("pk", filter=Q(outcome=ContactOutcome.APPOINTMENT)),
        proposals=Count("pk", filter=Q(outcome=ContactOutcome.PROPOSAL)),
        signed=Count("pk", filter=signed),
        signed_premium=Sum("signed_premium", filter=signed),
        referrals=Count("pk", filter=Q(outcome=ContactOutcome.REFERRAL)),
    )
    counts["signed_premium"] = counts["signed_premium"] or Decimal("0")
    counts["activations"] = 0
    return counts
