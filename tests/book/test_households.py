import pytest
from django.urls import reverse

from revisit.book.models import Household
from revisit.core.models import AuditEntry
from tests import factories

pytestmark = pytest.mark.django_db

CHANGE_URLS = ["household_rename", "household_move", "household_split"]


@pytest.fixture
def family(agent, customer):
    """张三 and his wife in one household, and another household of the agent."""
    wife = factories.make_named_customer(agent, "李梅")
    home = factories.make_household(customer.office, customer, wife, name="张家")
    neighbour = factories.make_named_customer(agent, "王强")
    other = factories.make_household(customer.office, neighbour, name="王家")
    return {"home": home, "wife": wife, "other": other}


def _url(name, customer):
    return reverse(f"book:{name}", args=[customer.pk])


# --- Access -------------------------------------------------------------------


def test_edit_page_sends_anonymous_to_login(client, customer):
    response = client.get(_url("household_edit", customer))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", CHANGE_URLS)
def test_changes_send_anonymous_to_login(client, customer, name):
    response = client.post(_url(name, customer), {"name": "x"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", CHANGE_URLS)
def test_changes_reject_get(client, agent, customer, name):
    client.force_login(agent)
    assert client.get(_url(name, customer)).status_code == 405


def test_edit_page_rejects_post(client, agent, customer):
    client.force_login(agent)
    assert client.post(_url("household_edit", customer)).status_code == 405


@pytest.mark.parametrize("name", ["household_edit", *CHANGE_URLS])
@pytest.mark.parametrize(
    "persona",
    ["teammate", "outsider", "other_supervisor", "other_manager", "foreign_agent"],
)
def test_out_of_scope_gets_404(client, request, customer, family, name, persona):
    client.force_login(request.getfixturevalue(persona))
    method = client.get if name == "household_edit" else client.post
    assert method(_url(name, customer), {"name": "x"}).status_code == 404


@pytest.mark.parametrize("name", ["household_edit", *CHANGE_URLS])
@pytest.mark.parametrize("persona", ["supervisor", "manager"])
def test_readers_in_scope_get_403(client, request, customer, family, name, persona):
    # Supervisors and managers read the book; households are the agent's.
    client.force_login(request.getfixturevalue(persona))
    method = client.get if name == "household_edit" else client.post
    assert method(_url(name, customer), {"name": "x"}).status_code == 403
    family["home"].refresh_from_db()
    assert family["home"].name == "张家"


# --- Editing ------------------------------------------------------------------


def test_edit_page_lists_other_households(client, agent, customer, family):
    client.force_login(agent)
    response = client.get(_url("household_edit", customer))
    choices = list(response.context["move_form"].fields["household"].queryset)
    assert choices == [family["other"]]


def test_move_choices_skip_other_agents_households(
    client, agent, customer, family, teammate_customer
):
    factories.make_household(customer.office, teammate_customer, name="李家")
    client.force_login(agent)
    response = client.get(_url("household_edit", customer))
    choices = list(response.context["move_form"].fields["household"].queryset)
    assert choices == [family["other"]]


def test_split_choices_are_in_pinyin_order(client, agent, customer, family):
    client.force_login(agent)
    response = client.get(_url("household_edit", customer))
    members = response.context["split_form"].fields["members"].queryset
    assert [member.full_name for member in members] == ["李梅", "张三"]


def test_move_choice_starts_empty_and_required(client, agent, customer, family):
    client.force_login(agent)
    response = client.get(_url("household_edit", customer))
    html = response.content.decode()
    assert '<select name="move-household" required' in html
    assert '<option value="" selected>' in html


def test_edit_page_field_ids_are_unique(client, agent, customer, family):
    client.force_login(agent)
    html = client.get(_url("household_edit", customer)).content.decode()
    for field_id in ["id_rename-name", "id_move-household", "id_split-name"]:
        assert html.count(f'id="{field_id}"') == 1
    assert 'id="id_name"' not in html


def test_edit_page_labels_have_no_colon(client, agent, customer, family):
    client.force_login(agent)
    client.cookies["django_language"] = "en"
    html = client.get(_url("household_edit", customer)).content.decode()
    assert 'for="id_rename-name">Household name</label>' in html


def test_rename_household(client, agent, customer, family):
    client.force_login(agent)
    response = client.post(
        _url("household_rename", customer), {"rename-name": " 张府 "}
    )
    assert response.status_code == 302
    home = Household.objects.get(pk=family["home"].pk)
    assert home.name == "张府"
    assert home.is_manual is True
    entry = AuditEntry.objects.get(action="book.household.renamed")
    assert entry.data == {"name_from": "张家", "name_to": "张府"}


def test_rename_rejects_empty_name(client, agent, customer, family):
    client.force_login(agent)
    response = client.post(_url("household_rename", customer), {"rename-name": ""})
    assert response.status_code == 400
    assert Household.objects.get(pk=family["home"].pk).name == "张家"


def test_rename_without_household_shows_error(client, agent, customer):
    client.force_login(agent)
    response = client.post(
        _url("household_rename", customer), {"rename-name": "张府"}, follow=True
    )
    assert len(list(response.context["messages"])) == 1
    assert not Household.objects.exists()


def test_move_customer_to_other_household(client, agent, customer, family):
    client.force_login(agent)
    response = client.post(
        _url("household_move", customer), {"move-household": family["other"].pk}
    )
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.household == family["other"]
    for household in (family["home"], family["other"]):
        household.refresh_from_db()
        assert household.is_manual is True
    entry = AuditEntry.objects.get(action="book.customer.household_changed")
    assert entry.data == {
        "household_from": family["home"].pk,
        "household_to": family["other"].pk,
        "households_deleted": [],
    }


def test_move_without_choice_moves_nobody(client, agent, customer, family):
    client.force_login(agent)
    response = client.post(_url("household_move", customer), {"move-household": ""})
    assert response.status_code == 400
    assert response.context["move_form"].has_error("household", "required")
    customer.refresh_from_db()
    assert customer.household == family["home"]


def test_move_out_of_own_household_deletes_it(client, agent, customer, family):
    family["wife"].household = family["other"]
    family["wife"].save()
    client.force_login(agent)
    client.post(
        _url("household_move", customer), {"move-household": family["other"].pk}
    )
    assert not Household.objects.filter(pk=family["home"].pk).exists()
    entry = AuditEntry.objects.get(action="book.customer.household_changed")
    assert entry.data["households_deleted"] == [family["home"].pk]


def test_move_rejects_household_of_other_agent(
    client, agent, customer, family, outsider_customer
):
    foreign_home = factories.make_household(
        customer.office, outsider_customer, name="王家"
    )
    client.force_login(agent)
    response = client.post(
        _url("household_move", customer), {"move-household": foreign_home.pk}
    )
    assert response.status_code == 400
    customer.refresh_from_db()
    assert customer.household == family["home"]


def test_split_into_new_household(client, agent, customer, family):
    client.force_login(agent)
    response = client.post(
        _url("household_split", customer),
        {"split-members": [customer.pk], "split-name": "张三家"},
    )
    assert response.status_code == 302
    customer.refresh_from_db()
    family["wife"].refresh_from_db()
    assert customer.household.name == "张三家"
    assert customer.household.is_manual is True
    assert family["wife"].household == family["home"]
    entry = AuditEntry.objects.get(action="book.household.split")
    assert entry.data["customer_ids"] == [customer.pk]
    assert entry.data["households_deleted"] == []


def test_split_of_whole_household_deletes_old_one(client, agent, customer, family):
    client.force_login(agent)
    client.post(
        _url("household_split", customer),
        {"split-members": [customer.pk, family["wife"].pk]},
    )
    customer.refresh_from_db()
    family["wife"].refresh_from_db()
    assert customer.household == family["wife"].household
    assert not Household.objects.filter(pk=family["home"].pk).exists()
    entry = AuditEntry.objects.get(action="book.household.split")
    assert entry.data["households_deleted"] == [family["home"].pk]


def test_split_names_household_after_first_member(client, agent, customer):
    client.force_login(agent)
    client.cookies["django_language"] = "en"
    client.post(_url("household_split", customer), {"split-members": [customer.pk]})
    customer.refresh_from_db()
    assert customer.household.name == "张三's household"


def test_split_rejects_member_of_other_agent(
    client, agent, customer, family, teammate_customer
):
    teammate_customer.household = family["home"]
    teammate_customer.save()
    client.force_login(agent)
    response = client.post(
        _url("household_split", customer),
        {"split-members": [customer.pk, teammate_customer.pk]},
    )
    assert response.status_code == 400
    teammate_customer.refresh_from_db()
    assert teammate_customer.household == family["home"]
