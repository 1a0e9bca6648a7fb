from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from revisit.accounts.selectors import home_url_for


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect(home_url_for(request.user))
