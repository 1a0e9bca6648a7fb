"""Payment-group classification and risk flags for customers.

Rules (dates compared with `today`, Asia/Shanghai):
- A policy counts for a customer as holder; a customer who holds no policy
  is classified by the policies they are insured on.
- A policy is paying when it is in force, not single premium, and its
  paid-to date is before its payment end date (or it has no end date).
- renewal-receivable: at least one paying policy; paid-up: policies in
  force but none paying; none: no policy in force.
- next_due_date: the earliest paid-to date among paying policies, because
  the next premium falls due on the paid-to date.
- in grace: a paying policy whose paid-to date has passed by at most the
  60-day grace period.
- reinstatable: a lapsed policy whose lapse (paid-to date plus grace) lies
  within the two-year reinstatement window.
- policy_count counts policies in force as holder or insured, and a single
  one marks the lapse risk that single-policy customers carry.
- annual_premium sums the paying policies held, so a single premium or a
  policy whose payments are complete adds nothing per year.

The database aggregates each chunk of customers (the rules above are in
_PAYING and _AGGREGATE), Python combines the few rows per customer, and a
customer row is written only when one of its values changed: an import
reclassifies hundreds of thousands of customers this way in seconds.
"""

import datetime as dt
import itertools
import logging
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from revisit.book.models import (
    Customer,
    PaymentGroup,
    PaymentMode,
    PolicyStatus,
)
from revisit.book.services.bulk import rows_update

logger = logging.getLogger(__name__)

GRACE_DAYS = 60
REINSTATEMENT_DAYS = 2 * 365
CHUNK = 5000

IN_FORCE = PolicyStatus.IN_FORCE.value
LAPSED = PolicyStatus.LAPSED.value
SINGLE = PaymentMode.SINGLE.value
RECEIVABLE = PaymentGroup.RENEWAL_RECEIVABLE.value
PAID_UP = PaymentGroup.PAID_UP.value
NONE_IN_FORCE = PaymentGroup.NONE_IN_FORCE.value

CLASSIFICATION_FIELDS = (
    "payment_group",
    "next_due_date",
    "policy_count",
    "annual_premium",
    "categories",
    "is_single_policy_risk",
    "is_in_grace",
    "is_reinstatable",
)

# Keep in step with policy_is_paying().
_PAYING = (
    f"status = '{IN_FORCE}' AND payment_mode <> '{SINGLE}' AND (payment_end_date IS "
    "NULL "
    "OR paid_to_date IS NULL OR paid_to_date < payment_end_date)"
)
# Per customer, as holder or as insured: how many policies, how many paying
# and in force, the earliest due date, and the flags. Parameters: the
# earliest paid-to date still in grace, today, the earliest paid-to date
# still reinstatable.
_AGGREGATE = (
    "SELECT {column}, COUNT(*), "
    f"SUM(CASE WHEN {_PAYING} THEN 1 ELSE 0 END), "
    f"SUM(CASE WHEN status = '{IN_FORCE}' THEN 1 ELSE 0 END), "
    f"MIN(CASE WHEN {_PAYING} THEN paid_to_date END), "
    f"MAX(CASE WHEN {_PAYING} AND paid_to_date >= %s AND paid_to_date < %s "
    "THEN 1 ELSE 0 END), "
    f"MAX(CASE WHEN status = '{LAPSED}' AND paid_to_date >= %s THEN 1 ELSE 0 END), "
    f"SUM(CASE WHEN {_PAYING} THEN annual_premium ELSE 0 END) "
    "FROM book_policy WHERE {where} GROUP BY {column}"
)
_TOTAL, _PAYING_COUNT, _IN_FORCE_COUNT, _DUE, _GRACE, _REINSTATABLE, _PREMIUM = range(
    1, 8
)


def policy_is_paying(policy: dict, today: dt.date) -> bool:
    """Tell whether a policy (a dict of its fields) still takes premiums.

    The same rule as _PAYING, for callers that hold a policy in memory.
    Keep the two in step.
    """
    if policy["status"] != PolicyStatus.IN_FORCE:
        return False
    if policy["payment_mode"] == PaymentMode.SINGLE:
        return False
    end, paid_to = policy["payment_end_date"], policy["paid_to_date"]
    if end is None:
        return True
    return paid_to is None or paid_to < end


def _classify(held, insured, count, categories) -> tuple:
    """Return the CLASSIFICATION_FIELDS values of one customer.

    `held` and `insured` are aggregate rows of _AGGREGATE (or None),
    `count` the policies in force, `categories` the categories in force.
    """
    basis = held if held is not None else insured
    if basis is None:
        group, due, in_grace = NONE_IN_FORCE, None, False
    else:
        if basis[_PAYING_COUNT]:
            group = RECEIVABLE
        elif basis[_IN_FORCE_COUNT]:
            group = PAID_UP
        else:
            group = NONE_IN_FORCE
        due, in_grace = basis[_DUE], bool(basis[_GRACE])
    reinstatable = bool(held[_REINSTATABLE]) if held is not None else False
    premium = held[_PREMIUM] if held is not None else 0
    if isinstance(premium, float):
        premium = round(premium, 2)
    return (
        group,
        due,
        count,
        premium or 0,
        ",".join(sorted(categories)),
        count == 1,
        in_grace,
        reinstatable,
    )


def _where(column: str, chunk: list[int]) -> tuple[str, list]:
    """Select a chunk by range when its ids are dense, else by list."""
    if chunk[-1] - chunk[0] < 2 * len(chunk):
        return f"{column} BETWEEN %s AND %s", [chunk[0], chunk[-1]]
    return f"{column} IN ({', '.join(['%s'] * len(chunk))})", list(chunk)


def _gather(cursor, chunk: list[int], today: dt.date):
    limits = [
        today - dt.timedelta(days=GRACE_DAYS),
        today,
        today - dt.timedelta(days=GRACE_DAYS + REINSTATEMENT_DAYS),
    ]
    aggregates = []
    for column in ("holder_id", "insured_id"):
        where, params = _where(column, chunk)
        cursor.execute(
            _AGGREGATE.format(column=column, where=where), [*limits, *params]
        )
        aggregates.append({row[0]: row for row in cursor.fetchall()})
    held_where, held_params = _where("holder_id", chunk)
    insured_where, insured_params = _where("insured_id", chunk)
    # The status test sits inside the aggregates, not in WHERE: there SQLite
    # would pick the status index and scan every policy in force per chunk.
    cursor.execute(
        "SELECT customer_id, "
        f"COUNT(DISTINCT CASE WHEN status = '{IN_FORCE}' THEN policy_id END) FROM ("
        "SELECT holder_id AS customer_id, id AS policy_id, status FROM book_policy "
        f"WHERE {held_where} UNION ALL "
        f"SELECT insured_id, id, status FROM book_policy WHERE {insured_where} "
        "UNION ALL SELECT insured_id, policy_id, status FROM book_coverageline "
        f"WHERE {insured_where}) AS linked GROUP BY customer_id",
        [*held_params, *insured_params, *insured_params],
    )
    counts = dict(cursor.fetchall())
    cursor.execute(
        f"SELECT DISTINCT insured_id, CASE WHEN status = '{IN_FORCE}' THEN category "
        "END "
        f"FROM book_coverageline WHERE {insured_where}",
        insured_params,
    )
    categories: dict[int, list] = {}
    for insured_id, category in cursor.fetchall():
        if category is not None:
            categories.setdefault(insured_id, []).append(category)
    return aggregates[0], aggregates[1], counts, categories


def customers_reclassify(
    *,
    office_id: int,
    customer_ids: Iterable[int] | None = None,
    today: dt.date | None = None,
) -> int:
    """Recompute payment group, due date and flags; return customers examined.

    With `customer_ids` None, every customer of the office is recomputed.
    Works in chunks so memory stays flat on large books.
    """
    today = today or timezone.localdate()
    if customer_ids is None:
        ids = list(
            Customer.objects.filter(office_id=office_id)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    else:
        # Sorting first and skipping repeats needs no set of every id.
        ids = [pk for pk, _repeats in itertools.groupby(sorted(customer_ids))]
    empty: tuple = ()
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            held, insured, counts, categories = _gather(cursor, chunk, today)
            rows = [
                (pk,)
                + _classify(
                    held.get(pk),
                    insured.get(pk),
                    counts.get(pk, 0),
                    categories.get(pk, empty),
                )
                for pk in chunk
            ]
            rows_update("book_customer", ("id", *CLASSIFICATION_FIELDS), rows)
    logger.info("reclassified office=%s customers=%s", office_id, len(ids))
    return len(ids)
