"""The streaming .xlsx reader against python-calamine, cell by cell.

Each workbook is read twice, through reader._open_streamed and through
reader._open_calamine (python-calamine, as reader.py read every .xlsx before),
and the rows must be equal in number, values and Python types. The streamed
rows end at their last cell instead of the sheet's width, so trailing ""
cells are dropped on both sides before comparing.
"""

import datetime as dt
import math
import random
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from python_calamine import CalamineError

from revisit.core.exceptions import DomainError
from revisit.imports import reader, xlsx_stream
from tests.imports.conftest import SHARED_DATA
from tests.imports.files import (
    shared_strings,
    styles,
    worksheet,
    write_workbook_parts,
    write_xlsx,
)

TESTS = Path(__file__).resolve().parents[1]


def _typed(rows) -> list[tuple[int, list]]:
    """Return rows with trailing "" dropped and each cell paired with its type."""
    typed = []
    for number, cells in rows:
        cells = list(cells)
        while cells and cells[-1] == "":
            cells.pop()
        typed.append((number, [(type(cell).__name__, cell) for cell in cells]))
    return typed


def _read_both(path: Path) -> tuple[list, list]:
    calamine = reader._open_calamine(path)
    streamed = reader._open_streamed(path)
    assert streamed.sheet_name == calamine.sheet_name
    return _typed(calamine.rows()), _typed(streamed.rows())


def _assert_same_rows(path: Path) -> list:
    expected, streamed = _read_both(path)
    assert len(streamed) == len(expected)
    for want, got in zip(expected, streamed, strict=True):
        assert got == want
    return streamed


# --- Workbooks written by hand ------------------------------------------------

# Shared and inline strings: rich runs, phonetic runs, whitespace, entities,
# character references and _xHHHH_ escapes.
TEXTS = [
    "<t>plain</t>",
    "<t>  trimmed\t</t>",
    '<t xml:space="preserve">  kept  </t>',
    "<t xml:space='preserve'> single quotes </t>",
    '<t xml:space="default"> default </t>',
    "<r><t>ri</t></r><r><rPr><b/></rPr><t>ch</t></r>",
    '<r><t xml:space="preserve">a </t></r><r><t> b </t></r>',
    '<r><t>保单</t></r><rPh sb="0" eb="2"><t>ホケン</t></rPh><phoneticPr fontId="1"/>',
    "<t>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;</t>",
    "<t>&#x4E2D;&#25991;&#32;</t>",
    "<t>line_x000D_break and _x005F_x000D_ and _xD83D_</t>",
    "<t>two\r\nlines\rthree</t>",
    '<t xml:space="preserve">&#13;&#10;</t>',
    "<t></t>",
    "<t/>",
    "",
    "<t>x</t><t>y</t>",
    "<t>a<![CDATA[<b>]]>c</t>",
    "<t>刘䶮 A_001</t>",
]

STRING_SHEET = worksheet(
    "".join(
        f'<row r="{index}"><c r="A{index}" t="s"><v>{index - 1}</v></c>'
        f'<c r="B{index}" t="inlineStr"><is>{text}</is></c>'
        f'<c r="C{index}"><v>{index}</v></c></row>'
        for index, text in enumerate(TEXTS, start=1)
    )
)

# Untyped <v> text that is no number stays text; t="n" gets valid numbers.
NUMBERS = [
    "5",
    "5.5",
    "-0.25",
    "1e3",
    "1E-5",
    "+7",
    ".5",
    "5.",
    "007",
    "12345678901234567890",
    "3.10115198512304e+17",
    "13900000004",
    "inf",
]
NOT_NUMBERS = ["  5", "5 ", "1_0", "0x10", "abc", "a&amp;b", "١٢"]

NUMBER_SHEET = worksheet(
    "".join(
        f'<row r="{index}"><c r="A{index}"><v>{value}</v></c>'
        f'<c r="B{index}" t="n"><v>{value}</v></c></row>'
        for index, value in enumerate(NUMBERS, start=1)
    )
    + "".join(
        f'<row r="{index}"><c r="A{index}"><v>{value}</v></c></row>'
        for index, value in enumerate(NOT_NUMBERS, start=len(NUMBERS) + 1)
    )
)

# Built-in date formats (14-22, 45-47, and the East Asian 27-36, 50-58),
# custom ones with and without date letters, and a duration.
FORMAT_IDS = list(range(0, 60)) + [164, 165, 166, 167, 168, 169, 170]
CUSTOM_FORMATS = {
    164: 'yyyy"年"m"月"d"日"',
    165: "[h]:mm:ss",
    166: "0.00",
    167: '"d"0',
    168: "[Red]#,##0;[Blue]-#,##0",
    169: "[$-804]aaaa",
    170: "mmm-yy;@",
}
SERIALS = ["0", "0.5", "1", "59", "59.999", "60", "60.5", "61", "43831", "43831.75"]


def _date_sheet() -> str:
    rows = []
    for row, serial in enumerate(SERIALS, start=1):
        cells = "".join(
            f'<c r="{_letters(column)}{row}" s="{column}"><v>{serial}</v></c>'
            for column in range(len(FORMAT_IDS))
        )
        rows.append(f'<row r="{row}">{cells}</row>')
    return worksheet("".join(rows))


def _letters(index: int) -> str:
    name, number = "", index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        name = chr(65 + remainder) + name
    return name


CASES = {
    "strings": dict(
        sheets=[("Sheet1", STRING_SHEET)],
        shared_strings=shared_strings(TEXTS),
    ),
    "numbers": dict(sheets=[("Sheet1", NUMBER_SHEET)]),
    "dates": dict(
        sheets=[("Sheet1", _date_sheet())],
        styles=styles(FORMAT_IDS, CUSTOM_FORMATS),
    ),
    "dates 1904": dict(
        sheets=[("Sheet1", _date_sheet())],
        styles=styles(FORMAT_IDS, CUSTOM_FORMATS),
        workbook_properties='<workbookPr date1904="1"/>',
    ),
    "styles out of range": dict(
        sheets=[
            (
                "Sheet1",
                worksheet(
                    '<row r="1"><c r="A1" s="9"><v>43831</v></c>'
                    '<c r="B1" s="x"><v>43831</v></c><c r="C1" s="1"><v>43831</v></c>'
                    "</row>"
                ),
            )
        ],
        styles=styles([14, 0]),
    ),
    "booleans errors iso dates": dict(
        sheets=[
            (
                "Sheet1",
                worksheet(
                    '<row r="1"><c r="A1" t="b"><v>1</v></c><c r="B1" t="b"><v>0</v>'
                    '</c><c r="C1" t="b"><v>true</v></c><c r="D1" t="e"><v>#N/A</v>'
                    '</c><c r="E1" t="e"><v>#DIV/0!</v></c><c r="F1"><v>1</v></c>'
                    '</row><row r="2"><c r="A2" t="d"><v>2020-01-02</v></c>'
                    '<c r="B2" t="d"><v>2020-01-02T03:04:05.5</v></c>'
                    '<c r="C2" t="d"><v>03:04</v></c><c r="D2" t="d"><v>soon</v></c>'
                    "</row>"
                ),
            )
        ]
    ),
    "formulas": dict(
        sheets=[
            (
                "Sheet1",
                worksheet(
                    '<row r="1"><c r="A1"><f>ROW()</f><v>1</v></c>'
                    '<c r="B1" t="str"><f>"a"&amp;"b"</f><v>a&amp;b</v></c>'
                    '<c r="C1" t="str"><f>X</f><v>  spaced  </v></c>'
                    '<c r="D1"><f t="shared" ref="D1:D2" si="0">A1*2</f><v>2</v></c>'
                    '<c r="E1"><f>NOW()</f></c><c r="F1"><v>1</v><f>G1</f></c></row>'
                    '<row r="2"><c r="A2"><f>ROW()</f><v>2</v></c>'
                    '<c r="D2"><f t="shared" si="0"/><v>4</v></c>'
                    '<c r="E2" t="str"><f>""</f><v></v></c></row>'
                ),
            )
        ]
    ),
    "gaps and empty cells": dict(
        sheets=[
            (
                "Sheet1",
                worksheet(
                    '<row r="3"><c r="B3"><v>1</v></c><c r="D3" s="1"/>'
                    '<c r="E3"><v>2</v></c></row>'
                    '<row r="4" spans="1:5"><c r="A4" s="1"/><c r="B4" s="1"/></row>'
                    '<row r="6"/><row r="7"><c r="C7"><v>3</v></c></row>'
                    '<row r="8"><c r="A8"><v></v></c><c r="B8" t="s"><v></v></c></row>'
                    '<row r="9"><c r="A9" s="1"/></row>'
                ),
            )
        ],
        styles=styles([0, 0]),
    ),
    "no references": dict(
        sheets=[
            (
                "Sheet1",
                worksheet(
                    "<row><c><v>1</v></c><c/><c><v>2</v></c></row>"
                    '<row><c t="s"><v>0</v></c><c r="D2"><v>3</v></c><c><v>4</v></c>'
                    "</row><row><c><v>5</v></c></row>"
                    '<row r="7"><c><v>6</v></c></row><row><c><v>7</v></c></row>'
                ),
            )
        ],
        shared_strings=shared_strings(["<t>text</t>"]),
    ),
    "out of order cells": dict(
        sheets=[
            (
                "Sheet1",
                worksheet(
                    '<row r="1"><c r="C1"><v>1</v></c><c r="A1"><v>2</v></c>'
                    '<c r="A1"><v>3</v></c><c s="0" r="B1"><v>4</v></c></row>'
                ),
            )
        ]
    ),
    "namespace prefix": dict(
        sheets=[
            (
                "Sheet1",
                worksheet(
                    '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c>'
                    '<x:c r="B1" t="inlineStr"><x:is><x:t>inline</x:t></x:is></x:c>'
                    '</x:row><x:row><x:c><x:v>1.5</x:v></x:c><x:c s="1"><x:v>43831'
                    "</x:v></x:c><x:c/><x:c><x:f>A2</x:f><x:v>1.5</x:v></x:c></x:row>",
                    after='<x:mergeCells count="1"><x:mergeCell ref="A1:A2"/>'
                    "</x:mergeCells>",
                    namespace="x",
                ),
            )
        ],
        shared_strings=(
            '<x:sst xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/'
            'main"><x:si><x:r><x:t>pre</x:t></x:r><x:r><x:t xml:space="preserve">'
            " fixed</x:t></x:r></x:si></x:sst>"
        ),
        styles=styles([0, 14]),
    ),
    "merged cells": dict(
        sheets=[
            (
                "Sheet1",
                worksheet(
                    '<row r="1"><c r="A1" t="inlineStr"><is><t>某公司保单清单</t></is>'
                    '</c></row><row r="3"><c r="A3" t="inlineStr"><is><t>保单信息</t>'
                    '</is></c><c r="D3" t="inlineStr"><is><t>投保人信息</t></is></c>'
                    '</row><row r="4"><c r="A4" t="inlineStr"><is><t>保单号</t></is>'
                    '</c><c r="B4" t="inlineStr"><is><t>险种</t></is></c>'
                    '<c r="D4" t="inlineStr"><is><t>姓名</t></is></c>'
                    '<c r="E4" t="inlineStr"><is><t>证件号码</t></is></c></row>'
                    '<row r="5"><c r="A5" t="inlineStr"><is><t>P1</t></is></c>'
                    '<c r="B5" t="inlineStr"><is><t>L101</t></is></c></row>'
                    '<row r="6"><c r="B6" t="inlineStr"><is><t>R101</t></is></c>'
                    '<c r="C6"><v>0</v></c></row>',
                    after='<mergeCells count="5"><mergeCell ref="A1:E2"/>'
                    '<mergeCell ref="A3:C3"/><mergeCell ref="D3:E3"/>'
                    '<mergeCell ref="A5:A7"/><mergeCell ref="C4:C5"/></mergeCells>',
                ),
            )
        ]
    ),
    "pretty printed": dict(
        sheets=[
            (
                "Sheet1",
                worksheet(
                    '\n  <row r="1">\n    <c r="A1" t="s">\n      <v>0</v>\n    </c>'
                    '\n    <c r="B1">\n      <v>2.5</v>\n    </c>\n  </row>\n'
                    '  <row r="2">\n    <c r="A2" t="inlineStr">\n      <is>\n'
                    "        <t>in</t>\n      </is>\n    </c>\n  </row>\n"
                ),
            )
        ],
        shared_strings=shared_strings(["<t>shared</t>"]),
    ),
    "first sheets empty": dict(
        sheets=[
            ("Empty", worksheet("")),
            ("Styled", worksheet('<row r="1"><c r="A1" s="0"/></row>')),
            ("Chart", '<chartsheet xmlns="urn:x"><sheetPr/></chartsheet>'),
            ("Data", worksheet('<row r="2"><c r="B2"><v>1</v></c></row>')),
        ]
    ),
    "empty string only": dict(
        sheets=[
            ("Empty", worksheet('<row r="2"><c r="A2" t="str"><v></v></c></row>')),
            ("Data", worksheet('<row r="1"><c r="A1"><v>1</v></c></row>')),
        ]
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_handwritten_workbook_matches_calamine(tmp_path, name):
    path = write_workbook_parts(tmp_path / "case.xlsx", **CASES[name])
    rows = _assert_same_rows(path)
    assert rows


# --- Random workbooks ---------------------------------------------------------

RANDOM_TEXTS = ["a", " b ", "保单", "x&amp;y", "&#13;z", "q_x0041_", "", "cr\r\nlf"]
RANDOM_VALUES = ["1", "2.5", "-3", "1e5", "43831", "43831.5", "0.25", "60", " 5", "x"]


def _random_text(rng: random.Random, p: str) -> str:
    text = rng.choice(RANDOM_TEXTS)
    form = rng.randrange(4)
    if form == 0:
        return f"<{p}t>{text}</{p}t>"
    if form == 1:
        return f'<{p}t xml:space="preserve">{text}</{p}t>'
    if form == 2:
        return "".join(
            f"<{p}r><{p}t>{rng.choice(RANDOM_TEXTS)}</{p}t></{p}r>"
            for _run in range(rng.randint(1, 3))
        )
    phonetic = f'<{p}rPh sb="0" eb="1"><{p}t>ph</{p}t></{p}rPh>'
    return f"<{p}r><{p}t>{text}</{p}t></{p}r>{phonetic}"


def _random_cell(rng: random.Random, p: str, reference: str) -> str:
    style = rng.choice(["", "", ' s="1"', ' s="2"', ' s="3"', ' s="9"'])
    value = rng.choice(RANDOM_VALUES)
    forms = [
        f"<{p}c{reference}{style}/>",
        f'<{p}c{reference}{style} t="s"><{p}v>{rng.randrange(4)}</{p}v></{p}c>',
        f'<{p}c{reference}{style} t="inlineStr"><{p}is>{_random_text(rng, p)}'
        f"</{p}is></{p}c>",
        f'<{p}c{reference} t="b"><{p}v>{rng.randrange(2)}</{p}v></{p}c>',
        f'<{p}c{reference} t="e"><{p}v>#N/A</{p}v></{p}c>',
        f'<{p}c{reference} t="str"><{p}f>X</{p}f><{p}v>{rng.choice(RANDOM_TEXTS)}'
        f"</{p}v></{p}c>",
        f"<{p}c{reference}{style}><{p}f>A1</{p}f><{p}v>{value}</{p}v></{p}c>",
        f"<{p}c{reference}{style}><{p}v>{value}</{p}v></{p}c>",
        f"<{p}c{reference}{style}><{p}v>{value}</{p}v></{p}c>",
    ]
    return rng.choice(forms)


def _random_workbook(path: Path, seed: int) -> Path:
    """Write a small workbook mixing the forms a sheet's XML can take."""
    rng = random.Random(seed)
    namespace = rng.choice(["", "", "x"])
    p = f"{namespace}:" if namespace else ""
    row_references = rng.random() < 0.8
    rows, number = [], 0
    for _row in range(rng.randint(1, 10)):
        number += rng.choice([1, 1, 2, 3]) if row_references else 1
        cell_references = rng.random() < 0.85
        if cell_references:
            columns = sorted(rng.sample(range(8), rng.randint(0, 6)))
        else:
            columns = list(range(rng.randint(0, 6)))
        cells = "".join(
            _random_cell(
                rng, p, f' r="{chr(65 + c)}{number}"' if cell_references else ""
            )
            for c in columns
        )
        row = f' r="{number}"' if row_references else ""
        rows.append(f"<{p}row{row}>{cells}</{p}row>")
    merges = "".join(
        f'<{p}mergeCell ref="{chr(65 + c)}{r}:{chr(65 + c + rng.randrange(3))}'
        f'{r + rng.randrange(3)}"/>'
        for c, r in ((rng.randrange(6), rng.randint(1, number)) for _m in range(3))
        if rng.random() < 0.3
    )
    sheet = worksheet(
        "".join(rows),
        after=f"<{p}mergeCells>{merges}</{p}mergeCells>" if merges else "",
        namespace=namespace,
    )
    return write_workbook_parts(
        path,
        [("Sheet1", sheet)],
        shared_strings=shared_strings([_random_text(rng, "") for _i in range(4)]),
        styles=styles([0, 14, 46, 164], {164: 'yyyy"年"m"月"d"日"'}),
        workbook_properties='<workbookPr date1904="1"/>' if rng.random() < 0.2 else "",
    )


@pytest.mark.parametrize("seed", range(40))
def test_random_workbook_matches_calamine(tmp_path, seed):
    path = _random_workbook(tmp_path / "random.xlsx", seed)
    try:
        calamine = reader._open_calamine(path)
    except DomainError as error:  # no value anywhere: "empty" from both
        with pytest.raises(DomainError) as raised:
            reader._open_streamed(path)
        assert raised.value.code == error.code
        return
    streamed = reader._open_streamed(path)
    expected = list(calamine.rows())
    # A merged range may fill past python-calamine's width; compare within it.
    width = max((len(cells) for _number, cells in expected), default=0)
    got = [(number, cells[:width]) for number, cells in streamed.rows()]
    assert _typed(got) == _typed(expected)


def test_merged_ranges_fill_their_cells(tmp_path):
    path = write_workbook_parts(tmp_path / "case.xlsx", **CASES["merged cells"])
    rows = dict(_assert_same_rows(path))
    assert rows[2][4] == ("str", "某公司保单清单")
    assert rows[3][2] == ("str", "保单信息")
    assert rows[6][0] == ("str", "P1")
    assert 7 not in rows  # past the last row with a value, like python-calamine


def test_merged_range_fills_past_last_column(tmp_path):
    # python-calamine stops at the sheet's last column with a value (B);
    # the streamed row goes on to the range's right edge (D).
    sheet = worksheet(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>标题</t></is></c></row>'
        '<row r="2"><c r="A2"><v>1</v></c><c r="B2"><v>2</v></c></row>',
        after='<mergeCells><mergeCell ref="A1:D1"/></mergeCells>',
    )
    path = write_workbook_parts(tmp_path / "x.xlsx", [("Sheet1", sheet)])
    calamine, streamed = _read_both(path)
    assert calamine[0] == (1, [("str", "标题")] * 2)
    assert streamed[0] == (1, [("str", "标题")] * 4)
    assert streamed[1:] == calamine[1:]


def test_rows_without_values_keep_their_numbers(tmp_path):
    path = write_workbook_parts(tmp_path / "case.xlsx", **CASES["gaps and empty cells"])
    rows = _assert_same_rows(path)
    assert [number for number, _cells in rows] == [1, 2, 3, 4, 5, 6, 7]


def test_calamine_rejections_are_unreadable(tmp_path):
    sheets = {
        "index": '<row r="1"><c r="A1" t="s"><v>3</v></c></row>',
        "number": '<row r="1"><c r="A1" t="n"><v>five</v></c></row>',
        "boolean": '<row r="1"><c r="A1" t="b"><v>yes</v></c></row>',
        "error": '<row r="1"><c r="A1" t="e"><v>#SPILL!</v></c></row>',
        "type": '<row r="1"><c r="A1" t="zz"><v>1</v></c></row>',
    }
    for name, rows in sheets.items():
        path = write_workbook_parts(
            tmp_path / f"{name}.xlsx", [("Sheet1", worksheet(rows))]
        )
        # python-calamine raises while loading the sheet, before any row.
        with pytest.raises(CalamineError):
            reader._open_calamine(path)
        with pytest.raises(DomainError) as raised:
            list(reader.open_source(path).rows())
        assert raised.value.code == "unreadable", name


# --- Workbooks written by openpyxl --------------------------------------------


def _openpyxl_book(path: Path, *, epoch=None) -> Path:
    book = Workbook()
    if epoch is not None:
        book.epoch = epoch
    sheet = book.active
    sheet["A1"] = "某某人寿 个险保单清单"
    sheet.merge_cells("A1:F1")
    sheet.append([])
    sheet.append(["保单号", "投保人", "生效日期", "保费", "有效", "生效时间"])
    sheet.append(["P1", "测试甲", dt.date(2019, 3, 5), 1200, True, dt.time(9, 30)])
    sheet.append(["P2", " 测试乙 ", dt.datetime(2020, 1, 2, 3, 4, 5), 99.5, False])
    sheet.append(["P3", None, dt.date(1900, 2, 28), -1, None, dt.timedelta(hours=30)])
    sheet.append(["P4", "=B4&B5", "2019/3/5", 1e20, "=1/0", None])
    sheet["C6"].number_format = "yyyy/m/d"
    sheet["D4"].number_format = "#,##0.00"
    sheet["A8"] = CellRichText(["富", TextBlock(InlineFont(b=True), "文本")])
    sheet["B8"] = "A&B <c>"
    sheet["C8"] = "line\nbreak"
    sheet.merge_cells("A8:A9")
    book.create_sheet("Second")["A1"] = "not read"
    book.save(path)
    return path


@pytest.mark.parametrize("epoch", [None, CALENDAR_MAC_1904], ids=["1900", "1904"])
def test_openpyxl_workbook_matches_calamine(tmp_path, epoch):
    rows = _assert_same_rows(_openpyxl_book(tmp_path / "book.xlsx", epoch=epoch))
    assert rows[3] == (
        4,
        [
            ("str", "P1"),
            ("str", "测试甲"),
            ("date", dt.date(2019, 3, 5)),
            ("float", 1200.0),
            ("bool", True),
            ("time", dt.time(9, 30)),
        ],
    )


def test_openpyxl_offset_sheet_matches_calamine(tmp_path):
    rows = [["保单号", "投保人"], ["P1", 1.5], [None, "R101"]]
    path = write_xlsx(tmp_path / "x.xlsx", rows, merges=["B4:B5"], start="B3")
    streamed = _assert_same_rows(path)
    assert streamed[:2] == [(1, []), (2, [])]
    assert streamed[4] == (5, [("str", ""), ("str", "P1"), ("str", "R101")])


# --- Workbooks on disk ----------------------------------------------------------


def _workbooks_on_disk() -> list[Path]:
    found = sorted(SHARED_DATA.rglob("*.xlsx")) if SHARED_DATA.is_dir() else []
    found += sorted(TESTS.rglob("*.xlsx"))
    return found


@pytest.mark.parametrize("path", _workbooks_on_disk(), ids=lambda path: path.name)
def test_workbook_on_disk_matches_calamine(path):
    assert _assert_same_rows(path)


# --- Streaming ----------------------------------------------------------------


def _write_long_sheet(path: Path, rows: int) -> Path:
    header = "".join(
        f'<c r="{_letters(i)}1" t="inlineStr"><is><t>列{i}</t></is></c>'
        for i in range(20)
    )
    body = "".join(
        f'<row r="{row}">'
        + "".join(
            f'<c r="{_letters(i)}{row}"><v>{row * 100 + i}</v></c>' for i in range(20)
        )
        + "</row>"
        for row in range(2, rows + 1)
    )
    sheet = worksheet(f'<row r="1">{header}</row>{body}')
    return write_workbook_parts(path, [("Sheet1", sheet)])


class _CountingReads:
    """Count the bytes read from each member a ZipFile opens, in opening order."""

    def __init__(self, monkeypatch):
        self.bytes_read: dict[int, int] = {}
        original = zipfile.ZipExtFile.read

        def read(stream, size=-1):
            data = original(stream, size)
            self.bytes_read[id(stream)] = self.bytes_read.get(id(stream), 0) + len(data)
            return data

        monkeypatch.setattr(zipfile.ZipExtFile, "read", read)


def test_rows_stream_the_sheet_part(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_stream, "CHUNK_BYTES", 1 << 14)
    path = _write_long_sheet(tmp_path / "long.xlsx", 3000)
    part_size = zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml").file_size
    sheet = xlsx_stream.open_first_sheet(path)
    reads = _CountingReads(monkeypatch)

    rows = sheet.rows()
    first = next(rows)

    assert first == (1, [f"列{i}" for i in range(20)])
    assert part_size > 50 * xlsx_stream.CHUNK_BYTES
    # The first pass reads the part to its end for the merged ranges; the
    # second has read a few chunks when the first row comes.
    scan, streaming = reads.bytes_read.values()
    assert scan == part_size
    assert streaming <= 3 * xlsx_stream.CHUNK_BYTES
    assert sum(1 for _row in rows) == 2999


def test_rows_hold_a_few_chunks_of_memory(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_stream, "CHUNK_BYTES", 1 << 14)
    path = _write_long_sheet(tmp_path / "long.xlsx", 3000)
    part_size = zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml").file_size
    sheet = xlsx_stream.open_first_sheet(path)

    tracemalloc.start()
    try:
        count = sum(1 for _row in sheet.rows())
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert count == 3000
    assert peak < part_size / 4


def test_total_rows_comes_from_the_dimension(tmp_path):
    sheet = worksheet('<row r="1"><c r="A1"><v>1</v></c></row>').replace(
        "<sheetData>", '<dimension ref="A1:C1500"/><sheetData>'
    )
    path = write_workbook_parts(tmp_path / "x.xlsx", [("Sheet1", sheet)])
    assert reader._open_streamed(path).total_rows == 1500


def test_total_rows_without_dimension_is_estimated(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_stream, "CHUNK_BYTES", 1 << 14)
    path = _write_long_sheet(tmp_path / "long.xlsx", 1500)
    # The first rows are shorter (fewer digits), so this overestimates a bit.
    assert 1200 <= reader._open_streamed(path).total_rows <= 1800


def test_truncated_part_is_unreadable(tmp_path):
    path = _write_long_sheet(tmp_path / "long.xlsx", 500)
    data = bytearray(path.read_bytes())
    member = zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml")
    middle = (
        member.header_offset + 30 + len(member.filename) + member.compress_size // 2
    )
    data[middle : middle + 64] = bytes(64)
    path.write_bytes(bytes(data))
    with pytest.raises(DomainError) as raised:
        reader.open_source(path)
    assert raised.value.code == "unreadable"


def test_zip_without_workbook_goes_to_calamine(tmp_path):
    path = tmp_path / "x.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("content.xml", "<office:document/>")
    assert not xlsx_stream.is_xlsx(path)
    with pytest.raises(DomainError) as raised:
        reader.open_source(path)
    assert raised.value.code == "unreadable"


def test_utf16_strings_go_to_calamine(tmp_path):
    path = write_workbook_parts(
        tmp_path / "x.xlsx",
        [("Sheet1", worksheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'))],
        shared_strings=shared_strings(["<t>保单号</t>"]).encode("utf-16"),
    )
    with pytest.raises(xlsx_stream.NotStreamable):
        xlsx_stream.open_first_sheet(path)
    # python-calamine 0.9.1 cannot decode it either.
    with pytest.raises(DomainError) as raised:
        reader.open_source(path)
    assert raised.value.code == "unreadable"
    assert "decode" in str(raised.value)


def test_xlsx_source_is_streamed(tmp_path):
    path = write_xlsx(tmp_path / "x.xlsx", [["保单号"], ["P1"]])
    source = reader.open_source(path)
    assert isinstance(source._sheet, xlsx_stream.Sheet)
    assert [cells for _number, cells in source.rows()] == [["保单号"], ["P1"]]


def test_nan_serial_reads_as_calamine_does(tmp_path):
    sheet = worksheet(
        '<row r="1"><c r="A1"><v>nan</v></c><c r="B1" s="0"><v>NaN</v></c></row>'
    )
    path = write_workbook_parts(
        tmp_path / "nan.xlsx", [("Sheet1", sheet)], styles=styles([14])
    )
    expected, streamed = _read_both(path)
    assert math.isnan(streamed[0][1][0][1])
    assert streamed[0][1][1] == expected[0][1][1]


def test_packed_strings_slice_and_share_common(monkeypatch):
    from array import array

    from revisit.imports import xlsx_parts

    monkeypatch.setattr(xlsx_parts, "COMMON_STRINGS", 2)
    strings = xlsx_parts.PackedStrings("有效张三P001", array("Q", [0, 2, 4, 8]))
    assert len(strings) == 3
    assert [strings[index] for index in range(3)] == ["有效", "张三", "P001"]
    assert strings.common == ["有效", "张三"]
    with pytest.raises(IndexError):
        strings[3]
    with pytest.raises(IndexError):
        strings[-1]


# --- Regular blocks -------------------------------------------------------------

# Value cells for a column of one kind, by kind; {row} is the row number.
REGULAR_KINDS = {
    "shared": lambda rng, row: f' t="s"><v>{rng.randrange(6)}</v>',
    "number": lambda rng, row: f"><v>{rng.choice(['1', '2.5', '-3', '1e5', '7'])}</v>",
    "date": lambda rng, row: f' s="1"><v>{rng.choice(["43831", "43831.5", "60"])}</v>',
    "duration": lambda rng, row: f' s="2"><v>{rng.choice(["0.25", "1.5"])}</v>',
    "boolean": lambda rng, row: f' t="b"><v>{rng.randrange(2)}</v>',
    "error": lambda rng, row: ' t="e"><v>#N/A</v>',
    "text": lambda rng, row: f' t="str"><v>{rng.choice(["a&amp;b", "x", "保单"])}</v>',
    "mixed": lambda rng, row: rng.choice(
        [f' t="s"><v>{rng.randrange(6)}</v>', "><v>4</v>", ' s="1"><v>43831</v>']
    ),
}
REGULAR_STRINGS = [
    "<t>有效</t>",
    "<t>张三</t>",
    "<t>P001</t>",
    "<t>a b</t>",
    "<t/>",
    "<t>z</t>",
]


def _regular_workbook(path: Path, seed: int, flaw: str = "") -> Path:
    """Write rows that all have cells A to the same column, each a plain <v>."""
    rng = random.Random(seed)
    width = rng.randint(2 if flaw else 1, 8)
    kinds = [rng.choice(list(REGULAR_KINDS)) for _column in range(width)]
    rows = []
    for number in range(1, rng.randint(40, 120)):
        cells = [
            f'<c r="{_letters(column)}{number}"{REGULAR_KINDS[kind](rng, number)}</c>'
            for column, kind in enumerate(kinds)
        ]
        if flaw == "empty row" and number == 30:
            rows.append(f'<row r="{number}" spans="1:{width}"/>')
            continue
        if flaw and number == 30:
            cells = _flawed(flaw, cells, number, width)
        rows.append(f'<row r="{number}" spans="1:{width}">{"".join(cells)}</row>')
    return write_workbook_parts(
        path,
        [("Sheet1", worksheet("".join(rows)))],
        shared_strings=shared_strings(REGULAR_STRINGS),
        styles=styles([0, 14, 46]),
    )


def _flawed(flaw: str, cells: list[str], number: int, width: int) -> list[str]:
    letters = _letters(width)
    if flaw == "extra cell":
        return [*cells, f'<c r="{letters}{number}"><v>1</v></c>']
    if flaw == "extra inline string":
        inline = f'<c r="{letters}{number}" t="inlineStr"><is><t>in</t></is></c>'
        return [*cells, inline]
    if flaw == "missing cell":
        return cells[:-1]
    if flaw == "newline between cells":
        return [cell + "\n" for cell in cells]
    if flaw == "inline string":
        return [f'<c r="A{number}" t="inlineStr"><is><t>in</t></is></c>', *cells[1:]]
    if flaw == "empty cell":
        return [f'<c r="A{number}" s="1"/>', *cells[1:]]
    if flaw == "string index past the table":
        return [f'<c r="A{number}" t="s"><v>99</v></c>', *cells[1:]]
    if flaw == "space in a number":
        return [f'<c r="A{number}"><v> 5</v></c>', *cells[1:]]
    assert flaw == "swapped cells"
    return [cells[1], cells[0], *cells[2:]]


def _regular_blocks(monkeypatch) -> list:
    """Make blocks small and record what each _regular_rows call returned."""
    monkeypatch.setattr(xlsx_stream, "CHUNK_BYTES", 1 << 10)
    results = []
    original = xlsx_stream._RowParser._regular_rows

    def regular_rows(parser, block):
        rows = original(parser, block)
        if not isinstance(parser.strings, xlsx_stream._AnyStrings):
            results.append(rows is not None)  # not the pass that finds a value
        return rows

    monkeypatch.setattr(xlsx_stream._RowParser, "_regular_rows", regular_rows)
    return results


@pytest.mark.parametrize("seed", range(30))
def test_regular_blocks_match_calamine(tmp_path, monkeypatch, seed):
    from revisit.imports import xlsx_parts

    # Some strings are common (shared objects), the rest sliced from the text.
    monkeypatch.setattr(xlsx_parts, "COMMON_STRINGS", 3)
    regular = _regular_blocks(monkeypatch)
    path = _regular_workbook(tmp_path / "regular.xlsx", seed)
    assert _assert_same_rows(path)
    assert len(regular) > 2
    assert all(regular)


@pytest.mark.parametrize(
    "flaw",
    [
        "extra cell",
        "extra inline string",
        "missing cell",
        "newline between cells",
        "inline string",
        "empty cell",
        "string index past the table",
        "space in a number",
        "swapped cells",
        "empty row",
    ],
)
@pytest.mark.parametrize("seed", range(4))
def test_irregular_blocks_match_calamine(tmp_path, monkeypatch, seed, flaw):
    regular = _regular_blocks(monkeypatch)
    path = _regular_workbook(tmp_path / "irregular.xlsx", seed, flaw)
    try:
        expected = _typed(reader._open_calamine(path).rows())
    except CalamineError:  # python-calamine rejects the sheet while loading it
        with pytest.raises(DomainError) as raised:
            list(reader._open_streamed(path).rows())
        assert raised.value.code == "unreadable"
        return
    assert _typed(reader._open_streamed(path).rows()) == expected
    assert False in regular  # the block with the flaw took the general path
