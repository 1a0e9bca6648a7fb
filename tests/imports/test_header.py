"""Finding the header and mapping columns, without the database."""

import pytest

from revisit.core.exceptions import DomainError
from revisit.imports.header import guess_header, locate_header, map_columns
from revisit.imports.reader import open_source
from revisit.imports.synonyms import lookup
from tests.imports.files import write_xlsx


def _numbered(rows):
    return list(enumerate(rows, start=1))


def _fields(header):
    return [column.field for column in header.columns]


def test_header_found_under_title_rows():
    rows = [
        ["某人寿保险公司 保单清单", "", ""],
        ["提取日期：2026-11-30", "", ""],
        ["保单号", "投保人姓名", "保费"],
        ["P1", "测试甲", "100"],
    ]
    header = locate_header(_numbered(rows))
    assert header.row_number == 3
    assert _fields(header) == ["policy_number", "holder_name", "premium"]


def test_policy_column_alone_is_not_a_header():
    rows = [["保单号", "备注一"], ["保单号", "投保人"]]
    assert locate_header(_numbered(rows)).row_number == 2


def test_missing_header_is_reported():
    with pytest.raises(DomainError) as raised:
        locate_header(_numbered([["a", "b"], ["1", "2"]]))
    assert raised.value.code == "no_header"


def test_two_row_header_is_flattened():
    rows = [
        ["保单号", "投保人", "", "被保险人", ""],
        ["", "姓名", "证件号码", "姓名", "证件号码"],
        ["P1", "测试甲", "110105198001011238", "测试乙", "310115198512304569"],
    ]
    header = locate_header(_numbered(rows))
    assert header.row_number == 2
    assert _fields(header) == [
        "policy_number",
        "holder_name",
        "holder_id_number",
        "insured_name",
        "insured_id_number",
    ]
    assert header.columns[2].header == "投保人/证件号码"


def test_group_row_above_header_names_the_person():
    rows = [
        ["保单信息", "", "被保险人信息", ""],
        ["保单号", "投保人", "姓名", "证件号码"],
        ["P1", "测试甲", "测试乙", "310115198512304569"],
    ]
    header = locate_header(_numbered(rows))
    assert header.row_number == 2
    assert _fields(header) == [
        "policy_number",
        "holder_name",
        "insured_name",
        "insured_id_number",
    ]


def test_merged_header_in_xlsx_is_flattened(tmp_path):
    rows = [
        ["保单清单", None, None, None, None],
        ["保单号", "投保人", None, "被保险人", None],
        [None, "姓名", "证件号码", "姓名", "证件号码"],
        ["P1", "测试甲", "110105198001011238", "测试乙", "310115198512304569"],
    ]
    path = write_xlsx(
        tmp_path / "x.xlsx", rows, merges=["A1:E1", "A2:A3", "B2:C2", "D2:E2"]
    )
    header = locate_header(list(open_source(path).rows()))
    assert header.row_number == 3
    assert _fields(header) == [
        "policy_number",
        "holder_name",
        "holder_id_number",
        "insured_name",
        "insured_id_number",
    ]


def test_bare_person_columns_follow_the_name_on_their_left():
    columns = map_columns(
        ["保单号", "投保人", "证件号码", "手机号", "被保人", "证件号码", "手机号"]
    )
    assert [c.field for c in columns] == [
        "policy_number",
        "holder_name",
        "holder_id_number",
        "holder_phone",
        "insured_name",
        "insured_id_number",
        "insured_phone",
    ]


def test_duplicate_headers_are_kept_apart():
    columns = map_columns(["保单号", "投保人", "备注", "备注", "保单号"])
    assert [c.header for c in columns] == ["保单号", "投保人", "备注", "备注", "保单号"]
    # The second policy number column does not overwrite the first.
    assert [c.field for c in columns] == [
        "policy_number",
        "holder_name",
        None,
        None,
        None,
    ]


def test_profile_mapping_wins_over_synonyms():
    columns = map_columns(
        ["保单号", "合同类别", "投保人"], {"合同类别": "category", "投保人": ""}
    )
    assert [c.field for c in columns] == ["policy_number", "category", ""]


def test_profile_maps_second_occurrence():
    columns = map_columns(["保单号", "号码", "号码"], {"号码#2": "holder_phone"})
    assert [c.field for c in columns] == ["policy_number", None, "holder_phone"]


def test_profile_mapping_to_unknown_field_is_reported():
    with pytest.raises(DomainError) as raised:
        map_columns(["保单号"], {"保单号": "policy_no"})
    assert raised.value.code == "bad_mapping"


def test_unknown_headers_are_listed():
    header = locate_header(_numbered([["保单号", "投保人", "渠道", "", "备注"]]))
    assert header.unknown == ["渠道", "备注"]


@pytest.mark.parametrize(
    ("text", "field", "factor"),
    [
        ("保额(元)", "sum_assured", 1),
        ("保额（万元）", "sum_assured", 10000),
        ("基本保额", "sum_assured", 1),
        ("*保单号", "policy_number", 1),
        ("交至日期：", "paid_to_date", 1),
        ("缴至日期", "paid_to_date", 1),
        ("投保人姓名", "holder_name", 1),
        ("Policy No", "policy_number", 1),
        ("被保险人身份证号码", "insured_id_number", 1),
    ],
)
def test_synonyms(text, field, factor):
    found, suffix, found_factor = lookup(text)
    assert (found, suffix, found_factor) == (field, None, factor)


def test_guess_header_picks_the_row_with_most_text():
    rows = _numbered([["清单"], ["合同编码", "客户", "金额"], ["X1", "测试甲", "10"]])
    header = guess_header(rows)
    assert header.row_number == 2
    assert header.unknown == ["合同编码", "客户", "金额"]
