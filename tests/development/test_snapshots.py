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


def test_paid_up_annuity_counts_as_savings_cover(agent):
    # An annuity paid by single premium, with no sum assured in the extract:
    # it is cover held, with no premium left to pay and no stated sum.
    customer = factories.make_customer(agent)
    policy = factories.make_policy(
        customer,
        premium=Decimal("14300"),
        category=ProductCategory.ANNUITY,
        payment_mode=PaymentMode.SINGLE,
        paid_to_date=dt.date(2004, 3, 14),
        payment_end_date=dt.date(2004, 3, 14),
    )
    policy.lines.update(sum_assured=None)

    snapshot, _people = household_snapshot(agent, customer, today=TODAY)

    savings = snapshot.person(customer.pk).cover[CoverGroup.SAVINGS]
    assert savings.lines == 1
    assert savings.paying_lines == 0
    assert savings.lines_with_sum_assured == 0
    assert savings.annual_premium == Decimal("0")


def test_needs_page_marks_paid_up_and_unstated_sum(client, agent):
    customer = factories.make_customer(agent)
    policy = factories.make_policy(
        customer,
        category=ProductCategory.ANNUITY,
        payment_mode=PaymentMode.SINGLE,
        paid_to_date=dt.date(2004, 3, 14),
        payment_end_date=dt.date(2004, 3, 14),
    )
    policy.lines.update(sum_assured=None)
    client.force_login(agent)

    html = client.get(f"/development/customers/{customer.pk}/needs/").content.decode()

    assert "已交清" in html
    assert "未载明" in html


def test_prep_shows_the_needs_premium_figures(client, agent):
    # Customer.annual_premium may count premiums no longer paid; the prep
    # page shows the needs analysis figures instead.
    customer = factories.make_customer(agent, annual_premium=Decimal("23130"))
    factories.make_policy(customer, premium=Decimal("2820"))
    client.force_login(agent)

    response = client.get(f"/development/customers/{customer.pk}/prep/")

    html = response.content.decode()
    assert response.context["needs"].focus.premium_paid == Decimal("2820")
    assert "2,820" in html
    assert "2.3万" not in html
    assert "23130" not in html
    assert "作为投保人缴纳的保费" in html
