import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from revisit.planning.models import ActionKind
from revisit.planning.weeks import IsoWeek


class VersionForm(forms.Form):
    """Carries the sheet version the page was rendered with."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class EntryForm(VersionForm):
    analysis = forms.CharField(
        label=_("Analysis"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How likely the customer is to sign or be activated, and why."),
    )
    entry_point = forms.CharField(
        label=_("Entry point"), required=False, max_length=200
    )
    result = forms.CharField(label=_("Result"), required=False, max_length=200)


class MoveForm(VersionForm):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])


class SwapForm(VersionForm):
    customer = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class ActionForm(VersionForm):
    kind = forms.ChoiceField(label=_("Kind of action"), choices=ActionKind.choices)
    planned_date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    planned_time = forms.TimeField(
        label=_("Time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )

    def __init__(self, *args, week: IsoWeek, **kwargs):
        super().__init__(*args, **kwargs)
        self.week = week
        self.fields["planned_date"].widget.attrs.update(
            min=week.monday.isoformat(), max=week.sunday.isoformat()
        )

    def clean_planned_date(self) -> dt.date:
        day = self.cleaned_data["planned_date"]
        if not self.week.contains(day):
            raise forms.ValidationError(
                _("Choose a day of the sheet's week, %(monday)s to %(sunday)s."),
                code="outside_week",
                params={"monday": self.week.monday, "sunday": self.week.sunday},
            )
        return day


class TickForm(VersionForm):
    """Tick an action; a date and time, when given, say when it was done."""

    done_date = forms.DateField(
        label=_("Done on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    done_time = forms.TimeField(
        label=_("at"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )

    def done_at(self) -> dt.datetime | None:
        day = self.cleaned_data.get("done_date")
        time = self.cleaned_data.get("done_time")
        if day is None and time is None:
            return None
        day = day or timezone.localdate()
        return timezone.make_aware(dt.datetime.combine(day, time or dt.time(12, 0)))

    def clean(self):
        cleaned = super().clean()
        moment = self.done_at() if not self.errors else None
        if moment is not None and moment > timezone.now() + dt.timedelta(minutes=10):
            raise forms.ValidationError(
                _("The time done is in the future. Tick an action once it is done."),
                code="done_in_future",
            )
        return cleaned


class SummaryForm(VersionForm):
    summary = forms.CharField(
        label=_("Summary of the week"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
