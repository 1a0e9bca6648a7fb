"""Cell normalisers and code tables, without the database."""

import datetime as dt
from decimal import Decimal

import pytest

from revisit.core.exceptions import DomainError
from revisit.imports.codes import CodeTables, validate_code_tables
from revisit.imports.fields import FIELDS
from revisit.imports.normalize import normalizer_for
from revisit.imports.normalize.cells import (
    to_amount,
    to_date,
    to_id_number,
    to_identifier,
    to_phones,
    to_term,
)


def _code(field, cell, tables=None):
    return normalizer_for(FIELDS[field], CodeTables(tables))(cell)


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        (dt.date(2019, 3, 5), "2019-03-05"),
        (dt.datetime(2019, 3, 5, 10, 30), "2019-03-05"),
        (43529.0, "2019-03-05"),
        (43529, "2019-03-05"),
        ("43529", "2019-03-05"),
        ("2019/3/5", "2019-03-05"),
        ("20190305", "2019-03-05"),
    ],
)
def test_dates_from_any_cell(cell, value):
    assert to_date(cell) == value


def test_ambiguous_date_cell_is_rejected():
    with pytest.raises(DomainError) as raised:
        to_date("23-5-1")
    assert raised.value.code == "date_ambiguous"


@pytest.mark.parametrize(
    "cell", [3.30106197607289e17, 110105198001011238, "1.10105E+17", "3.3E17"]
)
def test_id_numbers_that_lost_digits_are_rejected(cell):
    with pytest.raises(DomainError) as raised:
        to_id_number(cell)
    assert raised.value.code == "number_lost_digits"


def test_fifteen_digit_id_from_a_number_cell_is_exact():
    assert to_id_number(310104760813213.0) == "310104760813213"


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("'110105198001011238", "110105198001011238"),
        ("\t11010519491231002x", "11010519491231002X"),
        ('="110105198001011238"', "110105198001011238"),
        ("E12345678", "E12345678"),
    ],
)
def test_id_numbers_are_unwrapped(cell, value):
    assert to_id_number(cell) == value


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        (880070039.0, "880070039"),
        ("'P0005", "P0005"),
        ("Ｐ０００５ ", "P0005"),
        ('="P0005"', "P0005"),
    ],
)
def test_identifiers_are_unwrapped(cell, value):
    assert to_identifier(cell) == value


def test_identifier_with_chinese_is_rejected():
    with pytest.raises(DomainError) as raised:
        to_identifier("待定")
    assert raised.value.code == "identifier_invalid"


def test_long_number_identifier_is_rejected():
    with pytest.raises(DomainError) as raised:
        to_identifier(1.23456789012345678e17)
    assert raised.value.code == "number_lost_digits"


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        (2509.69, Decimal("2509.69")),
        (33543.030000000006, Decimal("33543.03")),
        ("25,679.13", Decimal("25679.13")),
        ("92万", Decimal("920000.00")),
        (1200, Decimal("1200.00")),
    ],
)
def test_amounts(cell, value):
    assert to_amount(cell) == value


def test_amount_column_in_ten_thousands_is_scaled():
    assert to_amount("15", factor=10000) == Decimal("150000.00")


def test_phone_cell_with_two_numbers_gives_other_phone():
    assert to_phones("13900000001 / 0571-88886666") == ("13900000001", "057188886666")


def test_phone_number_cell_from_excel():
    assert to_phones(13900000005.0) == ("13900000005", "")


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("20年", ("years", 20)),
        ("20", ("years", 20)),
        (20.0, ("years", 20)),
        ("5年交", ("years", 5)),
        ("至60岁", ("to_age", 60)),
        ("交至60周岁", ("to_age", 60)),
        ("60岁", ("to_age", 60)),
        ("趸交", ("single", None)),
        ("一次交清", ("single", None)),
        ("终身", ("lifetime", None)),
    ],
)
def test_payment_terms(cell, value):
    assert to_term(cell) == value


def test_unknown_term_is_rejected():
    with pytest.raises(DomainError) as raised:
        to_term("看情况")
    assert raised.value.code == "term_invalid"


@pytest.mark.parametrize(
    ("field", "cell", "value"),
    [
        ("status", "有效", "in_force"),
        ("status", "失效", "lapsed"),
        ("status", "中止", "lapsed"),
        ("status", "满期终止", "matured"),
        ("status", "满期", "matured"),
        ("status", "退保", "surrendered"),
        ("status", "退保终止", "surrendered"),
        ("status", "理赔终止", "claim_terminated"),
        ("holder_gender", 1.0, "M"),
        ("holder_gender", "2", "F"),
        ("holder_gender", "女", "F"),
        ("payment_mode", "1年交", "annual"),
        ("payment_mode", "年缴", "annual"),
        ("payment_mode", "半年交", "semi_annual"),
        ("payment_mode", "趸交", "single"),
        ("relationship", "配偶", "spouse"),
        ("relationship", "子女", "child"),
        ("holder_id_type", "居民身份证", "resident"),
        ("holder_id_type", "护照", "passport"),
        ("holder_id_type", "港澳通行证", "hk_macau"),
        ("holder_id_type", "台胞证", "taiwan"),
        ("holder_id_type", "军官证", "military"),
        ("holder_id_type", "出生证", "birth_cert"),
        ("is_rider", "附加险", "rider"),
        ("is_rider", "主险", "base"),
    ],
)
def test_built_in_codes(field, cell, value):
    assert _code(field, cell) == value


def test_unknown_status_code_is_rejected_with_hint():
    result = _code("status", "6")
    assert isinstance(result, DomainError)
    assert result.code == "code_unknown"


def test_office_code_table_maps_numeric_codes():
    tables = {"status": {"6": "in_force"}, "payment_mode": {"1": "annual"}}
    assert _code("status", 6.0, tables) == "in_force"
    assert _code("payment_mode", "1", tables) == "annual"


def test_field_table_wins_over_table_for_its_column():
    tables = {"gender": {"0": "M"}, "insured_gender": {"0": "F"}}
    assert _code("holder_gender", "0", tables) == "M"
    assert _code("insured_gender", "0", tables) == "F"


def test_unknown_id_type_code_is_left_for_the_row_to_decide():
    assert _code("holder_id_type", "11") == "?11"


@pytest.mark.parametrize(
    "tables",
    [{"colour": {"1": "red"}}, {"status": {"6": "alive"}}, {"status": ["6"]}],
)
def test_bad_code_tables_are_rejected(tables):
    with pytest.raises(DomainError):
        validate_code_tables(tables)
