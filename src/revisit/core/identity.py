"""Resident ID numbers (公民身份号码, GB 11643-1999).

An 18-character number is a 6-digit region code, the birth date as YYYYMMDD,
a 3-digit sequence whose last digit is odd for men and even for women, and a
check character computed by ISO 7064 MOD 11-2 (0-9 or X). The 15-digit
numbers issued before 1999 have a 2-digit birth year (always 19xx) and no
check character; they are upgraded by inserting "19" and appending one.
"""

import datetime as dt
import re
from dataclasses import dataclass
from operator import mul

from django.utils.translation import gettext_lazy as _

from revisit.core.exceptions import DomainError

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
# The byte of an ASCII digit is ord("0") plus the digit, so the weighted sum
# of the bytes exceeds that of the digits by ord("0") times the weights' sum.
_ASCII_OFFSET = ord("0") * sum(_WEIGHTS)
_RE_18 = re.compile(r"[1-9]\d{16}[\dX]")
_RE_15 = re.compile(r"[1-9]\d{14}")

# The earliest birth year accepted; anything older is a typing error.
MIN_BIRTH_YEAR = 1900

MESSAGES = {
    "id_length": _(
        "A resident ID number has 18 characters (15 on old cards), not %(length)s."
    ),
    "id_characters": _("A resident ID number contains only digits and a final X."),
    "id_check_digit": _(
        "The check digit of the resident ID number is wrong: it should be %(expected)s."
    ),
    "id_birth_date": _(
        "The birth date inside the resident ID number is not a valid date."
    ),
}


@dataclass(frozen=True)
class ResidentId:
    number: str
    birth_date: dt.date
    gender: str  # "M" or "F", as book.Gender stores it
    was_upgraded: bool


def check_character(first17: str) -> str:
    """Return the MOD 11-2 check character for the first 17 digits."""
    if first17.isascii() and first17.isdigit():
        total = sum(map(mul, first17.encode(), _WEIGHTS)) - _ASCII_OFFSET
        return _CHECK_CHARS[total % 11]
    return _CHECK_CHARS[sum(map(mul, map(int, first17), _WEIGHTS)) % 11]


def upgrade_15_to_18(number: str) -> str:
    """Turn a 15-digit resident ID into its 18-character form."""
    first17 = number[:6] + "19" + number[6:]
    return first17 + check_character(first17)


def _birth_date(digits: str, today: dt.date) -> dt.date:
    try:
        birth = dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise DomainError(MESSAGES["id_birth_date"], code="id_birth_date") from None
    if birth.year < MIN_BIRTH_YEAR or birth > today:
        raise DomainError(MESSAGES["id_birth_date"], code="id_birth_date")
    return birth


def parse_resident_id(value: str, *, today: dt.date | None = None) -> ResidentId:
    """Validate a resident ID and return it in 18-character form with its facts.

    `value` must already be trimmed and upper-cased. Raises DomainError with
    code id_length, id_characters, id_check_digit or id_birth_date.
    """
    number, birth, gender, upgraded = resident_id_facts(value, today=today)
    return ResidentId(number, birth, gender, upgraded)


def resident_id_facts(
    value: str, *, today: dt.date | None = None
) -> tuple[str, dt.date, str, bool]:
    """Return parse_resident_id's facts as a plain tuple, which costs less.

    The tuple is (number, birth_date, gender, was_upgraded). Raises as
    parse_resident_id does.
    """
    today = today or dt.date.today()
    upgraded = False
    if len(value) == 15:
        if not _RE_15.fullmatch(value):
            raise DomainError(MESSAGES["id_characters"], code="id_characters")
        value = upgrade_15_to_18(value)
        upgraded = True
    elif len(value) != 18:
        raise DomainError(
            MESSAGES["id_length"], code="id_length", params={"length": len(value)}
        )
    elif not _RE_18.fullmatch(value):
        raise DomainError(MESSAGES["id_characters"], code="id_characters")
    birth = _birth_date(value[6:14], today)
    expected = check_character(value[:17])
    if value[17] != expected:
        raise DomainError(
            MESSAGES["id_check_digit"],
            code="id_check_digit",
            params={"expected": expected},
        )
    gender = "M" if int(value[16]) % 2 else "F"
    return value, birth, gender, upgraded


def is_valid_resident_id(value: str) -> bool:
    try:
        parse_resident_id(value)
    except DomainError:
        return False
    return True
