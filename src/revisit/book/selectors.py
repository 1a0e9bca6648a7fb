"""Reads of the book, scoped to the agents the signed-in user may see.

Every function that returns customers goes through `_visible_customers`,
which takes the scope from `agents_visible_to`. Fetch helpers raise Http404
for a customer outside the scope and PermissionDenied for one inside it that
the user may read but not change.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from revisit.accounts.models import User
from revisit.accounts.selectors import agent_ids_visible_to
from revisit.book.key_dates import KeyDate, key_dates_for
from revisit.book.models import (
    CUSTOMER_NAME_ORDER,
    CoverageLine,
    Customer,
    CustomerRelation,
    Household,
    Policy,
    PolicyStatus,
    ProductCategory,
    Relationship,
)

# Digits needed before a number is taken as the tail of a phone number;
# fewer would match a large part of any book.
PHONE_TAIL_MIN_DIGITS = 4

POLICY_COUNT_CHOICES = [
    ("1", _("1 policy")),
    ("2", _("2 policies")),
    ("3+", _("3 or more")),
]

# Sort keys offered to the user, each with its ORDER BY. Customers without a
# value (no due date, never contacted) go last, except for "contact", where
# the ones never contacted come first because they are the forgotten ones.
SORT_CHOICES = [
    ("name", _("Name")),
    ("grade", _("Grade, 2 first")),
    ("-grade", _("Grade, 5 first")),
    ("due", _("Next premium due")),
    ("-policies", _("Most policies")),
    ("policies", _("Fewest policies")),
    ("-premium", _("Highest annual premium")),
    ("contact", _("Longest since last contact")),
    ("-contact", _("Latest contact")),
]
# Ties in every sort fall back to name order, and pk makes pages stable.
# NOTE: name_pinyin joins syllables without a separator, so a surname that is
# a prefix of another interleaves with it (liming < linchen < lipeng puts 林
# between two 李). Grouping by surname needs a syllable-separated sort key
# from revisit.book.naming.
_NAME_TIEBREAK = [F("name_pinyin").asc(), F("full_name").asc()]
_SORT_ORDERS = {
    "name": _NAME_TIEBREAK,
    "grade": [F("grade").asc(), *_NAME_TIEBREAK],
    "-grade": [F("grade").desc(), *_NAME_TIEBREAK],
    "due": [F("next_due_date").asc(nulls_last=True), *_NAME_TIEBREAK],
    "-policies": [F("policy_count").desc(), *_NAME_TIEBREAK],
    "policies": [F("policy_count").asc(), *_NAME_TIEBREAK],
    "-premium": [F("annual_premium").desc(), *_NAME_TIEBREAK],
    "contact": [F("last_contact_at").asc(nulls_first=True), *_NAME_TIEBREAK],
    "-contact": [F("last_contact_at").desc(nulls_last=True), *_NAME_TIEBREAK],
}
DEFAULT_SORT = "name"

_LETTERS = re.compile(r"^[a-z]+$")
_POLICY_NUMBER = re.compile(r"^[0-9A-Za-z-]{4,40}$")
# Dashes and brackets people type or paste inside a phone number
# ("135-9798-0701", "(0571)8888-1234"). Stored phones contain digits only.
_PHONE_SEPARATORS = re.compile(r"[-()（）]")


@dataclass(frozen=True)
class CustomerFilters:
    """Filters for the book list. An empty value filters nothing."""

    query: str = ""
    grade: int | None = None
    payment_group: str = ""
    due_this_month: bool = False
    policy_count: str = ""
    category: str = ""
    in_grace: bool = False
    reinstatable: bool = False
    single_policy_risk: bool = False
    agent_id: int | None = None
    sort: str = DEFAULT_SORT

    @property
    def narrows(self) -> bool:
        """Whether any filter besides the search text and sort is set."""
        return any(
            (
                self.grade is not None,
                self.payment_group,
                self.due_this_month,
                self.policy_count,
                self.category,
                self.in_grace,
                self.reinstatable,
                self.single_policy_risk,
                self.agent_id is not None,
            )
        )


def _visible_customers(user: User) -> QuerySet[Customer]:
    # Filtering on a list of ids rather than a subquery keeps the query plan
    # on the (agent, ...) indexes. The list holds one office's agents at most.
    return Customer.objects.filter(agent_id__in=agent_ids_visible_to(user))


def _search_condition(user: User, query: str) -> Q:
    """Match a name, pinyin or initials, a phone tail, or a policy number.

    "zs" finds 张三 through the initials, "zhang" through the pinyin, and
    "0001" every customer whose phone ends in 0001, also when typed with
    dashes or brackets. Pinyin and initials match from the start; Chinese
    text matches anywhere in the name.
    """
    text = "".join(query.split())
    condition = Q(full_name__icontains=text)
    lowered = text.lower()
    if _LETTERS.match(lowered):
        condition |= Q(name_initials__startswith=lowered)
        condition |= Q(name_pinyin__startswith=lowered)
    digits = _PHONE_SEPARATORS.sub("", text)
    if digits.isdigit() and len(digits) >= PHONE_TAIL_MIN_DIGITS:
        condition |= Q(phone__endswith=digits) | Q(phone_alt__endswith=digits)
    if _POLICY_NUMBER.match(text):
        # Exact match on the stored spelling or its upper case, so the
        # (office, policy_number) unique index serves the lookup.
        policies = Policy.objects.filter(
            office_id=user.office_id, policy_number__in={text, text.upper()}
        )
        condition |= Q(pk__in=policies.values("holder_id"))
        condition |= Q(pk__in=policies.values("insured_id"))
    return condition


def _category_condition(category: str) -> Q:
    # Customer.categories is a sorted comma-separated list such as
    # "accident,life"; match whole items so "life" never matches a longer name.
    return (
        Q(categories=category)
        | Q(categories__startswith=f"{category},")
        | Q(categories__endswith=f",{category}")
        | Q(categories__contains=f",{category},")
    )


def _month_bounds(today: dt.date) -> tuple[dt.date, dt.date]:
    first = today.replace(day=1)
    next_month = (first + dt.timedelta(days=32)).replace(day=1)
    return first, next_month - dt.timedelta(days=1)


def customer_list_for(
    user: User,
    filters: CustomerFilters | None = None,
    *,
    today: dt.date | None = None,
) -> QuerySet[Customer]:
    """Return the customers `user` may see, narrowed by `filters` and sorted."""
    filters = filters or CustomerFilters()
    customers = _visible_customers(user).select_related("agent")
    if filters.agent_id is not None:
        customers = customers.filter(agent_id=filters.agent_id)
    if filters.query.strip():
        customers = customers.filter(_search_condition(user, filters.query))
    if filters.grade is not None:
        customers = customers.filter(grade=filters.grade)
    if filters.payment_group:
        customers = customers.filter(payment_group=filters.payment_group)
    if filters.due_this_month:
        first, last = _month_bounds(today or timezone.localdate())
        customers = customers.filter(next_due_date__range=(first, last))
    if filters.policy_count == "3+":
        customers = customers.filter(policy_count__gte=3)
    elif filters.policy_count:
        customers = customers.filter(policy_count=int(filters.policy_count))
    if filters.category:
        customers = customers.filter(_category_condition(filters.category))
    if filters.in_grace:
        customers = customers.filter(is_in_grace=True)
    if filters.reinstatable:
        customers = customers.filter(is_reinstatable=True)
    if filters.single_policy_risk:
        customers = customers.filter(is_single_policy_risk=True)
    order = _SORT_ORDERS.get(filters.sort, _SORT_ORDERS[DEFAULT_SORT])
    return customers.order_by(*order, "pk")


def customer_get_for(user: User, pk: int) -> Customer:
    """Return the customer if `user` may see it, else raise Http404."""
    customer = (
        _visible_customers(user)
        .select_related("agent", "household", "office")
        .filter(pk=pk)
        .first()
    )
    if customer is None:
        raise Http404("No customer matches the given query.")
    return customer


def can_change_customer(user: User, customer: Customer) -> bool:
    """Return whether `user` may change the customer's grade or household.

    Grading and household editing are the owning agent's work. Supervisors
    and office managers read their team's or office's book but do not change
    it, so two people never grade the same customer against each other.
    """
    return customer.agent_id == user.pk


def customer_get_for_change(user: User, pk: int) -> Customer:
    """Return the customer for a change by `user`.

    Raises Http404 outside the user's scope and PermissionDenied for a
    customer the user may read but not change.
    """
    customer = customer_get_for(user, pk)
    if not can_change_customer(user, customer):
        raise PermissionDenied
    return customer


def customers_for_grading(user: User) -> QuerySet[Customer]:
    """Return the customers `user` may grade: an agent's own book."""
    return Customer.objects.filter(agent_id=user.pk)


# --- Customer page ----------------------------------------------------------


@dataclass(frozen=True)
class FamilyMember:
    """A relative or household member shown on a customer's page.

    `customer` is None when the person is in a book the user may not see;
    the page then shows the relationship without the name.
    """

    customer: Customer | None
    relation: str
    in_household: bool


@dataclass
class CustomerDetail:
    customer: Customer
    held_policies: list[Policy] = field(default_factory=list)
    insured_policies: list[Policy] = field(default_factory=list)
    family: list[FamilyMember] = field(default_factory=list)
    key_dates: list[KeyDate] = field(default_factory=list)
    category_labels: list[str] = field(default_factory=list)
    # Customers on these policies whose names the user may see.
    visible_customer_ids: set[int] = field(default_factory=set)


# The relationship of B to A when the stored row records "A is `kind` of B".
_INVERSE_RELATION = {
    Relationship.SELF: Relationship.SELF.label,
    Relationship.SPOUSE: Relationship.SPOUSE.label,
    Relationship.CHILD: Relationship.PARENT.label,
    Relationship.PARENT: Relationship.CHILD.label,
    Relationship.SIBLING: Relationship.SIBLING.label,
    Relationship.GRANDCHILD: Relationship.GRANDPARENT.label,
    Relationship.GRANDPARENT: Relationship.GRANDCHILD.label,
    Relationship.EMPLOYEE: _("Employer"),
    Relationship.OTHER: Relationship.OTHER.label,
}


def _policies_of(customer: Customer) -> list[Policy]:
    lines = CoverageLine.objects.select_related("insured").order_by(
        "is_rider", "product_code"
    )
    policies = (
        Policy.objects.filter(Q(holder=customer) | Q(insured=customer))
        .select_related("holder", "insured", "agent")
        .prefetch_related(Prefetch("lines", queryset=lines))
    )
    in_force_first = sorted(
        policies,
        key=lambda policy: (
            policy.status != PolicyStatus.IN_FORCE,
            policy.effective_date or dt.date.min,
            policy.policy_number,
        ),
    )
    return in_force_first


def _family_of(customer: Customer, visible_agent_ids: set[int]) -> list[FamilyMember]:
    def shown(person: Customer) -> Customer | None:
        return person if person.agent_id in visible_agent_ids else None

    members: dict[int, FamilyMember] = {}
    outgoing = CustomerRelation.objects.filter(customer=customer).select_related(
        "relative"
    )
    for relation in outgoing:
        label = _INVERSE_RELATION.get(relation.kind, Relationship.OTHER.label)
        members[relation.relative_id] = FamilyMember(
            shown(relation.relative), str(label), False
        )
    incoming = CustomerRelation.objects.filter(relative=customer).select_related(
        "customer"
    )
    for relation in incoming:
        if relation.customer_id not in members:
            members[relation.customer_id] = FamilyMember(
                shown(relation.customer), relation.get_kind_display(), False
            )
    if customer.household_id is not None:
        housemates = Customer.objects.filter(
            household_id=customer.household_id
        ).exclude(pk=customer.pk)
        for person in housemates:
            known = members.get(person.pk)
            relation = known.relation if known else str(_("Household member"))
            members[person.pk] = FamilyMember(shown(person), relation, True)
    members.pop(customer.pk, None)
    return sorted(
        members.values(),
        key=lambda member: (
            member.customer is None,
            not member.in_household,
            member.customer.name_pinyin if member.customer else "",
            member.customer.full_name if member.customer else "",
            member.customer.pk if member.customer else 0,
        ),
    )


def customer_detail_for(
    user: User, customer: Customer, *, today: dt.date | None = None
) -> CustomerDetail:
    """Gather what the customer page shows for a customer `user` may see."""
    today = today or timezone.localdate()
    visible_agent_ids = set(agent_ids_visible_to(user))
    policies = _policies_of(customer)
    visible_customer_ids = {customer.pk}
    for policy in policies:
        people = [policy.holder, policy.insured]
        people.extend(line.insured for line in policy.lines.all())
        visible_customer_ids.update(
            person.pk for person in people if person.agent_id in visible_agent_ids
        )
    category_labels = [
        str(ProductCategory(code).label)
        for code in customer.categories.split(",")
        if code in ProductCategory.values
    ]
    return CustomerDetail(
        customer=customer,
        held_policies=[p for p in policies if p.holder_id == customer.pk],
        insured_policies=[p for p in policies if p.holder_id != customer.pk],
        family=_family_of(customer, visible_agent_ids),
        key_dates=key_dates_for(customer, policies, today=today),
        category_labels=category_labels,
        visible_customer_ids=visible_customer_ids,
    )


# --- Households -------------------------------------------------------------


def households_for_move(customer: Customer) -> QuerySet[Household]:
    """Return the households a customer may move to.

    These are the other households that hold at least one customer of the
    same agent; each carries those customers in `agent_members`.
    """
    own_members = Customer.objects.filter(agent_id=customer.agent_id).order_by(
        *CUSTOMER_NAME_ORDER
    )
    households = (
        Household.objects.filter(
            office_id=customer.office_id, members__agent_id=customer.agent_id
        )
        .distinct()
        .prefetch_related(Prefetch("members", own_members, to_attr="agent_members"))
    )
    if customer.household_id is not None:
        households = households.exclude(pk=customer.household_id)
    return households.order_by("name", "pk")


def household_members_for_split(customer: Customer) -> QuerySet[Customer]:
    """Return who may leave the customer's household into a new one.

    That is the customer and the other members of the same agent. Members in
    other agents' books stay where they are.
    """
    if customer.household_id is None:
        return Customer.objects.filter(pk=customer.pk)
    return Customer.objects.filter(
        household_id=customer.household_id, agent_id=customer.agent_id
    ).order_by(*CUSTOMER_NAME_ORDER)
