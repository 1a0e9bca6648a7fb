"""Middleware shared by every app."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


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
