"""Normalisers for values typed by people or exported by spreadsheets.

Each function takes text and returns the canonical value, or raises
DomainError with a stable code and a translatable message. They know
nothing about spreadsheet cells; revisit.imports.normalize wraps them for
cells of each type.
"""

import datetime as dt
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from revisit.core.exceptions import DomainError

MESSAGES = {
    "date_ambiguous": _(
        "The date has a two-digit year or puts the year last, so it could be "
        "read more than one way: write it as YYYY-MM-DD."
    ),
    "date_invalid": _("Not a date: write dates as YYYY-MM-DD."),
    "date_range": _("The date is outside the years %(first)s to %(last)s."),
    "phone_invalid": _(
        "Not a phone number: use an 11-digit mobile number, or a landline "
        "number with its area code."
    ),
    "amount_invalid": _("Not an amount in yuan."),
    "amount_negative": _("The amount is negative."),
    "scientific": _(
        "Excel stored this value as a number and dropped digits. Set the "
        "column's format to Text in Excel (or export the column as text) and "
        "import the file again."
    ),
}

FIRST_YEAR = 1900
LAST_YEAR = 2200
# Excel counts days from 1899-12-30 for serials after its fictitious
# 1900-02-29 (serial 60), which is the only range real data uses.
EXCEL_EPOCH = dt.date(1899, 12, 30)
EXCEL_FIRST_SERIAL = 61
EXCEL_LAST_SERIAL = (dt.date(LAST_YEAR, 12, 31) - EXCEL_EPOCH).days

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RE_SPACE_BY_CJK = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")
_RE_DOT_IN_NAME = re.compile(
    rf"(?<=[{_CJK}])\s*[.\u2022\u2027\u30fb\u00b7]\s*(?=[{_CJK}])"
)
_RE_SCIENTIFIC = re.compile(r"[+-]?\d+(\.\d+)?[eE][+-]?\d+")

# Dates: year first with a separator, year/month/day with Chinese units,
# eight digits, and the two-digit or year-last forms that are rejected.
_RE_DATE_YMD = re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})")
_RE_DATE_CN = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?")
_RE_DATE_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_RE_DATE_TIME_SUFFIX = re.compile(r"[T\s]+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
_RE_DATE_AMBIGUOUS = re.compile(
    r"\d{1,2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,4}\s*日?"
)

_RE_MOBILE = re.compile(r"1[3-9]\d{9}")
_RE_LANDLINE = re.compile(r"0\d{9,11}")
_RE_LOCAL = re.compile(r"[2-9]\d{6,7}")
_PHONE_SEPARATORS = re.compile(r"[\s\-()]")

_AMOUNT_NOISE = re.compile(r"[\s,¥]|元|人民币|RMB|CNY", re.IGNORECASE)
_CENT = Decimal("0.01")
_TEN_THOUSAND = Decimal(10000)


def fold_width(text: str) -> str:
    """Fold full-width letters, digits, punctuation and spaces to ASCII (NFKC)."""
    return unicodedata.normalize("NFKC", text)


def clean_text(text: str) -> str:
    """Fold widths, trim, and collapse every run of whitespace to one space."""
    return " ".join(fold_width(text).split())


def clean_name(text: str) -> str:
    """Return a person's name without stray or full-width spaces.

    Spaces next to Chinese characters go ("张 三" -> "张三"), spaces between
    Latin words stay ("Anna Li"), and the dot between the parts of a
    transliterated name is written as "·".
    """
    name = clean_text(text)
    if " " in name:
        name = _RE_SPACE_BY_CJK.sub("", name)
    return _RE_DOT_IN_NAME.sub("\u00b7", name)


def unwrap_identifier(text: str, *, upper: bool = True) -> str:
    """Remove what spreadsheets add to keep an identifier as text.

    Handles a leading apostrophe or tab, the ="..." formula form, full-width
    characters and spaces anywhere inside.
    """
    value = text.strip()
    if value.startswith('="') and value.endswith('"') and len(value) >= 3:
        value = value[2:-1]
    elif value.startswith("'"):
        value = value[1:]
    value = "".join(fold_width(value).split())
    return value.upper() if upper else value


def looks_scientific(text: str) -> bool:
    """Tell whether text is a number in scientific notation (1.10105E+17)."""
    return _RE_SCIENTIFIC.fullmatch(text.strip()) is not None


def checked_date(year: int, month: int, day: int, raw: str) -> dt.date:
    """Return the date, or raise DomainError naming `raw` as the cell written."""
    try:
        value = dt.date(year, month, day)
    except ValueError:
        raise DomainError(
            MESSAGES["date_invalid"], code="date_invalid", params={"value": raw}
        ) from None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DomainError(
            MESSAGES["date_range"],
            code="date_range",
            params={"value": raw, "first": FIRST_YEAR, "last": LAST_YEAR},
        )
    return value


def parse_date_text(text: str) -> dt.date:
    """Parse a date written with a four-digit year first.

    Accepts 2019-03-05, 2019/3/5, 2019.3.5, 2019年3月5日 and 20190305, each
    optionally followed by a time of day. Forms with a two-digit year or the
    year last (23-5-1, 5/1/2023) raise code date_ambiguous: they are never
    guessed.
    """
    raw = text.strip()
    value = _RE_DATE_TIME_SUFFIX.sub("", fold_width(raw)).strip()
    for pattern in (_RE_DATE_YMD, _RE_DATE_CN, _RE_DATE_COMPACT):
        match = pattern.fullmatch(value)
        if match:
            year, month, day = (int(part) for part in match.groups())
            return checked_date(year, month, day, raw)
    if _RE_DATE_AMBIGUOUS.fullmatch(value):
        raise DomainError(
            MESSAGES["date_ambiguous"], code="date_ambiguous", params={"value": raw}
        )
    raise DomainError(
        MESSAGES["date_invalid"], code="date_invalid", params={"value": raw}
    )


def excel_serial_to_date(serial: float) -> dt.date:
    """Convert an Excel day serial (1900 date system) to a date."""
    if serial != int(serial) and serial % 1 > 0.9999:
        serial = round(serial)
    days = int(serial)
    if not EXCEL_FIRST_SERIAL <= days <= EXCEL_LAST_SERIAL:
        raise DomainError(
            MESSAGES["date_invalid"], code="date_invalid", params={"value": serial}
        )
    return EXCEL_EPOCH + dt.timedelta(days=days)


def normalize_phone(text: str) -> str:
    """Return a phone number as digits only, without the +86 country code.

    Accepts spaces, dashes and brackets, full-width digits, +86/0086, and the
    trailing ".0" a spreadsheet adds when it stored the number as a float.
    """
    raw = text.strip()
    value = fold_width(raw)
    if value.endswith(".0"):
        value = value[:-2]
    value = _PHONE_SEPARATORS.sub("", value)
    if value.startswith("+86"):
        value = value[3:]
    elif value.startswith("0086"):
        value = value[4:]
    elif value.startswith("86") and len(value) == 13 and value[2] == "1":
        value = value[2:]
    if (
        _RE_MOBILE.fullmatch(value)
        or _RE_LANDLINE.fullmatch(value)
        or _RE_LOCAL.fullmatch(value)
    ):
        return value
    if looks_scientific(raw):
        raise DomainError(
            MESSAGES["scientific"], code="scientific", params={"value": raw}
        )
    raise DomainError(
        MESSAGES["phone_invalid"], code="phone_invalid", params={"value": raw}
    )


def parse_amount(text: str) -> Decimal:
    """Parse an amount in yuan, rounded to the fen.

    Accepts thousands separators (ASCII or full-width), a currency sign,
    the unit 元, and 万 (ten thousand): "1,200.00", "92万", "1.5万元".
    """
    raw = text.strip()
    value = _AMOUNT_NOISE.sub("", fold_width(raw))
    factor = 1
    if value.endswith("万"):
        value, factor = value[:-1], _TEN_THOUSAND
    try:
        amount = Decimal(value) * factor
    except InvalidOperation:
        raise DomainError(
            MESSAGES["amount_invalid"], code="amount_invalid", params={"value": raw}
        ) from None
    if not amount.is_finite():
        raise DomainError(
            MESSAGES["amount_invalid"], code="amount_invalid", params={"value": raw}
        )
    if amount < 0:
        raise DomainError(
            MESSAGES["amount_negative"], code="amount_negative", params={"value": raw}
        )
    return amount.quantize(_CENT, rounding=ROUND_HALF_UP)
