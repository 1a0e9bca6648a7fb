"""Small extract files written by tests: CSV in any encoding, .xlsx via openpyxl."""

import csv
import io
from pathlib import Path

from openpyxl import Workbook

from revisit.core.identity import check_character


def resident_id(
    birth: str = "19800101", sequence: str = "123", region: str = "110105"
) -> str:
    """Return a valid 18-character resident ID (odd last sequence digit: a man)."""
    first17 = region + birth + sequence
    return first17 + check_character(first17)


def write_csv(
    path: Path,
    rows: list[list],
    *,
    encoding: str = "utf-8",
    newline: str = "\n",
    delimiter: str = ",",
    bom: bool = False,
) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=newline, delimiter=delimiter).writerows(rows)
    data = buffer.getvalue().encode(encoding)
    if bom:
        data = "\ufeff".encode(encoding) + data
    path.write_bytes(data)
    return path


def write_xlsx(
    path: Path, rows: list[list], *, merges: list[str] = (), start: str = "A1"
) -> Path:
    """Write rows into a sheet from cell `start`; `merges` are ranges like "A1:E1"."""
    book = Workbook()
    sheet = book.active
    first = sheet[start]
    for offset, row in enumerate(rows):
        for column, value in enumerate(row):
            if value is not None and value != "":
                sheet.cell(
                    row=first.row + offset, column=first.column + column, value=value
                )
    for cells in merges:
        sheet.merge_cells(cells)
    book.save(path)
    return path
