"""Customer needs, gaps, and the visit preparation page."""

import datetime as dt
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from revisit.core.exceptions import DomainError
from revisit.development.forms import GapForm, OutcomeForm
from revisit.development.models import Technique
from revisit.development.selectors.needs import customer_gap, customer_needs_for
from revisit.development.selectors.occasions import customer_occasions
from revisit.development.selectors.opportunities import (
    entry_point_for,
    open_opportunities_of,
)
from revisit.development.selectors.scope import customer_for, customer_for_change
from revisit.development.selectors.scripts import script_values_for, scripts_for_office
from revisit.development.services.opportunities import (
    opportunities_generate,
    opportunity_create_from_gap,
)
from revisit.development.services.outcomes import visit_outcome_log
from revisit.development.services.scripts import script_fill, uses_placeholder

logger = logging.getLogger(__name__)

# How far ahead the visit preparation page lists the customer's occasions.
PREP_OCCASION_DAYS = 60


@require_GET
@login_required
def customer_needs(request: HttpRequest, pk: int) -> HttpResponse:
    customer = customer_for(request.user, pk)
    needs = customer_needs_for(request.user, customer, today=timezone.localdate())
    return render(
        request,
        "development/customer_needs.html",
        {
            "customer": customer,
            "needs": needs,
            "can_change": customer.agent_id == request.user.pk,
        },
    )


@require_GET
@login_required
def customer_gaps(request: HttpRequest, pk: int) -> HttpResponse:
    """Return the gaps partial that the customer page loads with htmx."""
    customer = customer_for(request.user, pk)
    needs = customer_needs_for(request.user, customer, today=timezone.localdate())
    return render(
        request,
        "development/_customer_gaps.html",
        {"customer": customer, "gaps": needs.gaps},
    )


@require_POST
@login_required
def opportunity_from_gap(request: HttpRequest, pk: int) -> HttpResponse:
    customer = customer_for_change(request.user, pk)
    form = GapForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The gap to follow up is missing."))
        return redirect("development:customer_needs", pk=customer.pk)
    gap = customer_gap(
        request.user, customer, form.cleaned_data["gap_key"], today=timezone.localdate()
    )
    if gap is None or not gap.opportunity_kind:
        messages.error(
            request, _("That gap is no longer open; the page shows the current ones.")
        )
        return redirect("development:customer_needs", pk=customer.pk)
    opportunity, created = opportunity_create_from_gap(
        actor=request.user, customer=customer, gap=gap
    )
    if created:
        messages.success(request, _("Opportunity added to the pipeline."))
    else:
        messages.info(request, _("This gap already has an opportunity."))
    return redirect("development:opportunity_detail", pk=opportunity.pk)


@require_POST
@login_required
def customer_opportunities_generate(request: HttpRequest, pk: int) -> HttpResponse:
    customer = customer_for_change(request.user, pk)
    needs = customer_needs_for(request.user, customer, today=timezone.localdate())
    created = opportunities_generate(
        actor=request.user, customer=customer, gaps=needs.raw_gaps
    )
    if created:
        messages.success(
            request,
            ngettext(
                "%(count)s opportunity added to the pipeline.",
                "%(count)s opportunities added to the pipeline.",
                created,
            )
            % {"count": created},
        )
    else:
        messages.info(request, _("Every gap already has an opportunity."))
    return redirect("development:customer_needs", pk=customer.pk)


def _filled_scripts(customer, needs, opportunity, today):
    """Return the office's scripts filled for the customer, grouped by technique.

    Scripts about the next premium are left out when no policy of the
    customer has a premium to pay; the second value counts them.
    """
    values = script_values_for(
        customer, gaps=needs.raw_gaps, opportunity=opportunity, today=today
    )
    scripts = scripts_for_office(customer.office_id)
    if not values["due_date"]:
        usable = [s for s in scripts if not uses_placeholder(s.body, "due_date")]
        left_out = len(scripts) - len(usable)
        scripts = usable
    else:
        left_out = 0
    filled = [
        {"script": script, "parts": script_fill(script.body, values)}
        for script in scripts
    ]
    techniques = []
    for technique, label in Technique.choices:
        items = [item for item in filled if item["script"].technique == technique]
        if items:
            techniques.append({"technique": technique, "label": label, "items": items})
    return techniques, left_out


def _render_prep(request: HttpRequest, customer, form: OutcomeForm | None, chosen_id):
    today = timezone.localdate()
    needs = customer_needs_for(request.user, customer, today=today)
    opportunities = list(open_opportunities_of(customer.pk))
    chosen = next((o for o in opportunities if str(o.pk) == str(chosen_id)), None)
    occasions = customer_occasions(
        customer, today, today + dt.timedelta(days=PREP_OCCASION_DAYS), today=today
    )
    techniques, scripts_left_out = _filled_scripts(customer, needs, chosen, today)
    if form is None:
        form = OutcomeForm(
            opportunities=opportunities,
            initial={
                "opportunity": chosen.pk if chosen else None,
                "entry_point": entry_point_for(chosen) if chosen else "",
            },
        )
    return render(
        request,
        "development/visit_prep.html",
        {
            "customer": customer,
            "needs": needs,
            "opportunities": opportunities,
            "chosen": chosen,
            "occasions": occasions,
            "techniques": techniques,
            "scripts_left_out": scripts_left_out,
            "form": form,
            "can_change": customer.agent_id == request.user.pk,
        },
        status=400 if form.is_bound else 200,
    )


@require_GET
@login_required
def visit_prep(request: HttpRequest, pk: int) -> HttpResponse:
    """Prepare a visit or call: facts, gaps, opportunities, occasions, scripts."""
    customer = customer_for(request.user, pk)
    return _render_prep(request, customer, None, request.GET.get("opportunity", ""))


@require_POST
@login_required
def visit_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    """Log the outcome through the contact log, with the technique used."""
    customer = customer_for_change(request.user, pk)
    opportunities = list(open_opportunities_of(customer.pk))
    form = OutcomeForm(request.POST, opportunities=opportunities)
    if not form.is_valid():
        return _render_prep(request, customer, form, request.POST.get("opportunity"))
    data = dict(form.cleaned_data)
    opportunity_id = data.pop("opportunity")
    opportunity = next((o for o in opportunities if o.pk == opportunity_id), None)
    try:
        visit_outcome_log(
            actor=request.user, customer=customer, opportunity=opportunity, **data
        )
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return _render_prep(request, customer, form, opportunity_id)
    except DomainError as error:
        form.add_error(None, str(error))
        return _render_prep(request, customer, form, opportunity_id)
    messages.success(request, _("Outcome saved to the contact log."))
    return redirect("development:visit_prep", pk=customer.pk)
