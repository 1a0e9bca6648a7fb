"""Writes for prospects: add, change, and turn into customers after an import."""

import logging
import re
from collections import defaultdict

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from revisit.book.models import Customer
from revisit.core.audit import audit_log
from revisit.development.models import Prospect, ProspectStatus

logger = logging.getLogger(__name__)

PROSPECT_FIELDS = (
    "full_name",
    "phone",
    "birth_date",
    "relation",
    "referred_by",
    "notes",
    "status",
)
_NOT_DIGITS = re.compile(r"\D")


def phone_digits(text: str) -> str:
    """Return a phone number as digits, without a leading +86 country code."""
    digits = _NOT_DIGITS.sub("", text or "")
    if len(digits) == 13 and digits.startswith("86"):
        return digits[2:]
    return digits


def _name_key(name: str) -> str:
    return "".join(name.split())


def prospect_create(*, actor, **fields) -> Prospect:
    unknown = set(fields) - set(PROSPECT_FIELDS)
    if unknown:
        raise TypeError(f"unknown prospect fields: {', '.join(sorted(unknown))}")
    fields["phone"] = phone_digits(fields.get("phone", ""))
    prospect = Prospect.objects.create(office_id=actor.office_id, agent=actor, **fields)
    audit_log(
        actor=actor,
        action="development.prospect.created",
        target=prospect,
        data={"referred_by": prospect.referred_by_id, "phone": prospect.phone},
    )
    return prospect


def prospect_update(*, actor, prospect: Prospect, **fields) -> Prospect:
    unknown = set(fields) - set(PROSPECT_FIELDS)
    if unknown:
        raise TypeError(f"unknown prospect fields: {', '.join(sorted(unknown))}")
    if "phone" in fields:
        fields["phone"] = phone_digits(fields["phone"])
    for field, value in fields.items():
        setattr(prospect, field, value)
    prospect.save(update_fields=[*fields, "updated_at"])
    audit_log(
        actor=actor,
        action="development.prospect.changed",
        target=prospect,
        data={"fields": sorted(fields)},
    )
    return prospect


def _match(prospect: Prospect, by_phone: dict, by_name_birth: dict) -> Customer | None:
    """Return the one customer this prospect became, or None when unsure.

    A match needs the same name with the same phone, or the same name with
    the same birth date. A phone alone is not enough, because families share
    one number on several policies.
    """
    name = _name_key(prospect.full_name)
    candidates: dict[int, Customer] = {}
    if prospect.phone:
        for customer in by_phone.get(prospect.phone, []):
            if _name_key(customer.full_name) == name:
                candidates[customer.pk] = customer
    if prospect.birth_date is not None:
        for customer in by_name_birth.get((name, prospect.birth_date), []):
            candidates[customer.pk] = customer
    if len(candidates) == 1:
        return next(iter(candidates.values()))
    return None


def prospects_convert(*, office_id: int) -> int:
    """Mark prospects who now appear in the book as customers; return how many.

    Meant to run after each import, since a customer exists only once a
    policy for them was imported. Prospects already converted are left
    alone, dropped ones are converted too (they bought after all), and a
    prospect matching two customers is left for the agent. Safe to run again.
    """
    waiting = list(Prospect.objects.filter(office_id=office_id, customer__isnull=True))
    if not waiting:
        return 0
    phones = {p.phone for p in waiting if p.phone}
    names = {_name_key(p.full_name) for p in waiting}
    customers = (
        Customer.objects.filter(office_id=office_id)
        .filter(Q(phone__in=phones) | Q(phone_alt__in=phones) | Q(full_name__in=names))
        .only("pk", "full_name", "phone", "phone_alt", "birth_date")
    )
    by_phone: dict[str, list[Customer]] = defaultdict(list)
    by_name_birth: dict[tuple, list[Customer]] = defaultdict(list)
    for customer in customers:
        for phone in {phone_digits(customer.phone), phone_digits(customer.phone_alt)}:
            if phone:
                by_phone[phone].append(customer)
        if customer.birth_date is not None:
            by_name_birth[(_name_key(customer.full_name), customer.birth_date)].append(
                customer
            )

    converted = 0
    now = timezone.now()
    with transaction.atomic():
        for prospect in waiting:
            customer = _match(prospect, by_phone, by_name_birth)
            if customer is None:
                continue
            # Conditional update, so two runs at once convert a prospect once.
            converted += Prospect.objects.filter(
                pk=prospect.pk, customer__isnull=True
            ).update(
                customer=customer,
                status=ProspectStatus.CUSTOMER,
                converted_at=now,
                updated_at=now,
            )
    logger.info("converted prospects office=%s converted=%s", office_id, converted)
    return converted
