"""Generate a large sales office with bulk inserts, for the planning bench.

Rows go in through executemany on plain tuples, because the ORM's
bulk_create would spend minutes preparing a million contacts. Each agent's
customers form one block of ids; neighbouring customers share households.
Every policy has its holder as insured.
"""

import datetime as dt
import random
import time

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from revisit.accounts.models import Office, Team, User
from revisit.book.models import (
    CoverageLine,
    Customer,
    CustomerRelation,
    Household,
    Policy,
)
from revisit.outreach.models import Contact

OFFICE_CODE = "BENCH"
PASSWORD = "bench-1234"


def _name_parts(table: str) -> list[tuple[str, str]]:
    """Split "王wang 李li" into [("王", "wang"), ("李", "li")]."""
    return [(item[0], item[1:]) for item in table.split()]


# Name parts with their pinyin, so search keys need no pypinyin call per row.
SURNAMES = _name_parts(
    "王wang 李li 张zhang 刘liu 陈chen 杨yang 赵zhao 黄huang 周zhou 吴wu 徐xu 孙sun "
    "胡hu 朱zhu 高gao 林lin 何he 郭guo 马ma 罗luo 梁liang 宋song 郑zheng 谢xie 韩han"
)
GIVEN_NAMES = _name_parts(
    "伟wei 芳fang 娜na 敏min 静jing 丽li 强qiang 磊lei 军jun 洋yang 勇yong 艳yan 杰jie "
    "涛tao 明ming 超chao 秀xiu 霞xia 平ping 刚gang 桂gui 英ying 华hua 建jian 国guo"
)
GRADES = [2] * 15 + [3] * 35 + [5] * 50
STATUSES = ["in_force"] * 85 + ["lapsed"] * 7 + ["matured"] * 5 + ["surrendered"] * 3
BASE_CATEGORIES = (
    ["life"] * 25
    + ["critical_illness"] * 25
    + ["medical"] * 15
    + ["accident"] * 8
    + ["endowment"] * 10
    + ["annuity"] * 7
    + ["education"] * 10
)
RIDER_CATEGORIES = ["accident", "medical", "waiver", "critical_illness"]
CONTACT_KINDS = (
    ["visit"] * 25
    + ["call"] * 40
    + ["message"] * 25
    + ["activity"] * 5
    + ["greeting"] * 5
)
OUTCOMES = (
    [""] * 30
    + ["appointment"] * 20
    + ["no_answer"] * 20
    + ["done"] * 20
    + ["proposal"] * 7
    + ["referral"] * 3
)
# Contact notes; one in twenty names a life event the ranking looks for.
NOTES = (
    [""] * 75
    + ["电话没人接", "客户在外地出差", "送了台历", "聊了孩子的学习"] * 5
    + [
        "客户说下个月结婚",
        "家里添了宝宝",
        "刚买房，房贷压力大",
        "准备换工作",
        "明年退休",
    ]
)
CONTACT_YEARS = 3


class Inserter:
    """INSERT plain tuples in batches; left-out columns get the model default."""

    def __init__(self, model, columns: list[str], *, now: dt.datetime):
        self.columns = columns
        defaults = []
        for field in model._meta.concrete_fields:
            if field.attname in columns or field.attname == "id":
                continue
            if field.attname in ("created_at", "updated_at"):
                value = now
            else:
                value = field.get_default()
            defaults.append((field.attname, field.get_db_prep_save(value, connection)))
        names = columns + [name for name, _value in defaults]
        quoted = ", ".join(connection.ops.quote_name(name) for name in names)
        marks = ", ".join(["%s"] * len(names))
        self.sql = f"INSERT INTO {model._meta.db_table} ({quoted}) VALUES ({marks})"
        self.tail = tuple(value for _name, value in defaults)

    def insert(self, rows, batch_size: int = 20_000) -> int:
        count = 0
        batch = []
        with connection.cursor() as cursor:
            for row in rows:
                batch.append(tuple(row) + self.tail)
                if len(batch) >= batch_size:
                    cursor.executemany(self.sql, batch)
                    count += len(batch)
                    batch = []
            if batch:
                cursor.executemany(self.sql, batch)
                count += len(batch)
        return count


def generate_office(
    *, agents: int, customers: int, lines: int, contacts: int, seed: int
) -> Office:
    """Create the office, its staff and book in one transaction; print the counts."""
    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    started = time.monotonic()
    with transaction.atomic():
        office = Office.objects.create(code=OFFICE_CODE, name="基准营业部")
        agent_ids = _staff(office, agents)
        customer_rows = _customers(rng, office.pk, agent_ids, customers, today)
        households = _households(rng, customer_rows)
        Inserter(Household, ["id", "office_id"], now=now).insert(
            (household_id, office.pk) for household_id in households
        )
        Inserter(
            Customer,
            [
                "id",
                "office_id",
                "agent_id",
                "household_id",
                "full_name",
                "name_pinyin",
                "name_initials",
                "gender",
                "birth_date",
                "phone",
                "grade",
            ],
            now=now,
        ).insert(customer_rows)
        Inserter(
            CustomerRelation, ["customer_id", "relative_id", "kind"], now=now
        ).insert(_relations(customer_rows))
        policies, line_rows = _policies(rng, office.pk, customer_rows, lines, today)
        Inserter(
            Policy,
            [
                "id",
                "office_id",
                "policy_number",
                "agent_id",
                "holder_id",
                "insured_id",
                "status",
                "effective_date",
                "paid_to_date",
                "payment_end_date",
                "payment_mode",
                "annual_premium",
            ],
            now=now,
        ).insert(policies)
        Inserter(
            CoverageLine,
            [
                "policy_id",
                "product_code",
                "product_name",
                "category",
                "is_rider",
                "insured_id",
                "sum_assured",
                "premium",
                "payment_mode",
                "effective_date",
                "paid_to_date",
                "payment_end_date",
                "status",
            ],
            now=now,
        ).insert(line_rows)
        contact_count = Inserter(
            Contact,
            [
                "office_id",
                "customer_id",
                "agent_id",
                "kind",
                "occurred_at",
                "outcome",
                "notes",
            ],
            now=now,
        ).insert(_contacts(rng, office.pk, customer_rows, contacts, today))
    print(
        f"generated: {len(agent_ids)} agents, {len(customer_rows)} customers, "
        f"{len(policies)} policies, {len(line_rows)} coverage lines, "
        f"{contact_count} contacts in {time.monotonic() - started:.1f} s"
    )
    return office


def _staff(office: Office, agents: int) -> list[int]:
    """Create teams of ten agents with a supervisor each; return the agent ids."""
    password = make_password(PASSWORD)
    teams = [
        Team.objects.create(office=office, code=f"T{n:02d}", name=f"第{n}组")
        for n in range(1, max(1, agents // 10) + 1)
    ]
    User.objects.bulk_create(
        [
            User(
                username=f"sup{n:02d}",
                role=User.Role.SUPERVISOR,
                office=office,
                team=team,
                password=password,
                full_name=f"主管{n}",
            )
            for n, team in enumerate(teams, start=1)
        ]
    )
    User.objects.bulk_create(
        [
            User(
                username=f"agent{n:03d}",
                role=User.Role.AGENT,
                office=office,
                team=teams[(n - 1) % len(teams)],
                agent_code=f"A{n:04d}",
                password=password,
                full_name=f"营销员{n}",
            )
            for n in range(1, agents + 1)
        ]
    )
    agent_ids = User.objects.filter(office=office, role=User.Role.AGENT).order_by("pk")
    return list(agent_ids.values_list("pk", flat=True))


def _customers(rng, office_id, agent_ids, count, today) -> list[list]:
    """Return customer rows [id, office, agent, household, name, pinyin, ...]."""
    rows = []
    per_agent = -(-count // len(agent_ids))
    for index in range(count):
        surname, surname_pinyin = rng.choice(SURNAMES)
        given = [rng.choice(GIVEN_NAMES) for _ in range(rng.choice((1, 2)))]
        born = today - dt.timedelta(days=rng.randint(2 * 365, 80 * 365))
        rows.append(
            [
                index + 1,
                office_id,
                agent_ids[index // per_agent],
                None,
                surname + "".join(char for char, _pinyin in given),
                surname_pinyin + "".join(pinyin for _char, pinyin in given),
                surname_pinyin[0] + "".join(pinyin[0] for _char, pinyin in given),
                rng.choice("MF"),
                born.isoformat(),
                f"139{index:08d}",
                rng.choice(GRADES),
            ]
        )
    return rows


def _households(rng, customer_rows: list[list]) -> list[int]:
    """Group neighbouring customers of one agent into households of 2 to 4."""
    households: list[int] = []
    index = 0
    while index < len(customer_rows):
        size = rng.choice((1, 1, 1, 2, 2, 3, 4))
        agent_id = customer_rows[index][2]
        members = [r for r in customer_rows[index : index + size] if r[2] == agent_id]
        if len(members) > 1:
            households.append(len(households) + 1)
            for row in members:
                row[3] = households[-1]
        index += size
    return households


def _relations(customer_rows):
    """Yield (customer, relative, kind): the first member's spouse, then children."""
    members_of: dict[int, list[int]] = {}
    for row in customer_rows:
        if row[3]:
            members_of.setdefault(row[3], []).append(row[0])
    for head, *others in members_of.values():
        for position, other in enumerate(others):
            if position == 0:
                yield (other, head, "spouse")
                yield (head, other, "spouse")
            else:
                yield (other, head, "child")
                yield (head, other, "parent")


def _same_day(day: dt.date, year: int) -> dt.date:
    return (
        dt.date(year, 3, 1)
        if (day.month, day.day) == (2, 29)
        else day.replace(year=year)
    )


def _policies(rng, office_id, customer_rows, line_count, today):
    """Return policy and coverage line rows: one base line per policy, then riders."""
    policies, lines = [], []
    count = min(len(customer_rows) * 2, max(len(customer_rows), int(line_count / 1.6)))
    for number in range(1, count + 1):
        if number <= len(customer_rows):
            holder = customer_rows[number - 1]
        else:
            holder = rng.choice(customer_rows)
        effective = today - dt.timedelta(days=rng.randint(30, 15 * 365))
        end = _same_day(effective, effective.year + rng.choice((10, 20, 20, 30)))
        status = rng.choice(STATUSES)
        if status == "matured":
            end = today - dt.timedelta(days=rng.randint(1, 400))
        # Premiums are paid up to this year's anniversary; those more than
        # the 60-day grace period behind have paid the next one.
        anniversary = _same_day(effective, today.year)
        if anniversary < today - dt.timedelta(days=60):
            anniversary = _same_day(effective, today.year + 1)
        paid_to = min(end, anniversary)
        if status == "lapsed":
            paid_to = today - dt.timedelta(days=rng.randint(61, 900))
        premium = str(rng.choice((800, 1500, 3000, 6000, 12000, 25000)))
        dates = (effective.isoformat(), paid_to.isoformat(), end.isoformat())
        policies.append(
            (
                number,
                office_id,
                f"P{number:010d}",
                holder[2],
                holder[0],
                holder[0],
                status,
                *dates,
                "annual",
                premium,
            )
        )
        lines.append(
            (
                number,
                f"B-{number % 97}",
                "基本险",
                rng.choice(BASE_CATEGORIES),
                False,
                holder[0],
                "200000",
                premium,
                "annual",
                *dates,
                status,
            )
        )
    for rider in range(max(0, line_count - len(lines))):
        policy = policies[rng.randrange(len(policies))]
        lines.append(
            (
                policy[0],
                f"R-{rider}",
                "附加险",
                rng.choice(RIDER_CATEGORIES),
                True,
                policy[5],
                "50000",
                "300",
                "annual",
                policy[7],
                policy[8],
                policy[9],
                policy[6],
            )
        )
    return policies, lines


def _contacts(rng, office_id, customer_rows, count, today):
    """Yield contact rows spread over the last three years, at random customers."""
    start = timezone.make_aware(
        dt.datetime.combine(today - dt.timedelta(days=CONTACT_YEARS * 365), dt.time(9))
    )
    span = CONTACT_YEARS * 365 * 24 * 3600
    adapt = connection.ops.adapt_datetimefield_value
    for _ in range(count):
        customer = customer_rows[rng.randrange(len(customer_rows))]
        moment = start + dt.timedelta(seconds=rng.randrange(span))
        yield (
            office_id,
            customer[0],
            customer[2],
            rng.choice(CONTACT_KINDS),
            adapt(moment),
            rng.choice(OUTCOMES),
            rng.choice(NOTES),
        )


def classify(office: Office) -> None:
    """Set the classification fields the ranking and book list read, in SQL.

    revisit.book's customers_reclassify works in Python per chunk and takes
    minutes for 100,000 customers, which is import work rather than the
    planning this bench measures. Counting held policies is enough because
    every generated policy has its holder as insured.
    """
    started = time.monotonic()
    customers = "book_customer"
    statements = [
        f"UPDATE {customers} SET policy_count = (SELECT COUNT(*) FROM book_policy p "
        f"WHERE p.holder_id = {customers}.id AND p.status = 'in_force')",
        f"UPDATE {customers} SET is_single_policy_risk = (policy_count = 1)",
        f"UPDATE {customers} SET next_due_date = (SELECT MIN(p.paid_to_date) "
        f"FROM book_policy p WHERE p.holder_id = {customers}.id "
        "AND p.status = 'in_force' AND p.paid_to_date < p.payment_end_date)",
        f"UPDATE {customers} SET payment_group = CASE "
        "WHEN next_due_date IS NOT NULL THEN 'receivable' "
        "WHEN policy_count > 0 THEN 'paid_up' ELSE 'none' END",
        f"UPDATE {customers} SET last_contact_at = (SELECT MAX(occurred_at) "
        f"FROM outreach_contact c WHERE c.customer_id = {customers}.id)",
    ]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    print(f"classified customers in {time.monotonic() - started:.1f} s")
