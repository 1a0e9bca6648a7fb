"""Households derived from family relations.

Customers linked by CustomerRelation rows, directly or through others,
form one household: a holder, their spouse and children, the spouse's
parents. Households edited by hand (is_manual) are never regrouped: their
members stay where they are, and the rest of the family is grouped without
them. A customer without relations gets no household.
"""

import logging
from collections import Counter
from collections.abc import Collection, Iterable, Iterator

from django.db import connection
from django.utils import timezone

from revisit.book.services.bulk import rows_insert, rows_update

logger = logging.getLogger(__name__)

QUERY_CHUNK = 500
# Above this share of the office's customers, load all of the office's
# relations in one query instead of following them customer by customer.
LOAD_ALL_SHARE = 0.2
NAME_LENGTH = 100
FETCH_ROWS = 10_000


class _Families:
    """Union-find over customer ids."""

    def __init__(self):
        self.parent: dict[int, int] = {}

    def find(self, item: int) -> int:
        parent = self.parent
        root = parent.setdefault(item, item)
        while root != parent[root]:
            root = parent[root]
        while item != root:
            parent[item], item = root, parent[item]
        return root

    def union(self, first: int, second: int) -> None:
        a, b = self.find(first), self.find(second)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), QUERY_CHUNK):
        yield ids[start : start + QUERY_CHUNK]


def _placeholders(count: int) -> str:
    return ", ".join(["%s"] * count)


def _relations(cursor, office_id: int, start: Collection[int]) -> Iterator[tuple]:
    """Yield the relation pairs that connect `start` to the rest of its families."""
    cursor.execute(
        "SELECT COUNT(*) FROM book_customer WHERE office_id = %s", [office_id]
    )
    total = cursor.fetchone()[0]
    if len(start) > total * LOAD_ALL_SHARE:
        cursor.execute(
            "SELECT r.customer_id, r.relative_id FROM book_customerrelation r "
            "JOIN book_customer c ON c.id = r.customer_id WHERE c.office_id = %s",
            [office_id],
        )
        while rows := cursor.fetchmany(FETCH_ROWS):
            yield from rows
        return
    visited: set[int] = set()
    frontier = set(start)
    while frontier:
        visited |= frontier
        found: set[int] = set()
        for chunk in _chunks(sorted(frontier)):
            cursor.execute(
                "SELECT customer_id, relative_id FROM book_customerrelation "
                f"WHERE customer_id IN ({_placeholders(len(chunk))})",
                chunk,
            )
            for pair in cursor.fetchall():
                found.add(pair[1])
                yield pair
        frontier = found - visited


def _members(cursor, ids: list[int]) -> tuple[dict[int, int | None], set[int]]:
    """Return customer id -> household id, and the customers in manual households."""
    households: dict[int, int | None] = {}
    manual: set[int] = set()
    for chunk in _chunks(ids):
        cursor.execute(
            "SELECT c.id, c.household_id, h.is_manual FROM book_customer c "
            "LEFT JOIN book_household h ON h.id = c.household_id "
            f"WHERE c.id IN ({_placeholders(len(chunk))})",
            chunk,
        )
        for pk, household_id, is_manual in cursor.fetchall():
            households[pk] = household_id
            if is_manual:
                manual.add(pk)
    return households, manual


def _names(cursor, ids: list[int]) -> dict[int, str]:
    names = {}
    for chunk in _chunks(sorted(ids)):
        cursor.execute(
            "SELECT id, full_name FROM book_customer "
            f"WHERE id IN ({_placeholders(len(chunk))})",
            chunk,
        )
        names.update(cursor.fetchall())
    return names


def _new_household_ids(cursor, count: int) -> list[int]:
    if connection.vendor == "postgresql":
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('book_household', 'id')) "
            "FROM generate_series(1, %s)",
            [count],
        )
        return [row[0] for row in cursor.fetchall()]
    # SQLite: the caller's transaction has the write lock, so no other
    # connection can take these ids in between. AUTOINCREMENT never reuses
    # a deleted id.
    cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = 'book_household'")
    row = cursor.fetchone()
    cursor.execute("SELECT COALESCE(MAX(id), 0) FROM book_household")
    first = max(row[0] if row else 0, cursor.fetchone()[0]) + 1
    return list(range(first, first + count))


def households_derive(*, office_id: int, customer_ids: Iterable[int]) -> int:
    """Regroup the families of `customer_ids` into households; return customers moved.

    Call inside the transaction that wrote the relations. New households
    are named after their first member, and households left empty are
    deleted unless edited by hand.
    """
    start = customer_ids if isinstance(customer_ids, Collection) else set(customer_ids)
    if not start:
        return 0
    families = _Families()
    with connection.cursor() as cursor:
        for first, second in _relations(cursor, office_id, start):
            families.union(first, second)
        groups: dict[int, list[int]] = {}
        for pk in families.parent:
            groups.setdefault(families.find(pk), []).append(pk)
        roots = {families.find(pk) for pk in start if pk in families.parent}
        del families
        family_ids = sorted(pk for root in roots for pk in groups[root])
        households, manual = _members(cursor, family_ids)
        moves, new_households, emptied = _plan(roots, groups, households, manual)
        del groups, households
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        if new_households:
            ids = _new_household_ids(cursor, len(new_households))
            names = _names(cursor, [family[0] for family in new_households])
            rows_insert(
                "book_household",
                ("id", "office_id", "name", "is_manual", "created_at", "updated_at"),
                [
                    (pk, office_id, names[family[0]][:NAME_LENGTH], False, now, now)
                    for pk, family in zip(ids, new_households, strict=True)
                ],
            )
            for pk, family in zip(ids, new_households, strict=True):
                moves.extend((pk, member) for member in family)
        rows_update(
            "book_customer", ("id", "household_id"), [(pk, to) for to, pk in moves]
        )
        for chunk in _chunks(sorted(emptied)):
            cursor.execute(
                "DELETE FROM book_household WHERE is_manual = %s AND id IN "
                f"({_placeholders(len(chunk))}) AND NOT EXISTS (SELECT 1 FROM "
                "book_customer c WHERE c.household_id = book_household.id)",
                [False, *chunk],
            )
    logger.info(
        "households derived office=%s families=%s moved=%s",
        office_id,
        len(roots),
        len(moves),
    )
    return len(moves)


def _plan(roots, groups, households, manual):
    """Decide, per family, which household its members join.

    Returns (moves as (household id, customer id), new households as
    lists of member ids, household ids that members left).
    """
    moves: list[tuple[int, int]] = []
    new_households: list[list[int]] = []
    emptied: set[int] = set()
    for root in roots:
        free = [
            pk for pk in sorted(groups[root]) if pk in households and pk not in manual
        ]
        if len(free) < 2:
            continue  # alone, or the rest of the family is in a hand-made household
        current = Counter(households[pk] for pk in free if households[pk] is not None)
        if not current:
            new_households.append(free)
            continue
        target = min(current, key=lambda pk: (-current[pk], pk))
        for pk in free:
            old = households[pk]
            if old != target:
                moves.append((target, pk))
                if old is not None:
                    emptied.add(old)
    return moves, new_households, emptied
