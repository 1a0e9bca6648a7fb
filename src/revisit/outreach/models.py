from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from revisit.core.models import BaseModel


class ContactKind(models.TextChoices):
    VISIT = "visit", _("Face-to-face visit")
    CALL = "call", _("Phone call")
    MESSAGE = "message", _("SMS or WeChat message")
    ACTIVITY = "activity", _("Activity or seminar")
    GREETING = "greeting", _("Greeting or gift delivered")
    SERVICE = "service", _("Policy service")


# Kinds that count as meeting the customer face to face for 532 grading.
FACE_TO_FACE_KINDS = frozenset({ContactKind.VISIT, ContactKind.ACTIVITY})


class ContactOutcome(models.TextChoices):
    APPOINTMENT = "appointment", _("Appointment made")
    PROPOSAL = "proposal", _("Proposal given")
    SIGNED = "signed", _("Signed")
    REFERRAL = "referral", _("Referral received")
    REFUSED = "refused", _("Refused")
    NO_ANSWER = "no_answer", _("No answer")
    DONE = "done", _("Done, nothing further")


class Contact(BaseModel):
    """One logged contact with a customer (跟进记录). Never hard-deleted."""

    office = models.ForeignKey(
        "accounts.Office", verbose_name=_("sales office"), on_delete=models.PROTECT,
        related_name="+",
    )
    customer = models.ForeignKey(
        "book.Customer", verbose_name=_("customer"), on_delete=models.PROTECT,
        related_name="contacts",
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("agent"), on_delete=models.PROTECT,
        related_name="contacts",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ContactKind.choices)
    occurred_at = models.DateTimeField(_("date and time"), db_index=True)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    entry_point = models.CharField(_("entry point"), max_length=200, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=ContactOutcome.choices, blank=True
    )
    signed_policy_number = models.CharField(
        _("signed policy number"), max_length=40, blank=True
    )
    signed_premium = models.DecimalField(
        _("signed premium"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    refusal_reason = models.CharField(_("reason for refusal"), max_length=200, blank=True)
    next_step = models.CharField(_("next step"), max_length=200, blank=True)
    next_step_date = models.DateField(_("next step date"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_void = models.BooleanField(
        _("withdrawn"), default=False,
        help_text=_("Withdrawn entries stay in the history but count nowhere."),
    )

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(
                fields=["customer", "occurred_at"], name="outreach_contact_cust_idx"
            ),
            models.Index(
                fields=["agent", "occurred_at"], name="outreach_contact_agent_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_at:%Y-%m-%d}"
