"""The weekly review sheet as an .xlsx laid out like the paper form.

Layout, top to bottom: title; agent, team and week; one row per customer
with grade, reasons, analysis, entry point, the planned and done actions
per kind and the result; the week's workload; the summary; an empty box
for the supervisor's comments. Printed on A4 landscape, one page wide.
"""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from revisit.planning.models import ActionKind, PlannedAction, WeeklySheet
from revisit.planning.scoring.messages import day_label

_THIN = Side(style="thin", color="999999")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")
_BOLD = Font(bold=True)


def _columns() -> list[tuple[str, int]]:
    """Return (header, width in characters) for each column of the customer rows."""
    return [
        (pgettext("weekly sheet column", "No."), 5),
        (pgettext("weekly sheet column", "Customer"), 12),
        (pgettext("weekly sheet column", "Grade"), 6),
        (pgettext("weekly sheet column", "Reasons"), 34),
        (pgettext("weekly sheet column", "Analysis"), 30),
        (pgettext("weekly sheet column", "Entry point"), 24),
        (pgettext("weekly sheet column", "Phone appointment"), 16),
        (pgettext("weekly sheet column", "Visit"), 16),
        (pgettext("weekly sheet column", "Activity or seminar invitation"), 16),
        (pgettext("weekly sheet column", "Result"), 18),
    ]


def action_cell(actions: list[PlannedAction]) -> str:
    """Return one line per action: planned day and time, then the tick or time done."""
    lines = []
    for action in actions:
        text = day_label(action.planned_date)
        if action.planned_time:
            text += f" {action.planned_time:%H:%M}"
        if action.is_done and action.done_at:
            moment = timezone.localtime(action.done_at)
            done = f"{day_label(moment.date())} {moment:%H:%M}"
            text += " √ " + _("done %(when)s") % {"when": done}
        elif action.is_done:
            text += " √"
        lines.append(text)
    return "\n".join(lines)


def sheet_header(sheet: WeeklySheet) -> list[str]:
    """Return the header lines of the paper form: agent, team, week and status."""
    week = sheet.week
    agent = sheet.agent
    return [
        _("Agent: %(name)s (%(code)s)")
        % {
            "name": agent.display_name,
            "code": agent.agent_code,
        },
        _("Team: %(team)s") % {"team": agent.team.name if agent.team else ""},
        _("Week: %(week)s, %(monday)s to %(sunday)s")
        % {
            "week": week,
            "monday": day_label(week.monday),
            "sunday": day_label(week.sunday),
        },
        _("Status: %(status)s") % {"status": sheet.get_status_display()},
    ]


def _workload_rows(workload: dict) -> list[tuple[str, object]]:
    return [
        (pgettext("workload", "Calls"), workload.get("calls", 0)),
        (pgettext("workload", "Appointments"), workload.get("appointments", 0)),
        (pgettext("workload", "Visits"), workload.get("visits", 0)),
        (pgettext("workload", "Proposals"), workload.get("proposals", 0)),
        (pgettext("workload", "Signed policies"), workload.get("signed", 0)),
        (
            pgettext("workload", "Premium signed (yuan)"),
            float(workload.get("signed_premium") or 0),
        ),
        (pgettext("workload", "Referrals"), workload.get("referrals", 0)),
        (pgettext("workload", "Activations"), workload.get("activations", 0)),
    ]


def _box(cell, *, bold=False, fill=None) -> None:
    cell.border = _BOX
    cell.alignment = _WRAP
    if bold:
        cell.font = _BOLD
    if fill:
        cell.fill = fill


def sheet_workbook(sheet: WeeklySheet, *, workload: dict) -> bytes:
    """Return the .xlsx file for a sheet loaded by `sheets_with_entries`."""
    book = Workbook()
    ws = book.active
    ws.title = _("Weekly review sheet")[:31]
    columns = _columns()
    last = get_column_letter(len(columns))
    for index, (_header, width) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width

    ws["A1"] = _("532 customer management weekly review sheet")
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells(f"A1:{last}1")
    ws["A1"].alignment = Alignment(horizontal="center")

    agent_line, team_line, week_line, status_line = sheet_header(sheet)
    ws["A2"] = agent_line
    ws["D2"] = team_line
    ws["E2"] = week_line
    ws["G2"] = status_line
    ws.merge_cells("A2:C2")
    ws.merge_cells("E2:F2")

    header_row = 4
    for index, (header, _width) in enumerate(columns, start=1):
        cell = ws.cell(row=header_row, column=index, value=header)
        _box(cell, bold=True, fill=_HEADER_FILL)

    row = header_row
    for entry in sheet.entries.all():
        row += 1
        by_kind = {kind: [] for kind in ActionKind.values}
        for action in entry.actions.all():
            by_kind[action.kind].append(action)
        values = [
            entry.position,
            entry.customer.full_name,
            entry.grade,
            "\n".join(entry.reasons),
            entry.analysis,
            entry.chosen_entry_point,
            action_cell(by_kind[ActionKind.PHONE_APPOINTMENT]),
            action_cell(by_kind[ActionKind.VISIT]),
            action_cell(by_kind[ActionKind.INVITATION]),
            entry.result,
        ]
        for index, value in enumerate(values, start=1):
            _box(ws.cell(row=row, column=index, value=value))

    row += 2
    ws.cell(row=row, column=1, value=_("Workload this week")).font = _BOLD
    row += 1
    for index, (label, value) in enumerate(_workload_rows(workload), start=1):
        _box(ws.cell(row=row, column=index, value=label), bold=True, fill=_HEADER_FILL)
        _box(ws.cell(row=row + 1, column=index, value=value))

    row += 3
    ws.cell(row=row, column=1, value=_("Summary of the week")).font = _BOLD
    row += 1
    ws.cell(row=row, column=1, value=sheet.summary)
    ws.merge_cells(
        start_row=row, start_column=1, end_row=row + 2, end_column=len(columns)
    )
    _box(ws.cell(row=row, column=1))

    row += 4
    ws.cell(row=row, column=1, value=_("Supervisor's comments")).font = _BOLD
    row += 1
    ws.merge_cells(
        start_row=row, start_column=1, end_row=row + 3, end_column=len(columns)
    )
    _box(ws.cell(row=row, column=1))

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
