"""Customer snapshots: the facts the ranking rules read, loaded in bulk.

`load_snapshots` runs a fixed number of queries for a whole book (one per
kind of fact), never one per customer, so ranking 500 customers costs the
same handful of round trips as ranking one.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from revisit.book.models import CoverageLine, Customer, CustomerRelation, Policy
from revisit.outreach.models import Contact

# Words in a contact note that reveal a life event, by event code. A data
# table, so the Chinese stays here rather than in gettext.
LIFE_EVENT_KEYWORDS: dict[str, tuple[str, ...]] = {
    "marriage": ("结婚", "婚礼", "领证", "新婚", "订婚"),
    "baby": ("生孩子", "宝宝", "怀孕", "二胎", "三胎", "生了个", "坐月子"),
    "home": ("买房", "房贷", "新房", "装修", "乔迁", "搬家"),
    "job": ("换工作", "跳槽", "新工作", "创业", "辞职"),
    "promotion": ("升职", "加薪", "提拔", "晋升"),
    "retirement": ("退休",),
    "schooling": ("升学", "高考", "中考", "留学", "上大学", "入学"),
    "illness": ("住院", "手术", "生病", "体检异常", "确诊", "化疗"),
    "accident": ("车祸", "出意外", "受伤", "骨折", "摔伤"),
    "bereavement": ("去世", "过世", "病故", "丧事", "葬礼", "丧偶"),
}

# Events that call for care, not congratulations: the visit asks how the
# family is doing and whether a claim is due.
HARDSHIP_EVENTS = frozenset({"illness", "accident", "bereavement"})


@dataclass(frozen=True)
class PolicyFact:
    """A policy the customer holds."""

    id: int
    status: str
    payment_mode: str
    effective_date: dt.date | None
    paid_to_date: dt.date | None
    payment_end_date: dt.date | None
    annual_premium: Decimal


@dataclass(frozen=True)
class LineFact:
    """A coverage line the customer is insured on."""

    policy_id: int
    category: str
    status: str
    is_rider: bool
    payment_end_date: dt.date | None


@dataclass(frozen=True)
class MemberFact:
    """Another member of the customer's household."""

    id: int
    name: str
    relation: str
    policy_count: int


@dataclass(frozen=True)
class LifeEventFact:
    event: str
    noted_on: dt.date


@dataclass
class CustomerSnapshot:
    id: int
    name: str
    gender: str
    birth_date: dt.date | None
    grade: int
    policy_count: int
    policies: list[PolicyFact] = field(default_factory=list)
    lines: list[LineFact] = field(default_factory=list)
    family: list[MemberFact] = field(default_factory=list)
    life_events: list[LifeEventFact] = field(default_factory=list)
    last_contact_at: dt.datetime | None = None


_CUSTOMER_FIELDS = (
    "pk",
    "last_contact_at",
    "full_name",
    "gender",
    "birth_date",
    "grade",
    "policy_count",
    "household_id",
)
# Columns in the order of the fact's fields, after the owner's id: tuples
# from values_list cost less than dicts on books of hundreds of customers.
_POLICY_COLUMNS = (
    "holder_id",
    "pk",
    "status",
    "payment_mode",
    "effective_date",
    "paid_to_date",
    "payment_end_date",
    "annual_premium",
)
_LINE_COLUMNS = (
    "insured_id",
    "policy_id",
    "category",
    "status",
    "is_rider",
    "payment_end_date",
)


def _scope(prefix: str, *, agent_id: int | None, customer_ids) -> Q:
    if customer_ids is not None:
        return Q(**{f"{prefix}pk__in": list(customer_ids)})
    return Q(**{f"{prefix}agent_id": agent_id})


def load_snapshots(
    *,
    agent_id: int | None = None,
    customer_ids=None,
    life_events_since: dt.date,
) -> dict[int, CustomerSnapshot]:
    """Load snapshots of an agent's whole book, or of the given customers.

    Runs at most six queries whatever the number of customers. Contact
    notes are searched for life events from `life_events_since` on. The
    last contact comes from Customer.last_contact_at, which the contact log
    keeps current when a contact is logged, edited or withdrawn.
    """
    if (agent_id is None) == (customer_ids is None):
        raise ValueError("pass exactly one of agent_id and customer_ids")

    def scope(prefix: str = "") -> Q:
        return _scope(prefix, agent_id=agent_id, customer_ids=customer_ids)

    snapshots: dict[int, CustomerSnapshot] = {}
    households: dict[int, int] = {}
    for row in Customer.objects.filter(scope()).values(*_CUSTOMER_FIELDS):
        snapshots[row["pk"]] = CustomerSnapshot(
            id=row["pk"],
            name=row["full_name"],
            gender=row["gender"],
            birth_date=row["birth_date"],
            grade=row["grade"],
            policy_count=row["policy_count"],
            last_contact_at=row["last_contact_at"],
        )
        if row["household_id"]:
            households[row["pk"]] = row["household_id"]
    if not snapshots:
        return snapshots

    policies = Policy.objects.filter(scope("holder__")).values_list(*_POLICY_COLUMNS)
    for holder_id, *fields in policies:
        snapshots[holder_id].policies.append(PolicyFact(*fields))

    lines = CoverageLine.objects.filter(scope("insured__")).values_list(*_LINE_COLUMNS)
    for insured_id, *fields in lines:
        snapshots[insured_id].lines.append(LineFact(*fields))

    _attach_life_events(snapshots, scope("customer__"), life_events_since)
    _attach_family(snapshots, households)
    return snapshots


def _attach_life_events(snapshots, scope: Q, since: dt.date) -> None:
    keywords = [word for words in LIFE_EVENT_KEYWORDS.values() for word in words]
    mentions = Q()
    for word in keywords:
        mentions |= Q(notes__contains=word)
    zone = timezone.get_default_timezone()
    start = timezone.make_aware(dt.datetime.combine(since, dt.time.min), zone)
    notes = (
        Contact.objects.filter(scope, mentions, is_void=False, occurred_at__gte=start)
        .order_by("-occurred_at")
        .values_list("customer_id", "occurred_at", "notes")
    )
    for customer_id, occurred_at, text in notes:
        for event, words in LIFE_EVENT_KEYWORDS.items():
            if any(word in text for word in words):
                snapshots[customer_id].life_events.append(
                    LifeEventFact(
                        event=event, noted_on=occurred_at.astimezone(zone).date()
                    )
                )


def _attach_family(snapshots, households: dict[int, int]) -> None:
    if not households:
        return
    members_by_household: dict[int, list[dict]] = {}
    members = Customer.objects.filter(household_id__in=set(households.values())).values(
        "pk", "household_id", "full_name", "policy_count"
    )
    for row in members:
        members_by_household.setdefault(row["household_id"], []).append(row)
    # A relation (A, kind, B) means A is B's `kind`, so the member's relation
    # to the customer sits on the row whose relative is the customer.
    relations = CustomerRelation.objects.filter(
        relative_id__in=list(households)
    ).values_list("relative_id", "customer_id", "kind")
    kinds = {
        (customer_id, member_id): kind for customer_id, member_id, kind in relations
    }
    for customer_id, household_id in households.items():
        for row in members_by_household.get(household_id, []):
            if row["pk"] == customer_id:
                continue
            snapshots[customer_id].family.append(
                MemberFact(
                    id=row["pk"],
                    name=row["full_name"],
                    relation=kinds.get((customer_id, row["pk"]), ""),
                    policy_count=row["policy_count"],
                )
            )
