import datetime as dt
from decimal import Decimal

import pytest

from revisit.book.models import Household, ProductCategory
from revisit.core.exceptions import DomainError
from revisit.core.models import AuditEntry
from revisit.development.models import (
    Opportunity,
    OpportunityKind,
    OpportunitySource,
    OpportunityStage,
)
from revisit.development.selectors.needs import customer_needs_for
from revisit.development.selectors.opportunities import opportunity_reasons_for
from revisit.development.services.opportunities import (
    LOST_NEEDS_REASON,
    SIGNED_IS_LINKED,
    SIGNED_NEEDS_PREMIUM,
    SIGNED_ON_IN_FUTURE,
    SIGNED_ON_TOO_OLD,
    opportunities_generate,
    opportunities_link_policies,
    opportunity_create_from_gap,
    opportunity_move,
)
from tests import factories

TODAY = dt.date(2027, 3, 1)


@pytest.fixture
def family(agent):
    """A father with life cover only, and an uncovered wife, in one household."""
    household = Household.objects.create(office=agent.office)
    father = factories.make_customer(
        agent,
        full_name="王强",
        gender="M",
        household=household,
        birth_date=dt.date(1988, 5, 1),
    )
    mother = factories.make_customer(
        agent,
        full_name="李梅",
        gender="F",
        household=household,
        birth_date=dt.date(1990, 5, 1),
    )
    factories.make_policy(father)
    father.policy_count = 1
    father.save()
    return father, mother


def gaps_of(user, customer):
    return customer_needs_for(user, customer, today=TODAY).raw_gaps


def test_generate_creates_one_opportunity_per_sale_gap(agent, family):
    father, _mother = family
    gaps = gaps_of(agent, father)

    created = opportunities_generate(actor=agent, customer=father, gaps=gaps)

    sale_gaps = [gap for gap in gaps if gap.opportunity_kind]
    assert created == len(sale_gaps)
    assert Opportunity.objects.filter(customer=father).count() == len(sale_gaps)


def test_generate_twice_does_not_duplicate(agent, family):
    father, _mother = family
    opportunities_generate(actor=agent, customer=father, gaps=gaps_of(agent, father))

    again = opportunities_generate(
        actor=agent, customer=father, gaps=gaps_of(agent, father)
    )

    assert again == 0


def test_generate_from_spouse_page_does_not_duplicate(agent, family):
    father, mother = family
    opportunities_generate(actor=agent, customer=father, gaps=gaps_of(agent, father))

    # The same household has the same gaps, whoever's page they are found on.
    created = opportunities_generate(
        actor=agent, customer=mother, gaps=gaps_of(agent, mother)
    )

    assert created == 0
    assert not Opportunity.objects.filter(customer=mother).exists()


def test_uncovered_spouse_becomes_horizontal_opportunity(agent, family):
    father, mother = family
    opportunities_generate(actor=agent, customer=father, gaps=gaps_of(agent, father))

    spouse = Opportunity.objects.get(subject=mother)

    assert spouse.kind == OpportunityKind.COVER_SPOUSE
    assert spouse.customer == father
    assert spouse.source == OpportunitySource.GAP


def test_well_covered_customer_gets_referral_ask(agent):
    customer = factories.make_customer(agent, birth_date=dt.date(1990, 1, 1))
    policy = factories.make_policy(customer, category=ProductCategory.CRITICAL_ILLNESS)
    factories.make_line(policy, category=ProductCategory.MEDICAL)
    factories.make_line(policy, category=ProductCategory.ACCIDENT)
    customer.policy_count = 1
    customer.save()
    gaps = gaps_of(agent, customer)
    assert gaps == []

    created = opportunities_generate(actor=agent, customer=customer, gaps=gaps)

    assert created == 1
    assert Opportunity.objects.get(customer=customer).kind == OpportunityKind.REFERRAL


def test_create_from_gap_returns_existing(agent, family):
    father, _mother = family
    gap = next(g for g in gaps_of(agent, father) if g.opportunity_kind)
    first, created = opportunity_create_from_gap(actor=agent, customer=father, gap=gap)

    second, created_again = opportunity_create_from_gap(
        actor=agent, customer=father, gap=gap
    )

    assert created is True
    assert created_again is False
    assert second == first


def test_create_from_gap_is_audited(agent, family):
    father, _mother = family
    gap = next(g for g in gaps_of(agent, father) if g.opportunity_kind)

    opportunity, _created = opportunity_create_from_gap(
        actor=agent, customer=father, gap=gap
    )

    entry = AuditEntry.objects.get(action="development.opportunity.created")
    assert entry.target_id == str(opportunity.pk)
    assert entry.actor == agent


def test_move_to_lost_needs_reason(agent, customer):
    opportunity = factories.make_opportunity(customer)

    with pytest.raises(DomainError) as raised:
        opportunity_move(
            actor=agent, opportunity=opportunity, stage=OpportunityStage.LOST
        )

    assert raised.value.message == LOST_NEEDS_REASON


def test_move_to_lost_keeps_reason(agent, customer):
    opportunity = factories.make_opportunity(customer)

    opportunity_move(
        actor=agent,
        opportunity=opportunity,
        stage=OpportunityStage.LOST,
        lost_reason="预算不够",
    )

    opportunity.refresh_from_db()
    assert opportunity.stage == OpportunityStage.LOST
    assert opportunity.lost_reason == "预算不够"


def test_reopening_lost_clears_reason(agent, customer):
    opportunity = factories.make_opportunity(
        customer, stage=OpportunityStage.LOST, lost_reason="预算不够"
    )

    opportunity_move(
        actor=agent, opportunity=opportunity, stage=OpportunityStage.CONTACTED
    )

    opportunity.refresh_from_db()
    assert opportunity.lost_reason == ""


def test_signing_sets_date_and_asks_for_referrals(agent, customer):
    opportunity = factories.make_opportunity(customer, expected_premium=Decimal("3000"))

    opportunity_move(
        actor=agent,
        opportunity=opportunity,
        stage=OpportunityStage.SIGNED,
        policy_number="880099",
        today=TODAY,
    )

    opportunity.refresh_from_db()
    assert opportunity.signed_on == TODAY
    assert opportunity.policy_number == "880099"
    follow_up = Opportunity.objects.get(source=OpportunitySource.FOLLOW_UP)
    assert follow_up.kind == OpportunityKind.REFERRAL


def test_signed_opportunity_can_be_reopened(agent, customer):
    opportunity = factories.make_opportunity(
        customer,
        stage=OpportunityStage.SIGNED,
        signed_on=TODAY,
        policy_number="880099",
        expected_premium=Decimal("3000"),
    )

    opportunity_move(
        actor=agent,
        opportunity=opportunity,
        stage=OpportunityStage.PROPOSAL,
        today=TODAY,
    )

    opportunity.refresh_from_db()
    assert opportunity.stage == OpportunityStage.PROPOSAL
    assert opportunity.signed_on is None
    assert opportunity.policy_number == ""
    entry = AuditEntry.objects.get(action="development.opportunity.moved")
    assert entry.data["from"] == OpportunityStage.SIGNED
    assert entry.data["cleared"]["policy_number"] == "880099"


def test_signed_and_linked_stays_signed(agent, customer):
    policy = factories.make_policy(customer)
    opportunity = factories.make_opportunity(
        customer, stage=OpportunityStage.SIGNED, signed_on=TODAY, policy=policy
    )

    with pytest.raises(DomainError) as raised:
        opportunity_move(
            actor=agent, opportunity=opportunity, stage=OpportunityStage.PROPOSAL
        )

    assert raised.value.message == SIGNED_IS_LINKED


@pytest.mark.parametrize(
    ("signed_on", "message"),
    [
        (dt.date(2031, 1, 1), SIGNED_ON_IN_FUTURE),
        (TODAY + dt.timedelta(days=1), SIGNED_ON_IN_FUTURE),
        (TODAY - dt.timedelta(days=366), SIGNED_ON_TOO_OLD),
    ],
)
def test_sign_date_outside_past_year_rejected(agent, customer, signed_on, message):
    opportunity = factories.make_opportunity(
        customer, expected_premium=Decimal("3000")
    )

    with pytest.raises(DomainError) as raised:
        opportunity_move(
            actor=agent,
            opportunity=opportunity,
            stage=OpportunityStage.SIGNED,
            signed_on=signed_on,
            today=TODAY,
        )

    assert raised.value.message == message
    opportunity.refresh_from_db()
    assert opportunity.stage == OpportunityStage.IDENTIFIED


def test_sign_date_a_year_back_accepted(agent, customer):
    opportunity = factories.make_opportunity(
        customer, expected_premium=Decimal("3000")
    )

    opportunity_move(
        actor=agent,
        opportunity=opportunity,
        stage=OpportunityStage.SIGNED,
        signed_on=TODAY - dt.timedelta(days=365),
        today=TODAY,
    )

    opportunity.refresh_from_db()
    assert opportunity.signed_on == TODAY - dt.timedelta(days=365)


def test_signing_without_premium_rejected(agent, customer):
    opportunity = factories.make_opportunity(customer)

    with pytest.raises(DomainError) as raised:
        opportunity_move(
            actor=agent,
            opportunity=opportunity,
            stage=OpportunityStage.SIGNED,
            today=TODAY,
        )

    assert raised.value.message == SIGNED_NEEDS_PREMIUM


def test_resigning_asks_for_referrals_once(agent, customer):
    opportunity = factories.make_opportunity(
        customer, expected_premium=Decimal("3000")
    )
    for stage in (
        OpportunityStage.SIGNED,
        OpportunityStage.PROPOSAL,
        OpportunityStage.SIGNED,
    ):
        opportunity_move(
            actor=agent, opportunity=opportunity, stage=stage, today=TODAY
        )
    follow_up = Opportunity.objects.get(source=OpportunitySource.FOLLOW_UP)
    # Even once the first request is closed, signing again creates none.
    opportunity_move(
        actor=agent,
        opportunity=follow_up,
        stage=OpportunityStage.LOST,
        lost_reason="不愿介绍",
        today=TODAY,
    )

    for stage in (OpportunityStage.PROPOSAL, OpportunityStage.SIGNED):
        opportunity_move(
            actor=agent, opportunity=opportunity, stage=stage, today=TODAY
        )

    assert Opportunity.objects.filter(source=OpportunitySource.FOLLOW_UP).count() == 1


def signed(customer, **fields):
    return factories.make_opportunity(
        customer, stage=OpportunityStage.SIGNED, signed_on=dt.date(2027, 2, 1), **fields
    )


def test_link_by_policy_number_the_agent_entered(agent, customer):
    opportunity = signed(customer, policy_number="880100")
    policy = factories.make_policy(customer, number="880100")

    linked = opportunities_link_policies(office_id=agent.office_id)

    opportunity.refresh_from_db()
    assert linked == 1
    assert opportunity.policy == policy
    assert opportunity.linked_at is not None


def test_link_by_customer_and_later_effective_date(agent, customer):
    opportunity = signed(customer)
    older = factories.make_policy(customer)  # effective 2020-03-01
    newer = factories.make_policy(customer)
    newer.effective_date = dt.date(2027, 2, 10)
    newer.save()

    opportunities_link_policies(office_id=agent.office_id)

    opportunity.refresh_from_db()
    assert opportunity.policy == newer
    assert older.pk != newer.pk


def test_no_link_to_policy_effective_before_signing(agent, customer):
    opportunity = signed(customer)
    factories.make_policy(customer)  # effective 2020-03-01

    linked = opportunities_link_policies(office_id=agent.office_id)

    opportunity.refresh_from_db()
    assert linked == 0
    assert opportunity.policy is None


def test_link_subject_policy_for_horizontal_sale(agent, customer):
    child = factories.make_customer(agent, birth_date=dt.date(2018, 1, 1))
    opportunity = signed(customer, subject=child, kind=OpportunityKind.COVER_CHILDREN)
    other_holder = factories.make_customer(agent)
    policy = factories.make_policy(other_holder, insured=child)
    policy.effective_date = dt.date(2027, 2, 5)
    policy.save()

    opportunities_link_policies(office_id=agent.office_id)

    opportunity.refresh_from_db()
    assert opportunity.policy == policy


def test_one_policy_links_one_opportunity(agent, customer):
    first = signed(customer)
    second = signed(customer)
    policy = factories.make_policy(customer)
    policy.effective_date = dt.date(2027, 2, 10)
    policy.save()

    linked = opportunities_link_policies(office_id=agent.office_id)

    first.refresh_from_db()
    second.refresh_from_db()
    assert linked == 1
    assert first.policy == policy
    assert second.policy is None


def test_link_twice_links_nothing_more(agent, customer):
    signed(customer, policy_number="880101")
    factories.make_policy(customer, number="880101")
    opportunities_link_policies(office_id=agent.office_id)

    assert opportunities_link_policies(office_id=agent.office_id) == 0


def test_link_stays_in_office(agent, customer, foreign_agent):
    opportunity = signed(customer, policy_number="880102")
    foreign = factories.make_customer(foreign_agent)
    factories.make_policy(foreign, number="880102")

    opportunities_link_policies(office_id=agent.office_id)

    opportunity.refresh_from_db()
    assert opportunity.policy is None


def test_reasons_for_open_opportunities_only(agent, customer):
    open_one = factories.make_opportunity(customer, summary="补充重疾保障")
    factories.make_opportunity(
        customer, stage=OpportunityStage.LOST, lost_reason="不需要"
    )
    other = factories.make_customer(agent)

    reasons = opportunity_reasons_for([customer.pk, other.pk])

    assert list(reasons) == [customer.pk]
    assert [r.opportunity_id for r in reasons[customer.pk]] == [open_one.pk]
    assert reasons[customer.pk][0].reason == "补充重疾保障"


def test_reasons_put_proposals_first(agent, customer):
    factories.make_opportunity(customer)
    proposal = factories.make_opportunity(
        customer, stage=OpportunityStage.PROPOSAL, expected_premium=Decimal("6000")
    )

    reasons = opportunity_reasons_for([customer.pk])[customer.pk]

    assert reasons[0].opportunity_id == proposal.pk
    assert reasons[0].expected_premium == Decimal("6000")


def test_reason_entry_point_names_the_cover(agent, customer, settings):
    from django.utils import translation

    factories.make_opportunity(
        customer, kind=OpportunityKind.ADD_CATEGORY, cover_group="medical"
    )

    with translation.override("en"):
        reasons = opportunity_reasons_for([customer.pk])[customer.pk]

    assert reasons[0].entry_point == "Show what medical cover would add"
