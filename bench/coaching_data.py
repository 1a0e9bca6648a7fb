"""A plain generator of a large office for bench/coaching.py.

Used when the demo generator (revisit.demo) is not installed. Rows are
random but seeded, shaped only as far as the measured queries care: books
of equal size, a spread of premiums, statuses and grades, and a year of
contacts. Classification fields are set directly instead of running
customers_reclassify, which would take minutes at this size.
"""

import datetime as dt
import gc
import random
from decimal import Decimal

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import transaction
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
BATCH = 2000
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
    users = [
        User(
            username=f"{code.lower()}-agent{index:03d}", role=User.Role.AGENT,
            office=office, team=team_rows[index % teams], agent_code=f"B{index:05d}",
            full_name=f"营销员{index:03d}", password=password,
        )
        for index in range(agents)
    ]
    User.objects.bulk_create(users, batch_size=BATCH)
    return office, list(User.objects.filter(office=office, role=User.Role.AGENT))


def _customers(rng, office, agents, total) -> list[Customer]:
    rows = []
    for index in range(total):
        agent = agents[index % len(agents)]
        rows.append(Customer(
            office=office, agent=agent,
            full_name=rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
            phone=f"139{index:08d}",
            birth_date=dt.date(1950 + index % 50, 1 + index % 12, 1),
            grade=rng.choices([2, 3, 5], [15, 35, 50])[0],
        ))
    Customer.objects.bulk_create(rows, batch_size=BATCH)
    return list(Customer.objects.filter(office=office).only("pk", "agent_id"))


def _policies(rng, office, customers, lines, today) -> tuple[list[Policy], dict]:
    policies = []
    per_customer: dict[int, list[Policy]] = {}
    for customer in customers:
        count = rng.choices([1, 2, 3, 4], [50, 28, 14, 8])[0]
        for _number in range(count):
            status = _pick(rng, STATUS_WEIGHTS)
            effective = today - dt.timedelta(days=rng.randint(0, 15 * 365))
            paid_to = today + dt.timedelta(days=rng.randint(-400, 300))
            policy = Policy(
                office=office, policy_number=f"BN{len(policies):09d}",
                agent_id=customer.agent_id, holder_id=customer.pk,
                insured_id=customer.pk, status=status, effective_date=effective,
                paid_to_date=paid_to,
                payment_end_date=effective
                + dt.timedelta(days=365 * rng.choice([10, 20])),
                payment_mode=PaymentMode.ANNUAL, annual_premium=_premium(rng),
            )
            policies.append(policy)
            per_customer.setdefault(customer.pk, []).append(policy)
    Policy.objects.bulk_create(policies, batch_size=BATCH)
    return policies, per_customer


def _lines(rng, policies, total) -> None:
    riders = max(0, total - len(policies))
    rows = []
    for policy in policies:
        rows.append(CoverageLine(
            policy=policy, product_code="B100", category=ProductCategory.LIFE,
            insured_id=policy.insured_id, premium=policy.annual_premium,
            status=policy.status,
        ))
    for index in range(riders):
        policy = rng.choice(policies)
        rows.append(CoverageLine(
            policy=policy, product_code=f"R{index:07d}",
            category=ProductCategory.ACCIDENT,
            is_rider=True, insured_id=policy.insured_id, premium=Decimal("300"),
            status=policy.status,
        ))
    CoverageLine.objects.bulk_create(rows, batch_size=BATCH)


def _classify(customers, per_customer, today) -> None:
    updates = []
    for customer in customers:
        held = [
            p for p in per_customer.get(customer.pk, [])
            if p.status == PolicyStatus.IN_FORCE
        ]
        paying = [p for p in held if p.paid_to_date < p.payment_end_date]
        if paying:
            group = PaymentGroup.RENEWAL_RECEIVABLE
        elif held:
            group = PaymentGroup.PAID_UP
        else:
            group = PaymentGroup.NONE_IN_FORCE
        customer.policy_count = len(held)
        customer.payment_group = group
        customer.annual_premium = sum((p.annual_premium for p in held), Decimal("0"))
        customer.is_single_policy_risk = len(held) == 1
        updates.append(customer)
    Customer.objects.bulk_update(
        updates,
        ["policy_count", "payment_group", "annual_premium", "is_single_policy_risk"],
        batch_size=BATCH,
    )


def _contacts(rng, office, customers, total, now) -> None:
    batch = []
    for index in range(total):
        customer = customers[rng.randrange(len(customers))]
        outcome = _pick(rng, OUTCOME_WEIGHTS)
        batch.append(Contact(
            office=office, customer_id=customer.pk, agent_id=customer.agent_id,
            kind=_pick(rng, KIND_WEIGHTS),
            occurred_at=now - dt.timedelta(minutes=rng.randint(0, 365 * 24 * 60)),
            outcome=outcome,
            signed_premium=_premium(rng) if outcome == ContactOutcome.SIGNED else None,
            signed_policy_number=(
                f"S{index:09d}" if outcome == ContactOutcome.SIGNED else ""
            ),
        ))
        if len(batch) == 50_000:
            Contact.objects.bulk_create(batch, batch_size=BATCH)
            batch = []
    Contact.objects.bulk_create(batch, batch_size=BATCH)


def _grade_changes(rng, office, customers, now) -> None:
    """Add a year of grade changes when the grade history model exists."""
    try:
        model = apps.get_model("outreach", "GradeChange")
    except LookupError:
        return
    rows = []
    for customer in rng.sample(customers, len(customers) // 2):
        old, new = rng.choice([(5, 3), (3, 2), (3, 5), (2, 3), (5, 2)])
        rows.append(model(
            office=office, customer_id=customer.pk, agent_id=customer.agent_id,
            old_grade=old, new_grade=new, source="computed",
            changed_at=now - dt.timedelta(minutes=rng.randint(0, 365 * 24 * 60)),
        ))
    model.objects.bulk_create(rows, batch_size=BATCH)


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
            policies, per_customer = _policies(rng, office, customer_rows, lines, today)
            _lines(rng, policies, lines)
            progress(f"  {len(policies)} policies, {lines} coverage lines")
            _classify(customer_rows, per_customer, today)
        with transaction.atomic():
            _contacts(rng, office, customer_rows, contacts, now)
            progress(f"  {contacts} contacts")
            _grade_changes(rng, office, customer_rows, now)
    finally:
        gc.enable()
