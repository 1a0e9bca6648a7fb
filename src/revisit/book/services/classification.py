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

The work is done with raw SQL over tuples, in chunks of customer ids, and a
customer row is written only when one of its values changed: an import
reclassifies hundreds of thousands of customers this way in seconds.
"""

import datetime as dt
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

logger = logging.getLogger(__name__)

GRACE_DAYS = 60
REINSTATEMENT_DAYS = 2 * 365
CHUNK = 5000

IN_FORCE = PolicyStatus.IN_FORCE.value
LAPSED = PolicyStatus.LAPSED.value
SINGLE = PaymentMode.SINGLE.value

# Policy tuples: (id, status, payment mode, paid-to, payment end, annual premium).
_ID, _STATUS, _MODE, _PAID_TO, _END, _PREMIUM = range(6)

CLASSIFICATION_FIELDS = (
    "payment_group", "next_due_date", "policy_count", "annual_premium", "categories",
    "is_single_policy_risk", "is_in_grace", "is_reinstatable",
)


def policy_is_paying(policy: tuple) -> bool:
    """Tell whether a policy (a tuple in the layout above) still takes premiums."""
    if policy[_STATUS] != IN_FORCE or policy[_MODE] == SINGLE:
        return False
    end, paid_to = policy[_END], policy[_PAID_TO]
    return end is None or paid_to is None or paid_to < end


def _classify(held, insured, line_policies, categories, limits) -> tuple:
    """Return the CLASSIFICATION_FIELDS values of one customer.

    `limits` are (today, earliest paid-to date still in grace, earliest
    paid-to date still reinstatable).
    """
    today, grace_from, reinstate_from = limits
    basis = held or insured
    paying = [p for p in basis if policy_is_paying(p)]
    if paying:
        group = PaymentGroup.RENEWAL_RECEIVABLE.value
    elif any(p[_STATUS] == IN_FORCE for p in basis):
        group = PaymentGroup.PAID_UP.value
    else:
        group = PaymentGroup.NONE_IN_FORCE.value
    due_dates = [p[_PAID_TO] for p in paying if p[_PAID_TO] is not None]
    in_grace = any(d is not None and grace_from <= d < today for d in due_dates)
    reinstatable = any(
        p[_STATUS] == LAPSED and p[_PAID_TO] is not None and p[_PAID_TO] >= reinstate_from
        for p in held
    )
    premium = sum((p[_PREMIUM] or 0 for p in held if p[_STATUS] == IN_FORCE), 0)
    if isinstance(premium, float):
        premium = round(premium, 2)
    in_force = {p[_ID] for p in held if p[_STATUS] == IN_FORCE}
    in_force.update(p[_ID] for p in insured if p[_STATUS] == IN_FORCE)
    in_force.update(line_policies)
    count = len(in_force)
    return (
        group, min(due_dates) if due_dates else None, count, premium,
        ",".join(sorted(categories)), count == 1, in_grace, reinstatable,
    )


def _limits(today: dt.date) -> tuple:
    return (
        today,
        today - dt.timedelta(days=GRACE_DAYS),
        today - dt.timedelta(days=GRACE_DAYS + REINSTATEMENT_DAYS),
    )


def _where(column: str, chunk: list[int]) -> tuple[str, list]:
    """Select a chunk by range when its ids are dense, else by list."""
    if chunk[-1] - chunk[0] < 2 * len(chunk):
        return f"{column} BETWEEN %s AND %s", [chunk[0], chunk[-1]]
    return f"{column} IN ({', '.join(['%s'] * len(chunk))})", list(chunk)


def _gather(cursor, chunk: list[int]):
    wanted = set(chunk)
    held: dict[int, list] = {}
    insured: dict[int, list] = {}
    line_policies: dict[int, set] = {}
    categories: dict[int, set] = {}
    columns = "id, status, payment_mode, paid_to_date, payment_end_date, annual_premium"
    for column, target in (("holder_id", held), ("insured_id", insured)):
        where, params = _where(column, chunk)
        cursor.execute(f"SELECT {column}, {columns} FROM book_policy WHERE {where}", params)
        for row in cursor.fetchall():
            if row[0] in wanted:
                target.setdefault(row[0], []).append(row[1:])
    where, params = _where("insured_id", chunk)
    cursor.execute(
        "SELECT insured_id, policy_id, category FROM book_coverageline "
        f"WHERE {where} AND status = %s",
        [*params, IN_FORCE],
    )
    for insured_id, policy_id, category in cursor.fetchall():
        if insured_id in wanted:
            line_policies.setdefault(insured_id, set()).add(policy_id)
            categories.setdefault(insured_id, set()).add(category)
    return held, insured, line_policies, categories


def _update(cursor, rows: list[tuple]) -> None:
    """Write classification rows (values then id), skipping unchanged customers."""
    if connection.vendor == "sqlite":
        numbered = {name: index for index, name in enumerate(CLASSIFICATION_FIELDS, 1)}
        sets = ", ".join(f"{name} = ?{index}" for name, index in numbered.items())
        differs = " OR ".join(f"{name} IS NOT ?{index}" for name, index in numbered.items())
        sql = (
            f"UPDATE book_customer SET {sets} "
            f"WHERE id = ?{len(numbered) + 1} AND ({differs})"
        )
        connection.connection.executemany(sql, rows)
        return
    sets = ", ".join(f"{name} = %s" for name in CLASSIFICATION_FIELDS)
    differs = " OR ".join(f"{name} IS DISTINCT FROM %s" for name in CLASSIFICATION_FIELDS)
    sql = f"UPDATE book_customer SET {sets} WHERE id = %s AND ({differs})"
    cursor.executemany(sql, [row + row[:-1] for row in rows])


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
        ids = sorted(set(customer_ids))
    limits = _limits(today)
    empty: tuple = ()
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            held, insured, line_policies, categories = _gather(cursor, chunk)
            rows = [
                _classify(
                    held.get(pk, empty), insured.get(pk, empty),
                    line_policies.get(pk, empty), categories.get(pk, empty), limits,
                ) + (pk,)
                for pk in chunk
            ]
            _update(cursor, rows)
    logger.info("reclassified office=%s customers=%s", office_id, len(ids))
    return len(ids)
