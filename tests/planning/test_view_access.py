"""Who may open which planning page: login, methods, agents and supervisors."""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

# (url name, object the URL needs) for pages read with GET.
READ_VIEWS = [
    ("planning:sheet", "sheet"),
    ("planning:sheet_days", "sheet"),
    ("planning:sheet_print", "sheet"),
    ("planning:sheet_xlsx", "sheet"),
]
# Changes, POST only; each needs the owning agent.
WRITE_VIEWS = [
    ("planning:sheet_summary", "sheet"),
    ("planning:sheet_submit", "sheet"),
    ("planning:entry_update", "entry"),
    ("planning:entry_move", "entry"),
    ("planning:entry_swap", "entry"),
    ("planning:action_add", "entry"),
    ("planning:action_tick", "action"),
    ("planning:action_reopen", "action"),
    ("planning:action_delete", "action"),
]
POST_ONLY = [name for name, _target in WRITE_VIEWS if name != "planning:entry_swap"]
PLAIN_VIEWS = ["planning:index", "planning:today", "planning:calendar"]


@pytest.fixture
def targets(sheet, entry, action):
    return {"sheet": sheet, "entry": entry, "action": action}


def url_for(name: str, target) -> str:
    return reverse(name, args=[target.pk])


@pytest.mark.django_db
@pytest.mark.parametrize("name,target", READ_VIEWS + WRITE_VIEWS)
def test_anonymous_redirected_to_login(client, targets, name, target):
    method = client.get if (name, target) in READ_VIEWS else client.post
    response = method(url_for(name, targets[target]))
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


@pytest.mark.django_db
@pytest.mark.parametrize("name", PLAIN_VIEWS)
def test_anonymous_redirected_from_plain_pages(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


@pytest.mark.django_db
def test_anonymous_redirected_from_week_and_propose(client):
    for url in (
        reverse("planning:week", args=["2026-W50"]),
        reverse("planning:week_propose", args=["2026-W50"]),
    ):
        response = client.post(url) if "propose" in url else client.get(url)
        assert response.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("name", POST_ONLY)
def test_get_on_post_only_view_is_405(client, agent, targets, name):
    target = dict(WRITE_VIEWS)[name]
    client.force_login(agent)
    assert client.get(url_for(name, targets[target])).status_code == 405


@pytest.mark.django_db
def test_get_on_other_post_only_views_is_405(client, agent):
    client.force_login(agent)
    assert (
        client.get(reverse("planning:week_propose", args=["2026-W50"])).status_code
        == 405
    )
    assert client.get(reverse("planning:calendar_regenerate")).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("name,target", READ_VIEWS + WRITE_VIEWS)
@pytest.mark.parametrize("persona", ["teammate", "other_supervisor", "foreign_agent"])
def test_outsiders_get_404(client, request, targets, name, target, persona):
    client.force_login(request.getfixturevalue(persona))
    method = client.get if (name, target) in READ_VIEWS else client.post
    assert method(url_for(name, targets[target]), {"version": 1}).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name,target", READ_VIEWS)
def test_supervisor_reads_team_sheet(client, supervisor, targets, name, target):
    client.force_login(supervisor)
    assert client.get(url_for(name, targets[target])).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("name,target", READ_VIEWS)
def test_manager_reads_office_sheet(client, manager, targets, name, target):
    client.force_login(manager)
    assert client.get(url_for(name, targets[target])).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("name,target", WRITE_VIEWS)
def test_supervisor_cannot_change_sheet(client, supervisor, targets, name, target):
    client.force_login(supervisor)
    response = client.post(url_for(name, targets[target]), {"version": 1})
    assert response.status_code == 403


@pytest.mark.django_db
def test_supervisor_page_has_no_edit_forms(client, supervisor, sheet):
    client.force_login(supervisor)
    page = client.get(reverse("planning:sheet", args=[sheet.pk])).content.decode()
    assert reverse("planning:sheet_submit", args=[sheet.pk]) not in page
    assert "只有营销员本人可以修改" in page


@pytest.mark.django_db
def test_week_page_shows_only_own_sheet(client, teammate, sheet):
    client.force_login(teammate)
    response = client.get(reverse("planning:week", args=["2026-W50"]))
    # The teammate has no sheet of their own for the week.
    assert response.status_code == 200
    assert "这一周还没有检视表" in response.content.decode()


@pytest.mark.django_db
def test_supervisor_cannot_propose(client, supervisor):
    client.force_login(supervisor)
    response = client.post(reverse("planning:week_propose", args=["2026-W50"]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_supervisor_index_lists_only_team(client, supervisor, sheet, agent, outsider):
    client.force_login(supervisor)
    response = client.get(reverse("planning:index"), {"week": "2026-W50"})
    agents = [row[0] for row in response.context["rows"]]
    assert agent in agents
    assert outsider not in agents


@pytest.mark.django_db
def test_other_supervisor_index_hides_sheet(client, other_supervisor, sheet):
    client.force_login(other_supervisor)
    response = client.get(reverse("planning:index"), {"week": "2026-W50"})
    assert all(row[1] is None for row in response.context["rows"])


@pytest.mark.django_db
def test_today_lists_only_own_actions(client, teammate, action):
    client.force_login(teammate)
    response = client.get(reverse("planning:today"))
    assert response.context["items"] == []
