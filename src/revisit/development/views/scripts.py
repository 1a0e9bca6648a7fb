"""The talk-script library (managers edit) and how each technique works out."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from revisit.development.forms import TalkScriptEditForm, TalkScriptForm
from revisit.development.models import Technique
from revisit.development.selectors.scope import require_manager, script_for
from revisit.development.selectors.scripts import (
    scripts_for_office,
    technique_stats_for,
)
from revisit.development.services.scripts import (
    KNOWN_PLACEHOLDERS,
    talk_script_create,
    talk_script_save,
    unknown_placeholders,
)


@require_GET
@login_required
def script_list(request: HttpRequest) -> HttpResponse:
    scripts = scripts_for_office(request.user.office_id, active_only=False)
    groups = [
        {"label": label, "scripts": [s for s in scripts if s.technique == technique]}
        for technique, label in Technique.choices
    ]
    return render(
        request,
        "development/script_list.html",
        {
            "groups": groups,
            "can_edit": request.user.is_manager,
            "placeholders": KNOWN_PLACEHOLDERS,
        },
    )


def _warn_unknown(request: HttpRequest, body: str) -> None:
    unknown = unknown_placeholders(body)
    if unknown:
        messages.warning(
            request,
            _("These placeholders are not known and will show as written: %(names)s")
            % {"names": ", ".join(f"{{{name}}}" for name in unknown)},
        )


@require_http_methods(["GET", "POST"])
@login_required
def script_add(request: HttpRequest) -> HttpResponse:
    require_manager(request.user)
    form = TalkScriptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        talk_script_create(
            actor=request.user, office_id=request.user.office_id, **form.cleaned_data
        )
        _warn_unknown(request, form.cleaned_data["body"])
        messages.success(request, _("Talk script added."))
        return redirect("development:script_list")
    return render(
        request,
        "development/script_form.html",
        {"form": form, "placeholders": KNOWN_PLACEHOLDERS},
    )


@require_http_methods(["GET", "POST"])
@login_required
def script_edit(request: HttpRequest, pk: int) -> HttpResponse:
    script = script_for(request.user, pk)
    require_manager(request.user)
    form = TalkScriptEditForm(request.POST or None, instance=script)
    if request.method == "POST" and form.is_valid():
        talk_script_save(
            actor=request.user,
            office_id=request.user.office_id,
            script=script,
            **form.cleaned_data,
        )
        _warn_unknown(request, form.cleaned_data["body"])
        messages.success(request, _("Talk script saved."))
        return redirect("development:script_list")
    return render(
        request,
        "development/script_form.html",
        {"form": form, "script": script, "placeholders": KNOWN_PLACEHOLDERS},
    )


@require_GET
@login_required
def technique_stats(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "development/technique_stats.html",
        {"stats": technique_stats_for(request.user)},
    )
