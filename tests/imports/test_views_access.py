"""Who may open which import page: login, methods, roles and scope."""

import pytest
from django.urls import reverse

from revisit.imports.models import ImportBatch
from revisit.imports.upload_storage import upload_path
from tests import factories
from tests.imports.upload_support import (  # noqa: F401
    HEADER,
    ID_ZHANG,
    media_root,
    row,
    write_csv,
)


@pytest.fixture
def batch(agent):
    return factories.make_import_batch(agent)


@pytest.fixture
def pending_batch(agent):
    return factories.make_import_batch(agent, status=ImportBatch.Status.PENDING)


# Each batch page with the batch status it serves (others redirect).
BATCH_PAGES = {
    "imports:batch_detail": ImportBatch.Status.COMMITTED,
    "imports:batch_progress": ImportBatch.Status.RUNNING,
    "imports:batch_mapping": ImportBatch.Status.PENDING,
    "imports:report_download": ImportBatch.Status.COMMITTED,
}


def open_batch_page(client, name, creator):
    batch = factories.make_import_batch(creator, status=BATCH_PAGES[name])
    write_csv_upload(batch)
    return client.get(reverse(name, args=[batch.pk]))


def write_csv_upload(batch):
    """Store a file for `batch` as an upload would, with one unknown column."""
    path = upload_path(batch)
    path.parent.mkdir(parents=True)
    write_csv(path, [row("P1", "张三", ID_ZHANG)], header=[*HEADER[:-1], "备注栏"])


@pytest.mark.parametrize(
    "name", ["imports:batch_list", "imports:batch_upload", "imports:source_profile"]
)
def test_office_page_redirects_anonymous(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", [*BATCH_PAGES, "imports:rejected_rows_download"])
def test_batch_page_redirects_anonymous(client, batch, name):
    response = client.get(reverse(name, args=[batch.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    "url",
    [
        lambda batch: reverse("imports:batch_discard", args=[batch.pk]),
        lambda batch: reverse("imports:code_table_save", args=["status"]),
        lambda batch: reverse("imports:header_map_remove"),
    ],
    ids=["discard", "code_table_save", "header_map_remove"],
)
def test_post_only_page_rejects_get(client, manager, pending_batch, url):
    client.force_login(manager)
    assert client.get(url(pending_batch)).status_code == 405


@pytest.mark.parametrize("name", BATCH_PAGES)
def test_creator_sees_batch(client, agent, name):
    client.force_login(agent)
    assert open_batch_page(client, name, agent).status_code == 200


@pytest.mark.parametrize("name", BATCH_PAGES)
def test_teammate_gets_404_for_agents_batch(client, agent, teammate, name):
    client.force_login(teammate)
    assert open_batch_page(client, name, agent).status_code == 404


@pytest.mark.parametrize("name", BATCH_PAGES)
def test_supervisor_sees_team_agents_batch(client, supervisor, agent, name):
    client.force_login(supervisor)
    assert open_batch_page(client, name, agent).status_code == 200


@pytest.mark.parametrize("name", BATCH_PAGES)
def test_other_team_supervisor_gets_404(client, other_supervisor, agent, name):
    client.force_login(other_supervisor)
    assert open_batch_page(client, name, agent).status_code == 404


@pytest.mark.parametrize("name", BATCH_PAGES)
def test_manager_sees_office_batch(client, manager, agent, name):
    client.force_login(manager)
    assert open_batch_page(client, name, agent).status_code == 200


@pytest.mark.parametrize("name", BATCH_PAGES)
def test_other_office_manager_gets_404(client, agent, other_office, name):
    foreign_manager = factories.make_manager(other_office, username="manager9")
    client.force_login(foreign_manager)
    assert open_batch_page(client, name, agent).status_code == 404


def test_supervisor_gets_404_for_managers_batch(client, supervisor, manager):
    batch = factories.make_import_batch(manager)
    client.force_login(supervisor)
    response = client.get(reverse("imports:batch_detail", args=[batch.pk]))
    assert response.status_code == 404


def test_teammate_cannot_discard_agents_batch(client, teammate, pending_batch):
    client.force_login(teammate)
    response = client.post(reverse("imports:batch_discard", args=[pending_batch.pk]))
    assert response.status_code == 404
    assert ImportBatch.objects.filter(pk=pending_batch.pk).exists()


def test_other_team_supervisor_cannot_open_mapping(
    client, other_supervisor, pending_batch
):
    client.force_login(other_supervisor)
    response = client.get(reverse("imports:batch_mapping", args=[pending_batch.pk]))
    assert response.status_code == 404


def test_history_lists_only_own_batches_for_agent(client, agent, teammate):
    own = factories.make_import_batch(agent, file_name="mine.csv")
    factories.make_import_batch(teammate, file_name="theirs.csv")
    client.force_login(agent)
    response = client.get(reverse("imports:batch_list"))
    assert list(response.context["page"].object_list) == [own]


def test_history_lists_team_batches_for_supervisor(
    client, supervisor, agent, outsider, manager
):
    team_batch = factories.make_import_batch(agent)
    own_batch = factories.make_import_batch(supervisor)
    factories.make_import_batch(outsider)
    factories.make_import_batch(manager)
    client.force_login(supervisor)
    response = client.get(reverse("imports:batch_list"))
    assert set(response.context["page"].object_list) == {team_batch, own_batch}


def test_history_lists_office_batches_for_manager(
    client, manager, agent, outsider, foreign_agent
):
    factories.make_import_batch(agent)
    factories.make_import_batch(outsider)
    factories.make_import_batch(foreign_agent)
    client.force_login(manager)
    response = client.get(reverse("imports:batch_list"))
    offices = {batch.office_id for batch in response.context["page"].object_list}
    assert offices == {manager.office_id}
    assert response.context["page"].paginator.count == 2


@pytest.mark.parametrize("persona", ["agent", "supervisor"])
def test_profile_page_is_forbidden_below_manager(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("imports:source_profile")).status_code == 403


def test_code_table_save_is_forbidden_for_supervisor(client, supervisor):
    client.force_login(supervisor)
    response = client.post(reverse("imports:code_table_save", args=["status"]), {})
    assert response.status_code == 403


def test_user_without_office_gets_403_on_upload(client, db):
    user = factories.User.objects.create_user(username="loose", password="x")
    client.force_login(user)
    assert client.get(reverse("imports:batch_upload")).status_code == 403
