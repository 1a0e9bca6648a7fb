"""Writes to the contact log: log, edit and withdraw a contact.

Each write refreshes the customer's last contact time, regrades the customer
and sends `signals.contact_saved`, all in the transaction of the write.
"""

import datetime as dt
import logging
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from revisit.accounts.models import User
from revisit.book.models import Customer
from revisit.core.audit import audit_log
from revisit.core.exceptions import DomainError
from revisit.outreach.models import Contact, ContactRevision
from revisit.outreach.permissions import can_change_contact, can_log_contacts
from revisit.outreach.services.grading import customer_regrade
from revisit.outreach.signals import contact_saved

logger = logging.getLogger(__name__)

# The fields an agent fills in; keep in step with forms.ContactForm.
CONTACT_FIELDS = (
    "kind",
    "occurred_at",
    "purpose",
    "entry_point",
    "outcome",
    "signed_policy_number",
    "signed_premium",
    "refusal_reason",
    "next_step",
    "next_step_date",
    "notes",
)


def _check_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(CONTACT_FIELDS)
    if unknown:
        raise TypeError(f"unknown contact fields: {', '.join(sorted(unknown))}")


def _json_value(value: Any) -> Any:
    """Return `value` in a form JSONField stores and selectors can read back."""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        # The only decimal field is a premium in yuan with two places.
        return f"{value:.2f}"
    return value


def _after_write(*, actor: User, contact: Contact, action: str) -> None:
    customer_id = contact.customer_id
    latest = Contact.objects.filter(customer_id=customer_id, is_void=False).aggregate(
        latest=Max("occurred_at")
    )["latest"]
    Customer.objects.filter(pk=customer_id).update(last_contact_at=latest)
    contact.customer.last_contact_at = latest
    customer_regrade(customer=contact.customer, actor=actor)
    contact_saved.send(sender=Contact, contact=contact, action=action)


def contact_log(*, actor: User, customer: Customer, **fields: Any) -> Contact:
    """Log a contact with `customer`; `occurred_at` defaults to now.

    Raises PermissionDenied unless `actor` is the customer's agent, and
    ValidationError when the fields break the rules in Contact.clean().
    """
    _check_fields(fields)
    if not can_log_contacts(actor, customer):
        raise PermissionDenied
    fields.setdefault("occurred_at", timezone.now())
    contact = Contact(
        office_id=customer.office_id, customer=customer, agent=actor, **fields
    )
    contact.full_clean()

    with transaction.atomic():
        contact.save()
        audit_log(
            actor=actor, action="outreach.contact.logged", target=contact,
            office=customer.office,
            data={
                "customer": customer.pk, "kind": contact.kind,
                "outcome": contact.outcome,
            },
        )
        _after_write(actor=actor, contact=contact, action="logged")
    logger.info(
        "contact logged contact=%s customer=%s agent=%s",
        contact.pk, customer.pk, actor.pk,
    )
    return contact


def contact_edit(*, actor: User, contact: Contact, **fields: Any) -> Contact:
    """Change a contact and keep the replaced values in a ContactRevision.

    The old values are read from the database, so `contact` may already carry
    the new ones (a bound ModelForm sets them). Nothing is written when no
    value changes. Withdrawn contacts cannot be edited (DomainError).
    """
    _check_fields(fields)
    if not can_change_contact(actor, contact):
        raise PermissionDenied

    with transaction.atomic():
        stored = Contact.objects.select_for_update().get(pk=contact.pk)
        stored.customer = contact.customer
        if stored.is_void:
            raise DomainError(
                _("This contact was withdrawn and can no longer be edited."),
                code="contact_withdrawn",
            )
        before = {name: getattr(stored, name) for name in CONTACT_FIELDS}
        for name, value in fields.items():
            setattr(stored, name, value)
        stored.full_clean()
        changes = {}
        for name in CONTACT_FIELDS:
            old, new = before[name], getattr(stored, name)
            if old != new:
                changes[name] = {"old": _json_value(old), "new": _json_value(new)}
        if not changes:
            return stored

        stored.save()
        ContactRevision.objects.create(
            contact=stored, action=ContactRevision.Action.EDITED, changes=changes,
            changed_by=actor,
        )
        audit_log(
            actor=actor, action="outreach.contact.edited", target=stored,
            office=stored.customer.office, data={"fields": sorted(changes)},
        )
        _after_write(actor=actor, contact=stored, action="edited")
    logger.info("contact edited contact=%s fields=%s", stored.pk, ",".join(changes))
    return stored


def contact_void(*, actor: User, contact: Contact, reason: str) -> Contact:
    """Withdraw a contact: it stays in the timeline but counts nowhere."""
    if not can_change_contact(actor, contact):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise DomainError(
            _("Enter a reason for withdrawing the contact."), code="void_reason_missing"
        )
    if contact.is_void:
        raise DomainError(
            _("This contact was already withdrawn."), code="contact_withdrawn"
        )

    with transaction.atomic():
        contact.is_void = True
        contact.void_reason = reason
        contact.voided_at = timezone.now()
        contact.voided_by = actor
        contact.save(
            update_fields=[
                "is_void", "void_reason", "voided_at", "voided_by", "updated_at"
            ]
        )
        ContactRevision.objects.create(
            contact=contact, action=ContactRevision.Action.WITHDRAWN, reason=reason,
            changes={"is_void": {"old": False, "new": True}}, changed_by=actor,
        )
        audit_log(
            actor=actor, action="outreach.contact.withdrawn", target=contact,
            office=contact.customer.office,
        )
        _after_write(actor=actor, contact=contact, action="withdrawn")
    logger.info("contact withdrawn contact=%s", contact.pk)
    return contact
