"""From rows of cells to tuples of field values, and which rows to skip.

RowPlan is compiled once per file from the header: for each mapped column,
its index, field and cached normaliser. Blank rows, footer rows (合计,
制表日期: ...) and repeated header rows are skipped before normalising.
"""

import re
from dataclasses import dataclass
from itertools import compress, repeat
from operator import is_

from revisit.core.exceptions import DomainError
from revisit.imports.codes import CodeTables
from revisit.imports.fields import FIELDS, IGNORED
from revisit.imports.header import Header
from revisit.imports.normalize import normalizer_for

# Words that open a totals or note row under the data.
FOOTER_WORDS = (
    "合计",
    "总计",
    "小计",
    "共计",
    "总数",
    "汇总",
    "制表",
    "打印",
    "备注",
    "说明",
    "注:",
    "注：",
    "填表",
    "审核",
    "数据截止",
    "提取日期",
    "统计",
    "total",
    "sum",
)
# A row with a non-code policy cell and at most this many cells is a note.
FOOTER_MAX_CELLS = 3
_RE_CJK = re.compile(r"[\u3400-\u9fff]")
_MISSING = object()


@dataclass(frozen=True)
class PlannedColumn:
    index: int
    field: str
    header: str
    normalise: object


class RowPlan:
    """Conversion of rows of cells into tuples of field values.

    A row's values come as a tuple in the order of the mapped fields, plus
    a final None. `slots` gives each field's position, and -1 (that final
    None) for a field the file does not have.
    """

    def __init__(self, header: Header, tables: CodeTables):
        self.header = header
        self.columns: list[PlannedColumn] = []
        for column in header.columns:
            if not column.field:
                continue
            field = FIELDS[column.field]
            if field.type == IGNORED:
                continue
            normalise = normalizer_for(field, tables, column.factor)
            self.columns.append(
                PlannedColumn(column.index, column.field, column.header, normalise)
            )
        self.headers = {column.field: column.header for column in self.columns}
        self.fields = frozenset(self.headers)
        self.slots = {field: -1 for field in FIELDS}
        self.slots.update({column.field: i for i, column in enumerate(self.columns)})
        self.policy_index = next(
            c.index for c in self.columns if c.field == "policy_number"
        )
        self.policy_header = self.headers["policy_number"]
        self.width = max(c.index for c in self.columns) + 1

    def normalise(self, rows: list[list]) -> tuple[list[tuple], dict[int, tuple]]:
        """Normalise the cells of many rows, column by column.

        Returns the value tuples, and for rows with a bad cell their
        position -> (field, cell, error), the first bad column winning.
        Looking up a whole column in its cache runs at C speed; only cache
        misses run Python code.
        """
        width = self.width
        padded = [
            cells if len(cells) >= width else cells + [""] * (width - len(cells))
            for cells in rows
        ]
        columns = list(zip(*padded, strict=False))  # rows may be longer
        results: list[list] = []
        problems: dict[int, tuple] = {}
        for column in self.columns:
            cells = columns[column.index] if columns else ()
            normaliser = column.normalise
            if not normaliser.storing:
                values, new_errors = normaliser.convert_all(cells)
                if new_errors:
                    self._collect(column.field, cells, values, problems)
                results.append(values)
                continue
            # Read the count of cached errors before the lookups' misses are
            # converted, because that may clear the cache and reset it.
            cached_errors = normaliser.errors
            values = list(map(normaliser.cache.get, cells, repeat(_MISSING)))
            normaliser.lookups += len(values)
            if _MISSING in values:
                missed = list(
                    compress(range(len(values)), map(is_, values, repeat(_MISSING)))
                )
                # Each distinct cell is converted once, in order of first use.
                computed = normaliser.compute_many(
                    dict.fromkeys(map(cells.__getitem__, missed))
                )
                field = column.field
                for position in missed:
                    cell = cells[position]
                    value = values[position] = computed[cell]
                    if value.__class__ is DomainError and position not in problems:
                        problems[position] = (field, cell, value)
            if cached_errors:
                self._collect(column.field, cells, values, problems)
            results.append(values)
        return list(zip(*results, repeat(None))), problems

    @staticmethod
    def _collect(field: str, cells, values: list, problems: dict) -> None:
        for position, value in enumerate(values):
            if value.__class__ is DomainError and position not in problems:
                problems[position] = (field, cells[position], value)

    def release_caches(self) -> None:
        for column in self.columns:
            column.normalise.cache.clear()

    def is_skipped(self, cells: list) -> bool:
        """Tell blank rows, footers and repeated header rows from data rows."""
        first = None
        for cell in cells:
            if cell == "" or cell is None:
                continue
            if isinstance(cell, str):
                if not cell.strip():
                    continue
                first = cell.strip()
            else:
                first = cell
            break
        if first is None:
            return True
        if isinstance(first, str) and first.lower().startswith(FOOTER_WORDS):
            return True
        policy = cells[self.policy_index] if self.policy_index < len(cells) else ""
        if isinstance(policy, str) and _RE_CJK.search(policy):
            # A policy number never contains Chinese: such a row is the header
            # repeated on a new page, or a short note ("336条"). A full row
            # with a bad policy number is data, and validation rejects it.
            if policy.strip() == self.policy_header:
                return True
            filled = sum(1 for cell in cells if cell not in ("", None))
            return filled <= FOOTER_MAX_CELLS
        return False
