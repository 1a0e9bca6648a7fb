"""Ticking, reopening and removing planned actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from revisit.core.exceptions import DomainError
from revisit.planning import selectors, services
from revisit.planning.forms import TickForm, VersionForm
from revisit.planning.views.common import (
    back,
    report_form_errors,
    require_owner,
    sheet_url,
)


def _prepare(request: HttpRequest, pk: int, form_class):
    action = selectors.action_for_user(request.user, pk)
    require_owner(request.user, action.entry.sheet)
    form = form_class(request.POST)
    default = sheet_url(action.entry.sheet_id, f"entry-{action.entry_id}")
    return action, form, default


def _finish(request: HttpRequest, change, success: str) -> None:
    try:
        change()
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)


@login_required
@require_POST
def action_tick(request: HttpRequest, pk: int) -> HttpResponse:
    action, form, default = _prepare(request, pk, TickForm)
    if not form.is_valid():
        report_form_errors(request, form)
    else:
        _finish(
            request,
            lambda: services.action_tick(
                action=action,
                version=form.cleaned_data["version"],
                done_at=form.done_at(),
            ),
            _("Marked as done."),
        )
    return back(request, default)


@login_required
@require_POST
def action_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    action, form, default = _prepare(request, pk, VersionForm)
    if not form.is_valid():
        report_form_errors(request, form)
    else:
        _finish(
            request,
            lambda: services.action_reopen(
                action=action,
                version=form.cleaned_data["version"],
            ),
            _("Marked as not done."),
        )
    return back(request, default)


@login_required
@require_POST
def action_delete(request: HttpRequest, pk: int) -> HttpResponse:
    action, form, default = _prepare(request, pk, VersionForm)
    if not form.is_valid():
        report_form_errors(request, form)
    else:
        _finish(
            request,
            lambda: services.action_delete(
                action=action,
                version=form.cleaned_data["version"],
            ),
            _("Action removed."),
        )
    return back(request, default)
