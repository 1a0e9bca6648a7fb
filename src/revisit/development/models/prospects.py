from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from revisit.core.models import BaseModel


class ReferralRelation(models.TextChoices):
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    SIBLING = "sibling", _("Sibling")
    RELATIVE = "relative", _("Other relative")
    FRIEND = "friend", _("Friend")
    COLLEAGUE = "colleague", _("Colleague")
    NEIGHBOUR = "neighbour", _("Neighbour")
    OTHER = "other", _("Other")


class ProspectStatus(models.TextChoices):
    NEW = "new", _("New")
    CONTACTED = "contacted", _("Contacted")
    PROPOSAL = "proposal", _("Proposal given")
    CUSTOMER = "customer", _("Became a customer")
    DROPPED = "dropped", pgettext_lazy("prospect status", "Dropped")


# Statuses a prospect may be set to by hand; "became a customer" is set only
# when an imported policy shows them in the book.
MANUAL_PROSPECT_STATUSES = (
    ProspectStatus.NEW,
    ProspectStatus.CONTACTED,
    ProspectStatus.PROPOSAL,
    ProspectStatus.DROPPED,
)


class Prospect(BaseModel):
    """A person who is not a customer yet, often referred by one (转介绍)."""

    office = models.ForeignKey(
        "accounts.Office",
        verbose_name=_("sales office"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent"),
        on_delete=models.PROTECT,
        related_name="prospects",
    )
    full_name = models.CharField(_("name"), max_length=100)
    phone = models.CharField(_("phone"), max_length=30, blank=True, db_index=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    relation = models.CharField(
        _("relation to the referrer"),
        max_length=20,
        choices=ReferralRelation.choices,
        blank=True,
    )
    referred_by = models.ForeignKey(
        "book.Customer",
        verbose_name=_("referred by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProspectStatus.choices,
        default=ProspectStatus.NEW,
        db_index=True,
    )
    customer = models.ForeignKey(
        "book.Customer",
        verbose_name=_("became customer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    converted_at = models.DateTimeField(
        _("became a customer at"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("prospect")
        verbose_name_plural = _("prospects")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["agent", "status"], name="dev_prospect_agent_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name
