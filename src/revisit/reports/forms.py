"""Report filters: the period a report covers."""

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from revisit.reports.selectors.common import Period, week_period

MAX_PERIOD_DAYS = 366
_WEEK = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)


def parse_iso_week(text: str) -> dt.date:
    """Return the Monday of an ISO week written "2026-W45"; raise ValueError."""
    match = _WEEK.match(text)
    if not match:
        raise ValueError(f"invalid ISO week {text!r}")
    return dt.date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)


class PeriodForm(forms.Form):
    """A week (2026-W45) or a range of dates; the current week when empty."""

    week = forms.CharField(
        label=_("Week"), required=False, max_length=10,
        widget=forms.TextInput(attrs={"type": "week"}),
        help_text=_("An ISO week such as 2026-W45."),
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_week(self) -> dt.date | None:
        text = self.cleaned_data["week"]
        if not text:
            return None
        try:
            return parse_iso_week(text)
        except ValueError as error:
            raise ValidationError(
                _("Enter a week as year and week number, such as 2026-W45."),
                code="invalid_week",
            ) from error

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                raise ValidationError(
                    _("The end date is before the start date."), code="reversed"
                )
            if (end - start).days + 1 > MAX_PERIOD_DAYS:
                raise ValidationError(
                    _("Choose a period of at most %(days)s days."), code="too_long",
                    params={"days": MAX_PERIOD_DAYS},
                )
        return cleaned

    def period(self) -> Period:
        """Return the chosen period; call after is_valid(), falls back to this week."""
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("start") and data.get("end"):
            return Period(start=data["start"], end=data["end"])
        if data.get("week"):
            return week_period(data["week"])
        return week_period(timezone.localdate())
