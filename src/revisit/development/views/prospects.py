"""Prospects and referral chains."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from revisit.accounts.selectors import agents_visible_to
from revisit.book.models import Customer
from revisit.development.forms import ProspectForm, ProspectStatusForm
from revisit.development.models import ProspectStatus
from revisit.development.selectors.referrals import (
    chain_totals,
    prospect_list_for,
    referral_totals_by_agent,
    referral_tree_for,
    referrers_for,
)
from revisit.development.selectors.scope import (
    customer_for,
    prospect_for,
    prospect_for_change,
)
from revisit.development.services.prospects import prospect_create, prospect_update

PAGE_SIZE = 100


def _own_customers(user):
    return Customer.objects.filter(agent_id=user.pk).order_by("name_pinyin", "pk")


@require_GET
@login_required
def prospect_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in ProspectStatus.values:
        status = ""
    prospects = prospect_list_for(request.user, status=status)[:PAGE_SIZE]
    return render(
        request,
        "development/prospect_list.html",
        {
            "prospects": prospects,
            "status": status,
            "statuses": ProspectStatus.choices,
            "can_add": request.user.is_agent,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def prospect_add(request: HttpRequest) -> HttpResponse:
    if not request.user.is_agent:
        # Prospects belong to an agent's book; supervisors and managers read.
        raise PermissionDenied
    initial = {}
    referrer = request.GET.get("referred_by", "")
    if referrer.isdigit():
        initial["referred_by"] = int(referrer)
    form = ProspectForm(
        request.POST or None, customers=_own_customers(request.user), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        prospect = prospect_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Prospect added."))
        return redirect("development:prospect_detail", pk=prospect.pk)
    return render(request, "development/prospect_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def prospect_detail(request: HttpRequest, pk: int) -> HttpResponse:
    prospect = prospect_for(request.user, pk)
    can_change = prospect.agent_id == request.user.pk
    if request.method == "POST":
        prospect = prospect_for_change(request.user, pk)
    form = ProspectForm(
        request.POST or None,
        customers=_own_customers(prospect.agent),
        initial={
            "full_name": prospect.full_name,
            "phone": prospect.phone,
            "birth_date": prospect.birth_date,
            "relation": prospect.relation,
            "referred_by": prospect.referred_by_id,
            "notes": prospect.notes,
        },
    )
    if request.method == "POST" and form.is_valid():
        prospect_update(actor=request.user, prospect=prospect, **form.cleaned_data)
        messages.success(request, _("Prospect saved."))
        return redirect("development:prospect_detail", pk=prospect.pk)
    return render(
        request,
        "development/prospect_detail.html",
        {
            "prospect": prospect,
            "form": form,
            "status_form": ProspectStatusForm(initial={"status": prospect.status}),
            "can_change": can_change,
            "is_converted": prospect.customer_id is not None,
        },
    )


@require_POST
@login_required
def prospect_status(request: HttpRequest, pk: int) -> HttpResponse:
    prospect = prospect_for_change(request.user, pk)
    form = ProspectStatusForm(request.POST)
    if prospect.customer_id is not None:
        messages.error(request, _("This prospect is already a customer."))
    elif form.is_valid():
        prospect_update(actor=request.user, prospect=prospect, **form.cleaned_data)
        messages.success(request, _("Status saved."))
    else:
        messages.error(request, _("Choose a status from the list."))
    return redirect("development:prospect_detail", pk=prospect.pk)


@require_GET
@login_required
def referral_overview(request: HttpRequest) -> HttpResponse:
    """Referrals per agent, and the customers who refer the most."""
    agents = list(agents_visible_to(request.user).order_by("username"))
    agent_id = request.GET.get("agent", "")
    chosen = next((a for a in agents if str(a.pk) == agent_id), None)
    return render(
        request,
        "development/referral_overview.html",
        {
            "agents": agents,
            "chosen": chosen,
            "totals": referral_totals_by_agent(request.user),
            "referrers": referrers_for(
                request.user, agent_id=chosen.pk if chosen else None
            )[:PAGE_SIZE],
        },
    )


@require_GET
@login_required
def customer_referrals(request: HttpRequest, pk: int) -> HttpResponse:
    customer = customer_for(request.user, pk)
    tree = referral_tree_for(request.user, customer)
    referred, became, premium = chain_totals(tree)
    return render(
        request,
        "development/customer_referrals.html",
        {
            "customer": customer,
            "tree": tree,
            "referred": referred,
            "became": became,
            "premium": premium,
            "can_add": customer.agent_id == request.user.pk,
        },
    )
