"""A plain generator of a large office for bench/coaching.py.

Used when the demo generator (revisit.demo) is not installed. Rows are
random but seeded, shaped only as far as the measured queries care: books
of equal size, a spread of premiums, statuses and grades, a year of
contacts and grade changes, and, when the planning app is installed, a
year of weekly sheets with planned calls and visits. Classification fields
are set directly instead of running customers_reclassify, which would take
minutes at this size.

Rows go in with executemany on plain INSERT statements built from each
model's fields, so columns that other apps add later get their defaults.
"""

import datetime as dt
import gc
import random
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone

from revisit.accounts.models import Office, Team, User
from revisit.book.models import (
    CoverageLine,
    Customer,
    PaymentGroup,
    PaymentMode,
    Policy,
    PolicyStatus,
    ProductCategory,
)
from revisit.outreach.models import Contact, ContactKind, ContactOutcome

SEED = 532
CHUNK = 20_000
PASSWORD = "bench-1234"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"

STATUS_WEIGHTS = [
    (PolicyStatus.IN_FORCE, 85), (PolicyStatus.LAPSED, 8),
    (PolicyStatus.MATURED, 4), (PolicyStatus.SURRENDERED, 3),
]
KIND_WEIGHTS = [
    (ContactKind.VISIT, 30), (ContactKind.CALL, 35), (ContactKind.MESSAGE, 20),
    (ContactKind.ACTIVITY, 5), (ContactKind.GREETING, 5), (ContactKind.SERVICE, 5),
]
OUTCOME_WEIGHTS = [
    (ContactOutcome.DONE, 50), (ContactOutcome.APPOINTMENT, 10),
    (ContactOutcome.NO_ANSWER, 15), (ContactOutcome.PROPOSAL, 8),
    (ContactOutcome.REFUSED, 7), (ContactOutcome.REFERRAL, 5),
    (ContactOutcome.SIGNED, 5),
]


def _adapter(field: models.Field):
    ops = connection.ops
    kind = field.get_internal_type()
    if kind == "DateTimeField":
        return ops.adapt_datetimefield_value
    if kind == "DateField":
        return ops.adapt_datefield_value
    if kind == "DecimalField":
        return lambda value: ops.adapt_decimalfield_value(
            value, field.max_digits, field.decimal_places
        )
    if kind == "JSONField":
        return lambda value: field.get_db_prep_save(value, connection)
    return None


def insert_rows(model: type[models.Model], rows: Iterable[dict]) -> int:
    """Insert `rows` (attname -> value) into `model`'s table; return the count.

    Fields a row leaves out get the field's default, prepared once.
    """
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    defaults = {}
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            defaults[field.attname] = now
        else:
            defaults[field.attname] = field.get_default()
    adapters = [(field.attname, _adapter(field)) for field in fields]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    table = connection.ops.quote_name(model._meta.db_table)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
    total = 0
    for chunk in _chunks(rows):
        values = []
        for row in chunk:
            line = []
            for name, adapt in adapters:
                value = row.get(name, defaults[name])
                line.append(adapt(value) if adapt and value is not None else value)
            values.append(line)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # COPY is several times faster than executemany on psycopg 3.
                copy_sql = f"COPY {table} ({columns}) FROM STDIN"
                with cursor.cursor.copy(copy_sql) as copy:
                    for line in values:
                        copy.write_row(line)
            else:
                cursor.executemany(sql, values)
        total += len(values)
    return total


def _chunks(rows: Iterable[dict]) -> Iterator[list[dict]]:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _pick(rng: random.Random, weights):
    values, counts = zip(*weights, strict=True)
    return rng.choices(values, counts)[0]


def _premium(rng: random.Random) -> Decimal:
    band = rng.random()
    if band < 0.2:
        return Decimal(rng.randint(100, 999))
    if band < 0.85:
        return Decimal(rng.randint(1000, 10000))
    return Decimal(rng.randint(10001, 60000))


def _staff(code: str, agents: int, teams: int) -> tuple[Office, list[User]]:
    office = Office.objects.create(code=code, name=code)
    password = make_password(PASSWORD)
    team_rows = [
        Team.objects.create(office=office, code=f"T{index:02d}", name=f"T{index:02d}")
        for index in range(1, teams + 1)
    ]
    User.objects.create(
        username=f"{code.lower()}-manager", role=User.Role.MANAGER, office=office,
        password=password,
    )
    for team in team_rows:
        User.objects.create(
            username=f"{code.lower()}-sup-{team.code}", role=User.Role.SUPERVISOR,
            office=office, team=team, password=password,
        )
    User.objects.bulk_create(
        [
            User(
                username=f"{code.lower()}-agent{index:03d}", role=User.Role.AGENT,
                office=office, team=team_rows[index % teams],
                agent_code=f"B{index:05d}", full_name=f"营销员{index:03d}",
                password=password,
            )
            for index in range(agents)
        ]
    )
    return office, list(User.objects.filter(office=office, role=User.Role.AGENT))


def _customers(rng, office, agents, total) -> list[tuple[int, int]]:
    insert_rows(Customer, (
        {
            "office_id": office.pk,
            "agent_id": agents[index % len(agents)].pk,
            "full_name": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
            "phone": f"139{index:08d}",
            "birth_date": dt.date(1950 + index % 50, 1 + index % 12, 1),
            "grade": rng.choices([2, 3, 5], [15, 35, 50])[0],
        }
        for index in range(total)
    ))
    rows = Customer.objects.filter(office=office).order_by("pk")
    return list(rows.values_list("pk", "agent_id"))


def _policies(rng, office, customers, today) -> list[dict]:
    policies = []
    for customer_id, agent_id in customers:
        for _number in range(rng.choices([1, 2, 3, 4], [50, 28, 14, 8])[0]):
            effective = today - dt.timedelta(days=rng.randint(0, 15 * 365))
            policies.append({
                "office_id": office.pk,
                "policy_number": f"BN{len(policies):09d}",
                "agent_id": agent_id,
                "holder_id": customer_id,
                "insured_id": customer_id,
                "status": _pick(rng, STATUS_WEIGHTS),
                "effective_date": effective,
                "paid_to_date": today + dt.timedelta(days=rng.randint(-400, 300)),
                "payment_end_date": effective
                + dt.timedelta(days=365 * rng.choice([10, 20])),
                "payment_mode": PaymentMode.ANNUAL,
                "annual_premium": _premium(rng),
            })
    insert_rows(Policy, policies)
    ids = Policy.objects.filter(office=office).order_by("policy_number").values_list(
        "pk", flat=True
    )
    for policy, pk in zip(policies, ids, strict=True):
        policy["pk"] = pk
    return policies


def _lines(rng, policies, total) -> None:
    def rows():
        for policy in policies:
            yield {
                "policy_id": policy["pk"], "product_code": "B100",
                "category": ProductCategory.LIFE, "insured_id": policy["insured_id"],
                "premium": policy["annual_premium"], "status": policy["status"],
            }
        for index in range(max(0, total - len(policies))):
            policy = rng.choice(policies)
            yield {
                "policy_id": policy["pk"], "product_code": f"R{index:07d}",
                "category": ProductCategory.ACCIDENT, "is_rider": True,
                "insured_id": policy["insured_id"], "premium": Decimal("300"),
                "status": policy["status"],
            }

    insert_rows(CoverageLine, rows())


def _classify(customers, policies) -> None:
    held: dict[int, list[dict]] = {}
    for policy in policies:
        if policy["status"] == PolicyStatus.IN_FORCE:
            held.setdefault(policy["holder_id"], []).append(policy)
    updates = []
    for customer_id, _agent_id in customers:
        mine = held.get(customer_id, [])
        paying = [p for p in mine if p["paid_to_date"] < p["payment_end_date"]]
        if paying:
            group = PaymentGroup.RENEWAL_RECEIVABLE
        elif mine:
            group = PaymentGroup.PAID_UP
        else:
            group = PaymentGroup.NONE_IN_FORCE
        updates.append(Customer(
            pk=customer_id, policy_count=len(mine), payment_group=group,
            annual_premium=sum((p["annual_premium"] for p in mine), Decimal("0")),
            is_single_policy_risk=len(mine) == 1,
        ))
    Customer.objects.bulk_update(
        updates,
        ["policy_count", "payment_group", "annual_premium", "is_single_policy_risk"],
        batch_size=1000,
    )


def _contacts(rng, office, customers, total, now) -> None:
    def rows():
        for index in range(total):
            customer_id, agent_id = customers[rng.randrange(len(customers))]
            outcome = _pick(rng, OUTCOME_WEIGHTS)
            signed = outcome == ContactOutcome.SIGNED
            yield {
                "office_id": office.pk, "customer_id": customer_id,
                "agent_id": agent_id, "kind": _pick(rng, KIND_WEIGHTS),
                "occurred_at": now - dt.timedelta(minutes=rng.randint(0, 525_600)),
                "outcome": outcome,
                "signed_premium": _premium(rng) if signed else None,
                "signed_policy_number": f"S{index:09d}" if signed else "",
            }

    insert_rows(Contact, rows())


def _grade_changes(rng, office, customers, now) -> None:
    model = apps.get_model("outreach", "GradeChange")
    moves = [(5, 3), (3, 2), (3, 5), (2, 3), (5, 2)]
    insert_rows(model, (
        {
            "office_id": office.pk, "customer_id": customer_id, "agent_id": agent_id,
            "old_grade": old, "new_grade": new, "source": "computed",
            "changed_at": now - dt.timedelta(minutes=rng.randint(0, 525_600)),
        }
        for (customer_id, agent_id), (old, new) in (
            (pair, rng.choice(moves))
            for pair in rng.sample(customers, len(customers) // 2)
        )
    ))


def add_weekly_sheets(office: Office) -> int:
    """Add a year of weekly sheets, 16 rows each, when planning is installed.

    Return the number of sheets written, 0 without the planning app.
    """
    try:
        sheet_model = apps.get_model("planning", "WeeklySheet")
    except LookupError:
        return 0
    rng = random.Random(SEED)
    rows = Customer.objects.filter(office=office).order_by("pk")
    customers = list(rows.values_list("pk", "agent_id"))
    with transaction.atomic():
        return _sheets(rng, office, customers, timezone.localdate(), sheet_model)


def _sheets(rng, office, customers, today, sheet_model) -> int:
    entry_model = apps.get_model("planning", "SheetEntry")
    action_model = apps.get_model("planning", "PlannedAction")
    by_agent: dict[int, list[int]] = {}
    for customer_id, agent_id in customers:
        by_agent.setdefault(agent_id, []).append(customer_id)
    this_monday = today - dt.timedelta(days=today.weekday())
    mondays = [this_monday - dt.timedelta(weeks=weeks) for weeks in range(52)]
    insert_rows(sheet_model, (
        {"office_id": office.pk, "agent_id": agent_id, "week_start": monday,
         "status": "approved" if monday < this_monday else "submitted"}
        for agent_id in by_agent for monday in mondays
    ))
    # Ordered by pk like the entry ids read back below, which pairs each
    # entry with its sheet's week.
    sheets = sheet_model.objects.filter(office=office).order_by("pk").values_list(
        "pk", "agent_id", "week_start"
    )
    entries = []
    for sheet_id, agent_id, monday in sheets:
        book = by_agent[agent_id]
        for position, customer_id in enumerate(rng.sample(book, min(16, len(book))), 1):
            entries.append({
                "sheet_id": sheet_id, "customer_id": customer_id, "position": position,
                "rotation": 1, "grade": 5, "monday": monday,
            })
    insert_rows(entry_model, entries)
    ids = entry_model.objects.filter(sheet__office=office).order_by(
        "sheet_id", "position"
    )
    actions = []
    for entry, pk in zip(entries, ids.values_list("pk", flat=True), strict=True):
        monday = entry["monday"]
        actions.append({
            "entry_id": pk, "kind": "phone_appointment",
            "planned_date": monday + dt.timedelta(days=rng.randint(0, 1)),
            "is_done": monday < this_monday,
        })
        actions.append({
            "entry_id": pk, "kind": "visit",
            "planned_date": monday + dt.timedelta(days=rng.randint(1, 5)),
            "is_done": monday < this_monday and rng.random() < 0.7,
        })
    insert_rows(action_model, actions)
    return len(mondays) * len(by_agent)


def build_office(*, code, agents, teams, customers, lines, contacts, progress) -> None:
    rng = random.Random(SEED)
    today = timezone.localdate()
    now = timezone.now()
    gc.disable()
    try:
        with transaction.atomic():
            office, agent_users = _staff(code, agents, teams)
            customer_rows = _customers(rng, office, agent_users, customers)
            progress(f"  {len(customer_rows)} customers")
            policies = _policies(rng, office, customer_rows, today)
            _lines(rng, policies, lines)
            progress(f"  {len(policies)} policies, {lines} coverage lines")
            _classify(customer_rows, policies)
        with transaction.atomic():
            _contacts(rng, office, customer_rows, contacts, now)
            progress(f"  {contacts} contacts")
            _grade_changes(rng, office, customer_rows, now)
    finally:
        gc.enable()
