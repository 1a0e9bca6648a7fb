"""Views of the contact log and the grade panel.

Pages work without JavaScript; with htmx, the timeline, the log form and the
grade panel are partials that the customer page loads and refreshes. Every
contact write responds to htmx with the `contacts-changed` event, which the
timeline's contact list, the grade panel and the grade badge listen for. The
log form's slot sits outside the list, so the "logged" message survives the
list's refresh.

To put them on another page (the book's customer page), add:
    <section id="timeline" hx-get="{% url 'outreach:customer_timeline' customer.pk %}"
             hx-trigger="load"></section>
    <div hx-get="{% url 'outreach:grade_panel' customer.pk %}" hx-trigger="load"></div>
    {% include "outreach/_grade_badge.html" %}
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from revisit.core.exceptions import DomainError
from revisit.outreach import selectors, services
from revisit.outreach.forms import (
    ContactForm,
    CustomerSearchForm,
    GradeOverrideForm,
    VoidForm,
)
from revisit.outreach.permissions import (
    can_change_contact,
    can_log_contacts,
    can_override_grade,
)

CHANGED_EVENT = "contacts-changed"
# Sent after a grade override. The grade panel swaps itself and ignores it,
# but other parts of a page, such as a grade badge, may listen for it.
GRADE_EVENT = "grade-changed"


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _changed(response: HttpResponse, event: str = CHANGED_EVENT) -> HttpResponse:
    response["HX-Trigger"] = event
    return response


def _next_or(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _contacts_url(customer_pk: int) -> str:
    return reverse("outreach:customer_contacts", args=[customer_pk])


def _timeline_context(request: HttpRequest, customer) -> dict:
    show_all = request.GET.get("all") == "1"
    limit = None if show_all else selectors.TIMELINE_LIMIT
    items, total = selectors.timeline_for(request.user, customer, limit=limit)
    return {
        "customer": customer,
        "items": items,
        "total": total,
        "show_all": show_all,
        "can_log": can_log_contacts(request.user, customer),
    }


def _grade_context(request: HttpRequest, customer, form=None) -> dict:
    can_override = can_override_grade(request.user, customer)
    if form is None and can_override:
        form = GradeOverrideForm(initial={"grade": customer.grade})
    return {
        "customer": customer,
        "override": selectors.grade_override_of(customer),
        "history": selectors.grade_history_for(customer),
        "can_override": can_override,
        "form": form,
    }


@login_required
@require_GET
def customer_contacts(request: HttpRequest, pk: int) -> HttpResponse:
    customer = selectors.customer_for_user(request.user, pk)
    context = _timeline_context(request, customer)
    context["grade"] = _grade_context(request, customer)
    return render(request, "outreach/customer_contacts.html", context)


@login_required
@require_GET
def customer_timeline(request: HttpRequest, pk: int) -> HttpResponse:
    """Render the timeline, or with ?part=contacts only its list of contacts."""
    customer = selectors.customer_for_user(request.user, pk)
    context = _timeline_context(request, customer)
    if request.GET.get("part") == "contacts":
        return render(request, "outreach/_timeline_contacts.html", context)
    return render(request, "outreach/_timeline.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def contact_log(request: HttpRequest, pk: int) -> HttpResponse:
    customer = selectors.customer_for_user(request.user, pk)
    if not can_log_contacts(request.user, customer):
        raise PermissionDenied
    inline = _is_htmx(request)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.contact_log(actor=request.user, customer=customer, **form.cleaned_data)
        if inline:
            context = {"customer": customer, "logged": True}
            return _changed(render(request, "outreach/_contact_slot.html", context))
        messages.success(request, _("Contact logged."))
        return redirect(_next_or(request, _contacts_url(customer.pk)))

    context = {
        "customer": customer,
        "form": form,
        "inline": inline,
        "action": reverse("outreach:contact_log", args=[customer.pk]),
        "next": _next_or(request, ""),
    }
    template = "outreach/_contact_slot.html" if inline else "outreach/contact_log.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = selectors.contact_for_user(request.user, pk)
    if not can_change_contact(request.user, contact) or contact.is_void:
        raise PermissionDenied
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        services.contact_edit(actor=request.user, contact=contact, **form.cleaned_data)
        messages.success(request, _("Contact updated."))
        return redirect(_contacts_url(contact.customer_id))

    context = {
        "customer": contact.customer,
        "contact": contact,
        "form": form,
        "inline": False,
        "action": reverse("outreach:contact_edit", args=[contact.pk]),
    }
    return render(request, "outreach/contact_edit.html", context)


@login_required
@require_POST
def contact_void(request: HttpRequest, pk: int) -> HttpResponse:
    contact = selectors.contact_for_user(request.user, pk)
    form = VoidForm(request.POST)
    if not form.is_valid():
        message = form.errors["reason"][0]
    else:
        try:
            services.contact_void(
                actor=request.user, contact=contact, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            message = str(error)
        else:
            if _is_htmx(request):
                return _changed(HttpResponse(status=204))
            messages.success(request, _("Contact withdrawn."))
            return redirect(_contacts_url(contact.customer_id))

    if _is_htmx(request):
        context = {"contact": contact, "error": message}
        return render(request, "outreach/_void_form.html", context)
    messages.error(request, message)
    return redirect(_contacts_url(contact.customer_id))


@login_required
@require_GET
def grade_panel(request: HttpRequest, pk: int) -> HttpResponse:
    customer = selectors.customer_for_user(request.user, pk)
    context = _grade_context(request, customer)
    return render(request, "outreach/_grade_panel.html", context)


@login_required
@require_GET
def grade_badge(request: HttpRequest, pk: int) -> HttpResponse:
    customer = selectors.customer_for_user(request.user, pk)
    return render(request, "outreach/_grade_badge.html", {"customer": customer})


@login_required
@require_POST
def grade_override(request: HttpRequest, pk: int) -> HttpResponse:
    customer = selectors.customer_for_user(request.user, pk)
    if not can_override_grade(request.user, customer):
        raise PermissionDenied
    form = GradeOverrideForm(request.POST)
    if form.is_valid():
        services.customer_grade_override(
            actor=request.user, customer=customer, grade=form.cleaned_data["grade"],
            reason=form.cleaned_data["reason"],
        )
        if not _is_htmx(request):
            messages.success(request, _("Grade set by hand."))
            return redirect(_contacts_url(customer.pk))
        context = _grade_context(request, customer)
        return _changed(
            render(request, "outreach/_grade_panel.html", context), GRADE_EVENT
        )

    if not _is_htmx(request):
        for error in form.errors.values():
            messages.error(request, error[0])
        return redirect(_contacts_url(customer.pk))
    context = _grade_context(request, customer, form=form)
    return render(request, "outreach/_grade_panel.html", context)


@login_required
@require_POST
def grade_override_clear(request: HttpRequest, pk: int) -> HttpResponse:
    customer = selectors.customer_for_user(request.user, pk)
    try:
        services.customer_grade_override_clear(actor=request.user, customer=customer)
    except DomainError as error:
        if not _is_htmx(request):
            messages.error(request, str(error))
            return redirect(_contacts_url(customer.pk))
        context = _grade_context(request, customer)
        context["error"] = str(error)
        return render(request, "outreach/_grade_panel.html", context)

    if not _is_htmx(request):
        messages.success(request, _("The grade is computed from contacts again."))
        return redirect(_contacts_url(customer.pk))
    context = _grade_context(request, customer)
    return _changed(render(request, "outreach/_grade_panel.html", context), GRADE_EVENT)


@login_required
@require_GET
def quick_log(request: HttpRequest) -> HttpResponse:
    if not request.user.is_agent:
        raise PermissionDenied
    form = CustomerSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    context = {
        "form": form,
        "query": query,
        "customers": selectors.customers_to_log_for(request.user, query),
    }
    if _is_htmx(request):
        return render(request, "outreach/_search_results.html", context)
    return render(request, "outreach/quick_log.html", context)
