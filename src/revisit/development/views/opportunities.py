"""The opportunity pipeline: list, add by hand, detail, move."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from revisit.accounts.selectors import agents_visible_to
from revisit.book.models import Customer
from revisit.core.exceptions import DomainError
from revisit.development.forms import (
    OpportunityFilterForm,
    OpportunityForm,
    OpportunityMoveForm,
)
from revisit.development.models import OpportunitySource
from revisit.development.selectors.opportunities import (
    OpportunityFilters,
    entry_point_for,
    opportunity_history,
    opportunity_list_for,
    pipeline_counts_for,
)
from revisit.development.selectors.scope import (
    customer_for_change,
    opportunity_for,
    opportunity_for_change,
)
from revisit.development.selectors.snapshots import household_snapshot
from revisit.development.services.opportunities import (
    opportunity_create,
    opportunity_move,
)

PAGE_SIZE = 50


@require_GET
@login_required
def opportunity_list(request: HttpRequest) -> HttpResponse:
    agents = list(agents_visible_to(request.user).order_by("username"))
    form = OpportunityFilterForm(request.GET or None, agents=agents)
    filters = OpportunityFilters(open_only=True)
    if form.is_valid():
        data = form.cleaned_data
        filters = OpportunityFilters(
            stage=data["stage"],
            kind=data["kind"],
            agent_id=data["agent"],
            open_only=not data["stage"],
        )
    opportunities = opportunity_list_for(request.user, filters)[:PAGE_SIZE]
    return render(
        request,
        "development/opportunity_list.html",
        {
            "form": form,
            "opportunities": opportunities,
            "counts": pipeline_counts_for(request.user, agent_id=filters.agent_id),
            "show_agent": len(agents) > 1,
        },
    )


def _family_of(user, customer: Customer):
    snapshot, _people = household_snapshot(user, customer, today=timezone.localdate())
    ids = [
        person.customer_id
        for person in snapshot.people
        if person.customer_id != customer.pk
    ]
    return Customer.objects.filter(pk__in=ids).order_by("name_pinyin", "pk")


@require_http_methods(["GET", "POST"])
@login_required
def opportunity_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an opportunity by hand for the customer `pk`."""
    customer = customer_for_change(request.user, pk)
    family = _family_of(request.user, customer)
    form = OpportunityForm(
        request.POST or None, family=family, office_id=customer.office_id
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        opportunity = opportunity_create(
            actor=request.user,
            customer=customer,
            kind=data["kind"],
            summary=data["summary"],
            subject=data["subject"],
            cover_group=data["cover_group"],
            product=data["product"],
            expected_premium=data["expected_premium"],
            notes=data["notes"],
            source=OpportunitySource.MANUAL,
        )
        messages.success(request, _("Opportunity added to the pipeline."))
        return redirect("development:opportunity_detail", pk=opportunity.pk)
    return render(
        request,
        "development/opportunity_form.html",
        {"customer": customer, "form": form},
    )


@require_GET
@login_required
def opportunity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = opportunity_for(request.user, pk)
    form = OpportunityMoveForm(
        initial={
            "stage": opportunity.stage,
            "expected_premium": opportunity.expected_premium,
            "signed_on": opportunity.signed_on,
            "policy_number": opportunity.policy_number,
        }
    )
    return render(
        request,
        "development/opportunity_detail.html",
        {
            "opportunity": opportunity,
            "entry_point": entry_point_for(opportunity),
            "history": opportunity_history(opportunity),
            "form": form,
            "can_change": opportunity.customer.agent_id == request.user.pk,
        },
    )


@require_POST
@login_required
def opportunity_stage(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = opportunity_for_change(request.user, pk)
    form = OpportunityMoveForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("development:opportunity_detail", pk=opportunity.pk)
    data = form.cleaned_data
    try:
        opportunity_move(
            actor=request.user,
            opportunity=opportunity,
            stage=data["stage"],
            lost_reason=data["lost_reason"],
            expected_premium=data["expected_premium"],
            signed_on=data["signed_on"],
            policy_number=data["policy_number"],
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Stage saved."))
    return redirect("development:opportunity_detail", pk=opportunity.pk)
