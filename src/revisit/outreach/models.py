"""The contact log (跟进记录), its edit history, and 532 grading.

A contact is never deleted: an edit stores a ContactRevision with the old
and new values, and a withdrawal sets `is_void` with a reason. Grades live on
`book.Customer`; every change of a customer's grade adds a GradeChange row.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
)
from django.db import models
from django.db.models import F, Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from revisit.book.models import Grade
from revisit.core.models import BaseModel


class ContactKind(models.TextChoices):
    VISIT = "visit", _("Face-to-face visit")
    CALL = "call", _("Phone call")
    MESSAGE = "message", _("SMS or WeChat message")
    ACTIVITY = "activity", _("Activity or seminar")
    GREETING = "greeting", _("Greeting or gift delivered")
    SERVICE = "service", _("Policy service")


# Default kinds for 532 grading; each office may change them in GradingRules.
FACE_TO_FACE_KINDS = frozenset({ContactKind.VISIT, ContactKind.ACTIVITY})
REMOTE_KINDS = frozenset(
    {ContactKind.CALL, ContactKind.MESSAGE, ContactKind.GREETING, ContactKind.SERVICE}
)


class ContactOutcome(models.TextChoices):
    APPOINTMENT = "appointment", _("Appointment made")
    PROPOSAL = "proposal", _("Proposal given")
    SIGNED = "signed", _("Signed")
    REFERRAL = "referral", _("Referral received")
    REFUSED = "refused", _("Refused")
    NO_ANSWER = "no_answer", _("No answer")
    DONE = "done", _("Done, nothing further")


# Outcomes of an attempt that never reached the customer. Such a contact
# stays in the log and in the workload as an attempt, but 532 grading does
# not count it as contact.
UNANSWERED_OUTCOMES = frozenset({ContactOutcome.NO_ANSWER})


# How far ahead of the server clock a logged time may be, for phones whose
# clock runs a little fast.
FUTURE_TOLERANCE = dt.timedelta(minutes=10)


# A note is a few lines on a phone; longer text made the timeline unreadable.
NOTES_MAX_LENGTH = 2000
# The timeline folds notes longer than this (about five lines of Chinese
# on a phone), or with more lines, behind a "show more" summary.
NOTES_PREVIEW_CHARS = 100
NOTES_PREVIEW_LINES = 4
TEXT_TOO_LONG = _(
    "At most %(limit_value)d characters; this text has %(show_value)d. "
    "Shorten it."
)


def earliest_contact_date(today: dt.date) -> dt.date:
    """Return the earliest local date a new contact may have: a year before today.

    Older dates are almost always typing mistakes (a year of 1900), and 532
    grading looks back at most a year by default. On 29 February the limit
    is 28 February of the year before.
    """
    try:
        return today.replace(year=today.year - 1)
    except ValueError:
        return today.replace(year=today.year - 1, day=28)


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
        _("signed premium"), max_digits=14, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Yuan, the first-year premium of the signed policy."),
    )
    refusal_reason = models.CharField(
        _("reason for refusal"), max_length=200, blank=True
    )
    next_step = models.CharField(_("next step"), max_length=200, blank=True)
    next_step_date = models.DateField(_("next step date"), null=True, blank=True)
    notes = models.TextField(
        _("notes"), blank=True,
        validators=[MaxLengthValidator(NOTES_MAX_LENGTH, message=TEXT_TOO_LONG)],
    )
    is_void = models.BooleanField(
        _("withdrawn"), default=False,
        help_text=_("Withdrawn entries stay in the history but count nowhere."),
    )
    void_reason = models.CharField(
        _("reason for withdrawal"), max_length=200, blank=True
    )
    voided_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("withdrawn by"), null=True,
        blank=True, on_delete=models.PROTECT, related_name="+",
    )
    # A code of revisit.development's Technique choices. It is set when the
    # outcome is logged from a visit preparation, and the development app
    # counts from it which techniques lead to proposals and signatures.
    technique = models.CharField(
        _("talk technique"), max_length=30, blank=True, db_index=True
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

    @classmethod
    def from_db(cls, db, field_names, values):
        contact = super().from_db(db, field_names, values)
        # clean() checks the earliest date only when the time changes, so the
        # notes of a contact older than a year can still be corrected.
        contact._stored_occurred_at = contact.__dict__.get("occurred_at")
        return contact

    @property
    def notes_preview(self) -> str:
        """Return the start of long notes for a folded view, or "" for short ones."""
        lines = self.notes.splitlines()
        if (
            len(self.notes) <= NOTES_PREVIEW_CHARS
            and len(lines) <= NOTES_PREVIEW_LINES
        ):
            return ""
        preview = "\n".join(lines[:NOTES_PREVIEW_LINES])[:NOTES_PREVIEW_CHARS]
        return preview.rstrip() + "…"

    def clean(self) -> None:
        """Check the fields that depend on the outcome and on each other.

        Fields that belong to another outcome are cleared, so a form that
        was switched from "signed" to "refused" keeps no stale policy number.
        """
        errors: dict[str, ValidationError] = {}
        if self.outcome != ContactOutcome.SIGNED:
            self.signed_policy_number = ""
            self.signed_premium = None
        if self.outcome != ContactOutcome.REFUSED:
            self.refusal_reason = ""

        if self.outcome == ContactOutcome.SIGNED:
            if not self.signed_policy_number.strip():
                errors["signed_policy_number"] = ValidationError(
                    _("Enter the policy number of the signed policy."),
                    code="signed_policy_number_missing",
                )
            if self.signed_premium is None:
                errors["signed_premium"] = ValidationError(
                    _("Enter the premium of the signed policy in yuan."),
                    code="signed_premium_missing",
                )
        if self.outcome == ContactOutcome.REFUSED and not self.refusal_reason.strip():
            errors["refusal_reason"] = ValidationError(
                _("Enter why the customer refused."), code="refusal_reason_missing"
            )

        if self.occurred_at is not None:
            if self.occurred_at > timezone.now() + FUTURE_TOLERANCE:
                errors["occurred_at"] = ValidationError(
                    _("The date and time is in the future. Log a contact after it "
                      "has happened."),
                    code="occurred_in_future",
                )
            earliest = earliest_contact_date(timezone.localdate())
            time_changed = self.occurred_at != getattr(
                self, "_stored_occurred_at", None
            )
            if time_changed and timezone.localdate(self.occurred_at) < earliest:
                errors["occurred_at"] = ValidationError(
                    _("The date is more than a year ago. The earliest date you "
                      "can enter is %(earliest)s."),
                    code="occurred_too_early",
                    params={"earliest": formats.date_format(earliest, "DATE_FORMAT")},
                )
            occurred_on = timezone.localdate(self.occurred_at)
            if self.next_step_date is not None and self.next_step_date < occurred_on:
                errors["next_step_date"] = ValidationError(
                    _("The next step date is before the contact date."),
                    code="next_step_before_contact",
                )
        if errors:
            raise ValidationError(errors)


class ContactRevision(models.Model):
    """One edit or withdrawal of a contact, with the values it replaced."""

    class Action(models.TextChoices):
        EDITED = "edited", _("Edited")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), on_delete=models.CASCADE,
        related_name="revisions",
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    changes = models.JSONField(
        _("changes"), default=dict, blank=True,
        help_text=_('Changed fields as {"field": {"old": value, "new": value}}.'),
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"),
        on_delete=models.PROTECT, related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("contact revision")
        verbose_name_plural = _("contact revisions")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.contact_id} {self.action} {self.changed_at:%Y-%m-%d %H:%M}"


def default_face_to_face_kinds() -> list[str]:
    return sorted(FACE_TO_FACE_KINDS)


def default_remote_kinds() -> list[str]:
    return sorted(REMOTE_KINDS)


class GradingRules(BaseModel):
    """An office's settings for 532 grading; offices without a row use defaults."""

    office = models.OneToOneField(
        "accounts.Office", verbose_name=_("sales office"), on_delete=models.CASCADE,
        related_name="grading_rules",
    )
    window_months = models.PositiveSmallIntegerField(
        _("window in months"), default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Contacts in this many trailing months count for the grade."),
    )
    visits_for_2 = models.PositiveSmallIntegerField(
        _("meetings for grade 2"), default=2,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text=_("Face-to-face contacts in the window that make a customer a 2."),
    )
    face_to_face_kinds = models.JSONField(
        _("face-to-face kinds"), default=default_face_to_face_kinds,
        help_text=_("Contact kinds that count as meeting the customer."),
    )
    remote_kinds = models.JSONField(
        _("remote kinds"), default=default_remote_kinds,
        help_text=_("Contact kinds that count as remote contact."),
    )

    class Meta:
        verbose_name = _("grading rules")
        verbose_name_plural = _("grading rules")

    def __str__(self) -> str:
        return str(self.office_id)

    def clean(self) -> None:
        valid = set(ContactKind.values)
        errors = {}
        for name in ("face_to_face_kinds", "remote_kinds"):
            kinds = getattr(self, name)
            if not isinstance(kinds, list) or not set(kinds) <= valid:
                errors[name] = ValidationError(
                    _("Use a list of contact kinds from: %(kinds)s."),
                    code="invalid_kinds",
                    params={"kinds": ", ".join(ContactKind.values)},
                )
        if not errors and set(self.face_to_face_kinds) & set(self.remote_kinds):
            errors["remote_kinds"] = ValidationError(
                _("A contact kind cannot count as both face-to-face and remote."),
                code="kinds_overlap",
            )
        if errors:
            raise ValidationError(errors)


class GradeSource(models.TextChoices):
    COMPUTED = "computed", _("Computed from contacts")
    MANUAL = "manual", _("Set by hand")
    IMPORT = "import", _("Imported")


# Grade 2 is the best and 5 the worst, so a move up lowers the number.
ACTIVATION = Q(new_grade__lt=F("old_grade"))
DOWNGRADE = Q(new_grade__gt=F("old_grade"))


class GradeChange(models.Model):
    """One change of a customer's 532 grade, or a manual confirmation of it.

    A manual override is recorded even when the grade stays the same, because
    it pins the grade and carries the reason shown on the customer page.
    """

    office = models.ForeignKey(
        "accounts.Office", verbose_name=_("sales office"), on_delete=models.PROTECT,
        related_name="+",
    )
    customer = models.ForeignKey(
        "book.Customer", verbose_name=_("customer"), on_delete=models.PROTECT,
        related_name="grade_changes",
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("agent"), on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The customer's agent when the grade changed."),
    )
    old_grade = models.PositiveSmallIntegerField(_("old grade"), choices=Grade.choices)
    new_grade = models.PositiveSmallIntegerField(_("new grade"), choices=Grade.choices)
    source = models.CharField(_("source"), max_length=20, choices=GradeSource.choices)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("grade change")
        verbose_name_plural = _("grade changes")
        ordering = ["-changed_at", "-pk"]
        indexes = [
            models.Index(
                fields=["customer", "changed_at"], name="outreach_grade_cust_idx"
            ),
            models.Index(
                fields=["agent", "changed_at"], name="outreach_grade_agent_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.old_grade}->{self.new_grade}"

    @property
    def is_activation(self) -> bool:
        return self.new_grade < self.old_grade

    @property
    def is_downgrade(self) -> bool:
        return self.new_grade > self.old_grade
