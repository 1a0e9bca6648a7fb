"""Report pages for supervisors and office managers, and their exports."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from revisit.coaching.access import (
    Scope,
    coach_required,
    resolve_scope,
    scope_choices,
)
from revisit.core.audit import audit_log
from revisit.reports import charts
from revisit.reports.exports import (
    XLSX_CONTENT_TYPE,
    distribution_workbook,
    team_numbers_workbook,
)
from revisit.reports.forms import PeriodForm
from revisit.reports.selectors.distribution import BOOK_LIST_FILTERS, distribution_for
from revisit.reports.selectors.drilldown import METRICS, customers_behind
from revisit.reports.selectors.grades import grade_mix_series
from revisit.reports.selectors.team import (
    EXISTING_SHARE_BENCHMARK,
    team_numbers_for,
)

DRILLDOWN_PAGE_SIZE = 50


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _scope_and_period(request):
    scope = resolve_scope(request.user, request.GET.get("scope"))
    form = PeriodForm(request.GET or None)
    return scope, form, form.period()


@require_GET
@coach_required
def team_numbers(request):
    scope, form, period = _scope_and_period(request)
    numbers = team_numbers_for(scope, period)
    grade_mix = grade_mix_series(scope, period)

    # The whole office is shown team by team, each team linking to its
    # agents; a team or an agent is shown agent by agent.
    by_team = scope.kind == Scope.OFFICE
    display_rows = numbers.teams if by_team else numbers.rows

    # Every number links to its customers. The link prefix is built once
    # per row here, which is cheaper than url tags in every cell.
    period_query = urlencode(period.as_params())
    drill = reverse("reports:customers")
    rows = [
        (row, f"{drill}?scope={row.scope_key}&{period_query}&metric=")
        for row in display_rows
    ]
    total_link = f"{drill}?{urlencode({'scope': scope.key})}&{period_query}&metric="

    return render(
        request,
        "reports/team_numbers.html",
        {
            "scope": scope,
            "scope_choices": scope_choices(request.user),
            "form": form,
            "period": period,
            "numbers": numbers,
            "rows": rows,
            "by_team": by_team,
            "total_link": total_link,
            "period_query": period_query,
            "export_query": urlencode({"scope": scope.key, **period.as_params()}),
            "chart_data": charts.team_chart_data(display_rows, grade_mix),
            "visits_low": numbers.total.target_low,
            "visits_high": numbers.total.target_high,
            "benchmark": EXISTING_SHARE_BENCHMARK,
        },
    )


@require_GET
@coach_required
def team_numbers_export(request):
    scope, _form, period = _scope_and_period(request)
    numbers = team_numbers_for(scope, period)
    content = team_numbers_workbook(numbers, scope)
    audit_log(
        actor=request.user, action="reports.team_numbers.exported",
        office=request.user.office,
        data={"scope": scope.key, **period.as_params()},
    )
    filename = f"team-numbers-{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx"
    return _xlsx(content, filename)


def _book_list_filters(user, scope: Scope) -> dict[str, str] | None:
    """Return the book list's parameters that select `scope`, or None.

    The book list shows everything the user may see, narrowed to one agent
    on request, so it fits an agent, the supervisor's own team and the
    manager's whole office, but not one team of a manager's office.
    """
    if scope.kind == Scope.AGENT:
        return {"agent": str(scope.agent.pk)}
    if scope.kind == Scope.TEAM and user.is_supervisor:
        return {}
    if scope.kind == Scope.OFFICE:
        return {}
    return None


def _figure_links(user, scope: Scope, sections) -> dict[str, str]:
    """Return the customer list address behind each figure of the table."""
    base = _book_list_filters(user, scope)
    book_list = reverse("book:customer_list")
    drill = reverse("reports:customers")
    links = {}
    for section in sections:
        for figure in section.figures:
            filters = BOOK_LIST_FILTERS.get(figure.key)
            if base is not None and filters is not None:
                query = urlencode({**base, **filters})
                links[figure.key] = f"{book_list}?{query}" if query else book_list
            else:
                query = urlencode({"metric": figure.key, "scope": scope.key})
                links[figure.key] = f"{drill}?{query}"
    return links


@require_GET
@coach_required
def distribution(request):
    scope = resolve_scope(request.user, request.GET.get("scope"))
    sections = distribution_for(scope)
    links = _figure_links(request.user, scope, sections)
    rows = [
        (section, [(figure, links[figure.key]) for figure in section.figures])
        for section in sections
    ]
    return render(
        request,
        "reports/distribution.html",
        {
            "scope": scope,
            "scope_choices": scope_choices(request.user),
            "sections": rows,
        },
    )


@require_GET
@coach_required
def distribution_export(request):
    scope = resolve_scope(request.user, request.GET.get("scope"))
    content = distribution_workbook(distribution_for(scope), scope)
    audit_log(
        actor=request.user, action="reports.distribution.exported",
        office=request.user.office, data={"scope": scope.key},
    )
    return _xlsx(content, "customer-distribution.xlsx")


@require_GET
@coach_required
def customer_drilldown(request):
    """List the customers behind one number of a report."""
    metric = request.GET.get("metric", "")
    if metric not in METRICS:
        raise Http404("Unknown report figure.")
    scope = resolve_scope(request.user, request.GET.get("scope"))
    definition = METRICS[metric]
    period = None
    if definition.needs_period:
        period = PeriodForm(request.GET).period()
    customers = customers_behind(
        user=request.user, scope=scope, metric=metric, period=period
    )
    page = Paginator(customers, DRILLDOWN_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/customer_drilldown.html",
        {"scope": scope, "metric": definition, "period": period, "page": page},
    )
