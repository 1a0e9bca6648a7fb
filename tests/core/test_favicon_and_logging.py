"""The favicon, and which request errors reach the log."""

import logging

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_favicon_ico_redirects_to_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response.url == static("core/favicon.svg")


def test_favicon_icon_is_a_static_svg():
    path = finders.find("core/favicon.svg")
    assert path is not None
    with open(path, encoding="utf-8") as handle:
        assert handle.read().startswith("<svg")


def test_pages_link_the_icon(client, agent):
    client.force_login(agent)
    html = client.get(reverse("book:customer_list")).content.decode()
    assert f'<link rel="icon" href="{static("core/favicon.svg")}"' in html


def test_forbidden_request_is_not_logged(client, supervisor, caplog):
    client.force_login(supervisor)
    response = client.get(reverse("book:customer_grading"))
    assert response.status_code == 403
    assert [r for r in caplog.records if r.name == "django.request"] == []


def test_not_found_request_is_not_logged(client, caplog):
    assert client.get("/no-such-page/").status_code == 404
    assert [r for r in caplog.records if r.name == "django.request"] == []


def test_security_events_still_logged_at_warning():
    assert logging.getLogger("django.security").getEffectiveLevel() == logging.WARNING
    assert logging.getLogger("django.request").getEffectiveLevel() == logging.ERROR
