"""Finding the header row and mapping its columns to fields.

The header is the first row holding a policy-number column and at least one
more known column, so title rows, extraction notes and merged banners above
it are passed over. A header spread over two rows (a group row such as
"投保人" over "姓名 | 证件号码") is flattened into "投保人姓名 | 投保人证件号码".

Each column maps through, in order: the office's saved mapping
(SourceProfile.header_map, keyed by the header as written, or "header#2" for
its second occurrence), then the synonym table. A bare person header such
as "证件号码" belongs to the person whose column is nearest on its left (the
holder when there is none). When two columns map to one field, the first
keeps it and the second is reported with the unknown headers.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from revisit.core.exceptions import DomainError
from revisit.core.normalize import clean_text
from revisit.imports import synonyms
from revisit.imports.fields import FIELDS
from revisit.imports.normalize.cells import cell_text

MESSAGES = {
    "no_header": _(
        "No header row found in the first %(rows)s rows: a header needs a "
        "policy number column and at least one more known column."
    ),
    "bad_mapping": _(
        "The saved column mapping points %(header)s to %(field)s, which is not "
        "a field of the import."
    ),
}

HEADER_SEARCH_ROWS = 30
IGNORE = ""  # header_map value that skips a column
# Group titles end in words that add nothing to the field they head.
_GROUP_SUFFIXES = ("信息", "资料", "情况", "基本信息")


@dataclass
class Column:
    index: int
    header: str  # as written (two-row headers joined with "/")
    field: str | None
    factor: int = 1  # unit multiplier, 10000 for a header in 万元


@dataclass
class Header:
    row_number: int  # 1-based number of the last header row
    row_index: int  # position in the rows handed to locate_header()
    columns: list[Column]
    unknown: list[str] = field(default_factory=list)

    def field_columns(self) -> dict[str, Column]:
        return {column.field: column for column in self.columns if column.field}


def _texts(cells: list) -> list[str]:
    return [clean_text(cell_text(cell)) for cell in cells]


def _profile_field(header_map: dict, text: str, occurrence: int) -> str | None:
    for key in (f"{text}#{occurrence}", text):
        if key in header_map:
            value = header_map[key]
            return IGNORE if value in (None, "") else value
    return None


def map_columns(texts: list[str], header_map: dict | None = None) -> list[Column]:
    """Map header texts to fields (see the module docstring for the rules)."""
    header_map = header_map or {}
    columns: list[Column] = []
    taken: set[str] = set()
    seen: dict[str, int] = {}
    person = "holder"
    for index, text in enumerate(texts):
        if not text:
            columns.append(Column(index, text, None))
            continue
        seen[text] = seen.get(text, 0) + 1
        field_name, suffix, factor = synonyms.lookup(text)
        chosen = _profile_field(header_map, text, seen[text])
        if chosen is not None:
            if chosen and chosen not in FIELDS:
                raise DomainError(
                    MESSAGES["bad_mapping"],
                    code="bad_mapping",
                    params={"header": text, "field": chosen},
                )
            field_name, suffix = chosen or None, None
            if not chosen:
                columns.append(Column(index, text, IGNORE))
                continue
        if suffix:
            field_name = f"{person}_{suffix}"
            if field_name in taken and person == "holder":
                field_name = f"insured_{suffix}"
        if field_name and field_name.startswith(("holder_", "insured_")):
            person = field_name.split("_", 1)[0]
        if field_name in taken:
            field_name = None
        if field_name:
            taken.add(field_name)
        columns.append(Column(index, text, field_name, factor))
    return columns


def _score(columns: list[Column]) -> int:
    return sum(1 for column in columns if column.field)


def _is_header(columns: list[Column]) -> bool:
    fields = {column.field for column in columns if column.field}
    return "policy_number" in fields and len(fields) >= 2


def _forward_fill(texts: list[str]) -> list[str]:
    filled, last = [], ""
    for text in texts:
        last = text or last
        filled.append(last)
    return filled


def _group_title(text: str) -> str:
    for suffix in _GROUP_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)]
    return text


def _flatten(parent: list[str], child: list[str]) -> list[str]:
    """Join a group row with the row under it, column by column.

    A child under a group title becomes "group/child" when that names a
    known field, and stays the child otherwise. A column whose child is
    empty (merged down from the group row) takes the group row's own text.
    """
    width = max(len(parent), len(child))
    parent = parent + [""] * (width - len(parent))
    child = child + [""] * (width - len(child))
    filled = _forward_fill(parent)
    texts = []
    for own, group, below in zip(parent, filled, child, strict=True):
        if not below or below == own:
            texts.append(own)
            continue
        title = _group_title(group)
        if title and title != below:
            field_name, suffix, _factor = synonyms.lookup(title + below)
            if field_name or suffix:
                texts.append(f"{group}/{below}")
                continue
        texts.append(below)
    return texts


def _lookup_text(text: str) -> str:
    """Return the text used for synonym lookups ("投保人信息/姓名" -> "投保人姓名")."""
    if "/" in text:
        group, below = text.rsplit("/", 1)
        return _group_title(group) + below
    return text


def _map(texts: list[str], header_map: dict | None) -> list[Column]:
    columns = map_columns([_lookup_text(text) for text in texts], header_map)
    for column, text in zip(columns, texts, strict=True):
        column.header = text
    return columns


def locate_header(rows: list[list], header_map: dict | None = None) -> Header:
    """Find the header among the first rows (each a list of cells).

    `rows` are (row number, cells) pairs as the reader yields them.
    """
    texts = [_texts(cells) for _number, cells in rows[:HEADER_SEARCH_ROWS]]
    for index, row_texts in enumerate(texts):
        columns = _map(row_texts, header_map)
        if not _is_header(columns):
            continue
        last = index
        if index + 1 < len(texts):
            below = _flatten(row_texts, texts[index + 1])
            below_columns = _map(below, header_map)
            policy = next(c.index for c in columns if c.field == "policy_number")
            child = texts[index + 1]
            child_policy = child[policy] if policy < len(child) else ""
            if child_policy in ("", row_texts[policy]) and _score(
                below_columns
            ) > _score(columns):
                columns, last = below_columns, index + 1
        if last == index and index > 0:
            above = _map(_flatten(texts[index - 1], row_texts), header_map)
            if _is_header(above) and _score(above) >= _score(columns):
                columns = above
        unknown = [c.header for c in columns if c.field is None and c.header]
        return Header(rows[last][0], last, columns, unknown)
    raise DomainError(
        MESSAGES["no_header"], code="no_header", params={"rows": HEADER_SEARCH_ROWS}
    )


def guess_header(rows: list[list], header_map: dict | None = None) -> Header:
    """Pick the likeliest header row when no row has a policy-number column.

    The row with the most known columns wins, then the row with the most
    text cells: a mapping screen shows its columns so they can be mapped.
    """
    best, best_key = 0, (-1, -1)
    for index, (_number, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        texts = _texts(cells)
        key = (_score(_map(texts, header_map)), sum(1 for text in texts if text))
        if key > best_key:
            best, best_key = index, key
    if not rows:
        return Header(0, 0, [], [])
    columns = _map(_texts(rows[best][1]), header_map)
    unknown = [c.header for c in columns if c.field is None and c.header]
    return Header(rows[best][0], best, columns, unknown)
