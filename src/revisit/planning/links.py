"""Links into the contact log, which the outreach app serves."""

from urllib.parse import urlencode

from django.urls import reverse


def contact_log_url(customer_id: int, *, next_url: str = "") -> str:
    """Return the URL that logs a contact for the customer, then goes to `next_url`."""
    url = reverse("outreach:contact_log", args=[customer_id])
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url
