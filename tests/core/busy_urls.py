"""The site's URLs plus views that raise database errors, for the 503 tests.

`NOTE_DATABASE["path"]` names the SQLite file with a `note` table that
write_note writes to. The test sets it, and may hold the file's write lock
from another connection.
"""

from django.db import OperationalError, connections
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.http import HttpResponse
from django.urls import path

from revisit.config.urls import urlpatterns as site_urlpatterns

NOTE_DATABASE = {"path": None}
# Seconds the view's connection waits for the lock before it fails.
BUSY_TIMEOUT_SECONDS = 0.1


def _note_connection() -> DatabaseWrapper:
    settings_dict = connections.configure_settings(
        {
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": NOTE_DATABASE["path"],
                "OPTIONS": {"timeout": BUSY_TIMEOUT_SECONDS},
            }
        }
    )["default"]
    return DatabaseWrapper(settings_dict, alias="notes")


def write_note(request):
    request.session["draft"] = "unsaved"
    database = _note_connection()
    try:
        with database.cursor() as cursor:
            cursor.execute("INSERT INTO note (text) VALUES (%s)", ["from the view"])
    finally:
        database.close()
    return HttpResponse("written")


def raise_other_operational_error(request):
    raise OperationalError("no such table: note")


urlpatterns = [
    path("test/write-note/", write_note),
    path("test/other-error/", raise_other_operational_error),
    *site_urlpatterns,
]
