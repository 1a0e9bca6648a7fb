"""The secret token behind an agent's calendar feed."""

import logging

from revisit.core.audit import audit_log
from revisit.planning.models import CalendarToken, new_calendar_token

logger = logging.getLogger(__name__)


def calendar_token_get(*, agent) -> CalendarToken:
    token, _created = CalendarToken.objects.get_or_create(agent=agent)
    return token


def calendar_token_regenerate(*, agent) -> CalendarToken:
    """Replace the token, so every copy of the old feed URL stops working."""
    token, created = CalendarToken.objects.get_or_create(agent=agent)
    if not created:
        token.token = new_calendar_token()
        token.save(update_fields=["token", "updated_at"])
    audit_log(
        actor=agent,
        action="planning.calendar_token.regenerated",
        target=token,
        office=agent.office,
    )
    logger.info("calendar token regenerated agent=%s", agent.pk)
    return token
