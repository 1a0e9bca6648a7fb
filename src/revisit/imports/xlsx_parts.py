"""The workbook-level parts of an .xlsx: sheets, styles and shared strings.

Each follows calamine 0.37, the reader inside python-calamine 0.9.1: parts
are found by name regardless of case, the shared strings are
xl/sharedStrings.xml and the styles xl/styles.xml, and a sheet's part is
the target of its relationship in xl/_rels/workbook.xml.rels.
"""

import codecs
import posixpath
import re
import zipfile
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from xml.etree import ElementTree

from revisit.imports.xlsx_values import (
    OTHER,
    XML_WHITESPACE,
    XlsxError,
    builtin_format_kind,
    decode_escapes,
    format_kind,
    rich_text,
)

# Shared strings kept as separate objects; see PackedStrings.
COMMON_STRINGS = 50_000
# Bytes of the shared strings part decoded at a time.
_CHUNK_BYTES = 1 << 20


class NotStreamable(Exception):
    """A zip that this reader does not handle: no xl/workbook.xml, or not UTF-8."""


@dataclass
class Book:
    """The parts of a workbook that every sheet needs."""

    sheets: list[tuple[str, str | None]]  # (name, part name), in workbook order
    strings_part: str | None
    formats: list[int]  # number format kind per cellXfs index
    date1904: bool


def part_name(archive: zipfile.ZipFile, name: str) -> str | None:
    """Find a part by name regardless of case, as Excel and calamine do."""
    lowered = name.lower()
    for candidate in archive.namelist():
        if candidate.lower() == lowered:
            return candidate
    return None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def _parse_small_part(archive: zipfile.ZipFile, name: str) -> ElementTree.Element:
    data = archive.read(name)
    check_encoding(data, name)
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise XlsxError(f"Invalid XML in {name}: {error}") from None


def check_encoding(head: bytes, name: str) -> None:
    """Raise NotStreamable when the start of a part declares another encoding."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise NotStreamable(f"{name} is UTF-16")
    declaration = re.match(
        rb"(?:\xef\xbb\xbf)?<\?xml[^>]*encoding=[\"']([^\"']+)", head
    )
    if declaration and declaration[1].lower().replace(b"-", b"") != b"utf8":
        raise NotStreamable(f"{name} is {declaration[1].decode('ascii', 'replace')}")


def read_workbook(archive: zipfile.ZipFile) -> Book:
    """Read the sheet list, the date system and the cell styles of a workbook."""
    workbook_name = part_name(archive, "xl/workbook.xml")
    if workbook_name is None:
        raise NotStreamable("no xl/workbook.xml")
    targets = _relationships(archive)
    root = _parse_small_part(archive, workbook_name)
    sheets = []
    date1904 = False
    for element in root.iter():
        tag = _local(element.tag)
        if tag == "workbookPr":
            date1904 = element.get("date1904", "") in ("1", "true")
        elif tag == "sheet":
            target = next(
                (value for key, value in element.items() if _local(key) == "id"), None
            )
            if target not in targets:
                raise XlsxError(
                    f"Relationship '{target}' of sheet '{element.get('name', '')}' "
                    "not found in xl/_rels/workbook.xml.rels"
                )
            part = part_name(archive, _resolve(targets[target]))
            sheets.append((element.get("name", ""), part))
    styles_name = part_name(archive, "xl/styles.xml")
    strings_name = part_name(archive, "xl/sharedStrings.xml")
    if strings_name:
        # Read later with the rows, so check now that it can be read here.
        with archive.open(strings_name) as stream:
            check_encoding(stream.read(256), strings_name)
    return Book(
        sheets=sheets,
        strings_part=strings_name,
        formats=_read_formats(archive, styles_name) if styles_name else [],
        date1904=date1904,
    )


def _relationships(archive: zipfile.ZipFile) -> dict[str, str]:
    name = part_name(archive, "xl/_rels/workbook.xml.rels")
    if name is None:
        raise XlsxError("File not found 'xl/_rels/workbook.xml.rels'")
    root = _parse_small_part(archive, name)
    return {
        element.get("Id", ""): element.get("Target", "")
        for element in root.iter()
        if _local(element.tag) == "Relationship"
    }


def _resolve(target: str) -> str:
    """Turn a relationship target of the workbook into a part name (calamine's rule)."""
    if target.startswith("/"):
        return target[1:]
    if target.startswith("xl/"):
        return target
    return posixpath.normpath("xl/" + target)


def _read_formats(archive: zipfile.ZipFile, name: str) -> list[int]:
    """Return the number format kind of each cell style (cellXfs) in order."""
    root = _parse_small_part(archive, name)
    custom = {}
    kinds = []
    for element in root.iter():
        tag = _local(element.tag)
        if tag == "numFmt" and element.get("formatCode"):
            custom[element.get("numFmtId", "")] = element.get("formatCode")
        elif tag == "cellXfs":
            for xf in element:
                if _local(xf.tag) != "xf":
                    continue
                format_id = xf.get("numFmtId")
                if format_id is None:
                    kinds.append(OTHER)
                elif format_id in custom:
                    kinds.append(format_kind(custom[format_id]))
                else:
                    kinds.append(builtin_format_kind(format_id))
    return kinds


@lru_cache(maxsize=8)
def _shared_string_pattern(prefix: str) -> re.Pattern:
    p = re.escape(prefix)
    return re.compile(
        rf"<{p}si(?:\s[^>]*?)?(?:/>|>(?:<{p}t>([^<&\r]*)</{p}t>|(.*?))</{p}si>)",
        re.S,
    )


class PackedStrings:
    """The shared strings table, packed into one str with an array of offsets.

    The million-line bench extract has 1.86 million shared strings. As a
    list of str objects they take 128 MiB, mostly object headers. Packed,
    they take 58 MiB (40 for the text, 14 for the offsets, 3 for the
    common strings below). String i is text[starts[i] : starts[i + 1]]: the row
    parser slices inline, because a method call per cell costs a quarter of
    its time. Each lookup returns a new str.
    """

    __slots__ = ("text", "starts", "common")

    def __init__(self, text: str = "", starts: array | None = None):
        self.text = text
        self.starts = starts if starts is not None else array("Q", [0])
        # The first strings as objects of their own. Writers number strings in
        # order of first use, so the values that repeat down a column (product
        # names, statuses, agents) are among them, and each lookup of one
        # returns the same object: later caches and pickling use that.
        count = min(len(self.starts) - 1, COMMON_STRINGS)
        self.common = [self[index] for index in range(count)]

    def __len__(self) -> int:
        return len(self.starts) - 1

    def __getitem__(self, index: int) -> str:
        if not 0 <= index < len(self.starts) - 1:
            raise IndexError(index)
        return self.text[self.starts[index] : self.starts[index + 1]]


def read_shared_strings(archive: zipfile.ZipFile, name: str) -> PackedStrings:
    """Read the shared strings table, streaming the part in chunks."""
    pieces: list[str] = []
    starts = array("Q", [0])
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    pattern = closing = None
    text = ""
    with archive.open(name) as stream:
        chunk = stream.read(_CHUNK_BYTES)
        check_encoding(chunk, name)
        while True:
            text += decoder.decode(chunk, final=not chunk)
            if pattern is None and (root := re.search(r"<([\w.-]+:)?sst\b", text)):
                prefix = root[1] or ""
                pattern = _shared_string_pattern(prefix)
                closing = f"</{prefix}si>"
            if pattern is not None:
                # Parse up to the last complete <si>; the rest waits for more.
                end = text.rfind(closing) + len(closing) if chunk else len(text)
                if end >= len(closing):
                    strings = list(_shared_string_texts(pattern.findall(text, 0, end)))
                    pieces.append("".join(strings))
                    running = accumulate(map(len, strings), initial=starts[-1])
                    next(running)  # the initial total, already in `starts`
                    starts.extend(running)
                    text = text[end:]
            if not chunk:
                return PackedStrings("".join(pieces), starts)
            chunk = stream.read(_CHUNK_BYTES)


def _shared_string_texts(items: list[tuple[str, str]]) -> Iterator[str]:
    """Turn (plain text, rich content) pairs of <si> elements into strings."""
    for plain, inner in items:
        if inner:
            yield rich_text(inner)
        else:
            yield decode_escapes(plain.strip(XML_WHITESPACE))
