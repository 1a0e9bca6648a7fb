"""The rejected rows of an import as an .xlsx file to fix and import again.

The sheet repeats the file's header with one column in front for the
reason, then one row per rejected row with its cells as read. The cell that
caused the rejection is filled red. Importing the fixed sheet works because
the pipeline ignores the reason column's unknown header, and the mapping
screen does not ask about it (see `is_reason_header`).
"""

import io
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from revisit.imports.models import RejectedRow

REASON_HEADER = gettext_noop("Error reason")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_OFFENDING_FILL = PatternFill(
    fill_type="solid", start_color="FFC7CE", end_color="FFC7CE"
)
_OFFENDING_FONT = Font(color="9C0006")
_HEADER_FONT = Font(bold=True)
_REASON_WIDTH = 48
_COLUMN_WIDTH = 16


def is_reason_header(header: str) -> bool:
    """Tell whether `header` is the reason column written here, in any language."""
    names = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.add(gettext(REASON_HEADER))
    return header.strip() in names


def rejected_rows_xlsx(
    *,
    rejected_rows: Iterable[RejectedRow],
    headers: Sequence[str],
    fields: Sequence[str | None] = (),
) -> bytes:
    """Build the error workbook and return its bytes.

    `headers` is the file's header row as read. `fields` gives the pipeline
    field of each header, so that a rejection naming a field still finds its
    cell.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(gettext("Rejected rows"))
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = _REASON_WIDTH
    for index in range(len(headers)):
        sheet.column_dimensions[get_column_letter(index + 2)].width = _COLUMN_WIDTH

    header_cells = [_text_cell(sheet, gettext(REASON_HEADER), font=_HEADER_FONT)]
    header_cells += [_text_cell(sheet, header, font=_HEADER_FONT) for header in headers]
    sheet.append(header_cells)

    for rejected in rejected_rows:
        offending = _offending_index(rejected.column, headers, fields)
        # The pipeline's message already names the file, row, column and value.
        cells = [_text_cell(sheet, rejected.message)]
        for index, value in enumerate(rejected.cells or []):
            cell = _value_cell(sheet, value)
            if index == offending:
                cell.fill = _OFFENDING_FILL
                cell.font = _OFFENDING_FONT
            cells.append(cell)
        sheet.append(cells)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _offending_index(
    column: str, headers: Sequence[str], fields: Sequence[str | None]
) -> int | None:
    column = (column or "").strip()
    if not column:
        return None
    for index, header in enumerate(headers):
        if (header or "").strip() == column:
            return index
    for index, field in enumerate(fields):
        if field == column:
            return index
    return None


def _text_cell(sheet, text: str, *, font: Font | None = None) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", str(text)))
    # A value starting with "=" would otherwise be stored as a formula.
    cell.data_type = "s"
    if font is not None:
        cell.font = font
    return cell


def _value_cell(sheet, value) -> WriteOnlyCell:
    if value is None or isinstance(value, bool | int | float):
        return WriteOnlyCell(sheet, value=value)
    return _text_cell(sheet, value)
