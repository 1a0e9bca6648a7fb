"""Caches and shortcuts of the preparing step give what the plain code gives."""

import datetime as dt
import random

from revisit.core.exceptions import DomainError
from revisit.core.identity import check_character, parse_resident_id
from revisit.imports.validate import ResidentIdChecker

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _reference_check_character(first17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS))
    return "10X98765432"[total % 11]


def _resident_id(birth: dt.date, sequence: int = 123) -> str:
    first17 = f"110105{birth:%Y%m%d}{sequence:03d}"
    return first17 + _reference_check_character(first17)


def test_check_character_matches_formula():
    rng = random.Random(5)
    for _ in range(2000):
        first17 = "".join(rng.choice("0123456789") for _ in range(17))
        assert check_character(first17) == _reference_check_character(first17)


def test_check_character_reads_unicode_digits():
    # Full-width digits take the int() path, as they did before.
    assert check_character("１１０１０５１９８００１０１１２３") == "8"


def test_id_checker_keeps_numbers_apart():
    checker = ResidentIdChecker()
    first = _resident_id(dt.date(1980, 1, 1), 123)
    second = _resident_id(dt.date(1975, 6, 30), 124)
    assert checker.check(first) == (first, "1980-01-01", "M")
    assert checker.check(second) == (second, "1975-06-30", "F")
    assert checker.check(first) == (first, "1980-01-01", "M")


def test_id_checker_matches_parse_resident_id():
    checker = ResidentIdChecker()
    number = "310104760813213"
    parsed = parse_resident_id(number)
    assert checker.check(number) == (
        parsed.number,
        parsed.birth_date.isoformat(),
        parsed.gender,
    )


def test_id_checker_returns_errors():
    checker = ResidentIdChecker()
    error = checker.check("110105198001011239")
    assert isinstance(error, DomainError)
    assert error.code == "id_check_digit"
    assert checker.check("110105198002301230").code == "id_birth_date"


def test_id_checker_accepts_birth_after_midnight():
    # A checker that started yesterday reads today's date again before it
    # rejects a birth date as being in the future.
    checker = ResidentIdChecker()
    today = dt.date.today()
    checker._today = today - dt.timedelta(days=1)
    number = _resident_id(today)
    assert checker.check(number) == (number, today.isoformat(), "M")


def test_id_checker_rejects_future_birth():
    checker = ResidentIdChecker()
    number = _resident_id(dt.date.today() + dt.timedelta(days=1))
    assert checker.check(number).code == "id_birth_date"
