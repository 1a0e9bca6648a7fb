from django import forms
from django.utils.translation import gettext_lazy as _

from revisit.accounts.models import User
from revisit.book.models import (
    Customer,
    Grade,
    Household,
    PaymentGroup,
    ProductCategory,
)
from revisit.book.selectors import (
    DEFAULT_SORT,
    POLICY_COUNT_CHOICES,
    SORT_CHOICES,
    CustomerFilters,
)
from revisit.book.services.customers import REVEALABLE_FIELDS
from revisit.outreach.services.grading import GRADE_REASON_MISSING


def _any(label) -> list:
    return [("", label)]


class BookForm(forms.Form):
    """A form whose labels carry no colon, like the other apps' forms.

    Django's default label suffix is a translated colon, which reads wrong
    next to Chinese labels. A `label_suffix` class attribute has no effect
    because Form.__init__ overwrites it, so the default is set here.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class AgentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


class CustomerFilterForm(BookForm):
    """The book list's search box, filters and sort order, read from GET."""

    q = forms.CharField(
        label=_("Search"), required=False, max_length=100,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                # Fits a 390px-wide phone. The search matches initials too.
                "placeholder": _("Search name, pinyin, phone tail, policy no."),
                "autocomplete": "off",
            }
        ),
    )
    grade = forms.TypedChoiceField(
        label=_("Grade"), required=False, coerce=int, empty_value=None,
        choices=_any(_("All grades")) + list(Grade.choices),
    )
    group = forms.ChoiceField(
        label=_("Payment group"), required=False,
        choices=_any(_("All payment groups")) + list(PaymentGroup.choices),
    )
    policies = forms.ChoiceField(
        label=_("Policies in force"), required=False,
        choices=_any(_("Any number")) + POLICY_COUNT_CHOICES,
    )
    category = forms.ChoiceField(
        label=_("Product category"), required=False,
        choices=_any(_("All categories")) + list(ProductCategory.choices),
    )
    due = forms.BooleanField(label=_("Premium due this month"), required=False)
    grace = forms.BooleanField(label=_("In grace period"), required=False)
    reinstatable = forms.BooleanField(
        label=_("Lapsed but reinstatable"), required=False
    )
    single = forms.BooleanField(label=_("Single-policy lapse risk"), required=False)
    agent = AgentChoiceField(
        label=_("Agent"), required=False, queryset=User.objects.none(),
        empty_label=_("All agents"),
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, agents=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agents is None:
            del self.fields["agent"]
        else:
            self.fields["agent"].queryset = agents

    def to_filters(self) -> CustomerFilters:
        """Return the filters from the valid fields and drop the invalid ones."""
        self.is_valid()
        data = self.cleaned_data
        agent = data.get("agent")
        return CustomerFilters(
            query=data.get("q") or "",
            grade=data.get("grade"),
            payment_group=data.get("group") or "",
            due_this_month=bool(data.get("due")),
            policy_count=data.get("policies") or "",
            category=data.get("category") or "",
            in_grace=bool(data.get("grace")),
            reinstatable=bool(data.get("reinstatable")),
            single_policy_risk=bool(data.get("single")),
            agent_id=agent.pk if agent else None,
            sort=data.get("sort") or DEFAULT_SORT,
        )


class RevealForm(forms.Form):
    field = forms.ChoiceField(choices=[(name, name) for name in REVEALABLE_FIELDS])


class GradeForm(forms.Form):
    """Set one grade on many customers, chosen from `customers`."""

    customers = forms.ModelMultipleChoiceField(
        queryset=Customer.objects.none(),
        error_messages={
            "required": _("Select at least one customer."),
            "invalid_choice": _("A selected customer is not in your book."),
        },
    )
    grade = forms.TypedChoiceField(
        label=_("Grade"), coerce=int, choices=Grade.choices,
        error_messages={"required": _("Choose a grade.")},
    )
    # Required as on the customer page: the grade history shows the reason
    # next to every grade set by hand.
    reason = forms.CharField(
        label=_("Reason"), max_length=200,
        error_messages={"required": GRADE_REASON_MISSING},
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, customers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customers"].queryset = customers


class HouseholdRenameForm(BookForm):
    prefix = "rename"

    name = forms.CharField(
        label=_("Household name"),
        max_length=Household._meta.get_field("name").max_length,
    )


class HouseholdMoveForm(BookForm):
    """Choose the household to move a customer to.

    The choice starts empty, so a tap on the button alone moves nobody.
    """

    prefix = "move"

    household = forms.ModelChoiceField(
        label=_("Move to household"), queryset=Household.objects.none(),
        empty_label=_("Choose a household"),
        error_messages={"required": _("Choose the household to move to.")},
    )

    def __init__(self, *args, households, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = households
        self.fields["household"].label_from_instance = household_label


class HouseholdSplitForm(BookForm):
    prefix = "split"

    members = forms.ModelMultipleChoiceField(
        label=_("Members of the new household"),
        queryset=Customer.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select at least one member.")},
    )
    name = forms.CharField(
        label=_("Name of the new household"), required=False,
        max_length=Household._meta.get_field("name").max_length,
        help_text=_("Leave empty to name it after its first member."),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members
        self.fields["members"].label_from_instance = lambda customer: customer.full_name


def household_label(household: Household) -> str:
    """Name a household in a choice list, with the agent's customers in it."""
    name = household.name or _("Household %(number)s") % {"number": household.pk}
    members = getattr(household, "agent_members", None)
    if not members:
        return name
    return _("%(household)s: %(members)s") % {
        "household": name,
        "members": ", ".join(member.full_name for member in members),
    }
