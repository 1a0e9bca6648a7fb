"""Converters from spreadsheet cells to field values, one per value type.

A cell is what the reader yields: text from CSV, and from Excel text,
float, int, bool, date or datetime. Converters raise DomainError; the
cached wrapper returns it instead.
"""

import datetime as dt
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from unicodedata import is_normalized

from django.utils.translation import gettext_lazy as _

from revisit.core.exceptions import DomainError
from revisit.core.normalize import (
    FIRST_YEAR,
    LAST_YEAR,
    checked_date,
    clean_name,
    clean_text,
    excel_serial_to_date,
    looks_scientific,
    normalize_phone,
    parse_amount,
    parse_date_text,
    unwrap_identifier,
)
from revisit.core.normalize import MESSAGES as CORE_MESSAGES
from revisit.imports import fields as F
from revisit.imports.codes import CodeTables, code_key

MESSAGES = {
    "identifier_invalid": _(
        "Not a valid number or code: use letters, digits and - _ / . only."
    ),
    "code_unknown": _(
        "%(value)s is not a known value for %(field)s: add it to the office's "
        "code table."
    ),
    "term_invalid": _(
        "Not a payment term: write a number of years, the age payments stop "
        "at, single premium, or for life."
    ),
    "number_lost_digits": CORE_MESSAGES["scientific"],
}

# Marks an ID type code missing from the tables, followed by the code.
UNKNOWN_CODE_PREFIX = "?"

# Excel keeps 15 significant digits; a number cell with more lost the rest.
EXCEL_DIGITS = 15
CACHE_LIMIT = 20_000
# A column stops caching when this share of its lookups missed.
UNIQUE_SHARE = 0.9

_CENT = Decimal("0.01")
_RE_IDENTIFIER = re.compile(r"[A-Za-z0-9\-_/.#]{1,40}")
# A five-digit number in a date column is an Excel serial that lost its
# date format on the way to CSV (10000 is 1927-05-18, 99999 is 2173).
_RE_SERIAL = re.compile(r"\d{5}(\.0+)?")
_RE_TERM_YEARS = re.compile(r"(\d{1,3})(年|年期)?(交|缴|交费|缴费|期)?")
_RE_TERM_AGE = re.compile(r"(交|缴|交费|缴费)?(至|到)?(\d{2,3})周?岁")
_RE_PHONE_SPLIT = re.compile(r"[/,;，；、|]+")
_TERM_WORDS = {
    "趸交": ("single", None),
    "趸缴": ("single", None),
    "一次交清": ("single", None),
    "一次缴清": ("single", None),
    "一次性交清": ("single", None),
    "一次性": ("single", None),
    "终身": ("lifetime", None),
    "终身交费": ("lifetime", None),
    "终身缴费": ("lifetime", None),
    "终身交": ("lifetime", None),
}


def cell_text(cell) -> str:
    """Return a cell as the text a spreadsheet would show for it."""
    if isinstance(cell, str):
        return cell
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() and abs(cell) < 1e15 else repr(cell)
    if isinstance(cell, dt.datetime):
        return cell.isoformat(sep=" ")
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell)


def _lost_digits(cell) -> DomainError:
    return DomainError(
        MESSAGES["number_lost_digits"],
        code="number_lost_digits",
        params={"value": cell_text(cell)},
    )


def _number_digits(cell) -> str:
    """Return the digits of a number cell, or raise if Excel dropped some."""
    if isinstance(cell, float) and not cell.is_integer():
        raise _lost_digits(cell)
    digits = str(abs(int(cell)))
    if len(digits) > EXCEL_DIGITS:
        raise _lost_digits(cell)
    return digits


def to_identifier(cell) -> str | None:
    if cell.__class__ is str and cell.isascii() and cell.isalnum():
        return cell
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return _number_digits(cell)
    text = cell_text(cell)
    if looks_scientific(text):
        raise _lost_digits(cell)
    value = unwrap_identifier(text, upper=False)
    if not value:
        return None
    if not _RE_IDENTIFIER.fullmatch(value):
        raise DomainError(
            MESSAGES["identifier_invalid"],
            code="identifier_invalid",
            params={"value": text.strip()},
        )
    return value


def to_id_number(cell) -> str | None:
    """Return an ID number as text; validation by ID type happens per row."""
    if cell.__class__ is str and len(cell) == 18 and cell.isascii():
        if cell[:17].isdigit() and (cell[17].isdigit() or cell[17] == "X"):
            return cell
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return _number_digits(cell)
    text = cell_text(cell)
    if looks_scientific(text):
        raise _lost_digits(cell)
    return unwrap_identifier(text) or None


def to_text(cell) -> str | None:
    if cell.__class__ is str and is_normalized("NFKC", cell):
        return " ".join(cell.split()) or None
    return clean_text(cell_text(cell)) or None


def to_name(cell) -> str | None:
    if cell.__class__ is str and cell.isalpha() and is_normalized("NFKC", cell):
        return cell
    return clean_name(cell_text(cell)) or None


def to_date(cell) -> str | None:
    """Return an ISO date string (YYYY-MM-DD)."""
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return excel_serial_to_date(cell).isoformat()
    text = cell_text(cell).strip()
    if not text:
        return None
    if len(text) == 10 and text[4] == "-" and text[7] == "-" and text.isascii():
        # The common ISO form, without the regular expressions.
        try:
            value = dt.date.fromisoformat(text)
        except ValueError:
            pass
        else:
            if FIRST_YEAR <= value.year <= LAST_YEAR:
                return text
    if 8 <= len(text) <= 10 and text.isascii():
        # 20190305 and 2019/3/5 (or - or .), as parse_date_text reads them.
        if len(text) == 8 and text.isdigit():
            parts = [text[:4], text[4:6], text[6:]]
        else:
            parts = text.split(text[4]) if text[4] in "-/." else ()
        if (
            len(parts) == 3
            and len(parts[0]) == 4
            and 1 <= len(parts[1]) <= 2
            and 1 <= len(parts[2]) <= 2
            and "".join(parts).isdigit()
        ):
            year, month, day = map(int, parts)
            return checked_date(year, month, day, text).isoformat()
    if _RE_SERIAL.fullmatch(text):
        return excel_serial_to_date(float(text)).isoformat()
    return parse_date_text(text).isoformat()


def to_amount(cell, factor: int = 1) -> Decimal | None:
    if cell.__class__ is str and cell.isascii() and cell.replace(".", "", 1).isdigit():
        amount = Decimal(cell)
    elif isinstance(cell, (int, float)) and not isinstance(cell, bool):
        amount = Decimal(repr(cell)) if isinstance(cell, float) else Decimal(cell)
        if amount < 0:
            raise DomainError(
                CORE_MESSAGES["amount_negative"],
                code="amount_negative",
                params={"value": cell_text(cell)},
            )
    else:
        text = cell_text(cell)
        if not text.strip():
            return None
        amount = parse_amount(text)
    if factor != 1:
        amount *= factor
    return amount.quantize(_CENT, rounding=ROUND_HALF_UP)


def to_phones(cell) -> tuple[str, str] | None:
    """Return (phone, other phone) from a cell that may hold two numbers."""
    if (
        cell.__class__ is str
        and len(cell) == 11
        and cell.isascii()
        and cell.isdigit()
        and cell[0] == "1"
    ):
        return cell, ""
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return normalize_phone(_number_digits(cell)), ""
    text = cell_text(cell).strip()
    if not text:
        return None
    parts = [part for part in _RE_PHONE_SPLIT.split(text) if part.strip()]
    if len(parts) > 1:
        return normalize_phone(parts[0]), normalize_phone(parts[1])
    return normalize_phone(text), ""


def to_term(cell) -> tuple[str, int | None] | None:
    """Return (PaymentTermKind value, years or age) for a payment term."""
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        if float(cell).is_integer() and 0 < cell < 200:
            return "years", int(cell)
        raise DomainError(
            MESSAGES["term_invalid"],
            code="term_invalid",
            params={"value": cell_text(cell)},
        )
    text = "".join(clean_text(cell_text(cell)).split())
    if not text:
        return None
    if text in _TERM_WORDS:
        return _TERM_WORDS[text]
    match = _RE_TERM_AGE.fullmatch(text)
    if match:
        return "to_age", int(match.group(3))
    match = _RE_TERM_YEARS.fullmatch(text)
    if match and int(match.group(1)) > 0:
        return "years", int(match.group(1))
    raise DomainError(
        MESSAGES["term_invalid"], code="term_invalid", params={"value": text}
    )


def _code_converter(field: F.Field, tables: CodeTables) -> Callable:
    table = tables.table_for(field.name, field.code_table)

    def to_code(cell) -> str | None:
        key = code_key(cell)
        if not key:
            return None
        value = table.get(key)
        if value is None:
            if field.code_table == "id_type":
                # Decided per row: a number that passes the resident ID
                # check is a resident ID whatever the code says.
                return UNKNOWN_CODE_PREFIX + cell_text(cell).strip()
            raise DomainError(
                MESSAGES["code_unknown"],
                code="code_unknown",
                params={"value": cell_text(cell).strip(), "field": field.label},
            )
        return value

    return to_code


class CachedNormaliser:
    """A converter with a cache of its results, errors included.

    Calling it returns the value, None, or a DomainError instance. A chunk
    of cells is looked up in `cache` at C speed (map over cache.get) and
    `compute_many` converts only the distinct misses; `errors` counts the
    errors in the cache, so a column without any needs no scan for them.
    The cache contains at most CACHE_LIMIT entries plus one chunk's misses.

    Columns whose values rarely repeat (policy numbers, ID numbers) would
    only fill memory: once the cache is full and most lookups missed, the
    column stops caching.
    """

    __slots__ = (
        "convert",
        "cache",
        "errors",
        "misses",
        "lookups",
        "storing",
    )

    def __init__(self, convert: Callable):
        self.convert = convert
        self.cache: dict = {"": None}
        self.errors = 0
        self.misses = 0
        self.lookups = 0  # counted by the caller that maps over cache.get
        self.storing = True

    def convert_all(self, cells) -> tuple[list, int]:
        """Convert a column of cells without the cache; return (values, errors)."""
        convert = self.convert
        values = []
        append = values.append
        errors = 0
        for cell in cells:
            if cell == "":
                append(None)
                continue
            try:
                append(convert(cell))
            except DomainError as error:
                append(error)
                errors += 1
        return values, errors

    def compute_many(self, cells) -> dict:
        """Convert distinct cells that missed the cache, and cache the results.

        Returns {cell: value or DomainError}. The results count as misses
        as compute() counts them, in one step.
        """
        convert = self.convert
        results = {}
        for cell in cells:
            try:
                results[cell] = convert(cell)
            except DomainError as error:
                results[cell] = error
        if not self.storing:
            return results
        self.misses += len(results)
        cache = self.cache
        if len(cache) + len(results) > CACHE_LIMIT and not self._clear():
            return results
        cache.update(results)
        self.errors += list(map(type, results.values())).count(DomainError)
        return results

    def _clear(self) -> bool:
        """Empty the full cache and decide whether to keep storing; return that.

        Storing stops when UNIQUE_SHARE of the lookups since the last clear missed.
        """
        self.storing = self.misses < max(self.lookups, 1) * UNIQUE_SHARE
        # Clear in place: callers hold the bound cache.get.
        self.cache.clear()
        self.cache[""] = None
        self.errors = 0
        self.misses = self.lookups = 0
        return self.storing

    def compute(self, cell):
        try:
            result = self.convert(cell)
        except DomainError as error:
            result = error
        if not self.storing:
            return result
        self.misses += 1
        cache = self.cache
        if len(cache) >= CACHE_LIMIT and not self._clear():
            return result
        cache[cell] = result
        if result.__class__ is DomainError:
            self.errors += 1
        return result

    def __call__(self, cell):
        self.lookups += 1
        result = self.cache.get(cell, _MISSING)
        if result is _MISSING:
            result = self.compute(cell)
        return result


_MISSING = object()


def normalizer_for(
    field: F.Field, tables: CodeTables, factor: int = 1
) -> CachedNormaliser | None:
    """Return the cached normaliser for a column of `field`, None if ignored."""
    converters = {
        F.IDENTIFIER: to_identifier,
        F.ID_NUMBER: to_id_number,
        F.TEXT: to_text,
        F.NAME: to_name,
        F.DATE: to_date,
        F.PHONE: to_phones,
        F.TERM: to_term,
    }
    if field.type == F.IGNORED:
        return None
    if field.type == F.AMOUNT:
        return CachedNormaliser(partial(to_amount, factor=factor))
    if field.type == F.CODE:
        return CachedNormaliser(_code_converter(field, tables))
    return CachedNormaliser(converters[field.type])
