"""The weekly sheet: proposal, rows, order, swaps, summary and submission."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from revisit.book.models import Customer
from revisit.core.exceptions import DomainError
from revisit.outreach.selectors import workload_for
from revisit.planning import selectors, services
from revisit.planning.forms import (
    ActionForm,
    EntryForm,
    MoveForm,
    SummaryForm,
    SwapForm,
)
from revisit.planning.models import ActionKind, PlanningSettings, WeeklySheet
from revisit.planning.scoring.messages import day_label
from revisit.planning.views.common import (
    report_form_errors,
    require_owner,
    sheet_url,
)
from revisit.planning.weeks import IsoWeek


def _week_or_404(text: str) -> IsoWeek:
    try:
        return IsoWeek.parse(text)
    except ValueError as error:
        raise Http404("No such week.") from error


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Agents go to this week's sheet; supervisors and managers see their agents'."""
    week = IsoWeek.current()
    if request.user.is_agent:
        return redirect("planning:week", week=str(week))
    if "week" in request.GET:
        week = _week_or_404(request.GET["week"])
    context = {
        "week": week,
        "previous_week": week.shifted(-1),
        "next_week": week.shifted(1),
        "rows": selectors.team_sheets(request.user, week),
    }
    return render(request, "planning/team_sheets.html", context)


@login_required
@require_GET
def week(request: HttpRequest, week: str) -> HttpResponse:
    """Show the agent's own sheet for a week, or the button that proposes it."""
    iso_week = _week_or_404(week)
    sheet = selectors.sheet_of_agent(request.user, iso_week)
    if sheet is not None:
        return redirect("planning:sheet", pk=sheet.pk)
    context = {
        "week": iso_week,
        "previous_week": iso_week.shifted(-1),
        "next_week": iso_week.shifted(1),
        "can_propose": request.user.is_agent,
        "recent": selectors.recent_sheets(request.user),
    }
    return render(request, "planning/week_empty.html", context)


def _proposed_message(week: IsoWeek) -> str:
    """Name the week that was proposed: this week, next week or its dates."""
    current = IsoWeek.current()
    if week == current:
        return _("Your sheet for this week has been proposed.")
    if week == current.following:
        return _("Your sheet for next week has been proposed.")
    return _(
        "Your sheet for week %(week)s, %(monday)s to %(sunday)s, has been proposed."
    ) % {
        "week": week,
        "monday": day_label(week.monday),
        "sunday": day_label(week.sunday),
    }


@login_required
@require_POST
def week_propose(request: HttpRequest, week: str) -> HttpResponse:
    iso_week = _week_or_404(week)
    if not request.user.is_agent or request.user.office_id is None:
        raise Http404("Only agents have weekly sheets.")
    proposal = services.sheet_propose(agent=request.user, week=iso_week)
    if proposal.created:
        messages.success(request, _proposed_message(iso_week))
    return redirect("planning:sheet", pk=proposal.sheet.pk)


def _default_action_date(week: IsoWeek, planning_settings: PlanningSettings) -> dt.date:
    """Return the first phone appointment day of the week not yet past."""
    today = timezone.localdate()
    appointment_days = [
        day
        for day in week.days()
        if day.weekday() in planning_settings.appointment_weekdays
    ]
    upcoming = [day for day in appointment_days if day >= today]
    return (upcoming or appointment_days or [week.monday])[0]


def _sheet_context(request: HttpRequest, sheet: WeeklySheet) -> dict:
    planning_settings = PlanningSettings.for_office(sheet.office)
    week = sheet.week
    can_edit = sheet.agent_id == request.user.pk and sheet.is_editable
    entries = list(sheet.entries.all())
    return {
        "sheet": sheet,
        "week": week,
        "entries": entries,
        "progress": selectors.rotation_progress(sheet),
        "days": selectors.day_plans(sheet, planning_settings),
        "settings": planning_settings,
        "workload": workload_for(agent=sheet.agent, start=week.monday, end=week.sunday),
        "is_owner": sheet.agent_id == request.user.pk,
        "can_edit": can_edit,
        "summary_form": SummaryForm(
            initial={"version": sheet.version, "summary": sheet.summary}
        ),
        # The row forms are written out in the template: rendering sixteen
        # sets of form widgets took about half of the page's time.
        "action_kinds": [(value, str(label)) for value, label in ActionKind.choices],
        "default_action_date": _default_action_date(week, planning_settings),
    }


@login_required
@require_GET
def sheet_detail(request: HttpRequest, pk: int) -> HttpResponse:
    selectors.sheet_for_user(request.user, pk)
    sheet = selectors.sheets_with_entries([pk])[0]
    return render(request, "planning/sheet.html", _sheet_context(request, sheet))


@login_required
@require_GET
def sheet_days(request: HttpRequest, pk: int) -> HttpResponse:
    selectors.sheet_for_user(request.user, pk)
    sheet = selectors.sheets_with_entries([pk])[0]
    return render(request, "planning/sheet_days.html", _sheet_context(request, sheet))


def _run(request: HttpRequest, change) -> bool:
    """Run a service call; show a domain error as a message and return False."""
    try:
        change()
    except DomainError as error:
        messages.error(request, str(error))
        return False
    return True


@login_required
@require_POST
def sheet_summary(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = selectors.sheet_for_user(request.user, pk)
    require_owner(request.user, sheet)
    form = SummaryForm(request.POST)
    if not form.is_valid():
        report_form_errors(request, form)
    elif _run(
        request,
        lambda: services.sheet_summary_save(
            sheet=sheet,
            version=form.cleaned_data["version"],
            summary=form.cleaned_data["summary"],
        ),
    ):
        messages.success(request, _("Summary saved."))
    return redirect(sheet_url(sheet.pk, "summary"))


@login_required
@require_POST
def sheet_submit(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = selectors.sheet_for_user(request.user, pk)
    require_owner(request.user, sheet)
    form = SummaryForm(request.POST)
    if not form.is_valid():
        report_form_errors(request, form)
    elif _run(
        request,
        lambda: services.sheet_submit(
            sheet=sheet,
            version=form.cleaned_data["version"],
            summary=form.cleaned_data["summary"],
            actor=request.user,
        ),
    ):
        messages.success(
            request,
            _("Sheet submitted. It is locked until your supervisor returns it."),
        )
    return redirect(sheet_url(sheet.pk))


@login_required
@require_POST
def entry_update(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_for_user(request.user, pk)
    require_owner(request.user, entry.sheet)
    form = EntryForm(request.POST)
    if not form.is_valid():
        report_form_errors(request, form)
    elif _run(
        request,
        lambda: services.entry_update(
            entry=entry,
            version=form.cleaned_data["version"],
            analysis=form.cleaned_data["analysis"],
            entry_point=form.cleaned_data["entry_point"],
            result=form.cleaned_data["result"],
        ),
    ):
        messages.success(request, _("Saved."))
    return redirect(sheet_url(entry.sheet_id, f"entry-{entry.pk}"))


@login_required
@require_POST
def entry_move(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_for_user(request.user, pk)
    require_owner(request.user, entry.sheet)
    form = MoveForm(request.POST)
    if not form.is_valid():
        report_form_errors(request, form)
    else:
        _run(
            request,
            lambda: services.entry_move(
                entry=entry,
                version=form.cleaned_data["version"],
                direction=form.cleaned_data["direction"],
            ),
        )
    return redirect(sheet_url(entry.sheet_id, f"entry-{entry.pk}"))


@login_required
@require_http_methods(["GET", "POST"])
def entry_swap(request: HttpRequest, pk: int) -> HttpResponse:
    """GET searches the agent's book for a replacement; POST swaps it in."""
    entry = selectors.entry_for_user(request.user, pk)
    sheet = entry.sheet
    require_owner(request.user, sheet)
    if request.method == "POST":
        form = SwapForm(request.POST)
        if not form.is_valid():
            report_form_errors(request, form)
            return redirect(sheet_url(sheet.pk, f"entry-{entry.pk}"))
        customer = get_object_or_404(
            Customer, pk=form.cleaned_data["customer"], agent_id=sheet.agent_id
        )
        replacement = None

        def swap():
            nonlocal replacement
            replacement = services.entry_swap(
                entry=entry,
                version=form.cleaned_data["version"],
                customer=customer,
                actor=request.user,
            )

        if _run(request, swap):
            messages.success(request, _("Customer swapped."))
            return redirect(sheet_url(sheet.pk, f"entry-{replacement.pk}"))
        return redirect(sheet_url(sheet.pk, f"entry-{entry.pk}"))

    query = request.GET.get("q", "")
    context = {
        "entry": entry,
        "sheet": sheet,
        "query": query,
        "candidates": selectors.swap_candidates(sheet, query),
        "search_url": reverse("planning:entry_swap", args=[entry.pk]),
    }
    # Only the search box requests the result list alone; a boosted link
    # to this page is an htmx request too and gets the whole page.
    if request.htmx and request.htmx.target == "swap-results":
        template = "planning/_swap_results.html"
    else:
        template = "planning/entry_swap.html"
    return render(request, template, context)


@login_required
@require_POST
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_for_user(request.user, pk)
    require_owner(request.user, entry.sheet)
    form = ActionForm(request.POST, week=entry.sheet.week)
    if not form.is_valid():
        report_form_errors(request, form)
    elif _run(
        request,
        lambda: services.action_add(
            entry=entry,
            version=form.cleaned_data["version"],
            kind=form.cleaned_data["kind"],
            planned_date=form.cleaned_data["planned_date"],
            planned_time=form.cleaned_data["planned_time"],
        ),
    ):
        messages.success(request, _("Action planned."))
    return redirect(sheet_url(entry.sheet_id, f"entry-{entry.pk}"))
