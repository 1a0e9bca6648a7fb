import datetime as dt

import pytest

from revisit.core.exceptions import DomainError
from revisit.core.identity import (
    check_character,
    is_valid_resident_id,
    parse_resident_id,
    upgrade_15_to_18,
)


def test_valid_id_gives_birth_date_and_gender():
    parsed = parse_resident_id("110105198001011238")
    assert parsed.number == "110105198001011238"
    assert parsed.birth_date == dt.date(1980, 1, 1)
    assert parsed.gender == "M"
    assert parsed.was_upgraded is False


def test_even_sequence_digit_is_female():
    assert parse_resident_id("310115198512304569").gender == "F"


def test_x_check_character_is_accepted():
    first17 = "11010519491231002"
    number = first17 + check_character(first17)
    assert number.endswith("X")
    assert is_valid_resident_id(number)


def test_wrong_check_digit_is_rejected():
    with pytest.raises(DomainError) as raised:
        parse_resident_id("110105198001011239")
    assert raised.value.code == "id_check_digit"
    assert raised.value.params == {"expected": "8"}


def test_fifteen_digits_upgrade_to_eighteen():
    parsed = parse_resident_id("310104760813213")
    assert parsed.number == "310104197608132139"
    assert parsed.was_upgraded is True
    assert parsed.birth_date == dt.date(1976, 8, 13)


def test_upgrade_inserts_century_and_check():
    assert upgrade_15_to_18("110105800101123") == "11010519800101123" + check_character(
        "11010519800101123"
    )


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("11010519800101123", "id_length"),
        ("11010519800101123A", "id_characters"),
        ("110105198002301230", "id_birth_date"),
        ("110105189001011230", "id_birth_date"),
        ("01010519800101123X", "id_characters"),
    ],
)
def test_malformed_ids_are_rejected(number, code):
    with pytest.raises(DomainError) as raised:
        parse_resident_id(number)
    assert raised.value.code == code


def test_birth_date_in_future_is_rejected():
    with pytest.raises(DomainError) as raised:
        parse_resident_id("110105203001011234", today=dt.date(2026, 1, 1))
    assert raised.value.code == "id_birth_date"
