import datetime as dt
from decimal import Decimal

from revisit.development.models import ProspectStatus, ReferralRelation
from revisit.development.selectors.referrals import (
    chain_totals,
    referral_totals_by_agent,
    referral_tree_for,
    referrers_for,
)
from revisit.development.services.prospects import (
    phone_digits,
    prospect_create,
    prospects_convert,
)
from tests import factories


def test_phone_digits_drops_country_code_and_spaces():
    assert phone_digits("+86 138 3016 6131") == "13830166131"
    assert phone_digits("138-3016-6131") == "13830166131"


def test_create_stores_phone_as_digits(agent):
    prospect = prospect_create(actor=agent, full_name="张伟", phone="138 3016 6131")

    assert prospect.phone == "13830166131"
    assert prospect.agent == agent
    assert prospect.office_id == agent.office_id


def test_convert_by_name_and_phone(agent):
    prospect = factories.make_prospect(agent, full_name="张伟", phone="13830166131")
    customer = factories.make_customer(agent, full_name="张伟", phone="13830166131")

    converted = prospects_convert(office_id=agent.office_id)

    prospect.refresh_from_db()
    assert converted == 1
    assert prospect.customer == customer
    assert prospect.status == ProspectStatus.CUSTOMER
    assert prospect.converted_at is not None


def test_convert_by_name_and_birth_date(agent):
    prospect = factories.make_prospect(
        agent, full_name="张伟", phone="", birth_date=dt.date(1990, 4, 5)
    )
    customer = factories.make_customer(
        agent, full_name="张伟", birth_date=dt.date(1990, 4, 5)
    )

    prospects_convert(office_id=agent.office_id)

    prospect.refresh_from_db()
    assert prospect.customer == customer


def test_convert_matches_other_phone(agent):
    prospect = factories.make_prospect(agent, full_name="张伟", phone="13830166131")
    customer = factories.make_customer(
        agent, full_name="张伟", phone="13900000000", phone_alt="13830166131"
    )

    prospects_convert(office_id=agent.office_id)

    prospect.refresh_from_db()
    assert prospect.customer == customer


def test_phone_alone_does_not_convert(agent):
    # Families share one phone number on several policies.
    prospect = factories.make_prospect(agent, full_name="张伟", phone="13830166131")
    factories.make_customer(agent, full_name="张丽", phone="13830166131")

    assert prospects_convert(office_id=agent.office_id) == 0
    prospect.refresh_from_db()
    assert prospect.customer is None


def test_two_matching_customers_leave_prospect_alone(agent, teammate):
    prospect = factories.make_prospect(
        agent, full_name="张伟", phone="", birth_date=dt.date(1990, 4, 5)
    )
    factories.make_customer(agent, full_name="张伟", birth_date=dt.date(1990, 4, 5))
    factories.make_customer(teammate, full_name="张伟", birth_date=dt.date(1990, 4, 5))

    assert prospects_convert(office_id=agent.office_id) == 0
    prospect.refresh_from_db()
    assert prospect.status == ProspectStatus.NEW


def test_dropped_prospect_who_bought_converts(agent):
    prospect = factories.make_prospect(
        agent, full_name="张伟", phone="13830166131", status=ProspectStatus.DROPPED
    )
    factories.make_customer(agent, full_name="张伟", phone="13830166131")

    prospects_convert(office_id=agent.office_id)

    prospect.refresh_from_db()
    assert prospect.status == ProspectStatus.CUSTOMER


def test_convert_stays_in_office(agent, foreign_agent):
    prospect = factories.make_prospect(agent, full_name="张伟", phone="13830166131")
    factories.make_customer(foreign_agent, full_name="张伟", phone="13830166131")

    assert prospects_convert(office_id=agent.office_id) == 0
    prospect.refresh_from_db()
    assert prospect.customer is None


def test_convert_twice_converts_once(agent):
    factories.make_prospect(agent, full_name="张伟", phone="13830166131")
    factories.make_customer(agent, full_name="张伟", phone="13830166131")
    prospects_convert(office_id=agent.office_id)

    assert prospects_convert(office_id=agent.office_id) == 0


def chain(agent):
    """王强 referred 张伟, who became a customer and referred 李娜."""
    referrer = factories.make_customer(agent, full_name="王强")
    became = factories.make_customer(
        agent, full_name="张伟", annual_premium=Decimal("8000")
    )
    first = factories.make_prospect(
        agent,
        full_name="张伟",
        referred_by=referrer,
        customer=became,
        status=ProspectStatus.CUSTOMER,
        relation=ReferralRelation.FRIEND,
    )
    second = factories.make_prospect(agent, full_name="李娜", referred_by=became)
    return referrer, first, second


def test_referral_tree_follows_converted_referrals(agent):
    referrer, first, second = chain(agent)

    tree = referral_tree_for(agent, referrer)

    assert [node.prospect for node in tree] == [first]
    assert [node.prospect for node in tree[0].children] == [second]
    assert chain_totals(tree) == (2, 1, Decimal("8000"))


def test_referral_tree_hides_prospects_outside_scope(agent, outsider):
    referrer = factories.make_customer(agent)
    factories.make_prospect(outsider, referred_by=referrer)

    assert referral_tree_for(agent, referrer) == []


def test_referrers_count_and_premium(agent):
    referrer, _first, _second = chain(agent)

    rows = referrers_for(agent)

    top = rows[0]
    assert top.customer == referrer
    assert (top.referred, top.became_customers, top.premium) == (1, 1, Decimal("8000"))


def test_referral_totals_per_agent_in_scope(supervisor, agent, outsider):
    chain(agent)
    factories.make_prospect(outsider)

    totals = referral_totals_by_agent(supervisor)

    assert [row.agent for row in totals] == [agent]
    assert (totals[0].prospects, totals[0].referred, totals[0].became_customers) == (
        2,
        2,
        1,
    )
