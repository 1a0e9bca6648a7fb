"""Supervisor review 批阅 of weekly sheets: comments, return and approval.

The sheet's status belongs to the planning app. Its sheet_return and
sheet_approve flip a submitted sheet with a conditional UPDATE, so two
reviewers deciding at once cannot both succeed. The comments written with a
decision share its transaction: a decision that fails leaves no comment.
"""

import logging
from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from revisit.accounts.models import User
from revisit.accounts.selectors import agents_visible_to
from revisit.coaching.access import is_coach
from revisit.coaching.models import SheetComment
from revisit.core.audit import audit_log
from revisit.core.exceptions import DomainError
from revisit.planning.models import SheetEntry, WeeklySheet
from revisit.planning.services.sheets import sheet_approve, sheet_return

logger = logging.getLogger(__name__)

NOT_REVIEWER = _(
    "Only the agent's supervisor or office manager can review this sheet."
)
RETURN_NEEDS_COMMENT = _(
    "Say what to change: write a comment on the sheet or on a row."
)
EMPTY_COMMENT = _("Write a comment first.")
UNKNOWN_ROW = _("A comment names a row that is not on this sheet.")


class Decision:
    COMMENT = "comment"
    RETURN = "return"
    APPROVE = "approve"
    ALL = (COMMENT, RETURN, APPROVE)


def _check_reviewer(actor: User, sheet: WeeklySheet) -> None:
    coaches_agent = agents_visible_to(actor).filter(pk=sheet.agent_id).exists()
    if not (is_coach(actor) and coaches_agent):
        raise DomainError(NOT_REVIEWER, code="not_reviewer")


def review_round(sheet: WeeklySheet) -> int:
    """Return the number of the current review round: 1 + returns so far."""
    returns = SheetComment.objects.filter(sheet=sheet, kind=SheetComment.Kind.RETURNED)
    return returns.count() + 1


def _row_comments(
    sheet: WeeklySheet, row_comments: Mapping[int, str]
) -> list[tuple[SheetEntry, str]]:
    texts = {pk: text.strip() for pk, text in row_comments.items() if text.strip()}
    entries = {
        entry.pk: entry
        for entry in SheetEntry.objects.filter(sheet=sheet, pk__in=list(texts))
    }
    if set(texts) - set(entries):
        raise DomainError(UNKNOWN_ROW, code="unknown_row")
    return [(entries[pk], texts[pk]) for pk in sorted(texts)]


def sheet_review(
    *,
    actor: User,
    sheet: WeeklySheet,
    decision: str,
    comment: str = "",
    row_comments: Mapping[int, str] | None = None,
) -> list[SheetComment]:
    """Store the reviewer's comments and, unless `decision` is "comment", decide.

    `row_comments` maps sheet entry ids to comment text; empty texts are
    skipped. Returning a sheet needs at least one comment so the agent
    learns what to change. Approving and returning raise DomainError unless
    the sheet is submitted. Return the comments written.
    """
    if decision not in Decision.ALL:
        raise ValueError(f"unknown review decision {decision!r}")
    _check_reviewer(actor, sheet)
    comment = comment.strip()
    rows = _row_comments(sheet, row_comments or {})
    if decision == Decision.RETURN and not (comment or rows):
        raise DomainError(RETURN_NEEDS_COMMENT, code="return_needs_comment")
    if decision == Decision.COMMENT and not (comment or rows):
        raise DomainError(EMPTY_COMMENT, code="empty_comment")
    with transaction.atomic():
        round_number = review_round(sheet)
        written = [
            SheetComment(
                sheet=sheet, entry=entry, customer_id=entry.customer_id, author=actor,
                body=text, round=round_number,
            )
            for entry, text in rows
        ]
        kind = {
            Decision.COMMENT: SheetComment.Kind.COMMENT,
            Decision.RETURN: SheetComment.Kind.RETURNED,
            Decision.APPROVE: SheetComment.Kind.APPROVED,
        }[decision]
        if comment or kind != SheetComment.Kind.COMMENT:
            written.append(
                SheetComment(
                    sheet=sheet, author=actor, kind=kind, body=comment,
                    round=round_number,
                )
            )
        SheetComment.objects.bulk_create(written)
        if decision == Decision.RETURN:
            sheet_return(sheet=sheet, actor=actor)
        elif decision == Decision.APPROVE:
            sheet_approve(sheet=sheet, actor=actor)
        else:
            audit_log(
                actor=actor, action="coaching.sheet.commented", target=sheet,
                data={"comments": len(written)},
            )
    logger.info(
        "sheet reviewed sheet=%s decision=%s comments=%s round=%s",
        sheet.pk, decision, len(written), round_number,
    )
    return written
