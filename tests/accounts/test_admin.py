import pytest
from django.urls import reverse

from revisit.core.audit import audit_log
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model, office):
    admin = django_user_model.objects.create_superuser(
        "root", "", PASSWORD, office=office
    )
    client.force_login(admin)
    return client


@pytest.mark.parametrize(
    "model", ["accounts_office", "accounts_team", "accounts_user", "core_auditentry"]
)
def test_changelist_renders(admin_client, agent, supervisor, model):
    response = admin_client.get(reverse(f"admin:{model}_changelist"))
    assert response.status_code == 200


def test_user_search_finds_agent_code(admin_client, agent, teammate):
    url = reverse("admin:accounts_user_changelist")
    response = admin_client.get(url, {"q": agent.agent_code})
    assert response.context["cl"].result_count == 1


def test_audit_entries_are_read_only(admin_client, agent):
    entry = audit_log(actor=agent, action="book.customer.revealed", data={})
    response = admin_client.post(
        reverse("admin:core_auditentry_delete", args=[entry.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
