"""The coaching start page: links to the daily and weekly routines."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from revisit.coaching.access import coach_required, sees_whole_office


@require_GET
@coach_required
def index(request):
    return render(
        request,
        "coaching/index.html",
        {"can_mark_left": sees_whole_office(request.user)},
    )
