"""The daily check of yesterday's visits and today's plan."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from revisit.coaching.access import coach_required, resolve_scope, scope_choices
from revisit.coaching.forms import DayForm
from revisit.coaching.selectors.daily import daily_check_for


@require_GET
@coach_required
def daily_check(request):
    scope = resolve_scope(request.user, request.GET.get("scope"))
    form = DayForm(request.GET or None)
    valid = form.is_valid()
    day = (form.cleaned_data.get("day") if valid else None) or timezone.localdate()
    nudge_only = valid and form.cleaned_data.get("nudge_only", False)
    check = daily_check_for(scope=scope, day=day, office=request.user.office)
    shown = [row for row in check.rows if row.nudges] if nudge_only else check.rows

    # Links are built here once per row, because for a whole office of 200
    # agents url tags in every row cost more than the queries behind the page.
    yesterday = check.yesterday.isoformat()
    visited = (
        f"{reverse('reports:customers')}?metric=visits"
        f"&start={yesterday}&end={yesterday}&scope=agent-"
    )
    rows = [
        (
            row,
            reverse("coaching:sheet_review", args=[row.sheet.pk]) if row.sheet else "",
            f"{visited}{row.agent.pk}",
        )
        for row in shown
    ]
    return render(
        request,
        "coaching/daily_check.html",
        {
            "scope": scope,
            "scope_choices": scope_choices(request.user),
            "form": form,
            "check": check,
            "rows": rows,
            "nudge_only": nudge_only,
        },
    )
