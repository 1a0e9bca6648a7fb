"""Template filters shared by the supervisor's pages."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

from revisit.core.masking import mask_phone

register = template.Library()


@register.filter
def masked_phone(value: str | None) -> str:
    return mask_phone(value)


@register.filter
def percent(value: Decimal | None) -> str:
    """Format a percentage with two decimals, or a dash when there is none."""
    if value is None:
        return "–"
    return f"{number_format(value, 2)}%"
