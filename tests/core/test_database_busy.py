"""The 503 page for a write that timed out on SQLite's write lock."""

import sqlite3
from contextlib import closing

import pytest
from django.contrib.sessions.models import Session
from django.db import OperationalError

from tests.core import busy_urls

WRITE_URL = "/test/write-note/"


@pytest.fixture
def note_database(tmp_path, settings):
    """A SQLite file with a `note` table that the test view writes to."""
    settings.ROOT_URLCONF = "tests.core.busy_urls"
    path = tmp_path / "notes.sqlite3"
    with closing(sqlite3.connect(path)) as setup:
        setup.execute("CREATE TABLE note (text TEXT)")
    busy_urls.NOTE_DATABASE["path"] = path
    yield path
    busy_urls.NOTE_DATABASE["path"] = None


@pytest.fixture
def locked_database(note_database):
    """Hold the write lock of the note database, as a running import does."""
    holder = sqlite3.connect(note_database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO note (text) VALUES ('from the import')")
    yield note_database
    holder.rollback()
    holder.close()


@pytest.mark.django_db
def test_locked_write_shows_busy_page(client, agent, locked_database):
    client.force_login(agent)
    response = client.get(WRITE_URL)
    html = response.content.decode()
    assert response.status_code == 503
    assert "数据库正忙于导入" in html
    assert "请过几分钟再试" in html
    assert 'class="mainnav"' in html
    assert response["Retry-After"] == "120"


@pytest.mark.django_db
def test_busy_page_for_anonymous(client, locked_database):
    response = client.get(WRITE_URL)
    assert response.status_code == 503
    assert "数据库正忙于导入" in response.content.decode()
    assert "style-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_busy_page_is_logged_with_path(client, locked_database, caplog):
    with caplog.at_level("WARNING", logger="revisit.core.middleware"):
        client.post(WRITE_URL)
    messages = [record.getMessage() for record in caplog.records]
    assert f"Database locked, returned the 503 page: POST {WRITE_URL}" in messages


@pytest.mark.django_db
def test_busy_page_does_not_save_session(client, locked_database):
    client.get(WRITE_URL)
    assert Session.objects.count() == 0


@pytest.mark.django_db
def test_unlocked_write_succeeds(client, note_database):
    response = client.get(WRITE_URL)
    assert response.status_code == 200
    with closing(sqlite3.connect(note_database)) as check:
        assert check.execute("SELECT text FROM note").fetchall() == [
            ("from the view",)
        ]


@pytest.mark.django_db
def test_other_operational_error_still_raises(client, settings):
    settings.ROOT_URLCONF = "tests.core.busy_urls"
    with pytest.raises(OperationalError, match="no such table"):
        client.get("/test/other-error/")
