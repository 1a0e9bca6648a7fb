"""Reading files: encodings, line ends, delimiters, sheet offsets, merged cells."""

import pytest

from revisit.core.exceptions import DomainError
from revisit.imports.reader import open_source
from tests.imports.files import write_csv, write_xlsx

ROWS = [["保单号", "投保人", "证件号码"], ["P1", "测试甲", "110105198001011238"]]


def _rows(source):
    return [cells for _number, cells in source.rows()]


@pytest.mark.parametrize(
    ("encoding", "bom", "detected"),
    [
        ("utf-8", False, "utf-8"),
        ("utf-8", True, "utf-8-sig"),
        ("gbk", False, "gb18030"),
        ("gb18030", False, "gb18030"),
    ],
)
def test_csv_encodings_are_detected(tmp_path, encoding, bom, detected):
    path = write_csv(tmp_path / "x.csv", ROWS, encoding=encoding, bom=bom)
    source = open_source(path)
    assert source.encoding == detected
    assert _rows(source) == ROWS


def test_gb18030_only_characters_decode(tmp_path):
    # 䶮 is outside GBK; GB18030 covers it.
    rows = [["保单号", "投保人"], ["P1", "刘䶮"]]
    path = write_csv(tmp_path / "x.csv", rows, encoding="gb18030")
    assert _rows(open_source(path)) == rows


def test_utf16_tab_separated_export_reads(tmp_path):
    path = write_csv(tmp_path / "x.txt", ROWS, encoding="utf-16", delimiter="\t")
    source = open_source(path)
    assert source.delimiter == "\t"
    assert _rows(source) == ROWS


def test_semicolon_delimiter_is_sniffed(tmp_path):
    path = write_csv(tmp_path / "x.csv", ROWS, delimiter=";")
    assert _rows(open_source(path)) == ROWS


@pytest.mark.parametrize("newline", ["\r", "\r\n", "\n"])
def test_any_line_end_splits_rows(tmp_path, newline):
    path = write_csv(tmp_path / "x.csv", ROWS + [["P2", "测试乙", ""]], newline=newline)
    source = open_source(path)
    assert [number for number, _cells in source.rows()] == [1, 2, 3]
    assert source.total_rows == 3


def test_undecodable_bytes_are_reported(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"\xff\xfe\xfa\x81\x30")
    path.write_bytes(b"abc,\x81\x30\xff\xff\n")
    with pytest.raises(DomainError) as raised:
        open_source(path)
    assert raised.value.code == "encoding"


def test_xlsx_row_numbers_count_rows_above_data(tmp_path):
    path = write_xlsx(tmp_path / "x.xlsx", ROWS, start="B3")
    numbered = [(n, cells) for n, cells in open_source(path).rows() if any(cells)]
    assert [number for number, _cells in numbered] == [3, 4]
    # Cells keep their column: the first column of the sheet is empty.
    assert numbered[0][1][:2] == ["", "保单号"]


def test_xlsx_merged_cells_repeat_their_value(tmp_path):
    rows = [["保单号", "险种"], ["P1", "L101"], [None, "R101"]]
    path = write_xlsx(tmp_path / "x.xlsx", rows, merges=["A2:A3"])
    assert _rows(open_source(path))[2][:2] == ["P1", "R101"]


def test_xlsx_without_suffix_is_recognised(tmp_path):
    path = write_xlsx(tmp_path / "x.xlsx", ROWS)
    renamed = path.rename(tmp_path / "upload.bin")
    assert open_source(renamed).kind == "excel"


def test_corrupt_workbook_is_reported(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(DomainError) as raised:
        open_source(path)
    assert raised.value.code == "unreadable"
