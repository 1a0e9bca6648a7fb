"""Small builders for test rows; each returns a saved object."""

import datetime as dt
import itertools
from decimal import Decimal

from revisit.accounts.models import Office, Team, User
from revisit.book.models import (
    CoverageLine,
    Customer,
    PaymentMode,
    PaymentTermKind,
    Policy,
    PolicyStatus,
    ProductCategory,
)

PASSWORD = "pass-1234"
_sequence = itertools.count(1)


def make_office(*, code: str, name: str) -> Office:
    return Office.objects.create(code=code, name=name)


def make_team(office: Office, *, code: str, name: str) -> Team:
    return Team.objects.create(office=office, code=code, name=name)


def _make_user(*, username: str, role: str, office, team=None, code="", name=""):
    user = User(
        username=username,
        role=role,
        office=office,
        team=team,
        agent_code=code,
        full_name=name or username,
    )
    user.set_password(PASSWORD)
    user.save()
    return user


def make_agent(team: Team, *, code: str, username: str, name: str = "") -> User:
    return _make_user(
        username=username, role=User.Role.AGENT, office=team.office, team=team,
        code=code, name=name,
    )


def make_supervisor(team: Team, *, username: str) -> User:
    return _make_user(
        username=username, role=User.Role.SUPERVISOR, office=team.office, team=team
    )


def make_manager(office: Office, *, username: str) -> User:
    return _make_user(username=username, role=User.Role.MANAGER, office=office)


def make_customer(agent: User, **fields) -> Customer:
    number = next(_sequence)
    values = {
        "office": agent.office,
        "agent": agent,
        "full_name": f"客户{number}",
        "phone": f"139{number:08d}",
        "birth_date": dt.date(1980, 1, 1),
    }
    values.update(fields)
    return Customer.objects.create(**values)


def make_policy(
    holder: Customer,
    *,
    insured: Customer | None = None,
    number: str | None = None,
    status: str = PolicyStatus.IN_FORCE,
    premium: Decimal = Decimal("5000"),
    category: str = ProductCategory.LIFE,
    paid_to_date: dt.date | None = None,
    payment_end_date: dt.date | None = None,
    payment_mode: str = PaymentMode.ANNUAL,
    riders: int = 0,
) -> Policy:
    insured = insured or holder
    policy = Policy.objects.create(
        office=holder.office,
        policy_number=number or f"P{next(_sequence):09d}",
        agent=holder.agent,
        holder=holder,
        insured=insured,
        status=status,
        effective_date=dt.date(2020, 3, 1),
        paid_to_date=paid_to_date or dt.date(2027, 3, 1),
        payment_end_date=payment_end_date or dt.date(2040, 3, 1),
        payment_mode=payment_mode,
        annual_premium=premium,
    )
    CoverageLine.objects.create(
        policy=policy, product_code="L101", product_name="测试终身寿险",
        category=category, insured=insured, sum_assured=Decimal("200000"),
        premium=premium, payment_mode=payment_mode,
        payment_term_kind=PaymentTermKind.YEARS, payment_term_value=20,
        effective_date=policy.effective_date, paid_to_date=policy.paid_to_date,
        payment_end_date=policy.payment_end_date, status=status,
    )
    for index in range(riders):
        CoverageLine.objects.create(
            policy=policy,
            product_code=f"R10{index}",
            product_name="附加意外伤害医疗保险",
            category=ProductCategory.ACCIDENT, is_rider=True, insured=insured,
            sum_assured=Decimal("50000"), premium=Decimal("300"),
            payment_mode=payment_mode, status=status,
            paid_to_date=policy.paid_to_date, payment_end_date=policy.payment_end_date,
        )
    return policy


def make_contact(customer: Customer, *, occurred_at, kind: str = "visit", **fields):
    """Save a contact directly, bypassing the services (no regrade, no history)."""
    from revisit.outreach.models import Contact

    values = {
        "office": customer.office,
        "customer": customer,
        "agent": customer.agent,
        "kind": kind,
        "occurred_at": occurred_at,
        "outcome": "done",
    }
    values.update(fields)
    return Contact.objects.create(**values)


def make_named_customer(agent: User, full_name: str, **fields) -> Customer:
    """Build a customer with the pinyin and initials that search uses."""
    from revisit.book.naming import name_search_keys

    pinyin, initials = name_search_keys(full_name)
    return make_customer(
        agent, full_name=full_name, name_pinyin=pinyin, name_initials=initials, **fields
    )


def make_household(office: Office, *members: Customer, name: str = ""):
    from revisit.book.models import Household

    household = Household.objects.create(office=office, name=name)
    for member in members:
        member.household = household
        member.save(update_fields=["household"])
    return household


def make_relation(customer: Customer, kind: str, relative: Customer):
    """Record that `customer` is `kind` of `relative` (A is B's spouse)."""
    from revisit.book.models import CustomerRelation

    return CustomerRelation.objects.create(
        customer=customer, relative=relative, kind=kind
    )


def make_line(policy: Policy, **fields) -> CoverageLine:
    """Add a coverage line to `policy`; fields default to an annual life line."""
    values = {
        "policy": policy,
        "product_code": f"X{next(_sequence):05d}",
        "product_name": "测试险种",
        "category": ProductCategory.LIFE,
        "insured": policy.insured,
        "sum_assured": Decimal("100000"),
        "premium": Decimal("1000"),
        "payment_mode": PaymentMode.ANNUAL,
        "effective_date": policy.effective_date,
        "paid_to_date": policy.paid_to_date,
        "payment_end_date": policy.payment_end_date,
        "status": policy.status,
    }
    values.update(fields)
    return CoverageLine.objects.create(**values)


def make_product(office: Office, **fields):
    from revisit.book.models import Product

    values = {
        "office": office,
        "code": f"P{next(_sequence):05d}",
        "name": "测试产品",
        "category": ProductCategory.CRITICAL_ILLNESS,
    }
    values.update(fields)
    return Product.objects.create(**values)


def make_opportunity(customer: Customer, **fields):
    from revisit.development.models import Opportunity, OpportunityKind

    values = {
        "office": customer.office,
        "agent": customer.agent,
        "customer": customer,
        "kind": OpportunityKind.ADD_CATEGORY,
        "summary": "补充重疾保障",
    }
    values.update(fields)
    return Opportunity.objects.create(**values)


def make_prospect(agent: User, **fields):
    from revisit.development.models import Prospect

    values = {
        "office": agent.office,
        "agent": agent,
        "full_name": f"准客户{next(_sequence)}",
        "phone": f"138{next(_sequence):08d}",
    }
    values.update(fields)
    return Prospect.objects.create(**values)


def make_import_batch(user: User, **fields):
    """A finished import started by `user`, without running the pipeline.

    A running batch is run by this process unless `runner` says otherwise.
    """
    from revisit.imports.models import ImportBatch
    from revisit.imports.runners import current_runner

    values = {
        "office": user.office,
        "created_by": user,
        "file_name": f"extract-{next(_sequence)}.csv",
        "status": ImportBatch.Status.COMMITTED,
        "summary": {"rows": 0, "rejected": 0},
    }
    values.update(fields)
    if values["status"] == ImportBatch.Status.RUNNING:
        values.setdefault("runner", current_runner())
    return ImportBatch.objects.create(**values)
