"""Take reassigned customers off their old agent's open sheets.

A customer who moves to another agent leaves the old agent's book, so the
old agent can no longer open them; a row left on their sheet would keep
showing up in the day view and the calendar feed. Open sheets (proposed,
in progress, returned) lose the row and its planned actions. Submitted and
approved sheets keep it: they record what the agent reported that week.
"""

import logging
from collections.abc import Iterable

from revisit.accounts.models import User
from revisit.planning.models import EDITABLE_STATUSES, SheetEntry
from revisit.planning.services.sheets import sheet_touch

logger = logging.getLogger(__name__)

CHUNK_SIZE = 500


def entries_drop_for_reassigned(
    *, customer_ids: Iterable[int], from_agent: User
) -> int:
    """Delete the customers' rows on `from_agent`'s open sheets; return how many.

    Run inside the reassignment's transaction, so the book and the sheets
    change together. Each changed sheet gets a new version, so a form
    rendered before the move is rejected instead of saving into a gone row.
    """
    ids = sorted(set(customer_ids))
    sheet_ids: set[int] = set()
    dropped = 0
    # Chunks keep each statement under SQLite's limit on bound variables.
    for start in range(0, len(ids), CHUNK_SIZE):
        entries = SheetEntry.objects.filter(
            sheet__agent_id=from_agent.pk,
            sheet__status__in=EDITABLE_STATUSES,
            customer_id__in=ids[start : start + CHUNK_SIZE],
        )
        found = list(entries.values_list("pk", "sheet_id"))
        if not found:
            continue
        # Planned actions go with their entry (on_delete=CASCADE).
        SheetEntry.objects.filter(pk__in=[pk for pk, _sheet in found]).delete()
        sheet_ids.update(sheet for _pk, sheet in found)
        dropped += len(found)
    for sheet_id in sorted(sheet_ids):
        sheet_touch(sheet_id)
    if dropped:
        logger.info(
            "sheet rows dropped after reassignment agent=%s sheets=%s rows=%s",
            from_agent.pk, len(sheet_ids), dropped,
        )
    return dropped
