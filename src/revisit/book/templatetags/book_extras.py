"""Template filters and tags for the book's pages."""

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from revisit.book.models import CoverageLine, PaymentTermKind
from revisit.core.masking import mask_id_number, mask_phone

register = template.Library()

# The sort a column header switches to: its usual direction first, then
# the other one where the list offers it.
_HEADER_SORTS = {
    "name": ["name"],
    "grade": ["grade", "-grade"],
    "due": ["due"],
    "policies": ["-policies", "policies"],
    "premium": ["-premium"],
    "contact": ["contact", "-contact"],
}


@register.filter
def masked_phone(value: str) -> str:
    return mask_phone(value)


@register.filter
def masked_id(value: str) -> str:
    return mask_id_number(value)


@register.filter
def payment_term(line: CoverageLine) -> str:
    """Describe a coverage line's payment term: "20 years", "to age 60"."""
    value = line.payment_term_value
    if line.payment_term_kind == PaymentTermKind.YEARS and value:
        return ngettext("%(years)s year", "%(years)s years", value) % {"years": value}
    if line.payment_term_kind == PaymentTermKind.TO_AGE and value:
        return _("to age %(age)s") % {"age": value}
    if line.payment_term_kind:
        return line.get_payment_term_kind_display()
    return ""


@register.simple_tag(takes_context=True)
def header_sort(context, column: str) -> dict:
    """Return the query string and state of a sortable column header.

    The result has `query` (the list's query string with the new sort and
    the first page) and `current`: "ascending", "descending" or "none" for
    the header's aria-sort.
    """
    request = context["request"]
    current = request.GET.get("sort") or "name"
    sorts = _HEADER_SORTS[column]
    if current in sorts:
        position = sorts.index(current)
        target = sorts[(position + 1) % len(sorts)]
        state = "descending" if current.startswith("-") else "ascending"
    else:
        target, state = sorts[0], "none"
    params = request.GET.copy()
    params.pop("page", None)
    params["sort"] = target
    return {"query": "?" + params.urlencode(), "current": state}
