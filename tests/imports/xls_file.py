"""A minimal .xls (BIFF8) writer for tests, because no installed package writes one.

The workbook is an OLE2 compound file (version 3, 512-byte sectors) holding
one "Workbook" stream: a globals substream naming one sheet, then the sheet
with LABEL cells for text, NUMBER cells for numbers and a MERGEDCELLS
record. python-calamine 0.9.1 reads these files. Cells carry XF index 0 and
the file has no XF records, so numbers read as plain numbers, never as dates.
"""

import struct
from pathlib import Path

SECTOR_SIZE = 512
# A stream shorter than this lives in the mini stream, which is not written
# here, so the Workbook stream is padded to this size.
MINI_STREAM_CUTOFF = 4096
FAT_ENTRIES = SECTOR_SIZE // 4
END_OF_CHAIN = 0xFFFFFFFE
FREE_SECTOR = 0xFFFFFFFF
FAT_SECTOR = 0xFFFFFFFD
NO_STREAM = 0xFFFFFFFF

BOF, EOF, CODEPAGE, BOUNDSHEET = 0x0809, 0x000A, 0x0042, 0x0085
DIMENSIONS, LABEL, NUMBER, MERGEDCELLS = 0x0200, 0x0204, 0x0203, 0x00E5
BIFF8, GLOBALS, WORKSHEET = 0x0600, 0x0005, 0x0010
UTF16_CODEPAGE = 1200
SHEET_NAME = "Sheet1"


def _record(kind: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _bof(substream: int) -> bytes:
    return _record(BOF, struct.pack("<HHHHII", BIFF8, substream, 0, 0, 0, 0))


def _cell(row: int, column: int, value) -> bytes:
    if isinstance(value, int | float):
        return _record(NUMBER, struct.pack("<HHHd", row, column, 0, float(value)))
    text = str(value)
    # XLUnicodeString: character count, then flag 1 for UTF-16LE characters.
    data = struct.pack("<HHHHB", row, column, 0, len(text), 1)
    return _record(LABEL, data + text.encode("utf-16-le"))


def _sheet(rows: list[list], merges: list[tuple[int, int, int, int]]) -> bytes:
    width = max(len(row) for row in rows)
    parts = [
        _bof(WORKSHEET),
        _record(DIMENSIONS, struct.pack("<IIHHH", 0, len(rows), 0, width, 0)),
    ]
    for row_index, row in enumerate(rows):
        for column, value in enumerate(row):
            if value is not None and value != "":
                parts.append(_cell(row_index, column, value))
    if merges:
        ranges = b"".join(struct.pack("<HHHH", *merge) for merge in merges)
        parts.append(_record(MERGEDCELLS, struct.pack("<H", len(merges)) + ranges))
    parts.append(_record(EOF))
    return b"".join(parts)


def _globals(sheet_offset: int) -> bytes:
    name = SHEET_NAME.encode("latin-1")
    # BoundSheet8: stream offset of the sheet's BOF, visible worksheet, name.
    bound = struct.pack("<IBBBB", sheet_offset, 0, 0, len(name), 0) + name
    return (
        _bof(GLOBALS)
        + _record(CODEPAGE, struct.pack("<H", UTF16_CODEPAGE))
        + _record(BOUNDSHEET, bound)
        + _record(EOF)
    )


def _directory_entry(
    name: str, kind: int, *, child=NO_STREAM, start=END_OF_CHAIN, size=0
):
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded), kind, 1)  # colour 1: black
        + struct.pack("<III", NO_STREAM, NO_STREAM, child)
        + bytes(16 + 4 + 16)  # CLSID, state bits, creation and modification times
        + struct.pack("<IQ", start, size)
    )


def _compound_file(stream: bytes) -> bytes:
    padded = max(MINI_STREAM_CUTOFF, -(-len(stream) // SECTOR_SIZE) * SECTOR_SIZE)
    stream = stream.ljust(padded, b"\0")
    stream_sectors = len(stream) // SECTOR_SIZE
    # Sector 0 is the FAT, sector 1 the directory, the stream follows.
    fat = [FAT_SECTOR, END_OF_CHAIN]
    fat += [sector + 1 for sector in range(2, 1 + stream_sectors)] + [END_OF_CHAIN]
    if len(fat) > FAT_ENTRIES:
        raise ValueError(
            f"The Workbook stream of {len(stream)} bytes needs more than one FAT "
            "sector (at most 126 sectors of 512 bytes): write fewer rows."
        )
    fat += [FREE_SECTOR] * (FAT_ENTRIES - len(fat))
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack(
            "<IIIIIIIII",
            0,
            1,
            1,
            0,
            MINI_STREAM_CUTOFF,
            END_OF_CHAIN,
            0,
            END_OF_CHAIN,
            0,
        )
        + struct.pack("<I", 0)  # the first DIFAT entry: the FAT is sector 0
        + struct.pack("<I", FREE_SECTOR) * 108
    )
    directory = (
        _directory_entry("Root Entry", 5, child=1)
        + _directory_entry("Workbook", 2, start=2, size=len(stream))
        + _directory_entry("", 0) * 2
    )
    return header + struct.pack(f"<{FAT_ENTRIES}I", *fat) + directory + stream


def write_xls(
    path: Path, rows: list[list], *, merges: list[tuple[int, int, int, int]] = ()
) -> Path:
    """Write `rows` into the first sheet of an .xls file from cell A1.

    `merges` are 0-based (first row, last row, first column, last column).
    """
    sheet = _sheet(rows, list(merges))
    head = _globals(0)
    stream = _globals(len(head)) + sheet
    path.write_bytes(_compound_file(stream))
    return path
