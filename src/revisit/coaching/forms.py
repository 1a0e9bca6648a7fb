"""Forms of the supervisor's screens: they parse and validate, nothing more."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from revisit.accounts.models import User
from revisit.coaching.access import active_agents_for

# A page of the reassignment list holds at most this many rows, and a bulk
# move takes at most one page at a time.
MAX_SELECTED = 500


class AgentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        if obj.agent_code:
            return f"{obj.display_name} ({obj.agent_code})"
        return obj.display_name


class IdListField(forms.Field):
    """A list of primary keys posted as repeated fields (checkboxes)."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "invalid": _("The selection contains an invalid row number."),
        "too_many": _("Select at most %(limit)s rows at a time."),
    }

    def to_python(self, value) -> list[int]:
        if not value:
            return []
        try:
            ids = sorted({int(item) for item in value})
        except (TypeError, ValueError) as error:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid"
            ) from error
        if len(ids) > MAX_SELECTED:
            raise ValidationError(
                self.error_messages["too_many"], code="too_many",
                params={"limit": MAX_SELECTED},
            )
        return ids


class MoveForm(forms.Form):
    """Move the selected customers or policies of one agent to another."""

    selected = IdListField(
        label=_("Selected"),
        error_messages={"required": _("Select at least one customer or policy.")},
    )
    to_agent = AgentChoiceField(
        label=_("Move to"), queryset=User.objects.none(),
        empty_label=_("Choose an agent"),
        error_messages={
            "invalid_choice": _("Choose an agent of your team or office who is "
                                "still working."),
        },
    )
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    def __init__(self, *args, user: User, from_agent: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_agent"].queryset = (
            active_agents_for(user).exclude(pk=from_agent.pk)
            .order_by("team__code", "agent_code", "pk")
        )


class MarkLeftForm(forms.Form):
    """Mark an agent as left and name who takes over the book."""

    to_agent = AgentChoiceField(
        label=_("Hand the book to"), queryset=User.objects.none(),
        empty_label=_("Choose an agent"),
    )
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)
    confirm = forms.BooleanField(
        label=_("I understand that this agent can no longer sign in and that "
                "every policy of the book becomes an orphan policy."),
    )

    def __init__(self, *args, user: User, agent: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_agent"].queryset = (
            active_agents_for(user).exclude(pk=agent.pk)
            .order_by("team__code", "agent_code", "pk")
        )


class CustomerSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=50,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name, pinyin or phone tail")}
        ),
    )


class DayForm(forms.Form):
    day = forms.DateField(
        label=_("Day"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    nudge_only = forms.BooleanField(
        label=_("Only agents who need a nudge"), required=False
    )


class ReviewForm(forms.Form):
    """The reviewer's decision, the comment on the whole sheet and row comments.

    Row comments arrive as fields named `row-<entry id>`; the form collects
    them into `row_comments`, and the service checks that each row belongs
    to the sheet.
    """

    DECISIONS = [
        ("comment", _("Save comments")),
        ("return", _("Return to the agent")),
        ("approve", _("Approve")),
    ]
    ROW_PREFIX = "row-"
    MAX_COMMENT = 2000

    decision = forms.ChoiceField(choices=DECISIONS)
    comment = forms.CharField(
        label=_("Comment on the whole sheet"), required=False, max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        rows = {}
        for key, value in self.data.items():
            if not key.startswith(self.ROW_PREFIX):
                continue
            raw_id = key.removeprefix(self.ROW_PREFIX)
            if not raw_id.isdigit():
                raise ValidationError(
                    _("A row comment has an invalid row."), code="row"
                )
            if len(value) > self.MAX_COMMENT:
                raise ValidationError(
                    _("Keep each comment under %(limit)s characters."), code="long",
                    params={"limit": self.MAX_COMMENT},
                )
            rows[int(raw_id)] = value
        cleaned["row_comments"] = rows
        return cleaned
