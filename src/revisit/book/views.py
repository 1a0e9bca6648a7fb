from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from revisit.accounts.selectors import agents_visible_to
from revisit.book.forms import (
    CustomerFilterForm,
    GradeForm,
    HouseholdMoveForm,
    HouseholdRenameForm,
    HouseholdSplitForm,
    RevealForm,
)
from revisit.book.models import Grade
from revisit.book.selectors import (
    can_change_customer,
    customer_detail_for,
    customer_get_for,
    customer_get_for_change,
    customer_list_for,
    customers_for_grading,
    household_members_for_split,
    households_for_move,
)
from revisit.book.services.customers import customer_reveal, customers_grade
from revisit.book.services.households import (
    customer_move_household,
    household_rename,
    household_split,
)

CUSTOMERS_PER_PAGE = 25
GRADING_PER_PAGE = 100


def _wants_fragment(request: HttpRequest) -> bool:
    # htmx requests the whole page when it restores history that is not in
    # its cache, so only ordinary htmx requests get the fragment.
    return bool(request.htmx) and not request.htmx.history_restore_request


def _book_title(user) -> str:
    if user.is_supervisor:
        return _("Team book")
    if user.is_manager or user.is_superuser:
        return _("Office book")
    return _("My book")


@require_GET
@login_required
@vary_on_headers("HX-Request")
def customer_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    agents = None
    if not user.is_agent:
        agents = agents_visible_to(user).order_by("full_name", "username")
    form = CustomerFilterForm(request.GET, agents=agents)
    filters = form.to_filters()
    customers = customer_list_for(user, filters)
    page = Paginator(customers, CUSTOMERS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "filters_open": filters.narrows,
        "show_agent": agents is not None,
        "title": _book_title(user),
        "today": timezone.localdate(),
    }
    if _wants_fragment(request):
        return render(request, "book/_customer_results.html", context)
    return render(request, "book/customer_list.html", context)


def _render_customer(request, customer, *, revealed_field="", revealed_value=""):
    today = timezone.localdate()
    context = {
        "customer": customer,
        "detail": customer_detail_for(request.user, customer, today=today),
        "can_change": can_change_customer(request.user, customer),
        "revealed_field": revealed_field,
        "revealed_value": revealed_value,
        "today": today,
    }
    return render(request, "book/customer_detail.html", context)


@require_GET
@login_required
def customer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    customer = customer_get_for(request.user, pk)
    return _render_customer(request, customer)


@never_cache
@require_POST
@login_required
def customer_reveal_value(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one full ID number or phone, recorded in the audit log.

    Supervisors and office managers may reveal too, because reading is
    within their scope and the audit entry shows who looked.
    """
    customer = customer_get_for(request.user, pk)
    form = RevealForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Unknown field to reveal."))
    field = form.cleaned_data["field"]
    value = customer_reveal(actor=request.user, customer=customer, field=field)
    if request.htmx:
        return render(
            request, "book/_revealed_value.html", {"field": field, "value": value}
        )
    return _render_customer(
        request, customer, revealed_field=field, revealed_value=value
    )


# --- Households -------------------------------------------------------------


def _render_household(request, customer, *, status=200, **bound_forms):
    forms = {
        "rename_form": HouseholdRenameForm(
            initial={"name": customer.household.name if customer.household else ""}
        ),
        "move_form": HouseholdMoveForm(households=households_for_move(customer)),
        "split_form": HouseholdSplitForm(
            members=household_members_for_split(customer),
            initial={"members": [customer.pk]},
        ),
    }
    forms.update(bound_forms)
    context = {"customer": customer, **forms}
    return render(request, "book/household_edit.html", context, status=status)


@require_GET
@login_required
def household_edit(request: HttpRequest, pk: int) -> HttpResponse:
    customer = customer_get_for_change(request.user, pk)
    return _render_household(request, customer)


@require_POST
@login_required
def household_rename_view(request: HttpRequest, pk: int) -> HttpResponse:
    customer = customer_get_for_change(request.user, pk)
    if customer.household is None:
        messages.error(request, _("This customer belongs to no household yet."))
        return redirect("book:household_edit", pk=customer.pk)
    form = HouseholdRenameForm(request.POST)
    if not form.is_valid():
        return _render_household(request, customer, status=400, rename_form=form)
    household_rename(
        actor=request.user, household=customer.household, name=form.cleaned_data["name"]
    )
    messages.success(request, _("Household renamed."))
    return redirect("book:household_edit", pk=customer.pk)


@require_POST
@login_required
def household_move_view(request: HttpRequest, pk: int) -> HttpResponse:
    customer = customer_get_for_change(request.user, pk)
    form = HouseholdMoveForm(request.POST, households=households_for_move(customer))
    if not form.is_valid():
        return _render_household(request, customer, status=400, move_form=form)
    customer_move_household(
        actor=request.user, customer=customer, household=form.cleaned_data["household"]
    )
    messages.success(request, _("Customer moved to the other household."))
    return redirect("book:household_edit", pk=customer.pk)


@require_POST
@login_required
def household_split_view(request: HttpRequest, pk: int) -> HttpResponse:
    customer = customer_get_for_change(request.user, pk)
    members = household_members_for_split(customer)
    form = HouseholdSplitForm(request.POST, members=members)
    if not form.is_valid():
        return _render_household(request, customer, status=400, split_form=form)
    household_split(
        actor=request.user,
        customers=list(form.cleaned_data["members"]),
        name=form.cleaned_data["name"],
    )
    messages.success(request, _("New household created."))
    return redirect("book:household_edit", pk=customer.pk)


# --- Grading ----------------------------------------------------------------


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else default


@require_GET
@login_required
def customer_grading(request: HttpRequest) -> HttpResponse:
    """List the agent's own customers densely for grading many at once.

    The screen is the agent's own book, so supervisors and office managers
    get 403. A supervisor sets one customer's grade in the grade panel of
    the customer page instead.
    """
    if not request.user.is_agent:
        raise PermissionDenied(_("Quick grading works on an agent's own book."))
    form = CustomerFilterForm(request.GET)
    customers = customer_list_for(request.user, form.to_filters())
    page = Paginator(customers, GRADING_PER_PAGE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "grades": Grade.choices}
    return render(request, "book/customer_grading.html", context)


@require_POST
@login_required
def customer_grade(request: HttpRequest) -> HttpResponse:
    if not request.user.is_agent:
        raise PermissionDenied
    target = _safe_next(request, reverse("book:customer_grading"))
    form = GradeForm(request.POST, customers=customers_for_grading(request.user))
    if not form.is_valid() and form.has_error("customers", "invalid_choice"):
        # A customer outside the agent's own book is as unknown here as on
        # its own page.
        raise Http404("No customer matches the given query.")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(target)
    chosen = form.cleaned_data["customers"]
    grade = form.cleaned_data["grade"]
    changed = customers_grade(
        actor=request.user,
        customers=chosen,
        grade=grade,
        reason=form.cleaned_data["reason"],
    )
    messages.success(
        request,
        ngettext(
            "Grade %(grade)s set on %(count)s customer.",
            "Grade %(grade)s set on %(count)s customers.",
            changed,
        )
        % {"grade": grade, "count": changed},
    )
    return redirect(target)
