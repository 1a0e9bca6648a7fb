"""Middleware shared by every app."""

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from revisit.core.db import is_database_locked

logger = logging.getLogger(__name__)

# Seconds a client is asked to wait after the busy page.
DATABASE_BUSY_RETRY_AFTER_SECONDS = 120


class MethodNotAllowedPageMiddleware:
    """Replace the empty 405 response to a browser GET with a page.

    Views behind require_POST, and Django's LogoutView, return an empty
    HttpResponseNotAllowed for a GET, which a browser shows as a blank
    page. The page keeps the 405 status and the Allow header. htmx requests
    keep the empty response because htmx 2 swaps nothing on an error status.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code != 405
            or request.method != "GET"
            or request.headers.get("HX-Request") == "true"
        ):
            return response
        page = render(request, "405.html", status=405)
        if response.has_header("Allow"):
            page["Allow"] = response["Allow"]
        return page


class DatabaseBusyPageMiddleware:
    """Return a 503 page when a view timed out waiting for SQLite's write lock.

    On SQLite an import holds the write lock until it commits, which takes
    minutes for a large file. A request that writes meanwhile, a sign-in
    saving its session or a second upload, waits for the busy timeout and
    then raises OperationalError "database is locked". This shows a page
    saying so in place of the 500 page. Other database errors still raise.
    Only exceptions raised by views are seen here, not those of other
    middleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if not is_database_locked(exception):
            return None
        logger.warning(
            "Database locked, returned the 503 page: %s %s",
            request.method,
            request.path,
        )
        # A status of 500 or more also keeps SessionMiddleware from saving
        # the session, which would wait for the lock again.
        response = render(request, "503.html", status=503)
        response["Retry-After"] = str(DATABASE_BUSY_RETRY_AFTER_SECONDS)
        return response
