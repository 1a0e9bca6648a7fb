"""Streaming reader for .xlsx and .xlsm workbooks.

python-calamine loads a whole sheet before its first row, about 2 KB of
memory a row of 28 columns. This reader decompresses the sheet part through
zipfile in chunks of CHUNK_BYTES and parses each chunk with compiled regular
expressions. Its memory is the shared strings table plus a few chunks,
whatever the number of rows. Like reader.py did with python-calamine, it
reads the first sheet that has a value, and it gives each cell the value
python-calamine 0.9.1 gives it (see xlsx_values).

Rows come as (row number as the sheet shows it, cells from column A). The
rows between two rows with values come as (number, []).

The sheet part is read twice. The first pass decompresses it to its end to
find the merged ranges, because mergeCells follows sheetData, and keeps
nothing else. Three differences from the python-calamine rows remain:

- a row ends at its last cell in the XML instead of being padded with "" to
  the sheet's width;
- a merged range fills its cells up to its right edge, where python-calamine
  stops at the sheet's last column with a value;
- rows come in file order. Excel writes them in ascending order, and
  python-calamine sorts them.
"""

import re
import sys
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, chain, compress
from operator import itemgetter, methodcaller

from revisit.imports.xlsx_parts import (
    Book,
    NotStreamable,
    PackedStrings,
    check_encoding,
    part_name,
    read_shared_strings,
    read_workbook,
)
from revisit.imports.xlsx_values import (
    DATETIME,
    ERROR_VALUES,
    OTHER,
    TIMEDELTA,
    XML_WHITESPACE,
    XlsxError,
    decode_escapes,
    element_text,
    error_value,
    parse_bool,
    parse_float,
    parse_iso,
    rich_text,
    serial_to_python,
    shared_index,
    unescape,
)

__all__ = ["READ_ERRORS", "NotStreamable", "Sheet", "is_xlsx", "open_first_sheet"]

CHUNK_BYTES = 1 << 20
# Bytes kept from one chunk to the next while looking for <sheetData>.
_SCAN_OVERLAP = 256

# Kinds of cell, from its t and s attributes. EMPTY is a self-closing <c/>.
(
    NUMBER,
    DATE,
    DURATION,
    SHARED,
    INLINE,
    BOOLEAN,
    ERROR,
    STRING,
    ISO,
    UNKNOWN,
    EMPTY,
) = range(11)

_EMPTY = object()  # a cell without a value, which python-calamine reads as ""


# The exceptions that reading a broken workbook raises, besides NotStreamable.
READ_ERRORS = (
    XlsxError,
    UnicodeDecodeError,
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
)


def is_xlsx(path) -> bool:
    """Tell whether a file is a zip with a SpreadsheetML workbook (.xlsx, .xlsm)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return part_name(archive, "xl/workbook.xml") is not None
    except (zipfile.BadZipFile, OSError):
        return False


def open_first_sheet(path) -> "Sheet | None":
    """Open the first sheet of a workbook that has a value; None when none has.

    Raises one of READ_ERRORS for a broken workbook and NotStreamable for
    one this reader does not handle.
    """
    with zipfile.ZipFile(path) as archive:
        book = read_workbook(archive)
        for name, part in book.sheets:
            sheet = Sheet(path=path, name=name, part=part, book=book)
            if sheet.find_value(archive):
                return sheet
    return None


@dataclass
class Sheet:
    """A worksheet part, read row by row.

    The shared strings are read when the rows are, and dropped with them:
    an importer that keeps the Sheet after reading its header does not keep
    the strings.
    """

    path: object
    name: str
    part: str | None
    book: Book
    total_rows: int = 0  # an estimate, for progress

    def find_value(self, archive: zipfile.ZipFile) -> bool:
        """Return whether the sheet has a value; estimate its rows if it has."""
        if self.part is None:
            raise XlsxError(f"Worksheet '{self.name}' not found")
        with archive.open(self.part) as stream:
            parser = _RowParser(self.book, _AnyStrings())
            if next(parser.rows(stream), None) is None:
                return False
        with archive.open(self.part) as stream:
            head = stream.read(CHUNK_BYTES)
        self.total_rows = _estimate_rows(head, archive.getinfo(self.part).file_size)
        return True

    def rows(self) -> Iterator[tuple[int, list]]:
        """Yield (row number, cells) from row 1 to the last row with a value.

        Before the first row, the part is decompressed once to its end to
        find the merged ranges, which follow the rows in the XML.
        """
        with zipfile.ZipFile(self.path) as archive:
            strings_part = self.book.strings_part
            strings = (
                read_shared_strings(archive, strings_part)
                if strings_part
                else PackedStrings()
            )
            with archive.open(self.part) as stream:
                merges = _scan(stream)
            with archive.open(self.part) as stream:
                rows = _RowParser(self.book, strings).rows(stream)
                yield from _all_rows(rows, _MergedCells(merges) if merges else None)


def _all_rows(rows: Iterator, merged: "_MergedCells | None") -> Iterator:
    """Add the rows without values between `rows` and fill merged cells."""
    expected = 1
    for number, cells in rows:
        if number > expected:
            for empty in range(expected, number):
                yield empty, merged.fill(empty, []) if merged else []
        if merged:
            cells = merged.fill(number, cells)
        yield number, cells
        if number >= expected:
            expected = number + 1


class _AnyStrings:
    """Shared strings that are all "", for when only the presence of a value counts.

    Its empty text makes the fast path's inline lookup fail, so the row goes
    through the general parser, which looks the index up in this object.
    """

    text = ""
    starts = ()
    common = ()

    def __getitem__(self, index: int) -> str:
        return ""

    def __len__(self) -> int:
        return sys.maxsize


_DIMENSION = re.compile(
    rb"""<(?:[\w.-]+:)?dimension\b[^>]*?\bref\s*=\s*["']([^"']*)["']"""
)


def _estimate_rows(head: bytes, part_size: int) -> int:
    """Estimate a sheet's rows from the start of its part.

    The <dimension> that Excel and most writers put first names the used
    range; without one (or with a one-row range), the row elements in the
    first chunk are scaled to the size of the part.
    """
    dimension = _DIMENSION.search(head)
    if dimension:
        last = dimension[1].rpartition(b":")[2]
        digits = re.search(rb"[0-9]+$", last)
        if digits and int(digits[0]) > 1:
            return int(digits[0])
    opening = _SHEET_DATA.search(head)
    if opening is None:
        return 0
    rows = head.count(b"<" + (opening[1] or b"") + b"row", opening.end())
    return round(rows * part_size / len(head))


class _MergedCells:
    """Give the cells of merged ranges the value of their top-left cell.

    As reader._merged_cells and _fill_merged do for python-calamine rows: a
    cell takes the value only if it is empty, a range whose top-left cell is
    empty fills nothing, and where ranges overlap the later one in the
    sheet's list wins.
    """

    def __init__(self, merges: list[tuple[int, int, int, int]]):
        self.by_top: dict[int, list] = {}
        for order, (top, left, bottom, right) in enumerate(merges):
            self.by_top.setdefault(top, []).append((order, left, bottom, right))
        # (order, top, left, bottom, right, value) of the ranges over this row
        self.active: list[tuple] = []

    def fill(self, number: int, cells: list) -> list:
        active = [item for item in self.active if item[3] >= number]
        for order, left, bottom, right in self.by_top.get(number, ()):
            value = cells[left] if left < len(cells) else ""
            if value != "":
                active.append((order, number, left, bottom, right, value))
        active.sort(key=_first)
        self.active = active
        if not active:
            return cells
        fills = {}
        for _order, top, left, _bottom, right, value in active:
            for column in range(left, right + 1):
                if (top, left) != (number, column):
                    fills[column] = value
        width = max(fills, default=-1) + 1
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        for column, value in fills.items():
            if cells[column] == "":
                cells[column] = value
        return cells


# --- Sheet parts -------------------------------------------------------------

_SHEET_DATA = re.compile(rb"<([\w.-]+:)?sheetData\b[^>]*?(/?)>")


def _sheet_blocks(stream) -> Iterator[tuple[bytes, bytes]]:
    """Yield (namespace prefix, block) pairs; a block contains whole rows only.

    The first block starts after <sheetData>, and the last ends before
    </sheetData>. A part without sheetData (a chart sheet) yields nothing.
    """
    data = b""
    while True:
        chunk = stream.read(CHUNK_BYTES)
        if not data:
            check_encoding(chunk, "the sheet part")
        data += chunk
        opening = _SHEET_DATA.search(data)
        if opening:
            break
        if not chunk:
            return
        data = data[-_SCAN_OVERLAP:]
    prefix = opening[1] or b""
    if opening[2]:  # <sheetData/>
        return
    row_open = b"<" + prefix + b"row"
    closing = b"</" + prefix + b"sheetData>"
    data = data[opening.end() :]
    searched = 0  # data before this offset contains no closing tag
    while True:
        end = data.find(closing, searched)
        if end >= 0:
            yield prefix, data[:end]
            return
        searched = max(len(data) - len(closing) + 1, 0)
        chunk = stream.read(CHUNK_BYTES)
        if not chunk:
            raise XlsxError("Unexpected end of xml, expecting '</sheetData>'")
        cut = data.rfind(row_open)
        if cut > 0:
            yield prefix, data[:cut]
            data = data[cut:] + chunk
            searched = max(searched - cut, 0)
        else:
            data += chunk


def _scan(stream) -> list[tuple[int, int, int, int]]:
    """Return the merged ranges of a sheet part, reading it to its end.

    Ranges are (top row, left column, bottom row, right column) with 1-based
    rows and 0-based columns. Reading to the end also makes zipfile check
    the part's CRC, so a damaged part fails before its first row.
    """
    merge_text = b""
    merges_complete = False
    previous = b""
    while chunk := stream.read(CHUNK_BYTES):
        if merge_text and not merges_complete:
            merge_text += chunk
        elif not merge_text:
            # Most chunks contain no "mergeCells": test before copying them.
            seam = previous[-64:] + chunk[:64]
            if b"mergeCells" in chunk or b"mergeCells" in seam:
                merge_text = _merge_cells_start(previous[-64:] + chunk)
        if merge_text and not merges_complete:
            merges_complete = _MERGE_CELLS_END.search(merge_text) is not None
        previous = chunk
    return _merged_ranges(merge_text)


_MERGE_CELLS_START = re.compile(rb"<(?:[\w.-]+:)?mergeCells\b")
_MERGE_CELLS_END = re.compile(rb"</(?:[\w.-]+:)?mergeCells\s*>")
_ROW_NUMBER = re.compile(rb"""\br\s*=\s*["']([0-9]+)["']""")


def _merge_cells_start(window: bytes) -> bytes:
    """Return the window from <mergeCells> on, b"" if it does not start there.

    A "<" cannot occur in text or attribute values, so a match is the element.
    """
    at = window.find(b"mergeCells")
    while at >= 0:
        start = _MERGE_CELLS_START.search(window, max(at - 40, 0), at + 11)
        if start:
            return window[start.start() :]
        at = window.find(b"mergeCells", at + 1)
    return b""


_MERGE_CELL = re.compile(
    rb"""<(?:[\w.-]+:)?mergeCell\b[^>]*?\bref\s*=\s*["']([^"']*)["']"""
)


def _merged_ranges(text: bytes) -> list[tuple[int, int, int, int]]:
    ranges = []
    for reference in _MERGE_CELL.findall(text):
        try:
            first, _, last = reference.decode("ascii").partition(":")
            top, left = _cell_position(first)
            bottom, right = _cell_position(last) if last else (top, left)
        except (XlsxError, UnicodeDecodeError):
            return []  # calamine drops every range when one is malformed
        ranges.append((top, left, bottom, right))
    return ranges


_CELL_REFERENCE = re.compile(r"([A-Za-z]{1,3})([0-9]+)")


def _cell_position(reference: str) -> tuple[int, int]:
    """Return (1-based row, 0-based column) of a reference like "AB12"."""
    match = _CELL_REFERENCE.fullmatch(reference)
    if not match or int(match[2]) == 0:
        raise XlsxError(f"Invalid cell reference '{reference}'")
    return int(match[2]), _column_index(match[1])


@lru_cache(maxsize=4096)
def _column_index(letters: str) -> int:
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index - 1


@lru_cache(maxsize=4096)
def _column_letters(count: int) -> list[bytes]:
    """Return the letters of the first `count` columns: [b"A", b"B", ...]."""
    letters = []
    for index in range(count):
        name, number = "", index + 1
        while number:
            number, remainder = divmod(number - 1, 26)
            name = chr(65 + remainder) + name
        letters.append(name.encode())
    return letters


def _compile(template: bytes, prefix: bytes) -> re.Pattern:
    """Compile a pattern whose elements are written <:name> and </:name>."""
    escaped = re.escape(prefix)
    return re.compile(
        template.replace(b"</:", b"</" + escaped).replace(b"<:", b"<" + escaped)
    )


class _Patterns:
    """The regular expressions for one namespace prefix of sheet elements."""

    def __init__(self, prefix: bytes):
        self.row_open = b"<" + prefix + b"row"
        self.row_end = b"</" + prefix + b"row>"
        self.cell_open = b"<" + prefix + b"c"
        self.count_cells = methodcaller("count", self.cell_open)
        self.count_rows = methodcaller("count", self.row_open)
        self.row_number = _compile(rb'<:row r="([0-9]+)"', prefix)
        # A cell with a reference as its first attribute and a plain <v>:
        # (letters, other attributes, value). The value excludes whitespace
        # and "_", which Python's float() accepts and calamine does not.
        # Each repeat is possessive (++, *+) because the character after it
        # never matches the repeated class: the same matches, less work.
        self.value_cell = _compile(
            rb'<:c r="([A-Z]++)[0-9]++"([^>]*+)><:v>([^<\s_]++)</:v></:c>', prefix
        )
        # The same, or with a formula before <v>, or with a plain inline
        # string: (letters, other attributes, value, inline text). Matching
        # these costs more, so a sheet turns to it only when it needs it.
        self.cell = _compile(
            rb'<:c r="([A-Z]+)[0-9]+"([^>]*)>'
            rb"(?:(?:<:f\b[^>]*(?:/>|>[^<]*</:f>))?<:v>([^<\s_]+)</:v>"
            rb"|<:is><:t>([^<&\r]*)</:t></:is>)</:c>",
            prefix,
        )
        self.empty_cell = _compile(rb'<:c r="[A-Z]+[0-9]+"[^>]*/>', prefix)
        # The same cells with or without a reference, and self-closing ones
        # (their other attributes then end with "/").
        self.any_cell = _compile(
            rb'<:c(?=[\s/>])(?: r="([A-Z]{1,3})[0-9]+")?([^>]*)(?:(?<=/)>|>'
            rb"(?:(?:<:f\b[^>]*(?:/>|>[^<]*</:f>))?<:v>([^<\s_]+)</:v>"
            rb"|<:is><:t>([^<&\r]*)</:t></:is>)</:c>)",
            prefix,
        )


_patterns = lru_cache(maxsize=8)(_Patterns)
# After this many blocks in a row fail the block path, a sheet (one without
# cell references, say) is read one row at a time without trying it again.
_FAILED_BLOCKS_LIMIT = 3
# After this many blocks in a row are not regular, a sheet stops trying
# _RowParser._regular_rows.
_IRREGULAR_BLOCKS_LIMIT = 3
_first = itemgetter(0)
_TAG_END = re.compile(rb"([^>]*?)(/?)>")
_ATTRIBUTE = re.compile(rb"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_CELL_START = re.compile(rb"<(?:[\w.-]+:)?c(?=[\s/>])([^>]*?)(/?)>")
_CELL_END = re.compile(rb"</(?:[\w.-]+:)?c\s*>")
_CHILD = re.compile(rb"<((?:[\w.-]+:)?)(v|f|is)(?=[\s/>])[^>]*?(/?)>")
_FIRST_TEXT = re.compile(r"[^&<]*")


def _attributes(text: bytes) -> dict[str, str]:
    return {
        name.decode(): (double or single).decode()
        for name, double, single in _ATTRIBUTE.findall(text)
    }


class _Kinds(dict):
    """Map the attributes after r= of a cell to its kind, computed once."""

    def __init__(self, formats: list[int]):
        super().__init__()
        self.formats = formats

    def __missing__(self, rest: bytes) -> int:
        attributes = _attributes(rest)
        if "r" in attributes:
            kind = UNKNOWN  # a reference after other attributes: _slow_row
        elif rest.endswith(b"/"):
            kind = EMPTY
        else:
            number_format = _style_format(attributes, self.formats)
            kind = _cell_kind(attributes.get("t"), number_format)
        self[rest] = kind
        return kind


class _Columns(dict):
    """Map column letters (b"AB") to 0-based column indexes, computed once."""

    def __missing__(self, letters: bytes) -> int:
        index = self[letters] = _column_index(letters.decode())
        return index


def _style_format(attributes: dict, formats: list[int]) -> int | None:
    """Return the number format kind of a cell's style; None past the styles."""
    style = attributes.get("s")
    if style is None:
        return OTHER
    index = shared_index(style)  # calamine parses s as it parses t="s" indexes
    return formats[index] if index < len(formats) else None


def _cell_kind(cell_type: str | None, number_format: int | None) -> int:
    if cell_type in (None, "n"):
        return {DATETIME: DATE, TIMEDELTA: DURATION}.get(number_format, NUMBER)
    return {
        "s": SHARED,
        "inlineStr": INLINE,
        "b": BOOLEAN,
        "e": ERROR,
        "str": STRING,
        "d": ISO,
    }.get(cell_type, UNKNOWN)


class _Serials(dict):
    """Date or duration values of <v> texts, computed once per text."""

    LIMIT = 100_000  # distinct texts kept; a sheet of timestamps has many

    def __init__(self, kind: int, date1904: bool):
        super().__init__()
        self.kind = kind
        self.date1904 = date1904

    def __missing__(self, text: bytes):
        serial = parse_float(text.decode("ascii"))
        if serial is None:
            raise ValueError(text)
        if len(self) >= self.LIMIT:
            self.clear()
        value = self[text] = serial_to_python(serial, self.kind, self.date1904)
        return value


class _RowParser:
    """Parse the rows of a sheet part: the fast path and the general one."""

    def __init__(self, book: Book, strings):
        self.book = book
        self.strings = strings
        self.kinds = _Kinds(book.formats)
        self.columns = _Columns()
        dates = _Serials(DATETIME, book.date1904)
        durations = _Serials(TIMEDELTA, book.date1904)
        self.fast = {
            NUMBER: float,
            DATE: dates.__getitem__,
            DURATION: durations.__getitem__,
            SHARED: _reject,
            INLINE: _reject,
            BOOLEAN: _fast_boolean,
            ERROR: _fast_error,
            STRING: _fast_string,
            ISO: _fast_iso,
            UNKNOWN: _reject,
        }
        self.patterns: _Patterns | None = None
        self.cell_pattern: re.Pattern | None = None
        self.convert = self._convert_values
        self.next_row = 1  # the number of a row without r=
        self.has_empty = False  # whether cells without a value were seen
        self.failed_blocks = 0  # blocks in a row that went one row at a time
        self.irregular_blocks = 0  # blocks in a row that _regular_rows declined

    def rows(self, stream) -> Iterator[tuple[int, list]]:
        """Yield (row number, cells) of the rows that have a value, in file order."""
        for prefix, block in _sheet_blocks(stream):
            if self.patterns is None:
                self.patterns = _patterns(prefix)
                self.cell_pattern = self.patterns.value_cell
            yield from self._block_rows(block)

    def _block_rows(self, block: bytes):
        """Parse a block of rows at once, or row by row if one needs the slow path.

        Every cell must match the sheet's cell pattern, which starts as the
        cheapest one (patterns.value_cell). A block that does not match
        moves the sheet, for good, to removing cells without a value
        (<c r="B2" s="3"/>, styled but empty) and then to patterns.cell.
        Before that, _regular_rows tries the block, until it declines a few
        blocks in a row.
        """
        patterns = self.patterns
        if self.failed_blocks >= _FAILED_BLOCKS_LIMIT:
            return self._rows_one_by_one(block)
        if (
            self.cell_pattern is patterns.value_cell
            and not self.has_empty
            and self.irregular_blocks < _IRREGULAR_BLOCKS_LIMIT
        ):
            rows = self._regular_rows(block)
            if rows is not None:
                self.irregular_blocks = 0
                return rows
            self.irregular_blocks += 1
        while True:
            compact = patterns.empty_cell.sub(b"", block) if self.has_empty else block
            pieces = compact.split(patterns.row_open)
            counts = list(map(patterns.count_cells, pieces))
            cells = self.cell_pattern.findall(compact)
            if sum(counts) == len(cells):
                break
            if not self.has_empty and b"/>" in block:
                self.has_empty = True
            elif self.cell_pattern is patterns.value_cell:
                self.cell_pattern, self.convert = patterns.cell, self._convert
            else:
                return self._block_failed(block)
        numbers = patterns.row_number.findall(compact)
        if counts[0] or len(numbers) != len(pieces) - 1:
            return self._block_failed(block)
        del counts[0]
        try:
            values = self.convert(cells)
        except (ValueError, IndexError):
            return self._block_failed(block)
        self.failed_blocks = 0
        numbers = list(map(int, numbers))
        self.next_row = numbers[-1] + 1 if numbers else self.next_row
        ends = list(accumulate(counts))
        starts = [0, *ends[:-1]]
        letters = list(map(_first, cells))
        expected = list(chain.from_iterable(map(_column_letters, counts)))
        if letters == expected:
            rows = map(values.__getitem__, map(slice, starts, ends))
        else:
            rows = map(
                _placed,
                map(letters.__getitem__, map(slice, starts, ends)),
                map(values.__getitem__, map(slice, starts, ends)),
            )
        pairs = zip(numbers, rows, strict=True)
        return compress(pairs, counts) if 0 in counts else pairs

    def _regular_rows(self, block: bytes) -> Iterator[tuple[int, list]] | None:
        """Parse a block whose rows all have the same cells, column by column.

        Applies when every row has a cell in each column from A to the same
        last one, each a plain <v> value that patterns.value_cell matches,
        with nothing between the cells of a row. A column's kind is then
        looked up once per distinct attribute text instead of once per
        cell, and one split of the block replaces the counts and findall of
        _block_rows. Returns None for any other block, which _block_rows
        then reads as before.
        """
        patterns = self.patterns
        first_end = block.find(patterns.row_end)
        if first_end < 0:
            return None
        width = block.count(patterns.cell_open, 0, first_end)
        if not width:
            return None
        # [text before cell 0, letters, attributes, value, text before cell 1, ...]
        parts = patterns.value_cell.split(block)
        cell_count = (len(parts) - 1) // 4
        row_count, remainder = divmod(cell_count, width)
        if remainder or not row_count:
            return None
        if parts[1::4] != _column_letters(width) * row_count:
            return None
        between = parts[0::4]
        for column in range(1, width):
            if any(between[column:cell_count:width]):
                return None  # text between two cells of a row
        # The text around the rows: each must open exactly one row, and
        # after the last cell no row may open. A cell there is one that
        # value_cell did not match.
        edges = between[0::width]
        if list(map(patterns.count_rows, edges)) != [1] * row_count + [0]:
            return None
        edge_text = b"".join(edges)
        if patterns.cell_open in edge_text:
            return None
        numbers = patterns.row_number.findall(edge_text)
        if len(numbers) != row_count:
            return None
        attributes, texts = parts[2::4], parts[3::4]
        columns = []
        for column in range(width):
            values = self._column_values(
                attributes[column::width], texts[column::width]
            )
            if values is None:
                return None
            columns.append(values)
        numbers = list(map(int, numbers))
        self.failed_blocks = 0
        self.next_row = numbers[-1] + 1
        return zip(numbers, map(list, zip(*columns, strict=True)), strict=True)

    def _column_values(self, attributes: list, texts: list) -> list | None:
        """Convert one column of a regular block; None if a cell needs more.

        Gives what _convert_values gives for the same cells.
        """
        if attributes.count(attributes[0]) == len(attributes):
            kinds = {self.kinds[attributes[0]]}
        else:
            kinds = set(map(self.kinds.__getitem__, set(attributes)))
        try:
            if len(kinds) > 1:
                return self._convert_values(
                    list(zip(attributes, attributes, texts, strict=True))
                )
            kind = kinds.pop()
            if kind == SHARED:
                return self._shared_values(texts)
            if kind == NUMBER:
                return list(map(float, texts))
            return list(map(self.fast[kind], texts))
        except (ValueError, IndexError, KeyError):
            return None

    def _shared_values(self, texts: list) -> list | None:
        """Look up a column of shared string indexes, as _convert_values does.

        Raises IndexError for an index past the table.
        """
        if not b"".join(texts).isdigit():
            return None
        shared, starts = self.strings.text, self.strings.starts
        common, count = self.strings.common, len(self.strings.common)
        return [
            common[index]
            if (index := int(text)) < count
            else shared[starts[index] : starts[index + 1]]
            for text in texts
        ]

    def _block_failed(self, block: bytes) -> Iterator[tuple[int, list]]:
        self.failed_blocks += 1
        return self._rows_one_by_one(block)

    def _convert_values(self, cells: list[tuple]) -> list:
        """Convert the cells patterns.value_cell matched, as _convert does."""
        kinds, fast = self.kinds, self.fast
        shared, starts = self.strings.text, self.strings.starts
        common, count = self.strings.common, len(self.strings.common)
        return [
            (
                common[index]
                if (index := int(value)) < count
                else shared[starts[index] : starts[index + 1]]
            )
            if (kind := kinds[rest]) == SHARED and value.isdigit()
            else float(value)
            if kind == NUMBER
            else fast[kind](value)
            for _letters, rest, value in cells
        ]

    def _convert(self, cells: list[tuple]) -> list:
        """Convert the cells patterns.cell matched; raise ValueError if one needs more.

        The common kinds are written out here, because a call per cell would
        cost more than the conversion. The other kinds go through self.fast,
        whose functions raise ValueError for anything but the plainest value.
        """
        kinds, fast = self.kinds, self.fast
        shared, starts = self.strings.text, self.strings.starts
        common, count = self.strings.common, len(self.strings.common)
        return [
            (
                common[index]
                if (index := int(value)) < count
                else shared[starts[index] : starts[index + 1]]
            )
            if (kind := kinds[rest]) == SHARED and value.isdigit()
            else float(value)
            if kind == NUMBER
            else text.decode().strip(XML_WHITESPACE)
            if kind == INLINE and not value and b"_x" not in text
            else fast[kind](value)
            for _letters, rest, value, text in cells
        ]

    def _rows_one_by_one(self, block: bytes) -> Iterator[tuple[int, list]]:
        for piece in block.split(self.patterns.row_open)[1:]:
            row = self._plain_row(piece)
            if row is None:
                row = self._slow_row(piece)
            number, cells, present = row
            if present:
                yield number, cells

    def _plain_row(self, piece: bytes) -> tuple[int, list, bool] | None:
        """Parse a row whose cells all match patterns.any_cell; None otherwise.

        A cell without a reference follows the one before it, and a
        self-closing cell has no value.
        """
        tag = _TAG_END.match(piece)
        if tag is None:
            return None
        reference = _ROW_NUMBER.search(tag[1])
        number = int(reference[1]) if reference else self.next_row
        if tag[2]:
            self.next_row = number + 1
            return number, [], False
        items = self.patterns.any_cell.findall(piece, tag.end())
        if self.patterns.count_cells(piece) != len(items):
            return None
        if not reference and items and items[0][0]:
            return None  # calamine would take the row number from the cell
        kinds = [self.kinds[item[1]] for item in items]
        try:
            values = iter(
                self._convert(list(compress(items, map(EMPTY.__ne__, kinds))))
            )
        except (ValueError, IndexError):
            return None
        cells: list = []
        column = 0
        for (letters, _rest, _value, _text), kind in zip(items, kinds, strict=True):
            if letters:
                column = self.columns[letters]
            if column >= len(cells):
                cells.extend([""] * (column + 1 - len(cells)))
            if kind != EMPTY:
                cells[column] = next(values)
            column += 1
        self.next_row = number + 1
        return number, cells, len(kinds) > kinds.count(EMPTY)

    def _slow_row(self, piece: bytes) -> tuple[int, list, bool]:
        """Parse one row element (the text after "<row") with every XML form."""
        tag = _TAG_END.match(piece)
        if tag is None:
            raise XlsxError("Unexpected end of xml, expecting '</row>'")
        reference = _attributes(tag[1]).get("r")
        number = int(reference) if reference and reference.isdigit() else None
        # Like calamine, count rows without r= from the last row's r=, even
        # when their cells' references name other rows.
        element_number = number or self.next_row
        self.next_row = element_number + 1
        if tag[2]:
            return element_number, [], False

        body = piece[tag.end() :]
        end = body.rfind(self.patterns.row_end)
        if end >= 0:
            body = body[:end]

        placed: dict[int, object] = {}
        column = 0
        present = False
        position = 0
        while start := _CELL_START.search(body, position):
            if start[2]:
                inner, position = b"", start.end()
            else:
                close = _CELL_END.search(body, start.end())
                if close is None:
                    raise XlsxError("Unexpected end of xml, expecting '</c>'")
                inner, position = body[start.end() : close.start()], close.end()

            attributes = _attributes(start[1])
            if "r" in attributes:
                cell_row, column = _cell_position(attributes["r"])
                number = number or cell_row
            value = self._cell_value(attributes, inner)
            if value is not _EMPTY:
                present = True
                placed[column] = value
            else:
                placed.setdefault(column, "")
            column += 1

        cells = [""] * (max(placed) + 1 if placed else 0)
        for index, value in placed.items():
            cells[index] = value
        return number or element_number, cells, present

    def _cell_value(self, attributes: dict, inner: bytes):
        """Return a cell's value by calamine's rules.

        The last of the children <v>, <is> and <f> decides; <f> alone gives
        no value.
        """
        value = _EMPTY
        position = 0
        while child := _CHILD.search(inner, position):
            prefix, name, closed = child.groups()
            if closed:
                content, position = b"", child.end()
            else:
                end = inner.find(b"</" + prefix + name, child.end())
                if end < 0:
                    raise XlsxError(
                        f"Unexpected end of xml, expecting '</{name.decode()}>'"
                    )
                content = inner[child.end() : end]
                position = inner.find(b">", end) + 1 or len(inner)
            if name == b"is":
                value = rich_text(content.decode())
            elif name == b"v":
                value = self._v_value(attributes, content.decode())
            else:
                value = _EMPTY
        return value

    def _v_value(self, attributes: dict, content: str):
        """Return the value of a cell's <v> by the cell's t= and style."""
        cell_type = attributes.get("t")
        if cell_type in (None, "n", "s", "b", "e"):
            # calamine takes the first run of text unchanged: an entity or
            # markup ends it.
            raw = _FIRST_TEXT.match(content)[0]
            if not raw:
                return _EMPTY
            if cell_type == "s":
                index = shared_index(raw)
                if index >= len(self.strings):
                    raise XlsxError(
                        "Cell string index not found in shared strings table"
                    )
                return self.strings[index]
            if cell_type == "b":
                return parse_bool(raw)
            if cell_type == "e":
                return error_value(raw)
            number = parse_float(raw)
            if number is None:
                if cell_type is None:
                    return raw
                raise XlsxError("Parse float error: invalid float literal")
            number_format = _style_format(attributes, self.book.formats)
            if number_format in (DATETIME, TIMEDELTA):
                return serial_to_python(number, number_format, self.book.date1904)
            return number
        if cell_type in ("inlineStr", "is"):
            return _EMPTY
        text = element_text(content, keep_cdata=False)
        if cell_type == "str":
            return decode_escapes(text)
        if cell_type == "d":
            return parse_iso(text)
        raise XlsxError(f"Unknown cell 't' attribute: \"{cell_type}\"")


def _placed(letters: list[bytes], values: list) -> list:
    """Put values at the columns their references name, "" in between."""
    columns = [_column_index(letter.decode()) for letter in letters]
    cells = [""] * (max(columns, default=-1) + 1)
    for column, value in zip(columns, values, strict=True):
        cells[column] = value
    return cells


def _reject(value: bytes):
    raise ValueError(value)


def _fast_boolean(value: bytes) -> bool:
    if value == b"1":
        return True
    if value == b"0":
        return False
    raise ValueError(value)


def _fast_error(value: bytes) -> str:
    if value.decode() not in ERROR_VALUES:
        raise ValueError(value)
    return ""


def _fast_string(value: bytes) -> str:
    if not value:
        raise ValueError(value)
    return unescape(value.decode())


def _fast_iso(value: bytes):
    if not value:
        raise ValueError(value)
    return parse_iso(unescape(value.decode()))
