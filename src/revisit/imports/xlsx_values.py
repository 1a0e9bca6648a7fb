"""Cell values of an .xlsx sheet, converted as python-calamine 0.9.1 converts them.

python-calamine 0.9.1 wraps the Rust crate calamine 0.37. The rules here were
read from calamine's source (xlsx cell reader, number formats) and checked
cell by cell against python-calamine 0.9.1 on hand-written workbooks:

- numbers are floats, never ints;
- a number whose cell style has a date or time format becomes a time (serial
  below 1), a date (whole serial) or a datetime, and a duration format
  ([h]:mm) gives a timedelta. Serials count milliseconds, rounded half away
  from zero. Serial 1 is 1900-01-01 and Excel's phantom 1900-02-29 is
  skipped, so 59 and 60 are both 1900-02-28;
- entities and _xHHHH_ escapes in text are decoded. The text of each <t> of
  a shared or inline string loses its leading and trailing XML whitespace
  unless the <t> has xml:space="preserve", and phonetic runs (<rPh>) are
  left out;
- booleans are bool, error cells (#N/A) and empty cells are "".

Raises XlsxError where python-calamine raises CalamineError, so a workbook it
cannot read is not read here either.
"""

import datetime as dt
import math
import re

EXCEL_EPOCH = dt.datetime(1899, 12, 30)
MS_PER_DAY = 86_400_000
DAYS_1900_TO_1904 = 1462
# A whole-day serial beyond this is past 9999-12-31, which Python cannot hold.
_MAX_MS = (dt.datetime.max - EXCEL_EPOCH) // dt.timedelta(milliseconds=1)

XML_WHITESPACE = " \t\r\n"

# Kinds of number format, as calamine's CellFormat.
OTHER, DATETIME, TIMEDELTA = 0, 1, 2

# Built-in number formats that hold dates or times: 14-22 and 45-47 in every
# locale, 27-36 and 50-58 in the East Asian ones (Excel zh-CN writes
# yyyy"年"m"月"d"日" as 31). 46 is [h]:mm:ss, a duration.
_BUILTIN_FORMATS = {
    **dict.fromkeys(range(14, 23), DATETIME),
    **dict.fromkeys(range(27, 37), DATETIME),
    45: DATETIME,
    46: TIMEDELTA,
    47: DATETIME,
    **dict.fromkeys(range(50, 59), DATETIME),
}

ERROR_VALUES = frozenset(
    ["#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"]
)

_ENTITY = re.compile(r"&(?:#[xX]([0-9a-fA-F]+)|#([0-9]+)|(lt|gt|amp|quot|apos));")
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_ESCAPE = re.compile(r"_x([0-9a-fA-F]{4})_")
_MARKUP = re.compile(r"<!\[CDATA\[(.*?)\]\]>|<!--.*?-->|<\?.*?\?>", re.S)
_PHONETIC = re.compile(r"<(?:[\w.-]+:)?rPh\b.*?</(?:[\w.-]+:)?rPh>", re.S)
_TEXT_ELEMENT = re.compile(
    r"<(?:[\w.-]+:)?t(\s[^>]*?)?(?:/>|>(.*?)</(?:[\w.-]+:)?t>)", re.S
)
_PRESERVE = re.compile(r"""\bxml:space\s*=\s*(["'])preserve\1""")
# The float syntax of Rust's fast_float, which calamine parses <v> with.
_FLOAT = re.compile(
    r"[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|inf|infinity|nan)",
    re.I,
)
_ISO_DATE = re.compile(r"\+?([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_ISO_TIME = re.compile(r"([0-9]{1,2}):([0-9]{1,2})(?::([0-9]{1,2})(?:\.([0-9]+))?)?")


class XlsxError(ValueError):
    """A cell or part that python-calamine would refuse to read."""


def format_kind(code: str) -> int:
    """Tell whether a custom number format code shows a date, a duration or neither.

    Only the first section (up to ";") counts. Date letters inside quotes,
    after a backslash, "_" or "*", or inside [brackets] are literals; [h],
    [mm] and [ss] make a duration.
    """
    escaped = quoted = hms = am_pm = False
    brackets = 0
    previous = " "
    for char in code:
        if escaped:
            escaped = False
        elif char in "_\\*":
            escaped = True
        elif quoted:
            quoted = char != '"'
        elif char == '"':
            quoted = True
        elif char == ";":
            return OTHER
        elif char == "[":
            brackets = min(brackets + 1, 255)
        elif char == "]" and brackets == 1 and hms:
            return TIMEDELTA
        elif char == "]":
            brackets = max(brackets - 1, 0)
        elif brackets:
            hms = _continues_duration(hms, char, previous)
        elif not am_pm and char in "aA":
            am_pm = True
        elif am_pm and char in "pmPM/":
            return DATETIME
        elif not am_pm and char in "dmhysDMHYS":
            return DATETIME
        else:
            hms = _continues_duration(hms, char, previous)
        previous = char
    return OTHER


def _continues_duration(hms: bool, char: str, previous: str) -> bool:
    if hms and char.lower() == previous.lower():
        return True
    return previous == "[" and char in "mhsMHS"


def builtin_format_kind(format_id: str) -> int:
    try:
        return _BUILTIN_FORMATS.get(int(format_id), OTHER)
    except ValueError:
        return OTHER


def serial_to_python(serial: float, kind: int, date1904: bool):
    """Return a date, datetime, time or timedelta for a serial of a date format."""
    if kind == TIMEDELTA:
        return _duration(serial)
    if serial != serial:  # NaN: calamine reads it as 0 milliseconds
        return EXCEL_EPOCH
    if math.isinf(serial):
        return serial
    days = serial + DAYS_1900_TO_1904 if date1904 else serial
    if days < 60:
        days += 1  # serials before 1900-03-01 count Excel's phantom 1900-02-29
    ms = _round_half_away(days * MS_PER_DAY)
    if serial < 1.0:
        return (dt.datetime.min + dt.timedelta(milliseconds=ms % MS_PER_DAY)).time()
    if ms > _MAX_MS:
        return serial
    value = EXCEL_EPOCH + dt.timedelta(milliseconds=ms)
    return value.date() if serial == math.floor(serial) else value


def _duration(serial: float):
    if serial != serial or math.isinf(serial):
        return serial
    try:
        return dt.timedelta(milliseconds=_round_half_away(serial * MS_PER_DAY))
    except OverflowError:
        return serial


def _round_half_away(value: float) -> int:
    whole = math.floor(value) if value >= 0 else math.ceil(value)
    if abs(value - whole) >= 0.5:
        whole += 1 if value >= 0 else -1
    return whole


def parse_float(text: str) -> float | None:
    """Return the number in a <v>, None when fast_float would reject it."""
    if _FLOAT.fullmatch(text):
        return float(text)
    return None


def shared_index(text: str) -> int:
    """Return a t="s" index as calamine's parse of a usize, which falls back to 0."""
    if text.isascii() and text.isdigit() and len(text) <= 20:
        index = int(text)
        return index if index < 1 << 64 else 0
    return 0


def parse_bool(text: str) -> bool:
    word = text.strip().lower()
    if word in ("1", "true"):
        return True
    if word in ("0", "false"):
        return False
    raise XlsxError(f"Unrecognized boolean cell value: {text}")


def parse_iso(text: str):
    """Return the date, datetime or time of a t="d" cell; other text stays text."""
    stripped = text.strip()
    date_text, separator, time_text = stripped.partition("T")
    date = _ISO_DATE.fullmatch(date_text)
    if date and separator:
        clock = _ISO_TIME.fullmatch(time_text)
        if clock is None or clock[3] is None:
            return text
        return _combine(date, clock, text)
    if date:
        try:
            return dt.date(*map(int, date.groups()))
        except ValueError:
            return text
    clock = _ISO_TIME.fullmatch(stripped)
    if clock:
        return _combine(None, clock, text)
    return text


def _combine(date, clock, text: str):
    hour, minute = int(clock[1]), int(clock[2])
    second = min(int(clock[3] or 0), 59)  # a leap second 60 reads as 59
    micro = int((clock[4] or "0")[:6].ljust(6, "0"))
    try:
        if date is None:
            return dt.time(hour, minute, second, micro)
        return dt.datetime(*map(int, date.groups()), hour, minute, second, micro)
    except ValueError:
        return text


def error_value(text: str) -> str:
    if text not in ERROR_VALUES:
        raise XlsxError(f"Unsupported cell error value '{text}'")
    return ""


def unescape(text: str) -> str:
    """Replace XML character and entity references."""
    if "&" not in text:
        return text
    return _ENTITY.sub(_entity_char, text)


def _entity_char(match: re.Match) -> str:
    hexadecimal, decimal, name = match.groups()
    if name:
        return _NAMED_ENTITIES[name]
    code = int(hexadecimal, 16) if hexadecimal else int(decimal)
    try:
        return chr(code)
    except (ValueError, OverflowError):
        return match[0]


def decode_escapes(text: str) -> str:
    """Decode _xHHHH_ escapes (ECMA-376 ST_Xstring); surrogates stay escaped."""
    if "_x" not in text:
        return text
    return _ESCAPE.sub(_escape_char, text)


def _escape_char(match: re.Match) -> str:
    code = int(match[1], 16)
    if 0xD800 <= code <= 0xDFFF:
        return match[0]
    return chr(code)


def element_text(content: str, *, keep_cdata: bool) -> str:
    """Return the character data of an element's content, markup removed."""
    content = content.replace("\r\n", "\n").replace("\r", "\n")
    if "<" not in content:
        return unescape(content)
    parts = []
    position = 0
    for match in _MARKUP.finditer(content):
        parts.append(unescape(content[position : match.start()]))
        if keep_cdata and match[1] is not None:
            parts.append(match[1])
        position = match.end()
    parts.append(unescape(content[position:]))
    return "".join(parts)


def rich_text(content: str) -> str:
    """Return the text of a shared string <si> or inline string <is>.

    Every <t> counts, whether plain or inside rich-text runs <r>, except the
    phonetic guides in <rPh>.
    """
    if "rPh" in content:
        content = _PHONETIC.sub("", content)
    parts = []
    for attributes, inner in _TEXT_ELEMENT.findall(content):
        text = element_text(inner, keep_cdata=True)
        if not (attributes and _PRESERVE.search(attributes)):
            text = text.strip(XML_WHITESPACE)
        parts.append(decode_escapes(text))
    return "".join(parts)
