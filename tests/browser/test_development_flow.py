"""From a cover gap to an opportunity, a prepared visit and a logged outcome."""

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.urls import NoReverseMatch, clear_url_caches, reverse

from revisit.book.models import Household
from revisit.development.models import (
    Opportunity,
    OpportunityKind,
    OpportunityStage,
    Technique,
    TechniqueUse,
)
from tests import factories


@pytest.fixture
def login_urls(settings):
    """Serve a logout URL for base.html when the accounts app has none yet."""
    try:
        reverse("accounts:logout")
    except NoReverseMatch:
        settings.ROOT_URLCONF = "tests.development.urls_with_login"
        clear_url_caches()
    yield
    clear_url_caches()


def sign_in(page, user):
    """Give the browser a signed-in session for `user`.

    A session cookie, not the login form, so the test does not depend on the
    login page's markup.
    """
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    host = page.base_url.split("//", 1)[1].split(":", 1)[0]
    page.context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "domain": host,
                "path": "/",
            }
        ]
    )


@pytest.fixture
def family(agent):
    """王强 earns 300,000 with 200,000 of life cover; his wife 李梅 has none."""
    household = Household.objects.create(office=agent.office)
    father = factories.make_customer(
        agent, full_name="王强", gender="M", household=household,
        birth_date=dt.date(1988, 5, 1), annual_income=Decimal("300000"),
        next_due_date=dt.date(2027, 4, 10),
    )
    mother = factories.make_customer(
        agent, full_name="李梅", gender="F", household=household,
        birth_date=dt.date(1990, 5, 1),
    )
    factories.make_policy(father)
    migration = importlib.import_module(
        "revisit.development.migrations.0002_seed_talk_scripts"
    )
    migration.seed(apps, None)
    return father, mother


def test_gap_to_opportunity_to_prepared_visit_to_outcome(
    page, login_urls, agent, family
):
    father, mother = family
    sign_in(page, agent)

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

    # Log what came of the visit, with the technique used.
    outcome = page.locator("#outcome")
    outcome.get_by_label("使用的话术").select_option(Technique.ASSUMPTIVE_CLOSE)
    outcome.get_by_label("结果").select_option("proposal")
    assert outcome.get_by_label("商机", exact=True).input_value() == str(opportunity.pk)
    outcome.get_by_role("button", name="保存结果").click()
    page.wait_for_load_state("networkidle")

    assert page.get_by_text("结果已保存。").is_visible()
    opportunity.refresh_from_db()
    assert opportunity.stage == OpportunityStage.PROPOSAL
    use = TechniqueUse.objects.get()
    assert (use.technique, use.outcome) == (Technique.ASSUMPTIVE_CLOSE, "proposal")
