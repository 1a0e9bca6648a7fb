"""Forms for the contact log and the grade override, laid out for phones."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from revisit.book.models import Grade
from revisit.outreach.models import (
    NOTES_MAX_LENGTH,
    TEXT_TOO_LONG,
    Contact,
    ContactOutcome,
    earliest_contact_date,
)
from revisit.outreach.services.grading import GRADE_REASON_MISSING

DATETIME_LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


class NoLabelSuffixMixin:
    """Drop the colon after labels, which reads wrong next to Chinese text."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ContactForm(NoLabelSuffixMixin, forms.ModelForm):
    """Log or edit a contact. The outcome decides which extra fields count.

    Contact.clean() checks those fields, and ModelForm runs it, so the
    errors appear next to the field they concern. The template shows the
    signed and refused fields only for their outcome.
    """

    occurred_at = forms.DateTimeField(
        label=_("Date and time"),
        input_formats=[DATETIME_LOCAL_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format=DATETIME_LOCAL_FORMAT
        ),
    )

    class Meta:
        model = Contact
        # Keep in step with services.contacts.CONTACT_FIELDS.
        fields = (
            "kind",
            "occurred_at",
            "outcome",
            "signed_policy_number",
            "signed_premium",
            "refusal_reason",
            "purpose",
            "entry_point",
            "next_step",
            "next_step_date",
            "notes",
        )
        widgets = {
            "kind": forms.RadioSelect,
            "outcome": forms.RadioSelect,
            "signed_premium": forms.NumberInput(
                attrs={"inputmode": "decimal", "step": "0.01", "min": "0"}
            ),
            "next_step_date": forms.DateInput(
                attrs={"type": "date"}, format="%Y-%m-%d"
            ),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

        error_messages = {
            "kind": {"required": _("Choose how you contacted the customer.")},
            "signed_premium": {
                "invalid": _("Enter the premium as a number of yuan, such as 12000."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        outcome = self.fields["outcome"]
        outcome.required = True
        outcome.choices = ContactOutcome.choices
        outcome.error_messages["required"] = _("Choose the outcome of the contact.")
        self.fields["kind"].choices = [
            choice for choice in self.fields["kind"].choices if choice[0]
        ]

        self.fields["notes"].help_text = _("At most %(count)s characters.") % {
            "count": NOTES_MAX_LENGTH
        }
        # Django's own length message reads stiffly in Chinese. The notes
        # textarea has no maxlength attribute, so a pasted long note gets
        # this message instead of being cut off by the browser.
        for field in self.fields.values():
            for index, validator in enumerate(field.validators):
                if isinstance(validator, MaxLengthValidator):
                    field.validators[index] = MaxLengthValidator(
                        validator.limit_value, message=TEXT_TOO_LONG
                    )

        if self.instance.pk is None:
            # Only for new contacts: the browser would not submit an edit of
            # a contact older than the limit.
            earliest = earliest_contact_date(timezone.localdate())
            self.fields["occurred_at"].widget.attrs["min"] = (
                f"{earliest.isoformat()}T00:00"
            )
        if not self.is_bound and self.instance.pk is None:
            self.initial.setdefault(
                "occurred_at", timezone.localtime().replace(second=0, microsecond=0)
            )


    def _post_clean(self):
        # Contact.clean() reports a premium or a refusal reason as missing
        # when this form already rejected the input (a premium of "abc"), so
        # a field that failed here keeps only its own errors.
        own_error_counts = {name: len(errors) for name, errors in self._errors.items()}
        super()._post_clean()
        for name, count in own_error_counts.items():
            del self._errors[name][count:]


class VoidForm(NoLabelSuffixMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"),
        max_length=200,
        error_messages={"required": _("Enter a reason for withdrawing the contact.")},
    )


class GradeOverrideForm(NoLabelSuffixMixin, forms.Form):
    grade = forms.TypedChoiceField(
        label=_("Grade"),
        choices=Grade.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a grade.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        error_messages={"required": GRADE_REASON_MISSING},
    )


class CustomerSearchForm(NoLabelSuffixMixin, forms.Form):
    q = forms.CharField(
        label=_("Name, pinyin or last digits of the phone"),
        required=False,
        max_length=50,
    )
