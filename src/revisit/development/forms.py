"""Forms of the development app: they parse and check input, nothing more."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from revisit.book.models import Customer, Grade, PaymentGroup, Product
from revisit.development.cover_groups import CoverGroup
from revisit.development.models import (
    CampaignKind,
    DevelopmentSettings,
    OpportunityKind,
    OpportunityStage,
    ReferralRelation,
    TalkScript,
    TargetStatus,
    Technique,
)
from revisit.development.models.prospects import MANUAL_PROSPECT_STATUSES
from revisit.development.services.prospects import phone_digits
from revisit.outreach.forms import DATETIME_LOCAL_FORMAT
from revisit.outreach.models import FUTURE_TOLERANCE as CONTACT_FUTURE_TOLERANCE
from revisit.outreach.models import ContactKind, ContactOutcome

# Empty choices that say what leaving the field empty means: "all" in
# filters, "none" in optional fields, "choose" where a value is needed.
ALL = [("", pgettext_lazy("empty choice in a filter", "All"))]
NONE = [("", pgettext_lazy("empty choice of an optional field", "None"))]
CHOOSE = [("", pgettext_lazy("empty choice of a required field", "Choose"))]
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# How far back an outcome may be logged. The contact log allows the same
# few minutes of clock skew into the future.
CONTACT_MAX_AGE_DAYS = 365


class GapForm(forms.Form):
    gap_key = forms.CharField(max_length=100)


class OpportunityForm(forms.Form):
    """Add an opportunity by hand for a customer."""

    kind = forms.ChoiceField(label=_("Kind"), choices=OpportunityKind.choices)
    subject = forms.ModelChoiceField(
        label=_("Cover for"),
        queryset=Customer.objects.none(),
        required=False,
        empty_label=pgettext_lazy("cover for", "The customer"),
        help_text=_("Leave empty when the cover is for the customer."),
    )
    cover_group = forms.ChoiceField(
        label=_("Cover"), choices=NONE + CoverGroup.choices, required=False
    )
    product = forms.ModelChoiceField(
        label=_("Product"),
        queryset=Product.objects.none(),
        required=False,
        empty_label=NONE[0][1],
    )
    summary = forms.CharField(label=_("Summary"), max_length=400)
    expected_premium = forms.DecimalField(
        label=_("Expected annual premium (yuan)"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        required=False,
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea, required=False)

    def __init__(self, *args, family, office_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = family
        self.fields["product"].queryset = Product.objects.filter(
            office_id=office_id, is_active=True
        ).order_by("code")


class OpportunityMoveForm(forms.Form):
    error_messages = {
        "lost_reason_missing": _("Say why the opportunity was lost."),
    }

    stage = forms.ChoiceField(label=_("Stage"), choices=OpportunityStage.choices)
    lost_reason = forms.CharField(
        label=_("Reason lost"), max_length=200, required=False
    )
    expected_premium = forms.DecimalField(
        label=_("Expected annual premium (yuan)"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        required=False,
    )
    signed_on = forms.DateField(
        label=_("Signed on"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Within the past year; today when left empty."),
    )
    policy_number = forms.CharField(
        label=_("Policy number"),
        max_length=40,
        required=False,
        help_text=_("Links the policy when the next extract is imported."),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("stage") == OpportunityStage.LOST
            and not cleaned.get("lost_reason", "").strip()
        ):
            self.add_error(
                "lost_reason",
                forms.ValidationError(
                    self.error_messages["lost_reason_missing"],
                    code="lost_reason_missing",
                ),
            )
        return cleaned


class OpportunityFilterForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Stage"),
        choices=[("", _("All open"))] + OpportunityStage.choices,
        required=False,
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=ALL + OpportunityKind.choices, required=False
    )
    agent = forms.TypedChoiceField(
        label=_("Agent"), choices=ALL, coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args, agents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agent"].choices = ALL + [(a.pk, a.display_name) for a in agents]


# The earliest birth date a person still alive could have.
EARLIEST_BIRTH_DATE = dt.date(1900, 1, 1)


class CustomerChoiceField(forms.ModelChoiceField):
    """A customer select whose options tell customers of the same name apart.

    Each option shows the name, the last four digits of the phone and the
    birth year, because agents recognise customers by these facts. The full
    phone number never appears in a list.
    """

    def label_from_instance(self, obj: Customer) -> str:
        parts = [obj.full_name]
        if obj.phone and len(obj.phone) >= 4:
            parts.append(gettext("phone ending %(tail)s") % {"tail": obj.phone[-4:]})
        if obj.birth_date is not None:
            parts.append(gettext("born %(year)s") % {"year": obj.birth_date.year})
        return " · ".join(parts)


class ProspectForm(forms.Form):
    error_messages = {
        "phone_invalid": _(
            "Enter an 11-digit mobile number or a phone number with its area code."
        ),
        "birth_date_future": _("The birth date %(date)s is in the future."),
        "birth_date_too_early": _(
            "The birth date %(date)s is before 1900: check the year."
        ),
    }

    full_name = forms.CharField(label=_("Name"), max_length=100)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    birth_date = forms.DateField(
        label=_("Birth date"), required=False, widget=DATE_INPUT
    )
    relation = forms.ChoiceField(
        label=_("Relation to the referrer"),
        choices=NONE + ReferralRelation.choices,
        required=False,
    )
    referred_by = CustomerChoiceField(
        label=_("Referred by"),
        queryset=Customer.objects.none(),
        required=False,
        empty_label=NONE[0][1],
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea, required=False)

    def __init__(self, *args, customers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referred_by"].queryset = customers

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_birth_date(self):
        birth_date = self.cleaned_data["birth_date"]
        if birth_date is None:
            return None
        params = {"date": date_format(birth_date, "SHORT_DATE_FORMAT")}
        if birth_date > timezone.localdate():
            raise forms.ValidationError(
                self.error_messages["birth_date_future"],
                code="birth_date_future",
                params=params,
            )
        if birth_date < EARLIEST_BIRTH_DATE:
            raise forms.ValidationError(
                self.error_messages["birth_date_too_early"],
                code="birth_date_too_early",
                params=params,
            )
        return birth_date

    def clean_phone(self):
        digits = phone_digits(self.cleaned_data["phone"])
        if digits and not 7 <= len(digits) <= 12:
            raise forms.ValidationError(
                self.error_messages["phone_invalid"], code="phone_invalid"
            )
        return digits


class ProspectStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(s.value, s.label) for s in MANUAL_PROSPECT_STATUSES],
    )


class ProductForm(forms.ModelForm):
    error_messages = {
        "ages_reversed": _("The minimum age is above the maximum age."),
        "code_taken": _("Another product of the office already has code %(code)s."),
    }

    class Meta:
        model = Product
        fields = [
            "code",
            "name",
            "category",
            "is_rider",
            "min_age",
            "max_age",
            "selling_points",
            "is_featured",
            "is_active",
        ]
        widgets = {"selling_points": forms.Textarea(attrs={"rows": 4})}
        # The catalogue fields live on book.Product; their labels are
        # repeated here so this app's catalogue carries their translations.
        labels = {
            "min_age": _("minimum age"),
            "max_age": _("maximum age"),
            "selling_points": _("selling points"),
            "is_featured": _("featured"),
            "is_active": _("on sale"),
        }
        help_texts = {
            "min_age": _("Youngest insured age accepted, in years."),
            "max_age": _("Oldest insured age accepted, in years."),
            "selling_points": _("One point a line, strongest first."),
            "is_featured": _(
                "Offered on visit preparation, pre-order forms and campaigns."
            ),
            "is_active": _(
                "Products no longer sold stay for old policies but are not offered."
            ),
        }

    def __init__(self, *args, office_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.office_id = office_id

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        taken = Product.objects.filter(office_id=self.office_id, code=code)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                self.error_messages["code_taken"],
                code="code_taken",
                params={"code": code},
            )
        return code

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_age"), cleaned.get("max_age")
        if low is not None and high is not None and low > high:
            self.add_error(
                "max_age",
                forms.ValidationError(
                    self.error_messages["ages_reversed"], code="ages_reversed"
                ),
            )
        return cleaned


class TalkScriptForm(forms.ModelForm):
    class Meta:
        model = TalkScript
        fields = ["technique", "title", "situation", "body", "is_active"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "technique" in self.fields:
            self.fields["technique"].choices = CHOOSE + Technique.choices


class TalkScriptEditForm(TalkScriptForm):
    class Meta(TalkScriptForm.Meta):
        fields = ["title", "situation", "body", "is_active"]


class SettingsForm(forms.ModelForm):
    class Meta:
        model = DevelopmentSettings
        fields = ["income_multiple", "premium_share"]


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Campaign name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=CampaignKind.choices)
    event_date = forms.DateField(label=_("Date"), required=False, widget=DATE_INPUT)
    product = forms.ModelChoiceField(
        label=_("Featured product"),
        queryset=Product.objects.none(),
        required=False,
        empty_label=NONE[0][1],
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea, required=False)

    def __init__(self, *args, office_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = Product.objects.filter(
            office_id=office_id, is_active=True
        ).order_by("-is_featured", "code")


class TargetFilterForm(forms.Form):
    error_messages = {
        "ages_reversed": _("The minimum age is above the maximum age."),
    }

    grade = forms.TypedChoiceField(
        label=_("Grade"),
        choices=ALL + Grade.choices,
        coerce=int,
        empty_value=None,
        required=False,
    )
    payment_group = forms.ChoiceField(
        label=_("Payment group"), choices=ALL + PaymentGroup.choices, required=False
    )
    missing_group = forms.ChoiceField(
        label=_("Has no cover in"), choices=ALL + CoverGroup.choices, required=False
    )
    min_age = forms.IntegerField(
        label=_("From age"), min_value=0, max_value=120, required=False
    )
    max_age = forms.IntegerField(
        label=_("To age"), min_value=0, max_value=120, required=False
    )
    agent = forms.TypedChoiceField(
        label=_("Agent"), choices=ALL, coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args, agents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agent"].choices = ALL + [(a.pk, a.display_name) for a in agents]

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_age"), cleaned.get("max_age")
        if low is not None and high is not None and low > high:
            self.add_error(
                "max_age",
                forms.ValidationError(
                    self.error_messages["ages_reversed"], code="ages_reversed"
                ),
            )
        return cleaned


class TargetForm(forms.Form):
    error_messages = {
        "premium_missing": _("Enter the signed premium in yuan."),
    }

    status = forms.ChoiceField(label=_("Status"), choices=TargetStatus.choices)
    signed_premium = forms.DecimalField(
        label=_("Signed premium (yuan)"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        required=False,
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status") == TargetStatus.SIGNED
            and cleaned.get("signed_premium") is None
        ):
            self.add_error(
                "signed_premium",
                forms.ValidationError(
                    self.error_messages["premium_missing"], code="premium_missing"
                ),
            )
        return cleaned


class OutcomeForm(forms.Form):
    """The outcome of a visit or call prepared on the visit preparation page.

    The contact log checks the outcome's own fields (a policy number and
    premium when signed, a reason when refused) when the contact is saved.
    The technique and the outcome start empty so that untouched defaults
    never count in the technique statistics.
    """

    error_messages = {
        "lost_reason_missing": _("Say why the opportunity was lost."),
        "occurred_in_future": _(
            "The date and time is in the future. Log a contact after it has "
            "happened."
        ),
        "occurred_too_early": _(
            "The date and time is more than a year ago: check the year."
        ),
    }

    technique = forms.ChoiceField(
        label=_("Technique used"),
        choices=[("", _("No technique"))] + Technique.choices,
        required=False,
    )
    kind = forms.ChoiceField(
        label=_("Contact"), choices=ContactKind.choices, initial=ContactKind.VISIT
    )
    occurred_at = forms.DateTimeField(
        label=_("Date and time"),
        input_formats=[DATETIME_LOCAL_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format=DATETIME_LOCAL_FORMAT
        ),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("", _("Choose the outcome"))] + ContactOutcome.choices,
        error_messages={"required": _("Choose the outcome of the contact.")},
    )
    entry_point = forms.CharField(
        label=_("Entry point"), max_length=200, required=False
    )
    signed_policy_number = forms.CharField(
        label=_("Signed policy number"), max_length=40, required=False
    )
    signed_premium = forms.DecimalField(
        label=_("Signed premium (yuan)"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        required=False,
    )
    refusal_reason = forms.CharField(
        label=_("Reason for refusal"), max_length=200, required=False
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    opportunity = forms.TypedChoiceField(
        label=_("Opportunity"),
        choices=NONE,
        coerce=int,
        empty_value=None,
        required=False,
    )
    stage = forms.ChoiceField(
        label=_("Move the opportunity to"),
        choices=[("", _("By the outcome"))] + OpportunityStage.choices,
        required=False,
        help_text=_("Leave empty to move it by the outcome."),
    )
    lost_reason = forms.CharField(
        label=_("Reason lost"), max_length=200, required=False
    )

    def __init__(self, *args, opportunities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opportunity"].choices = NONE + [
            (o.pk, o.summary[:60]) for o in opportunities
        ]
        if not self.is_bound:
            self.initial.setdefault(
                "occurred_at", timezone.localtime().replace(second=0, microsecond=0)
            )

    def clean_occurred_at(self):
        occurred_at = self.cleaned_data["occurred_at"]
        now = timezone.now()
        if occurred_at > now + CONTACT_FUTURE_TOLERANCE:
            raise forms.ValidationError(
                self.error_messages["occurred_in_future"], code="occurred_in_future"
            )
        if occurred_at < now - dt.timedelta(days=CONTACT_MAX_AGE_DAYS):
            raise forms.ValidationError(
                self.error_messages["occurred_too_early"], code="occurred_too_early"
            )
        return occurred_at

    def clean(self):
        cleaned = super().clean()
        lost = cleaned.get("stage") == OpportunityStage.LOST
        if lost and not cleaned.get("lost_reason", "").strip():
            self.add_error(
                "lost_reason",
                forms.ValidationError(
                    self.error_messages["lost_reason_missing"],
                    code="lost_reason_missing",
                ),
            )
        return cleaned


class DigestForm(forms.Form):
    agent = forms.TypedChoiceField(
        label=_("Agent"), choices=CHOOSE, coerce=int, empty_value=None, required=False
    )
    day = forms.DateField(label=_("Day"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, agents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agent"].choices = CHOOSE + [(a.pk, a.display_name) for a in agents]
