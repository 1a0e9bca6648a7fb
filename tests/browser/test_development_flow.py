"""From a cover gap to an opportunity, a prepared visit and a logged outcome."""

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from revisit.book.models import Household
from revisit.development.models import (
    Opportunity,
    OpportunityKind,
    OpportunityStage,
    Technique,
)
from revisit.outreach.models import Contact
from tests import factories


@pytest.fixture
def family(agent):
    """王强 earns 300,000 with 200,000 of life cover; his wife 李梅 has none."""
    household = Household.objects.create(office=agent.office)
    father = factories.make_customer(
        agent,
        full_name="王强",
        gender="M",
        household=household,
        birth_date=dt.date(1988, 5, 1),
        annual_income=Decimal("300000"),
        next_due_date=dt.date(2027, 4, 10),
    )
    mother = factories.make_customer(
        agent,
        full_name="李梅",
        gender="F",
        household=household,
        birth_date=dt.date(1990, 5, 1),
    )
    factories.make_policy(father)
    migration = importlib.import_module(
        "revisit.development.migrations.0002_seed_talk_scripts"
    )
    migration.seed(apps, None)
    return father, mother


def test_gap_to_opportunity_to_prepared_visit_to_outcome(page, login, agent, family):
    father, mother = family
    login(agent)

    # The needs page names the wife's missing cover.
    page.goto(f"{page.base_url}/development/customers/{father.pk}/needs/")
    gap = page.locator("li.gap", has_text="李女士还没有任何保障")
    gap.get_by_role("button", name="作为商机跟进").click()
    page.wait_for_load_state("networkidle")

    opportunity = Opportunity.objects.get(subject=mother)
    assert opportunity.kind == OpportunityKind.COVER_SPOUSE
    assert page.get_by_role("heading", name="为配偶投保").is_visible()

    # The visit preparation fills the scripts with the customer's facts.
    page.get_by_role("link", name="拜访准备").click()
    page.wait_for_load_state("networkidle")
    script = page.locator("p.script").first
    assert script.inner_text().startswith("王先生，您好！")
    assert "{name_title}" not in page.locator("#scripts").inner_text()

    # Log what came of the visit, with the technique used, in the contact log.
    outcome = page.locator("#outcome")
    outcome.get_by_label("使用的话术").select_option(Technique.ASSUMPTIVE_CLOSE)
    outcome.get_by_label("结果", exact=True).select_option("proposal")
    assert outcome.get_by_label("商机", exact=True).input_value() == str(opportunity.pk)
    outcome.get_by_role("button", name="保存结果").click()
    page.wait_for_load_state("networkidle")

    assert page.get_by_text("结果已记入跟进记录。").is_visible()
    opportunity.refresh_from_db()
    assert opportunity.stage == OpportunityStage.PROPOSAL
    contact = Contact.objects.get()
    assert (contact.technique, contact.outcome) == (
        Technique.ASSUMPTIVE_CLOSE,
        "proposal",
    )
    assert contact.customer == father
