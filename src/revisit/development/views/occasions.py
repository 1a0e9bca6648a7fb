"""The daily digest of occasions for one agent."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from revisit.accounts.selectors import agents_visible_to
from revisit.development.forms import DigestForm
from revisit.development.selectors.occasions import occasions_by_day, occasions_for

# The digest shows the chosen day and this many days after it.
DIGEST_AHEAD_DAYS = 7


@require_GET
@login_required
def occasion_digest(request: HttpRequest) -> HttpResponse:
    """Show an agent's occasions for a day and the week after it.

    Agents see their own; supervisors and managers choose one of the agents
    they may see. An agent outside the user's scope is not found (404).
    """
    agents = list(agents_visible_to(request.user).order_by("username"))
    requested = request.GET.get("agent", "")
    if requested and requested not in {str(a.pk) for a in agents}:
        raise Http404("No agent matches the given query.")
    form = DigestForm(request.GET or None, agents=agents)
    day = timezone.localdate()
    agent = request.user if request.user.is_agent else None
    if form.is_valid():
        day = form.cleaned_data["day"] or day
        chosen = form.cleaned_data["agent"]
        if chosen is not None:
            agent = next((a for a in agents if a.pk == chosen), None)
    days = []
    if agent is not None:
        end = day + dt.timedelta(days=DIGEST_AHEAD_DAYS)
        days = occasions_by_day(occasions_for(agent, day, end, today=day))
    return render(
        request,
        "development/occasion_digest.html",
        {
            "form": form,
            "agent": agent,
            "day": day,
            "today_items": days[0][1] if days and days[0][0] == day else [],
            "later_days": [item for item in days if item[0] != day],
            "show_picker": len(agents) > 1 or not request.user.is_agent,
        },
    )
