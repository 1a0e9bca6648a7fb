"""Audit log writer: masks sensitive keys before they are stored."""

from typing import Any

from django.db import models

from revisit.core.masking import mask_id_number, mask_phone
from revisit.core.models import AuditEntry

_MASKERS = {
    "id_number": mask_id_number,
    "phone": mask_phone,
    "phone_alt": mask_phone,
}


def _masked(data: dict[str, Any]) -> dict[str, Any]:
    clean = {}
    for key, value in data.items():
        masker = _MASKERS.get(key)
        clean[key] = masker(value) if masker and isinstance(value, str) else value
    return clean


def audit_log(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    office=None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record `action` (a dotted code such as `book.customer.revealed`)."""
    if office is None and target is not None:
        office = getattr(target, "office", None)
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        office=office,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        data=_masked(data or {}),
    )
