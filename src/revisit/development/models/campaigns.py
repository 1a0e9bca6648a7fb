from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from revisit.core.models import BaseModel


class CampaignKind(models.TextChoices):
    GREETINGS = "greetings", _("Spring Festival greetings")
    SEMINAR = "seminar", _("Product seminar")
    PRE_ORDER = "pre_order", _("Pre-order form")
    FULL_COVERAGE = "full_coverage", _("Full-coverage plan")
    SERVICE_NOTICE = "service_notice", _("Policy-service notice")


class TargetStatus(models.TextChoices):
    """How far a target has come, in the order a campaign moves them."""

    PLANNED = "planned", _("Not invited yet")
    INVITED = "invited", _("Invited")
    REPLIED = "replied", _("Replied")
    ATTENDED = "attended", _("Attended")
    PROPOSAL = "proposal", _("Proposal given")
    SIGNED = "signed", _("Signed")
    DECLINED = "declined", _("Declined")


# The funnel order used to count results: a target who attended has also
# been invited and has replied. Declined targets were reached, no further.
FUNNEL = [
    TargetStatus.PLANNED,
    TargetStatus.INVITED,
    TargetStatus.REPLIED,
    TargetStatus.ATTENDED,
    TargetStatus.PROPOSAL,
    TargetStatus.SIGNED,
]


class Campaign(BaseModel):
    """An activity aimed at a list of customers: greetings, a seminar, a form."""

    office = models.ForeignKey(
        "accounts.Office",
        verbose_name=_("sales office"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        pgettext_lazy("campaign", "kind"),
        max_length=20,
        choices=CampaignKind.choices,
    )
    event_date = models.DateField(
        _("date"),
        null=True,
        blank=True,
        help_text=_("The seminar's date, or the day greetings go out."),
    )
    product = models.ForeignKey(
        "book.Product",
        verbose_name=_("featured product"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    filters = models.JSONField(
        _("target filters"),
        default=dict,
        blank=True,
        help_text=_("The filters the target list was built from."),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name


class CampaignTarget(BaseModel):
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="targets",
    )
    customer = models.ForeignKey(
        "book.Customer",
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The customer's agent when the target was added."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=TargetStatus.choices,
        default=TargetStatus.PLANNED,
    )
    signed_premium = models.DecimalField(
        _("signed premium"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("campaign target")
        verbose_name_plural = _("campaign targets")
        ordering = ["campaign", "agent", "customer"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "customer"], name="development_target_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["campaign", "agent"], name="dev_target_agent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.customer_id}"
