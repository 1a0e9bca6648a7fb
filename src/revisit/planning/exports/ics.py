"""iCalendar (RFC 5545) feed of an agent's planned calls, visits and invitations.

Times are written in UTC (the trailing Z), so no VTIMEZONE block is needed;
actions without a time become all-day events on their date.
"""

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from revisit.planning.models import ActionKind, PlannedAction

# How long a timed action blocks the calendar.
DURATIONS = {
    ActionKind.PHONE_APPOINTMENT: dt.timedelta(minutes=15),
    ActionKind.VISIT: dt.timedelta(hours=1),
    ActionKind.INVITATION: dt.timedelta(minutes=15),
}
MAX_LINE_OCTETS = 75


def escape_text(value: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma and line breaks."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character."""
    parts = []
    current = ""
    limit = MAX_LINE_OCTETS
    for char in line:
        if len((current + char).encode("utf-8")) > limit:
            parts.append(current)
            current = char
            limit = MAX_LINE_OCTETS - 1  # continuation lines start with a space
        else:
            current += char
    parts.append(current)
    return "\r\n ".join(parts)


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _event_lines(action: PlannedAction, stamp: str) -> list[str]:
    customer = action.entry.customer
    summary = _("%(kind)s: %(customer)s") % {
        "kind": action.get_kind_display(),
        "customer": customer.full_name,
    }
    if action.is_done:
        summary = _("Done: %(summary)s") % {"summary": summary}
    lines = [
        "BEGIN:VEVENT",
        f"UID:planned-action-{action.pk}@revisit",
        f"DTSTAMP:{stamp}",
    ]
    if action.planned_time is None:
        start = action.planned_date
        lines.append(f"DTSTART;VALUE=DATE:{start:%Y%m%d}")
        lines.append(f"DTEND;VALUE=DATE:{start + dt.timedelta(days=1):%Y%m%d}")
    else:
        start = timezone.make_aware(
            dt.datetime.combine(action.planned_date, action.planned_time)
        )
        lines.append(f"DTSTART:{_utc(start)}")
        lines.append(f"DTEND:{_utc(start + DURATIONS[action.kind])}")
    lines.append(f"SUMMARY:{escape_text(summary)}")
    entry_point = action.entry.chosen_entry_point
    if entry_point:
        description = _("Entry point: %(entry_point)s") % {"entry_point": entry_point}
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    lines.append(f"LAST-MODIFIED:{_utc(action.updated_at)}")
    lines.append("END:VEVENT")
    return lines


def calendar_feed(*, calendar_name: str, actions: Iterable[PlannedAction]) -> str:
    """Return the feed as text with CRLF line ends, as RFC 5545 requires."""
    stamp = _utc(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Revisit//Weekly plan//ZH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(calendar_name)}",
    ]
    for action in actions:
        lines.extend(_event_lines(action, stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
