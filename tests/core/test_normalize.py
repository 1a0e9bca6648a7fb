import datetime as dt
from decimal import Decimal

import pytest

from revisit.core.exceptions import DomainError
from revisit.core.normalize import (
    clean_name,
    clean_text,
    excel_serial_to_date,
    looks_scientific,
    normalize_phone,
    parse_amount,
    parse_date_text,
    unwrap_identifier,
)


@pytest.mark.parametrize(
    "text",
    [
        "2019-03-05",
        "2019/3/5",
        "2019.03.05",
        "2019年3月5日",
        "2019年3月5",
        "20190305",
        "2019-03-05 00:00:00",
        "2019/3/5 0:00",
        " 2019-3-5 ",
        "２０１９－０３－０５",
    ],
)
def test_date_forms_parse(text):
    assert parse_date_text(text) == dt.date(2019, 3, 5)


@pytest.mark.parametrize("text", ["23-5-1", "5/1/2023", "01.05.23", "23年5月1日"])
def test_ambiguous_dates_are_rejected(text):
    with pytest.raises(DomainError) as raised:
        parse_date_text(text)
    assert raised.value.code == "date_ambiguous"


@pytest.mark.parametrize("text", ["2019-02-30", "soon", "2019-13-01", "201903"])
def test_invalid_dates_are_rejected(text):
    with pytest.raises(DomainError) as raised:
        parse_date_text(text)
    assert raised.value.code == "date_invalid"


def test_year_outside_range_is_rejected():
    with pytest.raises(DomainError) as raised:
        parse_date_text("1850-01-01")
    assert raised.value.code == "date_range"


def test_excel_serials_convert():
    assert excel_serial_to_date(45047) == dt.date(2023, 5, 1)
    assert excel_serial_to_date(45413.0) == dt.date(2024, 5, 1)
    # A time of day is dropped; float noise just under a whole day is not.
    assert excel_serial_to_date(33806.5) == dt.date(1992, 7, 21)
    assert excel_serial_to_date(33806.9999999) == dt.date(1992, 7, 22)


def test_excel_serial_before_1900_march_is_rejected():
    with pytest.raises(DomainError):
        excel_serial_to_date(59)


@pytest.mark.parametrize(
    "text",
    [
        "13900000001",
        "139 0000 0001",
        "139-0000-0001",
        "+86 13900000001",
        "+8613900000001",
        "0086 139 0000 0001",
        "86-139-0000-0001",
        "１３９０００００００１",
        "13900000001.0",
        "(139)0000-0001",
    ],
)
def test_mobile_forms_normalise(text):
    assert normalize_phone(text) == "13900000001"


def test_landline_keeps_area_code():
    assert normalize_phone("0571-8888 6666") == "057188886666"


def test_local_number_without_area_code_is_kept():
    assert normalize_phone("88886666") == "88886666"


@pytest.mark.parametrize("text", ["1390000", "12345", "phone", "139000000011"])
def test_invalid_phones_are_rejected(text):
    with pytest.raises(DomainError) as raised:
        normalize_phone(text)
    assert raised.value.code == "phone_invalid"


def test_phone_in_scientific_notation_says_digits_were_lost():
    with pytest.raises(DomainError) as raised:
        normalize_phone("1.39E+10")
    assert raised.value.code == "scientific"


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1,200.00", "1200.00"),
        ("１，２００.００", "1200.00"),
        ("1200元", "1200.00"),
        ("92万", "920000.00"),
        ("1.5万元", "15000.00"),
        ("￥3,307.39", "3307.39"),
        (" 8899.094 ", "8899.09"),
        ("8899.095", "8899.10"),
        ("RMB 100", "100.00"),
    ],
)
def test_amount_forms_parse(text, amount):
    assert parse_amount(text) == Decimal(amount)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("-5", "amount_negative"),
        ("abc", "amount_invalid"),
        ("NaN", "amount_invalid"),
        ("1,2,3万万", "amount_invalid"),
    ],
)
def test_bad_amounts_are_rejected(text, code):
    with pytest.raises(DomainError) as raised:
        parse_amount(text)
    assert raised.value.code == code


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("\u3000测试辛 ", "测试辛"),
        ("张 三", "张三"),
        ("  李\u00a0四\t", "李四"),
        ("Anna  Li", "Anna Li"),
        ("买买提•艾力", "买买提·艾力"),
        ("买买提 . 艾力", "买买提·艾力"),
        ("ＡＢＣ", "ABC"),
    ],
)
def test_names_lose_stray_and_full_width_spaces(text, name):
    assert clean_name(text) == name


def test_clean_text_collapses_whitespace():
    assert clean_text(" 杭州市\u3000西湖区  幸福路１号 ") == "杭州市 西湖区 幸福路1号"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("'110105198001011238", "110105198001011238"),
        ("\t110105198001011238", "110105198001011238"),
        ('="110105198001011238"', "110105198001011238"),
        ("11010519491231002x", "11010519491231002X"),
        ("１１０１０５ 1980 0101 1238", "110105198001011238"),
    ],
)
def test_wrapped_identifiers_are_unwrapped(text, value):
    assert unwrap_identifier(text) == value


def test_unwrap_keeps_case_when_asked():
    assert unwrap_identifier("'p0005", upper=False) == "p0005"


@pytest.mark.parametrize(
    ("text", "result"),
    [
        ("1.10105E+17", True),
        ("3.3e17", True),
        ("110105198001011238", False),
        ("1.5", False),
    ],
)
def test_scientific_notation_is_recognised(text, result):
    assert looks_scientific(text) is result
