"""Scope checks for every development view.

Each view is tried by an anonymous visitor (redirect to login), with the
wrong method (405), by another agent and by another team's supervisor (404),
and, for writes and office-library edits, by people who may read but not
change (403).
"""

from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from revisit.development.models import CampaignKind, TalkScript
from revisit.development.services.campaigns import campaign_create
from tests import factories


@pytest.fixture
def objects(agent, supervisor, talk_library):
    customer = factories.make_customer(agent, full_name="王强", gender="M")
    factories.make_policy(customer)
    opportunity = factories.make_opportunity(customer)
    prospect = factories.make_prospect(agent, referred_by=customer)
    campaign = campaign_create(
        actor=agent,
        name="新春送福",
        kind=CampaignKind.GREETINGS,
        customers=[customer],
        limit=10,
    )
    return {
        "customer": customer,
        "opportunity": opportunity,
        "prospect": prospect,
        "campaign": campaign,
        "target": campaign.targets.get(),
        "product": factories.make_product(agent.office),
        "script": TalkScript.objects.filter(office__isnull=True).first(),
    }


def url_of(name, objects):
    """Return the URL of view `name` for the objects owned by `agent`."""
    by_customer = {
        "customer_needs",
        "customer_gaps",
        "opportunity_from_gap",
        "opportunities_generate",
        "opportunity_add",
        "visit_prep",
        "visit_outcome",
        "customer_referrals",
    }
    if name in by_customer:
        return reverse(f"development:{name}", args=[objects["customer"].pk])
    if name in {"opportunity_detail", "opportunity_stage"}:
        return reverse(f"development:{name}", args=[objects["opportunity"].pk])
    if name in {"prospect_detail", "prospect_status"}:
        return reverse(f"development:{name}", args=[objects["prospect"].pk])
    if name == "campaign_detail":
        return reverse(f"development:{name}", args=[objects["campaign"].pk])
    if name == "campaign_target":
        return reverse(
            f"development:{name}", args=[objects["campaign"].pk, objects["target"].pk]
        )
    if name == "product_edit":
        return reverse(f"development:{name}", args=[objects["product"].pk])
    if name == "script_edit":
        return reverse(f"development:{name}", args=[objects["script"].pk])
    return reverse(f"development:{name}")


GET_ONLY = [
    "customer_needs",
    "customer_gaps",
    "visit_prep",
    "customer_referrals",
    "opportunity_list",
    "opportunity_detail",
    "prospect_list",
    "referral_overview",
    "occasion_digest",
    "campaign_list",
    "campaign_detail",
    "product_list",
    "script_list",
    "technique_stats",
]
POST_ONLY = [
    "opportunity_from_gap",
    "opportunities_generate",
    "visit_outcome",
    "opportunity_stage",
    "prospect_status",
    "campaign_target",
]
GET_AND_POST = [
    "opportunity_add",
    "prospect_add",
    "prospect_detail",
    "campaign_add",
    "product_add",
    "product_edit",
    "script_add",
    "script_edit",
    "settings",
]
# Views about one object of the agent's: others must not find it.
OWN_OBJECT_VIEWS = [
    ("get", "customer_needs"),
    ("get", "customer_gaps"),
    ("get", "visit_prep"),
    ("get", "customer_referrals"),
    ("get", "opportunity_add"),
    ("post", "opportunity_from_gap"),
    ("post", "opportunities_generate"),
    ("post", "visit_outcome"),
    ("get", "opportunity_detail"),
    ("post", "opportunity_stage"),
    ("get", "prospect_detail"),
    ("post", "prospect_status"),
    ("get", "campaign_detail"),
    ("post", "campaign_target"),
]
MANAGER_VIEWS = ["product_add", "product_edit", "script_add", "script_edit", "settings"]


@pytest.mark.parametrize("name", GET_ONLY + POST_ONLY + GET_AND_POST)
def test_anonymous_is_sent_to_login(client, objects, name):
    method = "post" if name in POST_ONLY else "get"

    response = getattr(client, method)(url_of(name, objects))

    assert response.status_code == 302
    login = urlparse(resolve_url(settings.LOGIN_URL)).path
    assert urlparse(response["Location"]).path == login


@pytest.mark.parametrize("name", GET_ONLY)
def test_get_only_views_reject_post(client, agent, objects, name):
    client.force_login(agent)

    assert client.post(url_of(name, objects)).status_code == 405


@pytest.mark.parametrize("name", POST_ONLY)
def test_post_only_views_reject_get(client, agent, objects, name):
    client.force_login(agent)

    assert client.get(url_of(name, objects)).status_code == 405


@pytest.mark.parametrize("name", GET_ONLY)
def test_owner_can_open(client, agent, objects, name):
    client.force_login(agent)

    assert client.get(url_of(name, objects)).status_code == 200


@pytest.mark.parametrize(("method", "name"), OWN_OBJECT_VIEWS)
@pytest.mark.parametrize("persona", ["teammate", "outsider", "foreign_agent"])
def test_other_agent_gets_404(client, request, objects, method, name, persona):
    client.force_login(request.getfixturevalue(persona))

    response = getattr(client, method)(url_of(name, objects))

    assert response.status_code == 404


@pytest.mark.parametrize(("method", "name"), OWN_OBJECT_VIEWS)
def test_other_team_supervisor_gets_404(
    client, other_supervisor, objects, method, name
):
    client.force_login(other_supervisor)

    response = getattr(client, method)(url_of(name, objects))

    assert response.status_code == 404


@pytest.mark.parametrize(
    "name",
    [
        "customer_needs",
        "visit_prep",
        "opportunity_detail",
        "prospect_detail",
        "campaign_detail",
        "customer_referrals",
    ],
)
def test_own_team_supervisor_can_read(client, supervisor, objects, name):
    client.force_login(supervisor)

    assert client.get(url_of(name, objects)).status_code == 200


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("post", "opportunity_from_gap"),
        ("post", "opportunities_generate"),
        ("post", "visit_outcome"),
        ("get", "opportunity_add"),
        ("post", "opportunity_stage"),
        ("post", "prospect_status"),
        ("post", "prospect_detail"),
    ],
)
def test_own_team_supervisor_cannot_change(client, supervisor, objects, method, name):
    client.force_login(supervisor)

    response = getattr(client, method)(url_of(name, objects))

    assert response.status_code == 403


def test_supervisor_cannot_add_prospects(client, supervisor, objects):
    client.force_login(supervisor)

    assert client.get(url_of("prospect_add", objects)).status_code == 403


@pytest.mark.parametrize("name", MANAGER_VIEWS)
@pytest.mark.parametrize("persona", ["agent", "supervisor"])
def test_library_edits_are_for_managers_only(client, request, objects, name, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(url_of(name, objects)).status_code == 403


@pytest.mark.parametrize("name", MANAGER_VIEWS)
def test_manager_can_open_library_edits(client, manager, objects, name):
    client.force_login(manager)

    assert client.get(url_of(name, objects)).status_code == 200


def test_product_of_other_office_is_not_found(client, other_office, objects):
    foreign_manager = factories.make_manager(other_office, username="manager9")
    client.force_login(foreign_manager)

    response = client.get(url_of("product_edit", objects))

    assert response.status_code == 404


def test_office_script_of_other_office_is_not_found(
    client, other_office, manager, objects
):
    script = TalkScript.objects.create(
        office=manager.office, technique="pre_framing", title="本部", body="x"
    )
    foreign_manager = factories.make_manager(other_office, username="manager9")
    client.force_login(foreign_manager)

    response = client.get(reverse("development:script_edit", args=[script.pk]))

    assert response.status_code == 404


def test_campaign_of_other_team_is_not_listed(client, other_supervisor, objects):
    client.force_login(other_supervisor)

    response = client.get(reverse("development:campaign_list"))

    assert objects["campaign"].name not in response.content.decode()


def test_digest_of_agent_outside_scope_is_not_found(
    client, supervisor, outsider, objects
):
    client.force_login(supervisor)

    response = client.get(
        reverse("development:occasion_digest"), {"agent": outsider.pk}
    )

    assert response.status_code == 404
