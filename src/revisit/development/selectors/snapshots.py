"""Build the needs-analysis snapshot of a customer's household from the book.

The household is the customer's Household, together with the people linked
to them by a family relation or by a policy (holder and insured). People in
books the user may not see are left out, so no sentence names them.
"""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import F, Q

from revisit.accounts.selectors import agent_ids_visible_to
from revisit.book.models import (
    CoverageLine,
    Customer,
    CustomerRelation,
    Policy,
    PolicyStatus,
    Product,
    Relationship,
)
from revisit.development.cover_groups import (
    annualised_premium,
    group_of,
    line_is_paying,
)
from revisit.development.models import DevelopmentSettings
from revisit.development.services.needs import (
    ADULT_AGE,
    GroupCover,
    HouseholdSnapshot,
    NeedsSettings,
    PersonFacts,
    ProductFacts,
    age_on,
    is_child,
)
from revisit.development.text import name_title

# The relation of B to A when a row says "A is `kind` of B".
INVERSE_RELATION = {
    Relationship.SELF: Relationship.SELF,
    Relationship.SPOUSE: Relationship.SPOUSE,
    Relationship.CHILD: Relationship.PARENT,
    Relationship.PARENT: Relationship.CHILD,
    Relationship.SIBLING: Relationship.SIBLING,
    Relationship.GRANDCHILD: Relationship.GRANDPARENT,
    Relationship.GRANDPARENT: Relationship.GRANDCHILD,
    Relationship.OTHER: Relationship.OTHER,
}

# A generation apart, in years, when a relation is guessed from ages.
GENERATION_YEARS = 18


def _people_of(customer: Customer, visible_agent_ids: set[int]) -> list[Customer]:
    related = CustomerRelation.objects.filter(
        Q(customer=customer) | Q(relative=customer)
    ).values_list("customer_id", "relative_id")
    linked = Policy.objects.filter(
        Q(holder=customer) | Q(insured=customer)
    ).values_list("holder_id", "insured_id")
    ids = {customer.pk}
    for first, second in (*related, *linked):
        ids.update((first, second))
    condition = Q(pk__in=ids)
    if customer.household_id is not None:
        condition |= Q(household_id=customer.household_id)
    people = Customer.objects.filter(condition).order_by(
        F("birth_date").asc(nulls_last=True), "pk"
    )
    members = [
        person
        for person in people
        if person.agent_id in visible_agent_ids and person.pk != customer.pk
    ]
    return [customer, *members]


def _stated_relations(customer: Customer, ids: list[int]) -> dict[int, str]:
    """Return each person's relation to `customer` stated by relations or policies."""
    relations: dict[int, str] = {}
    rows = CustomerRelation.objects.filter(
        Q(customer=customer, relative_id__in=ids)
        | Q(relative=customer, customer_id__in=ids)
    ).values_list("customer_id", "relative_id", "kind")
    for person_id, relative_id, kind in rows:
        if relative_id == customer.pk:
            relations[person_id] = kind
        else:
            relations.setdefault(relative_id, INVERSE_RELATION.get(kind, ""))
    policies = (
        Policy.objects.filter(
            Q(holder=customer, insured_id__in=ids)
            | Q(insured=customer, holder_id__in=ids)
        )
        .exclude(relationship="")
        .values_list("holder_id", "insured_id", "relationship")
    )
    for holder_id, insured_id, kind in policies:
        if holder_id == customer.pk:
            relations.setdefault(insured_id, kind)
        else:
            relations.setdefault(holder_id, INVERSE_RELATION.get(kind, ""))
    relations[customer.pk] = Relationship.SELF
    return relations


def _guessed_relation(focus: Customer, person: Customer, today: dt.date) -> str:
    """Guess a household member's relation from ages when none is stated.

    A generation older is a parent and a generation younger a child. An
    adult of about the same age in the same household is taken as the spouse.
    """
    focus_age, age = age_on(focus.birth_date, today), age_on(person.birth_date, today)
    if focus_age is None or age is None:
        return ""
    if age - focus_age >= GENERATION_YEARS:
        return Relationship.PARENT
    if focus_age - age >= GENERATION_YEARS:
        return Relationship.CHILD
    if age >= ADULT_AGE and focus_age >= ADULT_AGE and focus.household_id is not None:
        return Relationship.SPOUSE
    return ""


def _cover_by_person(
    ids: list[int], today: dt.date
) -> dict[int, dict[str, GroupCover]]:
    totals: dict[int, dict[str, dict]] = defaultdict(dict)
    lines = CoverageLine.objects.filter(
        insured_id__in=ids,
        status=PolicyStatus.IN_FORCE,
        policy__status=PolicyStatus.IN_FORCE,
    ).values(
        "insured_id",
        "category",
        "sum_assured",
        "premium",
        "payment_mode",
        "paid_to_date",
        "payment_end_date",
        "effective_date",
        "product_code",
        "status",
        "policy__payment_mode",
    )
    for line in lines:
        group = group_of(line["category"])
        if group is None:
            continue
        mode = line["payment_mode"] or line["policy__payment_mode"]
        item = totals[line["insured_id"]].setdefault(
            group,
            {
                "sum": Decimal("0"),
                "premium": Decimal("0"),
                "lines": 0,
                "paying": 0,
                "with_sum": 0,
                "latest": None,
                "codes": set(),
            },
        )
        if line["sum_assured"] is not None:
            item["sum"] += line["sum_assured"]
            item["with_sum"] += 1
        paying = line_is_paying(
            status=line["status"],
            payment_mode=mode,
            paid_to_date=line["paid_to_date"],
            payment_end_date=line["payment_end_date"],
            today=today,
        )
        if paying:
            item["premium"] += annualised_premium(line["premium"], mode)
            item["paying"] += 1
        item["lines"] += 1
        item["codes"].add(line["product_code"])
        effective = line["effective_date"]
        if effective and (item["latest"] is None or effective > item["latest"]):
            item["latest"] = effective
    return {
        person_id: {
            group: GroupCover(
                sum_assured=item["sum"],
                annual_premium=item["premium"],
                lines=item["lines"],
                paying_lines=item["paying"],
                lines_with_sum_assured=item["with_sum"],
                latest_effective_date=item["latest"],
                product_codes=frozenset(item["codes"]),
            )
            for group, item in groups.items()
        }
        for person_id, groups in totals.items()
    }


def _payments_by_holder(
    ids: list[int], today: dt.date
) -> tuple[dict[int, Decimal], dict[int, set[int]]]:
    """Return premiums per year each person pays as holder, and whom they insure."""
    premiums: dict[int, Decimal] = defaultdict(Decimal)
    insured: dict[int, set[int]] = defaultdict(set)
    lines = CoverageLine.objects.filter(
        policy__holder_id__in=ids,
        status=PolicyStatus.IN_FORCE,
        policy__status=PolicyStatus.IN_FORCE,
    ).values_list(
        "policy__holder_id",
        "insured_id",
        "premium",
        "payment_mode",
        "policy__payment_mode",
        "paid_to_date",
        "payment_end_date",
        "status",
    )
    for (
        holder_id,
        insured_id,
        premium,
        mode,
        policy_mode,
        paid_to,
        end,
        status,
    ) in lines:
        mode = mode or policy_mode
        insured[holder_id].add(insured_id)
        paying = line_is_paying(
            status=status,
            payment_mode=mode,
            paid_to_date=paid_to,
            payment_end_date=end,
            today=today,
        )
        if paying:
            premiums[holder_id] += annualised_premium(premium, mode)
    return premiums, insured


def featured_products(office_id: int) -> tuple[ProductFacts, ...]:
    products = Product.objects.filter(
        office_id=office_id, is_featured=True, is_active=True, is_rider=False
    ).order_by("code")
    facts = []
    for product in products:
        group = group_of(product.category)
        if group is not None:
            facts.append(
                ProductFacts(
                    code=product.code,
                    name=product.name,
                    group=group,
                    min_age=product.min_age,
                    max_age=product.max_age,
                )
            )
    return tuple(facts)


def needs_settings_for(office_id: int) -> NeedsSettings:
    stored = DevelopmentSettings.for_office(office_id)
    return NeedsSettings(
        income_multiple=stored.income_multiple, premium_share=stored.premium_share
    )


def household_snapshot(
    user, customer: Customer, *, today: dt.date
) -> tuple[HouseholdSnapshot, dict[int, Customer]]:
    """Return the snapshot of `customer`'s household and its people by id.

    `customer` must already be in the user's scope. Runs the same eight
    queries whatever the household's size.
    """
    visible = set(agent_ids_visible_to(user))
    people = _people_of(customer, visible)
    ids = [person.pk for person in people]
    stated = _stated_relations(customer, ids)
    cover = _cover_by_person(ids, today)
    premiums, insured = _payments_by_holder(ids, today)
    facts = tuple(
        PersonFacts(
            customer_id=person.pk,
            title=name_title(
                person.full_name,
                person.gender,
                is_child=is_child(person.birth_date, today),
            ),
            birth_date=person.birth_date,
            annual_income=person.annual_income,
            relation=stated.get(person.pk)
            or _guessed_relation(customer, person, today),
            cover=cover.get(person.pk, {}),
            premium_paid=premiums.get(person.pk, Decimal("0")),
            pays_for=frozenset(insured.get(person.pk, set())),
        )
        for person in people
    )
    snapshot = HouseholdSnapshot(
        focus_id=customer.pk,
        people=facts,
        today=today,
        featured_products=featured_products(customer.office_id),
    )
    return snapshot, {person.pk: person for person in people}
