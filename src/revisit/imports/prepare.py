"""Preparing rows for the assembler: skipping, chunking and normalising.

A prepared chunk contains the rows kept from one chunk of the file (blank,
footer and repeated header rows left out), their normalised value tuples
and the first bad cell of each row that has one. Chunks are cut at policy
boundaries, so a policy's lines usually arrive together.

prepared_chunks() does the work in the calling process. A large file is
read and normalised in a second process instead (revisit.imports.worker),
so that the reading and normalising run on one core while the assembler
and the database writes run on another.
"""

import itertools
import marshal
import pickle
from collections.abc import Iterator
from dataclasses import dataclass

from revisit.imports.codes import CodeTables
from revisit.imports.header import HEADER_SEARCH_ROWS, Header, locate_header
from revisit.imports.reader import Source, open_source
from revisit.imports.rows import RowPlan
from revisit.imports.validate import PersonBuilder, ResidentIdChecker

# Rows of a chunk: the importing process and the worker each hold about two.
CHUNK_ROWS = 5_000
# A chunk waits for its last policy's rows, but never beyond this.
CHUNK_ROWS_MAX = 4 * CHUNK_ROWS


@dataclass
class PlannedSource:
    source: Source
    header: Header
    plan: RowPlan
    data: Iterator  # the rows under the header, as (row number, cells)


def plan_rows(source: Source, header_map: dict, code_tables: dict) -> PlannedSource:
    """Find the header of an opened file; raises DomainError."""
    rows = source.rows()
    first = list(itertools.islice(rows, HEADER_SEARCH_ROWS))
    header = locate_header(first, header_map)
    plan = RowPlan(header, CodeTables(code_tables))
    data = itertools.chain(first[header.row_index + 1 :], rows)
    return PlannedSource(source=source, header=header, plan=plan, data=data)


def plan_source(path, header_map: dict, code_tables: dict) -> PlannedSource:
    """Open a file and find its header; raises DomainError."""
    return plan_rows(open_source(path), header_map, code_tables)


class PreparedChunk:
    """The rows kept from one chunk of a file, ready for the assembler.

    For each kept row: its number as the sheet shows it, its tuple of
    normalised values, and its holder and insured as PersonBuilder.build
    returns them. `problems` maps a row's position to its first bad cell,
    as (field, cell, DomainError). The raw cells are needed only to report
    rejected rows: pickled, they travel as one bytes object that is loaded
    only when a row of the chunk is rejected.
    """

    __slots__ = ("numbers", "values", "people", "problems", "_cells", "_packed")

    def __init__(self, numbers, values, people, problems, cells):
        self.numbers: list[int] = numbers
        self.values: list[tuple] = values
        self.people: list[tuple] = people
        self.problems: dict[int, tuple] = problems
        self._cells: list[list] | None = cells
        self._packed: tuple[bool, bytes] | None = None

    def cells(self, position: int) -> list:
        if self._cells is None:
            self._cells = _unpack_cells(*self._packed)
            self._packed = None
        return self._cells[position]

    def __getstate__(self):
        packed = self._packed
        if packed is None:
            packed = _pack_cells(self._cells)
        return (self.numbers, self.values, self.people, self.problems, packed)

    def __setstate__(self, state):
        self.numbers, self.values, self.people, self.problems, self._packed = state
        self._cells = None


def _pack_cells(cells: list[list]) -> tuple[bool, bytes]:
    """Serialise rows of cells as (whether marshal wrote them, bytes).

    CSV cells are all str, which marshal writes about four times faster
    than pickle, whose memo costs more than it saves on unique strings.
    Cells of a workbook include dates, which marshal cannot write: a chunk
    whose first row has a cell other than str goes to pickle at once.
    """
    if not cells or all(cell.__class__ is str for cell in cells[0]):
        try:
            return True, marshal.dumps(cells)
        except ValueError:  # a cell marshal cannot write, further down
            pass
    return False, pickle.dumps(cells, pickle.HIGHEST_PROTOCOL)


def _unpack_cells(marshalled: bool, data: bytes) -> list[list]:
    return marshal.loads(data) if marshalled else pickle.loads(data)


def _chunks(rows: Iterator, policy_index: int) -> Iterator[list]:
    chunk: list = []
    last = None
    for number, cells in rows:
        policy = cells[policy_index] if policy_index < len(cells) else ""
        if len(chunk) >= CHUNK_ROWS and policy != last or len(chunk) >= CHUNK_ROWS_MAX:
            yield chunk
            chunk = []
        chunk.append((number, cells))
        last = policy
    if chunk:
        yield chunk


_NOBODY = (None, None)


class RowPreparer:
    """Skips, normalises and builds the people of one file's rows.

    Its normaliser and person caches live as long as it does, so one
    preparer serves all the chunks of a file.
    """

    def __init__(self, plan: RowPlan):
        self.plan = plan
        ids = ResidentIdChecker()
        self.holders = PersonBuilder(plan.slots, "holder_", ids)
        self.insureds = PersonBuilder(plan.slots, "insured_", ids)

    def prepare(self, chunk: list) -> PreparedChunk:
        is_skipped = self.plan.is_skipped
        kept = [(number, cells) for number, cells in chunk if not is_skipped(cells)]
        cells = [cells for _number, cells in kept]
        values, problems = self.plan.normalise(cells)
        holder, insured = self.holders.build, self.insureds.build
        people = [
            _NOBODY if position in problems else (holder(row), insured(row))
            for position, row in enumerate(values)
        ]
        numbers = [number for number, _cells in kept]
        return PreparedChunk(numbers, values, people, problems, cells)


def prepared_chunks(plan: RowPlan, data: Iterator) -> Iterator[PreparedChunk]:
    """Prepare the data rows of a file chunk by chunk, in this process."""
    preparer = RowPreparer(plan)
    for chunk in _chunks(data, plan.policy_index):
        yield preparer.prepare(chunk)
    plan.release_caches()
