"""Reassignment screens: pick an agent, select customers or policies, move them."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from revisit.accounts.selectors import agents_visible_to
from revisit.book.models import Customer, Policy
from revisit.coaching.access import (
    coach_required,
    get_agent_for,
    manager_required,
    sees_whole_office,
)
from revisit.coaching.forms import (
    MAX_SELECTED,
    CustomerSearchForm,
    MarkLeftForm,
    MoveForm,
)
from revisit.coaching.selectors.reassignment import (
    customers_for_reassignment,
    get_customer_for,
    orphan_policies_for,
    reassignments_for,
)
from revisit.coaching.services.reassignment import (
    ReassignmentResult,
    agent_mark_left,
    customers_reassign,
    policies_reassign,
)
from revisit.core.exceptions import DomainError

PAGE_SIZE = 50
HISTORY_PAGE_SIZE = 100


@require_GET
@coach_required
def agent_list(request):
    """List the agents in scope with the size of their book."""
    # Two subqueries rather than two joins: joining customers and policies
    # at once would multiply the rows of every agent.
    customer_total = (
        Customer.objects.filter(agent_id=OuterRef("pk"))
        .values("agent_id").annotate(total=Count("pk")).values("total")
    )
    orphan_total = (
        Policy.objects.filter(agent_id=OuterRef("pk"), is_orphan=True)
        .values("agent_id").annotate(total=Count("pk")).values("total")
    )
    agents = (
        agents_visible_to(request.user)
        .select_related("team")
        .annotate(
            customer_total=Coalesce(Subquery(customer_total), 0),
            orphan_total=Coalesce(Subquery(orphan_total), 0),
        )
        .order_by("-is_active", "team__code", "agent_code", "pk")
    )
    return render(
        request,
        "coaching/agent_list.html",
        {"agents": agents, "can_mark_left": sees_whole_office(request.user)},
    )


@require_GET
@coach_required
def agent_customers(request, agent_id: int):
    """Show one agent's customers with checkboxes and the move form."""
    agent = get_agent_for(request.user, agent_id)
    search = CustomerSearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    customers = customers_for_reassignment(user=request.user, agent=agent, query=query)
    page = Paginator(customers, PAGE_SIZE).get_page(request.GET.get("page"))
    form = MoveForm(user=request.user, from_agent=agent)
    return render(
        request,
        "coaching/agent_customers.html",
        {
            "agent": agent,
            "page": page,
            "search": search,
            "form": form,
            "max_selected": MAX_SELECTED,
            "can_mark_left": sees_whole_office(request.user) and agent.is_active,
        },
    )


def _result_message(result: ReassignmentResult, to_agent) -> str:
    if result.customers:
        text = ngettext(
            "Moved %(customers)s customer and %(policies)s policies to %(agent)s.",
            "Moved %(customers)s customers and %(policies)s policies to %(agent)s.",
            result.customers,
        )
    else:
        text = ngettext(
            "Moved %(policies)s policy to %(agent)s.",
            "Moved %(policies)s policies to %(agent)s.",
            result.policies,
        )
    return text % {
        "customers": result.customers,
        "policies": result.policies,
        "agent": to_agent.display_name,
    }


def _skipped_message(result: ReassignmentResult) -> str:
    return ngettext(
        "%(count)s selected row had already moved to another agent and was left "
        "as it is.",
        "%(count)s selected rows had already moved to another agent and were left "
        "as they are.",
        result.skipped,
    ) % {"count": result.skipped}


def _report(request, result: ReassignmentResult, to_agent) -> None:
    if result.customers or result.policies:
        messages.success(request, _result_message(result, to_agent))
    if result.skipped:
        messages.warning(request, _skipped_message(result))


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def _safe_back(request, default: str) -> str:
    """Return the posted `back` address when it points into this site."""
    back = request.POST.get("back", "")
    if back and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return back
    return default


@require_POST
@coach_required
def agent_customers_move(request, agent_id: int):
    agent = get_agent_for(request.user, agent_id)
    form = MoveForm(request.POST, user=request.user, from_agent=agent)
    back = _safe_back(request, reverse("coaching:agent_customers", args=[agent.pk]))
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(back)
    try:
        result = customers_reassign(
            actor=request.user,
            from_agent=agent,
            to_agent=form.cleaned_data["to_agent"],
            customer_ids=form.cleaned_data["selected"],
            reason=form.cleaned_data["reason"],
        )
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(back)
    _report(request, result, form.cleaned_data["to_agent"])
    return redirect(back)


@require_GET
@coach_required
def customer_reassign(request, customer_id: int):
    """Show one customer with the form that moves them alone."""
    customer = get_customer_for(request.user, customer_id)
    form = MoveForm(user=request.user, from_agent=customer.agent)
    return render(
        request,
        "coaching/customer_reassign.html",
        {
            "customer": customer,
            "policies": customer.held_policies.select_related("agent").order_by(
                "policy_number"
            ),
            "form": form,
            "history": reassignments_for(user=request.user, customer=customer)[:20],
        },
    )


@require_GET
@coach_required
def orphan_policies(request):
    agent = None
    if request.GET.get("agent", "").isdigit():
        agent = get_agent_for(request.user, int(request.GET["agent"]))
    policies = orphan_policies_for(user=request.user, agent=agent)
    page = Paginator(policies, PAGE_SIZE).get_page(request.GET.get("page"))
    form = MoveForm(user=request.user, from_agent=agent) if agent else None
    return render(
        request,
        "coaching/orphan_policies.html",
        {
            "agent": agent,
            "page": page,
            "form": form,
            "agents": agents_visible_to(request.user).order_by("agent_code", "pk"),
        },
    )


@require_POST
@coach_required
def agent_policies_move(request, agent_id: int):
    agent = get_agent_for(request.user, agent_id)
    form = MoveForm(request.POST, user=request.user, from_agent=agent)
    back = reverse("coaching:orphan_policies") + f"?agent={agent.pk}"
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(back)
    try:
        result = policies_reassign(
            actor=request.user,
            from_agent=agent,
            to_agent=form.cleaned_data["to_agent"],
            policy_ids=form.cleaned_data["selected"],
            reason=form.cleaned_data["reason"],
        )
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(back)
    _report(request, result, form.cleaned_data["to_agent"])
    return redirect(back)


@require_http_methods(["GET", "POST"])
@manager_required
def agent_leave(request, agent_id: int):
    """Confirm, then mark an agent as left and hand over the whole book."""
    agent = get_agent_for(request.user, agent_id)
    form = MarkLeftForm(request.POST or None, user=request.user, agent=agent)
    if request.method == "POST" and form.is_valid():
        try:
            result = agent_mark_left(
                actor=request.user,
                agent=agent,
                to_agent=form.cleaned_data["to_agent"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(name)s is marked as left.") % {"name": agent.display_name},
            )
            _report(request, result, form.cleaned_data["to_agent"])
            return redirect("coaching:history")
    return render(
        request,
        "coaching/agent_leave.html",
        {
            "agent": agent,
            "form": form,
            "customer_total": agent.customers.count(),
            "policy_total": agent.policies.count(),
        },
    )


@require_GET
@coach_required
def history(request):
    """The reassignment trail: who moved what, when, from whom to whom."""
    agent = customer = None
    if request.GET.get("agent", "").isdigit():
        agent = get_agent_for(request.user, int(request.GET["agent"]))
    if request.GET.get("customer", "").isdigit():
        customer = get_customer_for(request.user, int(request.GET["customer"]))
    entries = reassignments_for(user=request.user, agent=agent, customer=customer)
    page = Paginator(entries, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "coaching/history.html",
        {"page": page, "agent": agent, "customer": customer},
    )
