import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from revisit.book.models import PolicyStatus, Relationship
from tests import factories
from tests.book.conftest import ID_NUMBER, PHONE

pytestmark = pytest.mark.django_db


def _url(customer):
    return reverse("book:customer_detail", args=[customer.pk])


def test_anonymous_is_sent_to_login(client, customer):
    response = client.get(_url(customer))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_rejects_post(client, agent, customer):
    client.force_login(agent)
    assert client.post(_url(customer)).status_code == 405


@pytest.mark.parametrize("persona", ["agent", "supervisor", "manager"])
def test_readers_in_scope_see_customer(client, request, customer, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(_url(customer))
    assert response.status_code == 200
    assert "张三" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "shown"),
    [("agent", False), ("supervisor", True), ("manager", True)],
)
def test_reassign_link_only_for_coaches(client, request, customer, persona, shown):
    client.force_login(request.getfixturevalue(persona))
    content = client.get(_url(customer)).content.decode()
    link = reverse("coaching:customer_reassign", args=[customer.pk])
    assert (link in content) is shown


@pytest.mark.parametrize(
    "persona",
    ["teammate", "outsider", "other_supervisor", "other_manager", "foreign_agent"],
)
def test_readers_out_of_scope_get_404(client, request, customer, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_url(customer)).status_code == 404


def test_page_masks_id_number_and_phone(client, agent, customer):
    client.force_login(agent)
    page = client.get(_url(customer)).content.decode()
    assert ID_NUMBER not in page
    assert PHONE not in page
    assert "139****5678" in page


def test_page_shows_policy_and_lines(client, agent, customer):
    factories.make_policy(customer, number="P2020001", riders=1)
    client.force_login(agent)
    page = client.get(_url(customer), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "P2020001" in page
    assert "测试终身寿险" in page
    assert "附加意外伤害医疗保险" in page
    assert "200,000" in page
    assert "20 years" in page


def test_page_lists_policies_insured_by_others(client, agent, customer):
    parent = factories.make_named_customer(agent, "张大")
    factories.make_policy(parent, insured=customer, number="P2020002")
    client.force_login(agent)
    response = client.get(_url(customer))
    detail = response.context["detail"]
    assert [p.policy_number for p in detail.insured_policies] == ["P2020002"]
    assert detail.held_policies == []


def test_page_shows_family_both_ways(client, agent, customer):
    wife = factories.make_named_customer(agent, "李梅")
    son = factories.make_named_customer(agent, "张小明")
    factories.make_relation(wife, Relationship.SPOUSE, customer)
    factories.make_relation(customer, Relationship.PARENT, son)
    client.force_login(agent)
    client.cookies["django_language"] = "en"
    family = client.get(_url(customer)).context["detail"].family
    relations = {member.customer.full_name: member.relation for member in family}
    # 张三 is 张小明's parent, so 张小明 is shown as 张三's child.
    assert relations == {"李梅": "Spouse", "张小明": "Child"}


def test_page_shows_household_members(client, agent, customer):
    sister = factories.make_named_customer(agent, "张丽")
    factories.make_household(customer.office, customer, sister, name="张家")
    client.force_login(agent)
    family = client.get(_url(customer)).context["detail"].family
    assert [(m.customer.full_name, m.in_household) for m in family] == [("张丽", True)]


def test_family_hides_names_outside_scope(client, agent, customer, outsider):
    wife = factories.make_named_customer(outsider, "王梅")
    factories.make_relation(wife, Relationship.SPOUSE, customer)
    client.force_login(agent)
    response = client.get(_url(customer))
    family = response.context["detail"].family
    assert [member.customer for member in family] == [None]
    assert "王梅" not in response.content.decode()


def test_page_shows_key_dates(client, agent, customer):
    customer.next_due_date = dt.date(2027, 3, 1)
    customer.save()
    factories.make_policy(customer, number="P2020003")
    client.force_login(agent)
    response = client.get(_url(customer))
    kinds = {item.kind for item in response.context["detail"].key_dates}
    assert {"premium_due", "birthday", "lunar_birthday"} <= kinds


def test_page_loads_timeline_and_grade_panel(client, agent, customer):
    client.force_login(agent)
    page = client.get(_url(customer)).content.decode()
    timeline = reverse("outreach:customer_timeline", args=[customer.pk])
    grade_panel = reverse("outreach:grade_panel", args=[customer.pk])
    assert f'<section id="timeline" class="card" hx-get="{timeline}"' in page
    assert f'hx-get="{grade_panel}"' in page
    # Without JavaScript the contact log page shows both.
    assert reverse("outreach:customer_contacts", args=[customer.pk]) in page


def test_page_grade_badge_refreshes(client, agent, customer):
    client.force_login(agent)
    page = client.get(_url(customer)).content.decode()
    badge = reverse("outreach:grade_badge", args=[customer.pk])
    assert 'id="customer-grade-badge" class="badge grade-5"' in page
    assert f'hx-get="{badge}"' in page


def test_page_loads_cover_gaps(client, agent, customer):
    client.force_login(agent)
    page = client.get(_url(customer)).content.decode()
    gaps = reverse("development:customer_gaps", args=[customer.pk])
    assert f'hx-get="{gaps}"' in page


def test_agent_sees_household_action(client, agent, customer):
    client.force_login(agent)
    page = client.get(_url(customer)).content.decode()
    assert reverse("book:household_edit", args=[customer.pk]) in page


def test_supervisor_sees_no_household_action(client, supervisor, customer):
    client.force_login(supervisor)
    page = client.get(_url(customer)).content.decode()
    assert reverse("book:household_edit", args=[customer.pk]) not in page


def test_lapsed_policy_listed_after_in_force(client, agent, customer):
    factories.make_policy(customer, number="P1", status=PolicyStatus.LAPSED)
    factories.make_policy(customer, number="P2", premium=Decimal("100"))
    client.force_login(agent)
    held = client.get(_url(customer)).context["detail"].held_policies
    assert [p.policy_number for p in held] == ["P2", "P1"]


def test_page_queries_do_not_grow_with_policies(
    client, agent, customer, django_assert_max_num_queries
):
    for number in range(6):
        factories.make_policy(customer, number=f"P{number}", riders=2)
    client.force_login(agent)
    # Policies and their lines come in two queries, whatever their number.
    with django_assert_max_num_queries(9):
        client.get(_url(customer))
