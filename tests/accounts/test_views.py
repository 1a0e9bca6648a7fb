import pytest
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("accounts:login")
LOGOUT_URL = reverse("accounts:logout")


def test_login_page_renders_form(client):
    response = client.get(LOGIN_URL)
    assert response.status_code == 200
    assert b'name="username"' in response.content
    assert b'name="password"' in response.content


def test_login_redirects_to_home(client, agent):
    response = client.post(
        LOGIN_URL, {"username": agent.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == "/"


def test_login_follows_next(client, agent):
    response = client.post(
        LOGIN_URL,
        {"username": agent.username, "password": PASSWORD, "next": "/book/grading/"},
    )
    assert response.url == "/book/grading/"


def test_login_rejects_wrong_password(client, agent):
    response = client.post(LOGIN_URL, {"username": agent.username, "password": "x"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_signed_in_user_skips_login_page(client, agent):
    client.force_login(agent)
    response = client.get(LOGIN_URL)
    assert response.status_code == 302


def test_logout_signs_out_on_post(client, agent):
    client.force_login(agent)
    response = client.post(LOGOUT_URL)
    assert response.status_code == 302
    assert response.url == LOGIN_URL
    assert "_auth_user_id" not in client.session


def test_logout_rejects_get(client, agent):
    client.force_login(agent)
    response = client.get(LOGOUT_URL)
    assert response.status_code == 405
    # A GET must not end the session: a prefetch or an image tag could send it.
    assert "_auth_user_id" in client.session


def test_home_redirects_anonymous_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)


def test_home_rejects_post(client, agent):
    client.force_login(agent)
    assert client.post("/").status_code == 405


@pytest.mark.parametrize("persona", ["agent", "supervisor", "manager"])
def test_home_sends_roles_to_book(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get("/")
    assert response.url == reverse("book:customer_list")


def test_home_sends_staff_without_office_to_admin(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "", PASSWORD)
    client.force_login(admin)
    assert client.get("/").url == reverse("admin:index")


def test_book_title_follows_role(client, supervisor):
    client.force_login(supervisor)
    response = client.get(reverse("book:customer_list"), HTTP_ACCEPT_LANGUAGE="en")
    assert b"Team book" in response.content


def test_pages_default_to_simplified_chinese(client):
    response = client.get(LOGIN_URL)
    assert '<html lang="zh-hans">' in response.content.decode()
    assert "登录" in response.content.decode()


def test_language_switch_sets_english(client):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": LOGIN_URL}, follow=True
    )
    assert '<html lang="en">' in response.content.decode()
    assert "Sign in" in response.content.decode()


def test_agent_nav_links_sections(client, agent):
    client.force_login(agent)
    page = client.get(reverse("book:customer_list")).content.decode()
    assert f'href="{reverse("outreach:quick_log")}"' in page
    assert f'href="{reverse("book:customer_grading")}"' in page


def test_supervisor_nav_hides_agent_sections(client, supervisor):
    client.force_login(supervisor)
    page = client.get(reverse("book:customer_list")).content.decode()
    assert f'href="{reverse("outreach:quick_log")}"' not in page
    assert f'href="{reverse("book:customer_grading")}"' not in page
