import pytest
from django.urls import reverse

from revisit.core.models import AuditEntry
from tests.book.conftest import ID_NUMBER, PHONE

pytestmark = pytest.mark.django_db


def _url(customer):
    return reverse("book:customer_reveal", args=[customer.pk])


def test_anonymous_is_sent_to_login(client, customer):
    response = client.post(_url(customer), {"field": "phone"})
    assert response.status_code == 302
    assert not AuditEntry.objects.exists()


def test_rejects_get(client, agent, customer):
    client.force_login(agent)
    assert client.get(_url(customer)).status_code == 405


@pytest.mark.parametrize(
    "persona",
    ["teammate", "outsider", "other_supervisor", "other_manager", "foreign_agent"],
)
def test_out_of_scope_gets_404(client, request, customer, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(_url(customer), {"field": "id_number"})
    assert response.status_code == 404
    assert not AuditEntry.objects.exists()


def test_reveal_shows_full_id_number(client, agent, customer):
    client.force_login(agent)
    response = client.post(_url(customer), {"field": "id_number"})
    assert response.status_code == 200
    assert ID_NUMBER in response.content.decode()
    # Without htmx the whole customer page comes back.
    assert "<html" in response.content.decode()


def test_reveal_over_htmx_returns_value_only(client, agent, customer):
    client.force_login(agent)
    response = client.post(_url(customer), {"field": "phone"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert f'href="tel:{PHONE}"' in page
    assert "<html" not in page
    assert response.headers["Cache-Control"].startswith("max-age=0")


def test_reveal_writes_audit_entry(client, agent, customer):
    client.force_login(agent)
    client.post(_url(customer), {"field": "id_number"})
    entry = AuditEntry.objects.get()
    assert entry.action == "book.customer.revealed"
    assert entry.actor == agent
    assert entry.target_type == "book.customer"
    assert entry.target_id == str(customer.pk)
    assert entry.data == {"field": "id_number"}
    assert entry.office_id == customer.office_id


def test_reveal_logs_ids_only(client, agent, customer, caplog):
    client.force_login(agent)
    with caplog.at_level("INFO", logger="revisit.book"):
        client.post(_url(customer), {"field": "phone"})
    assert f"customer={customer.pk}" in caplog.text
    assert PHONE not in caplog.text
    assert "张三" not in caplog.text


@pytest.mark.parametrize("persona", ["supervisor", "manager"])
def test_supervisor_and_manager_may_reveal(client, request, customer, persona):
    reader = request.getfixturevalue(persona)
    client.force_login(reader)
    response = client.post(_url(customer), {"field": "phone"})
    assert response.status_code == 200
    assert AuditEntry.objects.get().actor == reader


def test_reveal_rejects_unknown_field(client, agent, customer):
    client.force_login(agent)
    response = client.post(_url(customer), {"field": "address"})
    assert response.status_code == 400
    assert not AuditEntry.objects.exists()
