from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from revisit.core.models import BaseModel
from revisit.development.cover_groups import CoverGroup


class OpportunityKind(models.TextChoices):
    # Vertical: more for the same person.
    RAISE_COVER = "raise_cover", _("Raise the sum assured")
    ADD_CATEGORY = "add_category", _("Add a category of cover")
    NEWER_PRODUCT = "newer_product", _("A newer product for their stage")
    # Horizontal: from the person to the family, and on to referrals.
    COVER_SPOUSE = "cover_spouse", _("Cover the spouse")
    COVER_CHILDREN = "cover_children", _("Cover the children")
    COVER_PARENTS = "cover_parents", _("Cover the parents")
    REFERRAL = "referral", _("Ask for referrals")


VERTICAL_KINDS = frozenset(
    {
        OpportunityKind.RAISE_COVER,
        OpportunityKind.ADD_CATEGORY,
        OpportunityKind.NEWER_PRODUCT,
    }
)


class OpportunityStage(models.TextChoices):
    IDENTIFIED = "identified", _("Identified")
    CONTACTED = "contacted", _("Contacted")
    PROPOSAL = "proposal", _("Proposal given")
    SIGNED = "signed", _("Signed")
    LOST = "lost", _("Lost")


OPEN_STAGES = (
    OpportunityStage.IDENTIFIED,
    OpportunityStage.CONTACTED,
    OpportunityStage.PROPOSAL,
)


class OpportunitySource(models.TextChoices):
    GAP = "gap", _("Needs analysis")
    MANUAL = "manual", _("Added by hand")
    FOLLOW_UP = "follow_up", _("After a signed sale")


class Opportunity(BaseModel):
    """A next sale for a customer, followed from identified to signed or lost.

    `customer` is the person the agent talks to. `subject` is the person the
    new cover is for when that is someone else, such as a child.
    """

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
        related_name="opportunities",
    )
    customer = models.ForeignKey(
        "book.Customer",
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="opportunities",
    )
    subject = models.ForeignKey(
        "book.Customer",
        verbose_name=_("cover for"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The family member the cover is for, when not the customer."),
    )
    kind = models.CharField(
        pgettext_lazy("opportunity", "kind"),
        max_length=20,
        choices=OpportunityKind.choices,
    )
    cover_group = models.CharField(
        _("cover"), max_length=20, choices=CoverGroup.choices, blank=True
    )
    product = models.ForeignKey(
        "book.Product",
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    summary = models.CharField(_("summary"), max_length=400)
    source = models.CharField(
        _("source"),
        max_length=20,
        choices=OpportunitySource.choices,
        default=OpportunitySource.MANUAL,
    )
    gap_key = models.CharField(
        _("gap key"),
        max_length=100,
        blank=True,
        help_text=_(
            "Identifies the gap this was generated from, so it is generated once."
        ),
    )
    stage = models.CharField(
        _("stage"),
        max_length=20,
        choices=OpportunityStage.choices,
        default=OpportunityStage.IDENTIFIED,
        db_index=True,
    )
    stage_changed_at = models.DateTimeField(
        _("stage changed at"), null=True, blank=True
    )
    expected_premium = models.DecimalField(
        _("expected annual premium"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    lost_reason = models.CharField(_("reason lost"), max_length=200, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    policy_number = models.CharField(
        _("policy number"),
        max_length=40,
        blank=True,
        help_text=_("The new policy's number, when known, to link it once imported."),
    )
    policy = models.ForeignKey(
        "book.Policy",
        verbose_name=_("policy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    linked_at = models.DateTimeField(_("linked to policy at"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "gap_key"],
                condition=~models.Q(gap_key=""),
                name="development_opportunity_unique_gap",
            ),
            models.CheckConstraint(
                condition=~models.Q(stage="lost") | ~models.Q(lost_reason=""),
                name="development_opportunity_lost_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(stage="signed") | models.Q(signed_on__isnull=False),
                name="development_opportunity_signed_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["agent", "stage"], name="dev_opp_agent_stage_idx"),
            models.Index(fields=["customer", "stage"], name="dev_opp_cust_stage_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.customer_id}"

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES

    @property
    def is_vertical(self) -> bool:
        return self.kind in VERTICAL_KINDS
