"""The sheet printed on A4 landscape and as an .xlsx laid out like the paper form."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from revisit.outreach.selectors import workload_for
from revisit.planning import selectors
from revisit.planning.exports.xlsx import sheet_header, sheet_workbook
from revisit.planning.models import ActionKind

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _loaded_sheet(request: HttpRequest, pk: int):
    selectors.sheet_for_user(request.user, pk)
    sheet = selectors.sheets_with_entries([pk])[0]
    week = sheet.week
    workload = workload_for(agent=sheet.agent, start=week.monday, end=week.sunday)
    return sheet, workload


@login_required
@require_GET
def sheet_print(request: HttpRequest, pk: int) -> HttpResponse:
    sheet, workload = _loaded_sheet(request, pk)
    rows = []
    for entry in sheet.entries.all():
        by_kind = {kind: [] for kind in ActionKind.values}
        for action in entry.actions.all():
            by_kind[action.kind].append(action)
        rows.append(
            {
                "entry": entry,
                "calls": by_kind[ActionKind.PHONE_APPOINTMENT],
                "visits": by_kind[ActionKind.VISIT],
                "invitations": by_kind[ActionKind.INVITATION],
            }
        )
    context = {
        "sheet": sheet,
        "week": sheet.week,
        "header": sheet_header(sheet),
        "rows": rows,
        "workload": workload,
    }
    return render(request, "planning/sheet_print.html", context)


@login_required
@require_GET
def sheet_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    sheet, workload = _loaded_sheet(request, pk)
    content = sheet_workbook(sheet, workload=workload)
    response = HttpResponse(content, content_type=XLSX_TYPE)
    filename = (
        f"weekly-sheet-{sheet.agent.agent_code or sheet.agent_id}-{sheet.week}.xlsx"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
