"""The household snapshot built from the book, and the cover it reports."""

import datetime as dt
from decimal import Decimal

from revisit.book.models import (
    CustomerRelation,
    Household,
    PaymentMode,
    PolicyStatus,
    ProductCategory,
    Relationship,
)
from revisit.development.cover_groups import CoverGroup
from revisit.development.selectors.needs import customer_needs_for
from revisit.development.selectors.snapshots import household_snapshot
from tests import factories

TODAY = dt.date(2027, 3, 1)


def test_cover_groups_sum_assured_and_annualise_premiums(agent):
    customer = factories.make_customer(agent)
    policy = factories.make_policy(customer, premium=Decimal("1000"))
    factories.make_line(
        policy,
        category=ProductCategory.MEDICAL,
        sum_assured=Decimal("20000"),
        premium=Decimal("100"),
        payment_mode=PaymentMode.MONTHLY,
    )

    snapshot, _people = household_snapshot(agent, customer, today=TODAY)

    cover = snapshot.person(customer.pk).cover
    # make_policy adds a 200,000 life line at 1,000 a year.
    assert cover[CoverGroup.LIFE].sum_assured == Decimal("200000")
    assert cover[CoverGroup.LIFE].annual_premium == Decimal("1000")
    # 100 a month is 1,200 a year.
    assert cover[CoverGroup.MEDICAL].annual_premium == Decimal("1200")


def test_single_premium_is_no_annual_burden(agent):
    customer = factories.make_customer(agent)
    policy = factories.make_policy(
        customer,
        premium=Decimal("50000"),
        category=ProductCategory.ANNUITY,
        payment_mode=PaymentMode.SINGLE,
    )

    snapshot, _people = household_snapshot(agent, customer, today=TODAY)

    person = snapshot.person(customer.pk)
    assert person.cover[CoverGroup.SAVINGS].lines == 1
    assert person.cover[CoverGroup.SAVINGS].annual_premium == Decimal("0")
    assert person.premium_paid == Decimal("0")
    assert policy.pk


def test_paid_up_line_counts_as_cover_without_premium(agent):
    customer = factories.make_customer(agent)
    factories.make_policy(
        customer,
        paid_to_date=dt.date(2020, 3, 1),
        payment_end_date=dt.date(2020, 3, 1),
    )

    snapshot, _people = household_snapshot(agent, customer, today=TODAY)

    life = snapshot.person(customer.pk).cover[CoverGroup.LIFE]
    assert life.sum_assured == Decimal("200000")
    assert life.annual_premium == Decimal("0")


def test_lapsed_policy_is_not_cover(agent):
    customer = factories.make_customer(agent)
    factories.make_policy(customer, status=PolicyStatus.LAPSED)

    snapshot, _people = household_snapshot(agent, customer, today=TODAY)

    assert snapshot.person(customer.pk).has_cover is False


def test_family_through_policies_with_stated_relation(agent):
    father = factories.make_customer(agent, birth_date=dt.date(1985, 1, 1))
    son = factories.make_customer(agent, birth_date=dt.date(2015, 1, 1))
    policy = factories.make_policy(father, insured=son)
    policy.relationship = Relationship.CHILD
    policy.save()

    snapshot, _people = household_snapshot(agent, father, today=TODAY)

    assert snapshot.person(son.pk).relation == Relationship.CHILD
    assert snapshot.person(father.pk).pays_for == frozenset({son.pk})


def test_relation_stated_the_other_way_is_inverted(agent):
    mother = factories.make_customer(agent, birth_date=dt.date(1960, 1, 1))
    daughter = factories.make_customer(agent, birth_date=dt.date(1988, 1, 1))
    # "daughter is child of mother", read from the daughter's page.
    CustomerRelation.objects.create(
        customer=daughter, relative=mother, kind=Relationship.CHILD
    )

    snapshot, _people = household_snapshot(agent, daughter, today=TODAY)

    assert snapshot.person(mother.pk).relation == Relationship.PARENT


def test_household_members_without_relation_get_one_from_ages(agent):
    household = Household.objects.create(office=agent.office)
    father = factories.make_customer(
        agent, household=household, birth_date=dt.date(1985, 1, 1)
    )
    mother = factories.make_customer(
        agent, household=household, birth_date=dt.date(1987, 1, 1)
    )
    child = factories.make_customer(
        agent, household=household, birth_date=dt.date(2016, 1, 1)
    )

    snapshot, _people = household_snapshot(agent, father, today=TODAY)

    assert snapshot.person(mother.pk).relation == Relationship.SPOUSE
    assert snapshot.person(child.pk).relation == Relationship.CHILD


def test_household_member_in_another_book_is_left_out(agent, outsider):
    household = Household.objects.create(office=agent.office)
    mine = factories.make_customer(agent, household=household)
    theirs = factories.make_customer(outsider, household=household)

    snapshot, _people = household_snapshot(agent, mine, today=TODAY)

    assert [p.customer_id for p in snapshot.people] == [mine.pk]
    assert theirs.pk


def test_supervisor_sees_member_in_team_book(supervisor, agent, teammate):
    household = Household.objects.create(office=agent.office)
    mine = factories.make_customer(agent, household=household)
    theirs = factories.make_customer(teammate, household=household)

    snapshot, _people = household_snapshot(supervisor, mine, today=TODAY)

    assert {p.customer_id for p in snapshot.people} == {mine.pk, theirs.pk}


def test_featured_product_in_snapshot_only_when_on_sale(agent):
    customer = factories.make_customer(agent)
    factories.make_product(agent.office, code="CI1", is_featured=True)
    factories.make_product(agent.office, code="CI2", is_featured=True, is_active=False)
    factories.make_product(agent.office, code="CI3")

    snapshot, _people = household_snapshot(agent, customer, today=TODAY)

    assert [p.code for p in snapshot.featured_products] == ["CI1"]


def test_customer_needs_links_gap_to_existing_opportunity(agent):
    customer = factories.make_customer(agent, birth_date=dt.date(1990, 1, 1))
    factories.make_policy(customer, category=ProductCategory.MEDICAL)
    needs = customer_needs_for(agent, customer, today=TODAY)
    first = needs.gaps[0]
    opportunity = factories.make_opportunity(customer, gap_key=first.gap.key)

    needs = customer_needs_for(agent, customer, today=TODAY)

    assert needs.gaps[0].opportunity == opportunity


def test_household_cover_sums_every_member(agent):
    household = Household.objects.create(office=agent.office)
    father = factories.make_customer(agent, household=household)
    mother = factories.make_customer(agent, household=household)
    factories.make_policy(father)
    factories.make_policy(mother)

    needs = customer_needs_for(agent, father, today=TODAY)

    life = next(row for row in needs.household_rows if row.group == CoverGroup.LIFE)
    assert life.sum_assured == Decimal("400000")
    assert life.lines == 2
