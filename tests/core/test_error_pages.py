"""The 403, 404, 405 and 500 pages: translated, with the menu and a way back."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

BOOK_URL = reverse("book:customer_list")


@pytest.mark.django_db
def test_404_page_has_menu_and_way_back(client, agent):
    client.force_login(agent)
    response = client.get("/book/customers/999999/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "找不到页面" in html
    assert 'name="viewport"' in html
    assert 'class="mainnav"' in html
    assert f'href="{BOOK_URL}"' in html


@pytest.mark.django_db
def test_404_page_for_anonymous_has_no_menu(client, db):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "找不到页面" in html
    assert 'class="mainnav"' not in html


@pytest.mark.django_db
def test_403_page_explains_quick_grading(client, supervisor):
    client.force_login(supervisor)
    response = client.get(reverse("book:customer_grading"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "快速分级只能用于营销员自己的客户" in html
    assert "分级面板" in html
    assert 'class="mainnav"' in html
    assert f'href="{BOOK_URL}"' in html


@pytest.mark.django_db
def test_405_page_for_browser_get(client, agent):
    client.force_login(agent)
    response = client.get(reverse("accounts:logout"))
    html = response.content.decode()
    assert response.status_code == 405
    assert "POST" in response["Allow"]
    assert "此网址不能直接打开" in html
    assert f'href="{BOOK_URL}"' in html


@pytest.mark.django_db
def test_405_page_keeps_csp_header(client, agent):
    client.force_login(agent)
    response = client.get(reverse("accounts:logout"))
    assert "style-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_405_for_htmx_stays_empty(client, agent):
    client.force_login(agent)
    response = client.get(reverse("accounts:logout"), headers={"HX-Request": "true"})
    assert response.status_code == 405
    assert response.content == b""


@pytest.mark.django_db
def test_405_for_post_only_view_names_allowed_method(client, agent):
    client.force_login(agent)
    response = client.get(reverse("book:customer_grade"))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "此网址不能直接打开" in response.content.decode()


def test_500_page_renders_without_database():
    # No django_db mark: any query while rendering fails the test.
    request = RequestFactory().get("/book/")
    with translation.override("zh-hans"):
        response = server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert "服务器出错了" in html
    assert 'name="viewport"' in html
    assert 'href="/book/"' in html
