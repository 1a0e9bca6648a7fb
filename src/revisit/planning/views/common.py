"""Helpers the planning views share: edit rights, redirects and error messages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from revisit.planning.models import WeeklySheet


def require_owner(user, sheet: WeeklySheet) -> None:
    """Only the sheet's agent edits it; supervisors and managers read it."""
    if sheet.agent_id != user.pk:
        raise PermissionDenied


def sheet_url(sheet_id: int, anchor: str = "") -> str:
    url = reverse("planning:sheet", args=[sheet_id])
    return f"{url}#{anchor}" if anchor else url


def back(request: HttpRequest, default: str) -> HttpResponseRedirect:
    """Redirect to the form's `next` field when it is a local URL, else `default`."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


def report_form_errors(request: HttpRequest, form) -> None:
    if "version" in form.errors:
        messages.error(
            request, _("The form was incomplete. Reload the page and try again.")
        )
        return
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
