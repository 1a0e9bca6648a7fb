"""Template filters for the development app: money and masked phones."""

from decimal import Decimal

from django import template

from revisit.core.masking import mask_phone
from revisit.development.text import format_percent, format_yuan

register = template.Library()


@register.filter
def yuan(amount) -> str:
    """Format an amount in yuan as a customer reads it (300万元)."""
    if amount in (None, ""):
        return ""
    return format_yuan(Decimal(amount))


@register.filter
def masked_phone(value: str) -> str:
    return mask_phone(value)


@register.filter
def percent(share) -> str:
    """Format a fraction such as 0.10 as a percentage (10%)."""
    if share in (None, ""):
        return ""
    return format_percent(Decimal(share))
