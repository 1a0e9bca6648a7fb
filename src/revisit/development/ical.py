"""iCalendar (RFC 5545) VEVENT text for occasions, for an agent's calendar feed.

The feed itself (VCALENDAR, token check, HTTP response) belongs to the
planning app; this module only turns occasions into events it can include.
"""

import datetime as dt
from collections.abc import Iterable

from django.utils.translation import gettext

from revisit.development.selectors.occasions import Occasion

# RFC 5545 section 3.1: content lines are folded at 75 octets.
MAX_LINE_OCTETS = 75
UID_DOMAIN = "occasions.revisit"


def _escape(text: str) -> str:
    """Escape a TEXT value (RFC 5545 section 3.3.11)."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character."""
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        # Continuation lines start with a space, which counts in their 75.
        limit = MAX_LINE_OCTETS if not parts else MAX_LINE_OCTETS - 1
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def occasion_vevent(occasion: Occasion, *, stamp: dt.datetime) -> str:
    """Return one all-day VEVENT for `occasion`, lines ending in CRLF.

    `stamp` is the feed's generation time (DTSTAMP), an aware datetime. The
    UID stays the same for the same occasion, so calendar apps update the
    event in place when the feed is fetched again.
    """
    if occasion.customer_name:
        summary = gettext("%(occasion)s: %(customer)s") % {
            "occasion": occasion.kind_label,
            "customer": occasion.customer_name,
        }
    else:
        summary = occasion.reason
    description = f"{occasion.reason}\n{occasion.action}"
    next_day = occasion.date + dt.timedelta(days=1)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{occasion.uid}@{UID_DOMAIN}",
        f"DTSTAMP:{stamp.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}",
        f"DTSTART;VALUE=DATE:{occasion.date:%Y%m%d}",
        f"DTEND;VALUE=DATE:{next_day:%Y%m%d}",
        f"SUMMARY:{_escape(summary)}",
        f"DESCRIPTION:{_escape(description)}",
        f"CATEGORIES:{_escape(occasion.kind_label)}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]
    return "".join(_fold(line) + "\r\n" for line in lines)


def occasions_vevents(occasions: Iterable[Occasion], *, stamp: dt.datetime) -> str:
    """Return the VEVENTs of all `occasions`, ready to place inside a VCALENDAR."""
    return "".join(occasion_vevent(occasion, stamp=stamp) for occasion in occasions)
