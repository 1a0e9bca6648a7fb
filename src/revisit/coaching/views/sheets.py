"""The Monday meeting view, the review queue and the review of one sheet."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from revisit.coaching.access import (
    coach_required,
    is_coach,
    resolve_scope,
    scope_choices,
)
from revisit.coaching.forms import ReviewForm
from revisit.coaching.selectors.sheets import (
    get_sheet_for,
    monday_rows,
    review_rows,
    sheet_comments,
    sheets_to_review,
)
from revisit.coaching.services.review import Decision, review_round, sheet_review
from revisit.core.exceptions import DomainError
from revisit.outreach.selectors import workload_for
from revisit.planning.models import SheetStatus
from revisit.reports.forms import parse_iso_week


def _week_monday(text: str | None) -> dt.date:
    if text:
        try:
            return parse_iso_week(text)
        except ValueError:
            pass
    today = timezone.localdate()
    return today - dt.timedelta(days=today.weekday())


def _week_label(monday: dt.date) -> str:
    year, week, _weekday = monday.isocalendar()
    return f"{year}-W{week:02d}"


@require_GET
@coach_required
def monday(request):
    """Show every agent's sheet of the week for the Monday meeting, printable on A4."""
    scope = resolve_scope(request.user, request.GET.get("scope"))
    week_start = _week_monday(request.GET.get("week"))
    rows = monday_rows(scope=scope, monday=week_start)
    return render(
        request,
        "coaching/monday.html",
        {
            "scope": scope,
            "scope_choices": scope_choices(request.user),
            "week": _week_label(week_start),
            "week_start": week_start,
            "previous_week": _week_label(week_start - dt.timedelta(weeks=1)),
            "next_week": _week_label(week_start + dt.timedelta(weeks=1)),
            "rows": rows,
            "not_started": [row for row in rows if not row.has_started],
            "submitted": sum(1 for row in rows if row.state == SheetStatus.SUBMITTED),
        },
    )


@require_GET
@coach_required
def review_queue(request):
    scope = resolve_scope(request.user, request.GET.get("scope"))
    return render(
        request,
        "coaching/review_queue.html",
        {
            "scope": scope,
            "scope_choices": scope_choices(request.user),
            "sheets": sheets_to_review(user=request.user, scope=scope),
        },
    )


@require_GET
def sheet_review_page(request, sheet_id: int):
    """Show a sheet with its comments; reviewers also get the review form.

    The sheet's agent may open the page to read the comments, so this view
    checks the sign-in itself instead of using coach_required.
    """
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    sheet = get_sheet_for(request.user, sheet_id)
    reviewer = is_coach(request.user)
    workload = workload_for(
        agent=sheet.agent,
        start=sheet.week_start,
        end=sheet.week_start + dt.timedelta(days=6),
    )
    return render(
        request,
        "coaching/sheet_review.html",
        {
            "sheet": sheet,
            "week": _week_label(sheet.week_start),
            "rows": review_rows(sheet),
            "sheet_comments": sheet_comments(sheet).filter(entry__isnull=True),
            "workload": workload,
            "reviewer": reviewer,
            "can_decide": reviewer and sheet.status == SheetStatus.SUBMITTED,
            "round": review_round(sheet),
            "form": ReviewForm(),
        },
    )


@require_POST
@coach_required
def sheet_review_submit(request, sheet_id: int):
    sheet = get_sheet_for(request.user, sheet_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("coaching:sheet_review", sheet_id=sheet.pk)
    decision = form.cleaned_data["decision"]
    try:
        sheet_review(
            actor=request.user,
            sheet=sheet,
            decision=decision,
            comment=form.cleaned_data["comment"],
            row_comments=form.cleaned_data["row_comments"],
        )
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("coaching:sheet_review", sheet_id=sheet.pk)
    if decision == Decision.COMMENT:
        messages.success(
            request, _("Comments saved. The agent sees them on the sheet.")
        )
        return redirect("coaching:sheet_review", sheet_id=sheet.pk)
    if decision == Decision.RETURN:
        messages.success(
            request,
            _("Sheet returned to %(name)s with your comments.")
            % {"name": sheet.agent.display_name},
        )
    else:
        name = sheet.agent.display_name
        messages.success(request, _("Sheet of %(name)s approved.") % {"name": name})
    return redirect("coaching:review_queue")
