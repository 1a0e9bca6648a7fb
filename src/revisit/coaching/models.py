"""Records the supervisor's side keeps: reassignments of the book."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Reassignment(models.Model):
    """One customer or one policy moved from one agent to another.

    A customer move writes one row for the customer and one row per held
    policy that moved with them; rows of one request share a `batch`.
    """

    class Kind(models.TextChoices):
        CUSTOMER = "customer", _("Customer")
        POLICY = "policy", _("Policy")

    office = models.ForeignKey(
        "accounts.Office", verbose_name=_("sales office"), on_delete=models.PROTECT,
        related_name="+",
    )
    batch = models.UUIDField(_("batch"), default=uuid.uuid4, db_index=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("moved by"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    from_agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("from agent"),
        on_delete=models.PROTECT, related_name="+",
    )
    to_agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("to agent"),
        on_delete=models.PROTECT, related_name="+",
    )
    customer = models.ForeignKey(
        "book.Customer", verbose_name=_("customer"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="reassignments",
    )
    policy = models.ForeignKey(
        "book.Policy", verbose_name=_("policy"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="reassignments",
    )
    made_orphan = models.BooleanField(
        _("became an orphan policy"), default=False,
        help_text=_("The policy left an agent who has left the office."),
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("moved at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("reassignment")
        verbose_name_plural = _("reassignments")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        kind="customer", customer__isnull=False, policy__isnull=True
                    )
                    | models.Q(kind="policy", policy__isnull=False)
                ),
                name="coaching_reassignment_kind_target",
            ),
        ]
        indexes = [
            models.Index(
                fields=["office", "created_at"], name="coaching_reassign_office_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.from_agent_id}->{self.to_agent_id}"


class SheetComment(models.Model):
    """A supervisor's comment on a weekly sheet, on one customer row or the whole.

    Comments are never edited or deleted, so the sheet keeps the history of
    every review round. A return or an approval is recorded as a comment of
    that kind, with the reviewer's words for the whole sheet.
    """

    class Kind(models.TextChoices):
        COMMENT = "comment", _("Comment")
        RETURNED = "returned", _("Returned")
        APPROVED = "approved", _("Approved")

    sheet = models.ForeignKey(
        "planning.WeeklySheet", verbose_name=_("weekly review sheet"),
        on_delete=models.CASCADE, related_name="review_comments",
    )
    entry = models.ForeignKey(
        "planning.SheetEntry", verbose_name=_("sheet row"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="review_comments",
        help_text=_("Empty for a comment on the whole sheet."),
    )
    customer = models.ForeignKey(
        "book.Customer", verbose_name=_("customer"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
        help_text=_("The row's customer, kept when the agent swaps the row away."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=Kind.choices, default=Kind.COMMENT
    )
    body = models.TextField(_("comment"), blank=True)
    round = models.PositiveSmallIntegerField(
        _("review round"), default=1,
        help_text=_("1 for the first review of the sheet, 2 after one return, ..."),
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("sheet comment")
        verbose_name_plural = _("sheet comments")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="comment", body=""),
                name="coaching_comment_has_body",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sheet_id} {self.kind}"
