"""The agent's day: today's calls and visits, and yesterday's visits left open."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from revisit.planning import selectors
from revisit.planning.links import contact_log_url
from revisit.planning.models import PlannedAction
from revisit.planning.prompts import talk_prompt


@dataclass
class TodayItem:
    action: PlannedAction
    prompt: str
    log_url: str
    can_tick: bool


def _items(actions: list[PlannedAction], *, next_url: str) -> list[TodayItem]:
    return [
        TodayItem(
            action=action,
            prompt=talk_prompt(action.entry),
            log_url=contact_log_url(action.entry.customer_id, next_url=next_url),
            can_tick=action.entry.sheet.is_editable,
        )
        for action in actions
    ]


@login_required
@require_GET
def today(request: HttpRequest) -> HttpResponse:
    day = timezone.localdate()
    plan = selectors.today_plan(request.user, day)
    here = reverse("planning:today")
    context = {
        "day": day,
        "items": _items(plan.today, next_url=here),
        "unlogged": _items(plan.unlogged_yesterday, next_url=here),
    }
    return render(request, "planning/today.html", context)
