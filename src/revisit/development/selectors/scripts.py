"""Reads of talk scripts, the facts that fill them, and technique results."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.formats import date_format

from revisit.accounts.models import User
from revisit.accounts.selectors import agent_ids_visible_to
from revisit.book.models import CoverageLine, Customer, Policy, PolicyStatus, Product
from revisit.book.services.classification import policy_is_paying
from revisit.development.models import Opportunity, TalkScript, Technique
from revisit.development.services.needs import Gap, age_on, is_child
from revisit.development.text import name_title
from revisit.outreach.models import Contact, ContactOutcome


def scripts_for_office(office_id: int, *, active_only: bool = True) -> list[TalkScript]:
    """Return the office's scripts: its own, and library ones it has not replaced.

    An office copy of a library script takes the library script's place,
    even when the copy is switched off.
    """
    scripts = TalkScript.objects.filter(Q(office__isnull=True) | Q(office_id=office_id))
    replaced = set(
        TalkScript.objects.filter(
            office_id=office_id, replaces__isnull=False
        ).values_list("replaces_id", flat=True)
    )
    chosen = [
        script
        for script in scripts.order_by("technique", "position", "pk")
        if script.pk not in replaced and (script.is_active or not active_only)
    ]
    order = {technique: index for index, technique in enumerate(Technique.values)}
    return sorted(chosen, key=lambda s: (order[s.technique], s.position, s.pk))


def _product_name_of(policy: Policy) -> str:
    line = (
        CoverageLine.objects.filter(policy=policy)
        .order_by("is_rider", "product_code")
        .values_list("product_name", "product_code")
        .first()
    )
    return (line[0] or line[1]) if line else ""


def _in_force_policies(customer: Customer) -> list[Policy]:
    """Return the policies that count for the customer, as classification counts.

    Those the customer holds, or, for a customer who holds none, those they
    are insured on.
    """
    in_force = Policy.objects.filter(status=PolicyStatus.IN_FORCE)
    held = list(in_force.filter(holder=customer))
    return held or list(in_force.filter(insured=customer))


def _next_due_policy(policies: list[Policy], today: dt.date) -> Policy | None:
    """Return the paying policy whose paid-to date is the next premium's due date."""
    paying = [
        policy
        for policy in policies
        if policy.paid_to_date is not None
        and policy_is_paying(
            {
                "status": policy.status,
                "payment_mode": policy.payment_mode,
                "paid_to_date": policy.paid_to_date,
                "payment_end_date": policy.payment_end_date,
            },
            today,
        )
    ]
    return min(paying, key=lambda p: (p.paid_to_date, p.pk), default=None)


def _policy_and_due_date(customer: Customer, today: dt.date) -> tuple[str, str]:
    """Return the {policy} and {due_date} values, both from one policy.

    With a policy still paying, both come from the one whose premium falls
    due first. Without one, {policy} names the largest policy in force and
    {due_date} stays empty, because no premium is due.
    """
    policies = _in_force_policies(customer)
    due = _next_due_policy(policies, today)
    if due is not None:
        return _product_name_of(due), date_format(due.paid_to_date, "SHORT_DATE_FORMAT")
    largest = min(
        policies, key=lambda p: (-(p.annual_premium or 0), p.pk), default=None
    )
    return (_product_name_of(largest) if largest else ""), ""


def _product_name(
    customer: Customer, gaps: list[Gap], opportunity: Opportunity | None, today: dt.date
) -> str:
    if opportunity is not None and opportunity.product_id:
        return opportunity.product.name
    codes = [gap.product_code for gap in gaps if gap.product_code]
    products = Product.objects.filter(office_id=customer.office_id, is_active=True)
    if codes:
        named = products.filter(code=codes[0]).first()
        if named is not None:
            return named.name
    age = age_on(customer.birth_date, today)
    for product in products.filter(is_featured=True, is_rider=False).order_by("code"):
        fits_min = product.min_age is None or (
            age is not None and age >= product.min_age
        )
        fits_max = product.max_age is None or (
            age is not None and age <= product.max_age
        )
        if fits_min and fits_max:
            return product.name
    return ""


def _gap_headline(gaps: list[Gap], opportunity: Opportunity | None) -> str:
    if opportunity is not None and opportunity.gap_key:
        for gap in gaps:
            if gap.key == opportunity.gap_key:
                return gap.headline
    sales = [gap for gap in gaps if gap.opportunity_kind]
    return sales[0].headline if sales else ""


def script_values_for(
    customer: Customer,
    *,
    gaps: list[Gap],
    opportunity: Opportunity | None = None,
    today: dt.date,
) -> dict[str, str]:
    """Return the customer's facts for a script's placeholders.

    Values the book does not have are empty strings, which leave the
    placeholder visible in the filled script.
    """
    policy, due_date = _policy_and_due_date(customer, today)
    return {
        "name_title": name_title(
            customer.full_name,
            customer.gender,
            is_child=is_child(customer.birth_date, today),
        ),
        "policy": policy,
        "due_date": due_date,
        "product": _product_name(customer, gaps, opportunity, today),
        "gap": _gap_headline(gaps, opportunity),
    }


@dataclass(frozen=True)
class TechniqueStats:
    technique: str
    label: str
    uses: int
    appointments: int
    proposals: int
    signed: int
    referrals: int
    refused: int

    @property
    def success_percent(self) -> int | None:
        """Share of uses that led to a proposal or a signature, in percent."""
        if not self.uses:
            return None
        return round(100 * (self.proposals + self.signed) / self.uses)


def technique_stats_for(
    user: User, *, start: dt.date | None = None, end: dt.date | None = None
) -> list[TechniqueStats]:
    """Return per technique how often it was used and what came of it.

    Counts the contacts, not withdrawn, of the customers in the user's scope
    that were logged with a technique.
    """
    contacts = Contact.objects.filter(
        customer__agent_id__in=agent_ids_visible_to(user), is_void=False
    ).exclude(technique="")
    if start is not None:
        contacts = contacts.filter(occurred_at__date__gte=start)
    if end is not None:
        contacts = contacts.filter(occurred_at__date__lte=end)
    rows = contacts.values("technique").annotate(
        uses=Count("pk"),
        appointments=Count("pk", filter=Q(outcome=ContactOutcome.APPOINTMENT)),
        proposals=Count("pk", filter=Q(outcome=ContactOutcome.PROPOSAL)),
        signed=Count("pk", filter=Q(outcome=ContactOutcome.SIGNED)),
        referrals=Count("pk", filter=Q(outcome=ContactOutcome.REFERRAL)),
        refused=Count("pk", filter=Q(outcome=ContactOutcome.REFUSED)),
    )
    by_technique = {row["technique"]: row for row in rows}
    stats = []
    for technique, label in Technique.choices:
        row = by_technique.get(technique, {})
        stats.append(
            TechniqueStats(
                technique=technique,
                label=str(label),
                uses=row.get("uses", 0),
                appointments=row.get("appointments", 0),
                proposals=row.get("proposals", 0),
                signed=row.get("signed", 0),
                referrals=row.get("referrals", 0),
                refused=row.get("refused", 0),
            )
        )
    return stats
