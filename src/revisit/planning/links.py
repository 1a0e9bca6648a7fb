"""Links into the contact log, which the outreach app serves."""

from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse


def contact_log_url(customer_id: int, *, next_url: str = "") -> str:
    """Return the URL that logs a contact for the customer, or "" without a log page."""
    try:
        url = reverse("outreach:contact_log", args=[customer_id])
    except NoReverseMatch:
        # The contact log page comes with the outreach screens; until they
        # are installed, the planning screens show no log link.
        return ""
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url
