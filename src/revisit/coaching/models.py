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
