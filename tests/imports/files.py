"""Small extract files written by tests: CSV in any encoding, .xlsx files.

write_xlsx goes through openpyxl; write_workbook_parts writes the XML of each
part as given, for the forms openpyxl never writes.
"""

import csv
import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import quoteattr

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


SPREADSHEETML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"


def write_workbook_parts(
    path: Path,
    sheets: list[tuple[str, str]],
    *,
    shared_strings: str | bytes | None = None,
    styles: str | None = None,
    workbook_properties: str = "",
) -> Path:
    """Write an .xlsx from the XML of its parts, for cases openpyxl cannot write.

    `sheets` are (name, worksheet XML) in workbook order; the other parts
    are left out when None.
    """
    sheet_elements = "".join(
        f'<sheet name="{name}" sheetId="{index}" r:id="rId{index}"/>'
        for index, (name, _xml) in enumerate(sheets, start=1)
    )
    relationships = "".join(
        f'<Relationship Id="rId{index}" Target="worksheets/sheet{index}.xml" '
        f'Type="{_RELATIONSHIPS}/worksheet"/>'
        for index in range(1, len(sheets) + 1)
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">'
            f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{SPREADSHEETML}" xmlns:r="{_RELATIONSHIPS}">'
            f"{workbook_properties}<sheets>{sheet_elements}</sheets></workbook>",
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">{relationships}'
            "</Relationships>",
        )
        for index, (_name, xml) in enumerate(sheets, start=1):
            archive.writestr(f"xl/worksheets/sheet{index}.xml", xml)
        if shared_strings is not None:
            archive.writestr("xl/sharedStrings.xml", shared_strings)
        if styles is not None:
            archive.writestr("xl/styles.xml", styles)
    return path


def worksheet(rows: str, after: str = "", namespace: str = "") -> str:
    """Return worksheet XML around `rows`; `namespace` is a prefix like "x"."""
    if namespace:
        return (
            f'<{namespace}:worksheet xmlns:{namespace}="{SPREADSHEETML}">'
            f"<{namespace}:sheetData>{rows}</{namespace}:sheetData>{after}"
            f"</{namespace}:worksheet>"
        )
    return (
        f'<worksheet xmlns="{SPREADSHEETML}"><sheetData>{rows}</sheetData>{after}'
        "</worksheet>"
    )


def shared_strings(items: list[str]) -> str:
    """Return a shared strings part from the inner XML of each <si>."""
    body = "".join(f"<si>{item}</si>" for item in items)
    return f'<sst xmlns="{SPREADSHEETML}">{body}</sst>'


def styles(format_ids: list[int], custom: dict[int, str] | None = None) -> str:
    """Return a styles part whose cellXfs use `format_ids` in order."""
    formats = "".join(
        f'<numFmt numFmtId="{number}" formatCode={quoteattr(code)}/>'
        for number, code in (custom or {}).items()
    )
    cell_formats = "".join(
        f'<xf numFmtId="{number}" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        for number in format_ids
    )
    return (
        f'<styleSheet xmlns="{SPREADSHEETML}"><numFmts>{formats}</numFmts>'
        f"<cellXfs>{cell_formats}</cellXfs></styleSheet>"
    )
