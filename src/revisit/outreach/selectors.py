"""Reads for the contact log and grades, always within the user's scope."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.template.defaultfilters import floatformat
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime

from revisit.accounts.models import User
from revisit.accounts.selectors import agents_visible_to
from revisit.book.models import Customer
from revisit.core.masking import mask_phone
from revisit.outreach.models import (
    ACTIVATION,
    DOWNGRADE,
    Contact,
    ContactKind,
    ContactOutcome,
    ContactRevision,
    GradeChange,
    GradeSource,
)
from revisit.outreach.permissions import can_change_contact

TIMELINE_LIMIT = 50
SEARCH_LIMIT = 20


def local_day_range(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Return the [from, to) instants covering local dates `start` to `end`."""
    zone = timezone.get_default_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=zone),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone),
    )


def customer_for_user(user: User, pk: int) -> Customer:
    """Return the customer if `user` may see their book, else raise Http404."""
    customer = (
        Customer.objects.select_related("agent", "office")
        .filter(pk=pk, agent__in=agents_visible_to(user))
        .first()
    )
    if customer is None:
        raise Http404("customer not found")
    return customer


def contact_for_user(user: User, pk: int) -> Contact:
    """Return the contact if `user` may see its customer, else raise Http404."""
    contact = (
        Contact.objects.select_related(
            "customer", "customer__agent", "customer__office"
        )
        .filter(pk=pk, customer__agent__in=agents_visible_to(user))
        .first()
    )
    if contact is None:
        raise Http404("contact not found")
    return contact


@dataclass
class RevisionRow:
    label: str
    old: str
    new: str


@dataclass
class TimelineRevision:
    revision: ContactRevision
    rows: list[RevisionRow]


@dataclass
class TimelineItem:
    contact: Contact
    can_change: bool
    revisions: list[TimelineRevision] = field(default_factory=list)


def _display_value(name: str, raw: Any) -> str:
    """Return a stored revision value as the timeline shows it."""
    if raw in (None, ""):
        return "—"
    model_field = Contact._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(raw, raw))
    if name == "occurred_at":
        moment = parse_datetime(raw)
        if moment is not None:
            return formats.date_format(
                timezone.localtime(moment), "SHORT_DATETIME_FORMAT"
            )
    if name == "next_step_date":
        day = parse_date(raw)
        if day is not None:
            return formats.date_format(day, "SHORT_DATE_FORMAT")
    if isinstance(raw, bool):
        return str(model_field.verbose_name) if raw else "—"
    if name == "signed_premium":
        # Money reads as on the rest of the timeline: 12,000 or 8,000.50.
        return floatformat(Decimal(raw), "-2g")
    return str(raw)


def _revision_rows(revision: ContactRevision) -> list[RevisionRow]:
    rows = []
    for name, change in revision.changes.items():
        label = str(Contact._meta.get_field(name).verbose_name)
        rows.append(
            RevisionRow(
                label=label,
                old=_display_value(name, change.get("old")),
                new=_display_value(name, change.get("new")),
            )
        )
    return rows


def timeline_for(
    user: User, customer: Customer, *, limit: int | None = TIMELINE_LIMIT
) -> tuple[list[TimelineItem], int]:
    """Return the newest `limit` contacts (all with None), revisions, and the total.

    `customer` must come from customer_for_user, which checked the scope.
    """
    contacts = (
        Contact.objects.filter(customer=customer)
        .select_related("agent", "voided_by")
        .prefetch_related("revisions__changed_by")
        .order_by("-occurred_at", "-pk")
    )
    total = contacts.count()
    items = []
    if limit is not None:
        contacts = contacts[:limit]
    for contact in contacts:
        contact.customer = customer
        item = TimelineItem(
            contact=contact, can_change=can_change_contact(user, contact)
        )
        for revision in contact.revisions.all():
            item.revisions.append(
                TimelineRevision(revision=revision, rows=_revision_rows(revision))
            )
        items.append(item)
    return items, total


def grade_history_for(customer: Customer, *, limit: int = 10) -> list[GradeChange]:
    """Return the customer's latest grade changes; the caller checked the scope."""
    changes = GradeChange.objects.filter(customer=customer).select_related("actor")
    return list(changes.order_by("-changed_at", "-pk")[:limit])


def grade_override_of(customer: Customer) -> GradeChange | None:
    """Return the manual change that pins the grade, or None if it is computed."""
    if not customer.grade_is_manual:
        return None
    changes = GradeChange.objects.filter(customer=customer, source=GradeSource.MANUAL)
    return changes.select_related("actor").order_by("-changed_at", "-pk").first()


def _grade_changes_for(
    user: User, start: dt.date, end: dt.date
) -> QuerySet[GradeChange]:
    since, until = local_day_range(start, end)
    return GradeChange.objects.filter(
        agent__in=agents_visible_to(user), changed_at__gte=since, changed_at__lt=until
    )


def activations_for(user: User, start: dt.date, end: dt.date) -> QuerySet[GradeChange]:
    """Return moves up (5->3, 3->2, 5->2) from local date `start` to `end` inclusive.

    Scope: changes of customers whose agent `user` may see, by the agent the
    customer had when the grade changed.
    """
    return _grade_changes_for(user, start, end).filter(ACTIVATION)


def downgrades_for(user: User, start: dt.date, end: dt.date) -> QuerySet[GradeChange]:
    """Return moves down (2->3, 3->5, 2->5), scoped like activations_for."""
    return _grade_changes_for(user, start, end).filter(DOWNGRADE)


def workload_for(*, agent: User, start: dt.date, end: dt.date) -> dict[str, Any]:
    """Count an agent's work from the log, local dates `start` to `end` inclusive.

    Withdrawn contacts are left out. Unlike 532 grading, the workload counts
    attempts: a call with outcome "no answer" counts in contacts and calls.
    Keys:
    - contacts: every contact logged, answered or not;
    - calls: contacts of kind phone call, including unanswered ones;
    - visits: contacts of kind face-to-face visit;
    - activities: contacts of kind activity or seminar;
    - appointments: contacts with outcome "appointment made";
    - proposals: contacts with outcome "proposal given";
    - signed: contacts with outcome "signed";
    - signed_premium: Decimal sum in yuan of the premium of those signings;
    - referrals: contacts with outcome "referral received";
    - activations: grade moves up (5->3, 3->2, 5->2) of the agent's customers.
    """
    since, until = local_day_range(start, end)
    contacts = Contact.objects.filter(
        agent=agent, is_void=False, occurred_at__gte=since, occurred_at__lt=until
    )
    signed = Q(outcome=ContactOutcome.SIGNED)
    counts = contacts.aggregate(
        contacts=Count("pk"),
        calls=Count("pk", filter=Q(kind=ContactKind.CALL)),
        visits=Count("pk", filter=Q(kind=ContactKind.VISIT)),
        activities=Count("pk", filter=Q(kind=ContactKind.ACTIVITY)),
        appointments=Count("pk", filter=Q(outcome=ContactOutcome.APPOINTMENT)),
        proposals=Count("pk", filter=Q(outcome=ContactOutcome.PROPOSAL)),
        signed=Count("pk", filter=signed),
        signed_premium=Sum("signed_premium", filter=signed),
        referrals=Count("pk", filter=Q(outcome=ContactOutcome.REFERRAL)),
    )
    counts["signed_premium"] = counts["signed_premium"] or Decimal("0")
    counts["activations"] = (
        GradeChange.objects.filter(
            ACTIVATION, agent=agent, changed_at__gte=since, changed_at__lt=until
        ).count()
    )
    return counts


def customers_to_log_for(user: User, query: str, *, limit: int = SEARCH_LIMIT):
    """Return the user's own customers matching a name, pinyin, initials or phone.

    With an empty query, return the customers contacted most recently.
    """
    customers = Customer.objects.filter(agent=user, office_id=user.office_id)
    query = query.strip()
    if not query:
        recent = customers.filter(last_contact_at__isnull=False)
        found = list(recent.order_by("-last_contact_at", "pk")[:limit])
    else:
        lowered = query.lower().replace(" ", "")
        match = Q(full_name__icontains=query)
        if lowered.isascii() and lowered.isalpha():
            match |= Q(name_pinyin__startswith=lowered)
            match |= Q(name_initials__startswith=lowered)
        if query.isdigit() and len(query) >= 4:
            match |= Q(phone__endswith=query)
        found = list(customers.filter(match).order_by("full_name", "pk")[:limit])
    # Lists show phones masked; the last digits tell namesakes apart.
    for customer in found:
        customer.masked_phone = mask_phone(customer.phone)
    return found
