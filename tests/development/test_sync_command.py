import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from revisit.development.models import OpportunityStage, ProspectStatus
from tests import factories


def test_sync_links_and_converts(agent, customer):
    opportunity = factories.make_opportunity(
        customer,
        stage=OpportunityStage.SIGNED,
        signed_on=dt.date(2027, 2, 1),
        policy_number="880300",
    )
    policy = factories.make_policy(customer, number="880300")
    prospect = factories.make_prospect(agent, full_name="张伟", phone="13830166131")
    factories.make_customer(agent, full_name="张伟", phone="13830166131")
    out = StringIO()

    call_command("development_sync", "--office", agent.office.code, stdout=out)

    opportunity.refresh_from_db()
    prospect.refresh_from_db()
    assert opportunity.policy == policy
    assert prospect.status == ProspectStatus.CUSTOMER
    assert out.getvalue() == (
        "HZ01: 1 opportunities linked to policies, 1 prospects became customers\n"
    )


def test_sync_twice_changes_nothing(agent, customer):
    factories.make_prospect(agent, full_name="张伟", phone="13830166131")
    factories.make_customer(agent, full_name="张伟", phone="13830166131")
    call_command("development_sync", stdout=StringIO())
    out = StringIO()

    call_command("development_sync", stdout=out)

    assert "0 opportunities linked to policies, 0 prospects" in out.getvalue()


def test_sync_unknown_office(db):
    with pytest.raises(CommandError, match="'XX' not found"):
        call_command("development_sync", "--office", "XX")
