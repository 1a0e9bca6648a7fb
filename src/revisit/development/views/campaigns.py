"""Campaigns: build a target list from filters, follow replies, read results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from revisit.accounts.selectors import agents_visible_to
from revisit.core.exceptions import DomainError
from revisit.development.forms import CampaignForm, TargetFilterForm, TargetForm
from revisit.development.selectors.campaigns import (
    MAX_TARGETS,
    TargetFilters,
    campaign_candidates,
    campaign_list_for,
    campaign_results_for,
    campaign_targets_for,
)
from revisit.development.selectors.scope import (
    campaign_for,
    campaign_target_for_change,
    can_manage_campaign,
)
from revisit.development.services.campaigns import (
    campaign_create,
    campaign_target_update,
)

PREVIEW_SIZE = 20


@require_GET
@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "development/campaign_list.html",
        {"campaigns": campaign_list_for(request.user)},
    )


def _filters_from(form: TargetFilterForm) -> TargetFilters:
    data = form.cleaned_data
    return TargetFilters(
        grade=data["grade"],
        payment_group=data["payment_group"],
        missing_group=data["missing_group"],
        min_age=data["min_age"],
        max_age=data["max_age"],
        agent_id=data["agent"],
    )


@require_http_methods(["GET", "POST"])
@login_required
def campaign_add(request: HttpRequest) -> HttpResponse:
    """Create a campaign; the filters preview the target list before saving."""
    agents = list(agents_visible_to(request.user).order_by("username"))
    data = request.POST if request.method == "POST" else request.GET
    filter_form = TargetFilterForm(data or None, agents=agents)
    form = CampaignForm(
        request.POST if request.method == "POST" else None,
        office_id=request.user.office_id,
    )
    candidates = None
    if filter_form.is_valid():
        filters = _filters_from(filter_form)
        candidates = campaign_candidates(request.user, filters)
    if request.method == "POST" and form.is_valid() and candidates is not None:
        try:
            campaign = campaign_create(
                actor=request.user,
                customers=list(candidates),
                limit=MAX_TARGETS,
                filters=filters.as_dict(),
                **form.cleaned_data,
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Campaign created."))
            return redirect("development:campaign_detail", pk=campaign.pk)
    return render(
        request,
        "development/campaign_form.html",
        {
            "form": form,
            "filter_form": filter_form,
            "count": candidates.count() if candidates is not None else None,
            "preview": candidates[:PREVIEW_SIZE] if candidates is not None else [],
        },
    )


@require_GET
@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_for(request.user, pk)
    targets = campaign_targets_for(request.user, campaign)
    return render(
        request,
        "development/campaign_detail.html",
        {
            "campaign": campaign,
            "targets": targets,
            "results": campaign_results_for(request.user, campaign),
            "can_manage": can_manage_campaign(request.user, campaign),
            "target_form": TargetForm(),
        },
    )


@require_POST
@login_required
def campaign_target(request: HttpRequest, pk: int, target_pk: int) -> HttpResponse:
    campaign = campaign_for(request.user, pk)
    target = campaign_target_for_change(request.user, campaign, target_pk)
    form = TargetForm(request.POST)
    if form.is_valid():
        campaign_target_update(actor=request.user, target=target, **form.cleaned_data)
        messages.success(request, _("Saved."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("development:campaign_detail", pk=campaign.pk)
