"""Excel workbooks of the report tables, with Chinese headers.

The workbook goes to an office that reads Chinese, whatever language the
exporting user has chosen, so the headers are rendered in zh-hans.
"""

from collections.abc import Iterable, Sequence
from decimal import Decimal
from io import BytesIO

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from revisit.coaching.access import Scope
from revisit.reports.selectors.distribution import Section
from revisit.reports.selectors.team import (
    EXISTING_SHARE_BENCHMARK,
    AgentNumbers,
    TeamNumbers,
)

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_LANGUAGE = "zh-hans"


def _workbook(title: str, heading: Sequence[str], header: Sequence[str],
              rows: Iterable[Sequence]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    for line in heading:
        sheet.append([line])
    sheet.append([])
    sheet.append(list(header))
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    for index, text in enumerate(header, start=1):
        width = max(10, len(text) * 2 + 2)
        sheet.column_dimensions[get_column_letter(index)].width = width
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _trend_label(trend: str) -> str:
    return {
        "growing": _("Growing"),
        "shrinking": _("Shrinking"),
        "steady": _("Steady"),
    }[trend]


def _team_row(row: AgentNumbers, name: str) -> list:
    return [
        name, row.team, row.visits, row.visits_per_day, row.calls, row.appointments,
        row.proposals, row.signed, row.signed_premium, row.referrals,
        row.activations, row.downgrades, row.new_policies, row.new_premium,
        row.top_up_policies, row.top_up_premium, row.existing_share,
        row.screened, row.screen_target, row.customers_start, row.customers_end,
        row.policies_start, row.policies_end, _trend_label(row.trend),
    ]


def team_numbers_workbook(numbers: TeamNumbers, scope: Scope) -> bytes:
    with translation.override(EXPORT_LANGUAGE):
        header = [
            _("Agent"), _("Team"), _("Visits"), _("Visits per working day"),
            _("Calls"), _("Appointments"), _("Proposals"), _("Signed"),
            _("Signed premium (yuan)"), _("Referrals"), _("Activations"),
            _("Moves down"), _("New policies"), _("New annual premium (yuan)"),
            _("Top-up policies"), _("Top-up annual premium (yuan)"),
            _("Share from existing customers (%)"), _("Customers screened"),
            _("Screening target"), _("Customers in force at start"),
            _("Customers in force at end"), _("Policies in force at start"),
            _("Policies in force at end"), _("Book"),
        ]
        heading = [
            _("Team numbers: %(scope)s") % {"scope": scope.label},
            _("Period: %(start)s to %(end)s") % {
                "start": numbers.period.start.isoformat(),
                "end": numbers.period.end.isoformat(),
            },
            _("Targets: %(low)s to %(high)s visits per working day; %(share)s%% of "
              "new business from existing customers.") % {
                "low": numbers.total.target_low,
                "high": numbers.total.target_high,
                "share": EXISTING_SHARE_BENCHMARK,
            },
        ]
        rows = [_team_row(row, row.name) for row in numbers.rows]
        if len(numbers.teams) > 1:
            rows += [
                _team_row(team, _("Team total: %(team)s") % {"team": team.name})
                for team in numbers.teams
            ]
        rows.append(_team_row(numbers.total, _("Total")))
        return _workbook(_("Team numbers"), heading, header, rows)


def distribution_workbook(sections: list[Section], scope: Scope) -> bytes:
    with translation.override(EXPORT_LANGUAGE):
        header = [
            _("Section"), _("Figure"), _("Count"), _("Out of"), _("Share (%)"),
            _("Example office (%)"),
        ]
        rows = [
            [str(section.title), str(figure.label), figure.count, figure.total,
             figure.share, figure.reference]
            for section in sections
            for figure in section.figures
        ]
        heading = [
            _("Customer resource distribution: %(scope)s") % {"scope": scope.label}
        ]
        return _workbook(_("Distribution"), heading, header, rows)
