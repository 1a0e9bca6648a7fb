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
"""

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from revisit.book.models import (
    CoverageLine,
    Customer,
    PaymentGroup,
    PaymentMode,
    Policy,
    PolicyStatus,
)

logger = logging.getLogger(__name__)

GRACE_DAYS = 60
REINSTATEMENT_DAYS = 2 * 365
CHUNK = 2000


@dataclass
class _Facts:
    held: list[dict] = field(default_factory=list)
    insured: list[dict] = field(default_factory=list)
    in_force_ids: set[int] = field(default_factory=set)
    categories: set[str] = field(default_factory=set)


def policy_is_paying(policy: dict, today: dt.date) -> bool:
    if policy["status"] != PolicyStatus.IN_FORCE:
        return False
    if policy["payment_mode"] == PaymentMode.SINGLE:
        return False
    end, paid_to = policy["payment_end_date"], policy["paid_to_date"]
    if end is None:
        return True
    return paid_to is None or paid_to < end


def _classify(facts: _Facts, today: dt.date) -> dict:
    basis = facts.held or facts.insured
    paying = [p for p in basis if policy_is_paying(p, today)]
    if paying:
        group = PaymentGroup.RENEWAL_RECEIVABLE
    elif any(p["status"] == PolicyStatus.IN_FORCE for p in basis):
        group = PaymentGroup.PAID_UP
    else:
        group = PaymentGroup.NONE_IN_FORCE
    due_dates = [p["paid_to_date"] for p in paying if p["paid_to_date"]]
    in_grace = any(
        p["paid_to_date"] and 0 < (today - p["paid_to_date"]).days <= GRACE_DAYS
        for p in paying
    )
    reinstatable = any(
        p["status"] == PolicyStatus.LAPSED
        and p["paid_to_date"]
        and (today - p["paid_to_date"]).days <= GRACE_DAYS + REINSTATEMENT_DAYS
        for p in facts.held
    )
    premium = sum(
        (p["annual_premium"] for p in facts.held if policy_is_paying(p, today)),
        Decimal("0"),
    )
    count = len(facts.in_force_ids)
    return {
        "payment_group": group,
        "next_due_date": min(due_dates) if due_dates else None,
        "policy_count": count,
        "annual_premium": premium,
        "categories": ",".join(sorted(facts.categories)),
        "is_single_policy_risk": count == 1,
        "is_in_grace": in_grace,
        "is_reinstatable": reinstatable,
    }


_POLICY_FIELDS = (
    "pk", "holder_id", "insured_id", "status", "payment_mode",
    "paid_to_date", "payment_end_date", "annual_premium",
)


def _gather(customer_ids: list[int]) -> dict[int, _Facts]:
    facts: dict[int, _Facts] = defaultdict(_Facts)
    policies = Policy.objects.filter(holder_id__in=customer_ids).values(*_POLICY_FIELDS)
    for policy in policies:
        facts[policy["holder_id"]].held.append(policy)
    policies = Policy.objects.filter(insured_id__in=customer_ids).values(*_POLICY_FIELDS)
    for policy in policies:
        facts[policy["insured_id"]].insured.append(policy)
    for customer_id, item in facts.items():
        for policy in (*item.held, *item.insured):
            if policy["status"] == PolicyStatus.IN_FORCE:
                item.in_force_ids.add(policy["pk"])
    lines = CoverageLine.objects.filter(
        insured_id__in=customer_ids, status=PolicyStatus.IN_FORCE
    ).values_list("insured_id", "policy_id", "category")
    for insured_id, policy_id, category in lines:
        facts[insured_id].categories.add(category)
        facts[insured_id].in_force_ids.add(policy_id)
    return facts


_UPDATE_FIELDS = (
    "payment_group", "next_due_date", "policy_count", "annual_premium",
    "categories", "is_single_policy_risk", "is_in_grace", "is_reinstatable",
)
# One plain UPDATE per customer through executemany: Django's bulk_update
# builds CASE expressions that cost about 90% of a whole-office run.
_UPDATE_SQL = "UPDATE {table} SET {assignments} WHERE id = %s".format(
    table=Customer._meta.db_table,
    assignments=", ".join(f"{name} = %s" for name in _UPDATE_FIELDS),
)


def _update_row(customer_id: int, values: dict) -> tuple:
    return (*(values[name] for name in _UPDATE_FIELDS), customer_id)


def customers_reclassify(
    *,
    office_id: int,
    customer_ids: Iterable[int] | None = None,
    today: dt.date | None = None,
) -> int:
    """Recompute payment group, due date and flags; return customers updated.

    With `customer_ids` None, every customer of the office is recomputed.
    Works in chunks so memory stays flat on large books.
    """
    today = today or timezone.localdate()
    if customer_ids is None:
        ids = list(
            Customer.objects.filter(office_id=office_id).values_list("pk", flat=True)
        )
    else:
        ids = sorted(set(customer_ids))
    updated = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        facts = _gather(chunk)
        rows = [
            _update_row(customer_id, _classify(facts.get(customer_id, _Facts()), today))
            for customer_id in chunk
        ]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(_UPDATE_SQL, rows)
        updated += len(rows)
    logger.info("reclassified office=%s customers=%s", office_id, updated)
    return updated
