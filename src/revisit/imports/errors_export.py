"""The rejected rows of an import as an .xlsx file to fix and import again.

The sheet repeats the file's header with one column in front for the
reason, then one row per rejected row with its cells as read. The cell that
caused the rejection is filled red. Importing the fixed sheet works because
the pipeline ignores the reason column's unknown header, and the mapping
screen does not ask about it (see `is_reason_header`).

The workbook is written by XlsxWriter in constant_memory mode, which
streams each row to a temporary file as it is written, so memory does not
grow with the number of rows.
"""

from collections.abc import Iterable, Sequence
from typing import BinaryIO

import xlsxwriter
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from revisit.imports.fields import FIELDS, ID_NUMBER, IDENTIFIER, PHONE
from revisit.imports.models import RejectedRow

REASON_HEADER = gettext_noop("Error reason")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_WORKBOOK_OPTIONS = {
    "constant_memory": True,
    # Text is written with write_string, which keeps a leading "=" as text.
    # The options below keep that if a later change calls write() instead.
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
    # XlsxWriter raises on NaN and infinity unless they become error cells.
    "nan_inf_to_errors": True,
}
_OFFENDING_FORMAT = {"pattern": 1, "bg_color": "#FFC7CE", "font_color": "#9C0006"}
_HEADER_FORMAT = {"bold": True}
_TEXT_FORMAT = {"num_format": "@"}
# Columns kept as text: a number format would mangle long digit strings.
_IDENTIFIER_TYPES = {IDENTIFIER, ID_NUMBER, PHONE}
# Widths in characters, as Excel shows them.
_REASON_WIDTH = 48
_COLUMN_WIDTH = 16


def is_reason_header(header: str) -> bool:
    """Tell whether `header` is the reason column written here, in any language."""
    names = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.add(gettext(REASON_HEADER))
    return header.strip() in names


def write_rejected_rows_xlsx(
    output: BinaryIO,
    *,
    rejected_rows: Iterable[RejectedRow],
    headers: Sequence[str],
    fields: Sequence[str | None] = (),
) -> None:
    """Write the error workbook to `output`, a seekable binary file.

    `headers` is the file's header row as read. `fields` gives the pipeline
    field of each header, so that a rejection naming a field still finds its
    cell.
    """
    workbook = xlsxwriter.Workbook(output, _WORKBOOK_OPTIONS)
    header_format = workbook.add_format(_HEADER_FORMAT)
    offending_format = workbook.add_format(_OFFENDING_FORMAT)
    text_format = workbook.add_format(_TEXT_FORMAT)
    offending_text_format = workbook.add_format(_OFFENDING_FORMAT | _TEXT_FORMAT)
    identifiers = _identifier_columns(fields)

    sheet = workbook.add_worksheet(gettext("Rejected rows"))
    sheet.freeze_panes("B2")
    sheet.set_column(0, 0, _REASON_WIDTH)
    if headers:
        sheet.set_column(1, len(headers), _COLUMN_WIDTH)
    for index in identifiers:
        sheet.set_column(index + 1, index + 1, _COLUMN_WIDTH, text_format)

    sheet.write_string(0, 0, _clean_text(gettext(REASON_HEADER)), header_format)
    for index, header in enumerate(headers):
        sheet.write_string(0, index + 1, _clean_text(header), header_format)

    # constant_memory mode requires the rows in order, each row's cells
    # left to right.
    for row, rejected in enumerate(rejected_rows, start=1):
        offending = _offending_index(rejected.column, headers, fields)
        # The pipeline's message already names the file, row, column and value.
        sheet.write_string(row, 0, _clean_text(rejected.message))
        for index, value in enumerate(rejected.cells or []):
            if index in identifiers:
                cell_format = offending_text_format if index == offending else None
                _write_identifier(sheet, row, index + 1, value, cell_format)
                continue
            cell_format = offending_format if index == offending else None
            _write_value(sheet, row, index + 1, value, cell_format)

    workbook.close()


def _identifier_columns(fields: Sequence[str | None]) -> set[int]:
    """Return the positions of the policy number, code, ID and phone columns."""
    return {
        index
        for index, field in enumerate(fields)
        if field in FIELDS and FIELDS[field].type in _IDENTIFIER_TYPES
    }


def _write_identifier(sheet, row: int, column: int, value, cell_format) -> None:
    """Write an identifier as text, so a corrected number typed over it stays text.

    Excel turns an 18-digit number typed into a General cell into a float
    and loses its last digits, but in a Text cell it stays as typed. A
    number read from the file is written as Excel displayed it. So a number
    that already lost digits is still rejected when the file comes back.
    """
    if isinstance(value, bool):
        value = str(value)
    elif isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = str(int(value))
    elif isinstance(value, int | float):
        value = format(value, ".15G")
    _write_value(sheet, row, column, value, cell_format)


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


def _clean_text(value) -> str:
    """Return `value` as text without the control characters XML forbids."""
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def _write_value(sheet, row: int, column: int, value, cell_format) -> None:
    # bool is checked before int because bool is a subclass of int.
    if isinstance(value, bool):
        sheet.write_boolean(row, column, value, cell_format)
        return
    if isinstance(value, int | float):
        sheet.write_number(row, column, value, cell_format)
        return

    text = "" if value is None else _clean_text(value)
    if text:
        sheet.write_string(row, column, text, cell_format)
    else:
        # An empty cell reads back as None, as it does from the imported
        # file. XlsxWriter leaves out a blank cell without a format.
        sheet.write_blank(row, column, None, cell_format)
