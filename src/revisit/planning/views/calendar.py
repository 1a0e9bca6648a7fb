"""The agent's calendar feed: a page with the secret URL, and the feed itself."""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from revisit.planning import services
from revisit.planning.exports.ics import calendar_feed as render_feed
from revisit.planning.models import CalendarToken, PlannedAction

# Weeks of past and future actions the feed carries.
FEED_WEEKS_BACK = 4
FEED_WEEKS_AHEAD = 8


def _require_agent(user) -> None:
    if not user.is_agent:
        raise Http404("Only agents have a calendar feed.")


@login_required
@require_GET
def calendar(request: HttpRequest) -> HttpResponse:
    _require_agent(request.user)
    token = services.calendar_token_get(agent=request.user)
    feed_url = request.build_absolute_uri(
        reverse("planning:calendar_feed", args=[token.token])
    )
    return render(request, "planning/calendar.html", {"feed_url": feed_url})


@login_required
@require_POST
def calendar_regenerate(request: HttpRequest) -> HttpResponse:
    _require_agent(request.user)
    services.calendar_token_regenerate(agent=request.user)
    messages.success(
        request, _("A new calendar address was made; the old one no longer works.")
    )
    return redirect("planning:calendar")


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """Serve the feed to whoever holds the token, without a login."""
    found = CalendarToken.objects.filter(token=token).select_related("agent").first()
    if found is None or not found.agent.is_active:
        raise Http404("No such calendar.")
    today = timezone.localdate()
    actions = (
        PlannedAction.objects.filter(
            entry__sheet__agent=found.agent,
            # Leave out customers reassigned to someone else since.
            entry__customer__agent=found.agent,
            planned_date__gte=today - dt.timedelta(weeks=FEED_WEEKS_BACK),
            planned_date__lte=today + dt.timedelta(weeks=FEED_WEEKS_AHEAD),
        )
        .select_related("entry", "entry__customer")
        .order_by("planned_date", "planned_time", "pk")
    )
    # Calendar apps send no session, so the feed uses the office language.
    with translation.override(settings.LANGUAGE_CODE):
        name = _("Visit plan of %(agent)s") % {"agent": found.agent.display_name}
        body = render_feed(calendar_name=name, actions=actions)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="revisit.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
