"""The rejected-rows workbook, read back with openpyxl."""

import io

from django.utils import translation
from openpyxl import load_workbook

from revisit.imports.errors_export import write_rejected_rows_xlsx
from revisit.imports.models import RejectedRow

HEADERS = ["保单号", "投保人证件号码", "期交保费", "=公式表头"]


def rejected(cells, *, column="", message="原因"):
    return RejectedRow(
        row_number=2, column=column, value="", message=message, cells=cells
    )


def export(rows, *, headers=HEADERS, fields=(), language="zh-hans"):
    output = io.BytesIO()
    with translation.override(language):
        write_rejected_rows_xlsx(
            output, rejected_rows=rows, headers=headers, fields=fields
        )
    output.seek(0)
    return load_workbook(output)


def test_header_bold_after_reason():
    sheet = export([rejected(["P1"])]).active
    header = sheet[1]
    assert [cell.value for cell in header] == ["错误原因", *HEADERS]
    for cell in header:
        assert cell.font.b is True
    assert sheet.cell(row=2, column=2).font.b is False


def test_formula_like_header_stays_text():
    sheet = export([rejected(["P1"])]).active
    cell = sheet.cell(row=1, column=5)
    assert cell.data_type == "s"
    assert cell.value == "=公式表头"


def test_sheet_name_translated():
    assert export([rejected(["P1"])]).sheetnames == ["被拒绝的行"]
    english = export([rejected(["P1"])], language="en")
    assert english.sheetnames == ["Rejected rows"]
    assert english.active.cell(row=1, column=1).value == "Error reason"


def test_panes_frozen_at_b2():
    assert export([rejected(["P1"])]).active.freeze_panes == "B2"


def test_column_widths():
    sheet = export([rejected(["P1"])]).active
    # XlsxWriter stores a width in characters plus the cell padding.
    assert 48 <= sheet.column_dimensions["A"].width < 49
    # openpyxl reads the file's columns as one range from B to E.
    columns = sheet.column_dimensions["B"]
    assert 16 <= columns.width < 17
    assert (columns.min, columns.max) == (2, len(HEADERS) + 1)


def test_offending_cell_by_header_red():
    sheet = export(
        [rejected(["P1", "1.10105E+17", 1200], column="投保人证件号码")]
    ).active
    offending = sheet.cell(row=2, column=3)
    assert offending.fill.fill_type == "solid"
    assert offending.fill.fgColor.rgb.endswith("FFC7CE")
    assert offending.font.color.rgb.endswith("9C0006")
    assert offending.value == "1.10105E+17"
    for column in (2, 4):
        assert sheet.cell(row=2, column=column).fill.fill_type is None


def test_offending_cell_by_field_red():
    fields = ["policy_number", "holder_id_number", "premium", None]
    sheet = export(
        [rejected(["P1", "", 1200], column="holder_id_number")], fields=fields
    ).active
    assert sheet.cell(row=2, column=3).fill.fgColor.rgb.endswith("FFC7CE")
    assert sheet.cell(row=2, column=4).fill.fill_type is None


def test_empty_offending_cell_still_red():
    sheet = export([rejected(["P1", None], column="投保人证件号码")]).active
    offending = sheet.cell(row=2, column=3)
    assert offending.value is None
    assert offending.fill.fgColor.rgb.endswith("FFC7CE")


def test_unknown_column_marks_nothing():
    sheet = export([rejected(["P1", "x"], column="不存在的列")]).active
    for column in (2, 3):
        assert sheet.cell(row=2, column=column).fill.fill_type is None


def test_formula_like_cell_stays_text():
    cells = ['="110105198001011238"', "=SUM(A1:A2)", "http://example.com", "123"]
    sheet = export([rejected(cells)]).active
    for column, expected in enumerate(cells, start=2):
        cell = sheet.cell(row=2, column=column)
        assert cell.data_type == "s"
        assert cell.value == expected


def test_illegal_characters_removed():
    sheet = export([rejected(["P\x001\x0b", "\x07"], message="原\x1b因")]).active
    assert sheet.cell(row=2, column=1).value == "原因"
    assert sheet.cell(row=2, column=2).value == "P1"
    # A cell of only control characters is left empty.
    assert sheet.cell(row=2, column=3).value is None


def test_values_keep_their_types():
    sheet = export([rejected([1200, 3.5, True, False, None, "", "文本"])]).active
    values = [cell.value for cell in sheet[2]][1:]
    assert values == [1200, 3.5, True, False, None, None, "文本"]
    assert sheet.cell(row=2, column=4).data_type == "b"
    assert sheet.cell(row=2, column=2).data_type == "n"


def test_rows_in_order():
    rows = [rejected([f"P{n}"], message=f"原因{n}") for n in range(1, 4)]
    sheet = export(rows).active
    values = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[:2] for row in values] == [
        ("原因1", "P1"),
        ("原因2", "P2"),
        ("原因3", "P3"),
    ]


def test_rows_without_cells():
    sheet = export([rejected(None, message="文件无法读取")]).active
    reason, *cells = [cell.value for cell in sheet[2]]
    assert reason == "文件无法读取"
    assert cells == [None] * len(HEADERS)


def test_identifier_columns_written_as_text():
    headers = ["保单号", "投保人证件号码", "投保人手机", "期交保费"]
    fields = ["policy_number", "holder_id_number", "holder_phone", "premium"]
    row = rejected(
        [880000036.0, 3.30106197607289e17, 13912345678.0, 2000.5],
        column="投保人证件号码",
    )
    sheet = export([row], headers=headers, fields=fields).active
    policy, id_number, phone, premium = (
        sheet.cell(row=2, column=column) for column in range(2, 6)
    )
    assert policy.value == "880000036"
    # Digits already lost stay visibly lost, so the row is rejected again
    # until someone types the real number.
    assert id_number.value == "3.30106197607289E+17"
    assert phone.value == "13912345678"
    assert premium.value == 2000.5
    for cell in (policy, id_number, phone):
        assert cell.data_type == "s"
        assert cell.number_format == "@"
    assert id_number.fill.fgColor.rgb.endswith("FFC7CE")
    assert premium.number_format == "General"


def test_identifier_column_formatted_as_text():
    headers = ["保单号", "期交保费"]
    sheet = export(
        [rejected(["P1", 1.5])], headers=headers, fields=["policy_number", "premium"]
    ).active
    # An empty cell of the column takes typed digits as text too.
    assert sheet.column_dimensions["B"].number_format == "@"
    assert sheet.column_dimensions["C"].number_format == "General"
