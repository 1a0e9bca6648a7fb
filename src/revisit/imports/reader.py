"""Reading extracts: rows of cells from .xlsx, .xls and .csv files.

CSV is streamed through the csv module after the encoding is detected:
a byte order mark (UTF-8 or UTF-16), else strict UTF-8 over the whole file,
else GB18030 (a superset of GBK and GB2312). Line ends may be LF, CRLF or
CR alone. .xlsx and .xlsm workbooks are streamed too (xlsx_stream): their
memory is the shared strings table and does not grow with the number of
rows. .xls, .xlsb and .ods go through python-calamine, which loads the
whole sheet: memory grows with the sheet (about 1.5-2.5 KB a row).

Rows come with their number as a spreadsheet shows it (1-based).
"""

import codecs
import csv
import itertools
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext_lazy as _
from python_calamine import CalamineError, CalamineWorkbook

from revisit.core.exceptions import DomainError
from revisit.imports import xlsx_stream

logger = logging.getLogger(__name__)

MESSAGES = {
    "encoding": _(
        "The file is neither UTF-8 nor GBK/GB18030 text: save it again as CSV "
        "(UTF-8) or as an Excel workbook."
    ),
    "unreadable": _("The workbook could not be read: %(error)s"),
    "empty": _("The file has no sheet with rows in it."),
}

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}
_SNIFF_BYTES = 1 << 16
_CHUNK_BYTES = 1 << 22


@dataclass
class Source:
    """An opened extract: its kind, how it was decoded, and its rows."""

    path: Path
    kind: str  # "csv" or "excel"
    encoding: str = ""
    delimiter: str = ","
    sheet_name: str = ""
    # The rows to expect: exact for python-calamine, the <dimension> range or
    # an estimate for a streamed .xlsx, the counted line ends for CSV.
    total_rows: int = 0
    merged: dict[tuple[int, int], object] = field(default_factory=dict)
    _sheet: object = None

    def rows(self) -> Iterator[tuple[int, list]]:
        if self.kind == "csv":
            return self._csv_rows()
        return self._excel_rows()

    def _csv_rows(self) -> Iterator[tuple[int, list]]:
        with open(self.path, encoding=self.encoding, newline="") as handle:
            reader = csv.reader(handle, delimiter=self.delimiter)
            yield from enumerate(reader, start=1)

    def _excel_rows(self) -> Iterator[tuple[int, list]]:
        if isinstance(self._sheet, xlsx_stream.Sheet):
            yield from _streamed_rows(self._sheet)
            return
        merged = self.merged
        for index, cells in _sheet_rows(self._sheet):
            if merged:
                _fill_merged(cells, index, merged)
            yield index + 1, cells


def _streamed_rows(sheet: xlsx_stream.Sheet) -> Iterator[tuple[int, list]]:
    """Yield the rows of a streamed sheet; a broken part raises DomainError."""
    try:
        yield from sheet.rows()
    except xlsx_stream.READ_ERRORS as error:
        raise DomainError(
            MESSAGES["unreadable"], code="unreadable", params={"error": str(error)}
        ) from None


def _sheet_rows(sheet) -> Iterator[tuple[int, list]]:
    """Yield (0-based row index, cells from column A) for a calamine sheet.

    Whether iter_rows() starts at the first row of the sheet or at the
    first row with data, and at column A or the first column with data,
    differs between python-calamine versions (0.9 starts rows at the top and
    columns at the data). The first row tells: a row starting at the top
    above data is empty, a row starting at the data is not.
    """
    start_row, start_col = sheet.start or (0, 0)
    end_col = (sheet.end or (0, 0))[1]
    rows = iter(sheet.iter_rows())
    first = next(rows, None)
    if first is None:
        return
    row_offset = 0 if start_row and not any(cell != "" for cell in first) else start_row
    padding = [""] * start_col if len(first) < end_col + 1 else []
    for offset, cells in enumerate(itertools.chain([first], rows)):
        yield row_offset + offset, padding + cells if padding else cells


def _fill_merged(cells: list, row_index: int, merged: dict) -> None:
    for column, cell in enumerate(cells):
        if cell == "":
            value = merged.get((row_index, column))
            if value is not None:
                cells[column] = value


def _detect_encoding(path: Path) -> tuple[str, int]:
    """Return (encoding, number of line ends) for a text file."""
    with open(path, "rb") as handle:
        head = handle.read(4)
        if head.startswith(codecs.BOM_UTF8):
            encoding = "utf-8-sig"
        elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16", 0
        else:
            encoding = "utf-8"
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")("strict")
        newlines = returns = 0
        valid = True
        while chunk := handle.read(_CHUNK_BYTES):
            newlines += chunk.count(b"\n")
            returns += chunk.count(b"\r")
            if valid:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    valid = False
        if valid:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                valid = False
    if not valid:
        encoding = "gb18030"
        _check_decodes(path, encoding)
    return encoding, newlines or returns


def _check_decodes(path: Path, encoding: str) -> None:
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    with open(path, "rb") as handle:
        try:
            while chunk := handle.read(_CHUNK_BYTES):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise DomainError(MESSAGES["encoding"], code="encoding") from None


def _sniff_delimiter(path: Path, encoding: str) -> str:
    """Pick comma, tab or semicolon by which is most frequent in the first lines."""
    with open(path, encoding=encoding, newline="") as handle:
        sample = handle.read(_SNIFF_BYTES)
    lines = sample.splitlines()[:50]
    counts = {
        delimiter: sum(line.count(delimiter) for line in lines)
        for delimiter in (",", "\t", ";")
    }
    best = max(counts, key=counts.get)
    return best if counts[best] > counts[","] else ","


def _is_excel(path: Path) -> bool:
    if path.suffix.lower() in EXCEL_SUFFIXES:
        return True
    with open(path, "rb") as handle:
        magic = handle.read(8)
    # A zip (xlsx) or an OLE2 compound file (xls).
    return magic.startswith(b"PK\x03\x04") or magic.startswith(b"\xd0\xcf\x11\xe0")


def _open_excel(path: Path) -> Source:
    if xlsx_stream.is_xlsx(path):
        try:
            return _open_streamed(path)
        except xlsx_stream.NotStreamable as reason:
            logger.info("%s: read with python-calamine (%s)", path.name, reason)
    return _open_calamine(path)


def _open_calamine(path: Path) -> Source:
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as error:
        raise DomainError(
            MESSAGES["unreadable"], code="unreadable", params={"error": str(error)}
        ) from None
    for index, name in enumerate(workbook.sheet_names):
        sheet = workbook.get_sheet_by_index(index)
        if sheet.height == 0:
            continue
        source = Source(
            path=path,
            kind="excel",
            sheet_name=name,
            _sheet=sheet,
            total_rows=(sheet.start or (0, 0))[0] + sheet.height,
        )
        source.merged = _merged_cells(sheet)
        return source
    raise DomainError(MESSAGES["empty"], code="empty")


def _open_streamed(path: Path) -> Source:
    try:
        sheet = xlsx_stream.open_first_sheet(path)
    except xlsx_stream.READ_ERRORS as error:
        raise DomainError(
            MESSAGES["unreadable"], code="unreadable", params={"error": str(error)}
        ) from None
    if sheet is None:
        raise DomainError(MESSAGES["empty"], code="empty")
    return Source(
        path=path,
        kind="excel",
        sheet_name=sheet.name,
        total_rows=sheet.total_rows,
        _sheet=sheet,
    )


def _merged_cells(sheet) -> dict[tuple[int, int], object]:
    """Map every covered cell of a merged range to the range's value."""
    ranges = sheet.merged_cell_ranges or []
    if not ranges:
        return {}
    tops = {top for (top, _), _ in ranges}
    values: dict[tuple[int, int], object] = {}
    last_top = max(tops)
    for row, cells in _sheet_rows(sheet):
        if row > last_top:
            break
        if row in tops:
            for column, cell in enumerate(cells):
                values[(row, column)] = cell
    covered = {}
    for (top, left), (bottom, right) in ranges:
        value = values.get((top, left), "")
        if value == "":
            continue
        for row in range(top, bottom + 1):
            for column in range(left, right + 1):
                if (row, column) != (top, left):
                    covered[(row, column)] = value
    return covered


def open_source(path: str | Path) -> Source:
    """Open an extract and work out how to read it; raises DomainError."""
    path = Path(path)
    if _is_excel(path):
        return _open_excel(path)
    encoding, line_ends = _detect_encoding(path)
    delimiter = _sniff_delimiter(path, encoding)
    logger.debug("csv encoding=%s delimiter=%r", encoding, delimiter)
    return Source(
        path=path,
        kind="csv",
        encoding=encoding,
        delimiter=delimiter,
        total_rows=line_ends,
    )
