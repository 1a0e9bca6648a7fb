"""Generate a whole demo sales office: staff, products, books and contact history."""

import datetime as dt
import gc
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from revisit.accounts.models import Office, Team, User
from revisit.book.models import Gender, Product
from revisit.book.services.classification import customers_reclassify
from revisit.core.exceptions import DomainError
from revisit.demo.generator import catalog
from revisit.demo.generator.book import BookMaker
from revisit.demo.generator.contacts import ContactMaker
from revisit.demo.generator.grading import grade_and_log
from revisit.demo.generator.people import PersonMaker
from revisit.demo.generator.policies import ProductSpec
from revisit.demo.generator.rows import OfficeWriters

logger = logging.getLogger(__name__)

DEFAULT_SEED = 532
DEMO_OFFICE_CODE = "DEMO"
DEMO_PASSWORD = "revisit-demo"
# Share of grade-2 customers in an average agent's book; stronger agents
# have more. Grade 3 takes a fixed share (grading.GRADE_THREE_SHARE).
GRADE_TWO_SHARE = 0.15


@dataclass(frozen=True)
class Login:
    username: str
    role: str
    team: str


@dataclass
class OfficeSummary:
    office_id: int
    office_code: str
    seed: int
    today: dt.date
    teams: int = 0
    agents: int = 0
    customers: int = 0
    households: int = 0
    relations: int = 0
    policies: int = 0
    coverage_lines: int = 0
    riders: int = 0
    contacts: int = 0
    grade_changes: int = 0
    grades: dict[int, int] = field(default_factory=dict)
    policy_statuses: dict[str, int] = field(default_factory=dict)
    logins: list[Login] = field(default_factory=list)
    seconds: float = 0.0


class DemoOfficeError(DomainError):
    """Sizes the generator cannot honour, or a clash with rows already stored."""


def generate_office(
    *,
    seed: int = DEFAULT_SEED,
    agents: int = 8,
    teams: int = 2,
    customers: int = 3000,
    lines: int = 5000,
    contacts_per_year: int | None = None,
    today: dt.date | None = None,
    office_code: str = DEMO_OFFICE_CODE,
    password: str = DEMO_PASSWORD,
    progress: Callable[[str], None] | None = None,
) -> OfficeSummary:
    """Create a demo office with its staff and book in one transaction.

    The same seed and `today` give the same rows (primary keys and
    timestamps aside). `contacts_per_year` is the number of contacts the
    whole office logged over the past year; None gives about 1.6 per
    customer. Every customer holds or
    is insured on at least one policy, so `lines` must be at least
    `customers`. Usernames are manager, sup1.., agent01..; they must be free.
    """
    _check_sizes(agents=agents, teams=teams, customers=customers, lines=lines)
    today = today or timezone.localdate()
    report = progress or (lambda message: None)
    started = time.monotonic()
    rng = random.Random(seed)
    gc_was_enabled = gc.isenabled()
    # Reference counting frees the generated objects, so the collections that
    # hundreds of thousands of new objects trigger would only cost time.
    gc.disable()
    try:
        with transaction.atomic():
            summary = _generate(
                rng=rng,
                seed=seed,
                agents=agents,
                teams=teams,
                customers=customers,
                lines=lines,
                contacts_per_year=contacts_per_year,
                today=today,
                office_code=office_code,
                password=password,
                report=report,
            )
    finally:
        if gc_was_enabled:
            gc.enable()
    summary.seconds = time.monotonic() - started
    logger.info(
        "generated demo office=%s customers=%s lines=%s contacts=%s in %.1fs",
        summary.office_id,
        summary.customers,
        summary.coverage_lines,
        summary.contacts,
        summary.seconds,
    )
    return summary


def _check_sizes(*, agents: int, teams: int, customers: int, lines: int) -> None:
    if teams < 1 or agents < teams:
        raise DemoOfficeError(
            _(
                "A demo office needs at least one team and one agent per team, "
                "not %(teams)d teams and %(agents)d agents."
            ),
            code="demo_sizes",
            params={"teams": teams, "agents": agents},
        )
    if customers < agents:
        raise DemoOfficeError(
            _(
                "A demo office needs at least one customer per agent, "
                "not %(customers)d."
            ),
            code="demo_sizes",
            params={"customers": customers},
        )
    if lines < customers:
        raise DemoOfficeError(
            _(
                "Every customer needs a coverage line: lines (%(lines)d) must be "
                "at least customers (%(customers)d)."
            ),
            code="demo_sizes",
            params={"lines": lines, "customers": customers},
        )


def _generate(
    *,
    rng,
    seed,
    agents,
    teams,
    customers,
    lines,
    contacts_per_year,
    today,
    office_code,
    password,
    report,
) -> OfficeSummary:
    office, agent_users, logins = _create_staff(
        rng=rng,
        agents=agents,
        teams=teams,
        office_code=office_code,
        password=password,
        today=today,
    )
    summary = OfficeSummary(
        office_id=office.pk,
        office_code=office.code,
        seed=seed,
        today=today,
        teams=teams,
        agents=agents,
        logins=logins,
    )
    products = _create_products(office)
    writers = OfficeWriters(office=office, products=products)
    maker = BookMaker(rng=rng, today=today, products=writers.specs, ids=writers.ids)
    contact_maker = ContactMaker(rng, today)

    strengths = [rng.uniform(0.6, 1.4) for _ in agent_users]
    customer_quota = _split(customers, strengths)
    line_quota = [
        share + extra
        for share, extra in zip(
            customer_quota, _split(lines - customers, customer_quota), strict=True
        )
    ]
    contact_quota = (
        _split(contacts_per_year, customer_quota)
        if contacts_per_year is not None
        else [None] * agents
    )
    mean_strength = sum(strengths) / len(strengths)
    for index, agent in enumerate(agent_users):
        book = maker.book(customers=customer_quota[index], lines=line_quota[index])
        maker.signings(book, since=contact_maker.first_day + dt.timedelta(days=15))
        grade_and_log(
            rng=rng,
            book=book,
            contact_maker=contact_maker,
            today=today,
            contact_total=contact_quota[index],
            writers=writers,
            agent=agent,
            grade_two_share=GRADE_TWO_SHARE * strengths[index] / mean_strength,
        )
        writers.write_book(book, agent=agent)
        report(
            _(
                "Agent %(number)d of %(total)d: %(customers)d customers, "
                "%(lines)d coverage lines"
            )
            % {
                "number": index + 1,
                "total": agents,
                "customers": len(book.customers),
                "lines": book.line_count,
            }
        )
    writers.finish()
    for name, value in writers.counts().items():
        setattr(summary, name, value)
    report(_("Classifying customers by payment group..."))
    customers_reclassify(office_id=office.pk, today=today)
    return summary


def _split(total: int, weights: list[float]) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder), summing exactly."""
    weight_sum = sum(weights)
    exact = [total * weight / weight_sum for weight in weights]
    shares = [int(value) for value in exact]
    order = sorted(
        range(len(weights)), key=lambda i: exact[i] - shares[i], reverse=True
    )
    for index in order[: total - sum(shares)]:
        shares[index] += 1
    return shares


# --- Staff and products ---------------------------------------------------------


def _create_staff(*, rng, agents, teams, office_code, password, today):
    """Create the office, its teams, a supervisor per team, a manager and agents."""
    if Office.objects.filter(code=office_code).exists():
        raise DemoOfficeError(
            _("An office with code %(code)s already exists."),
            code="demo_office_exists",
            params={"code": office_code},
        )
    width = max(2, len(str(agents)))
    agent_names = [f"agent{n:0{width}d}" for n in range(1, agents + 1)]
    supervisor_names = [f"sup{n}" for n in range(1, teams + 1)]
    usernames = ["manager", *supervisor_names, *agent_names]
    taken = list(
        User.objects.filter(username__in=usernames).values_list("username", flat=True)
    )
    if taken:
        raise DemoOfficeError(
            _("These usernames are already taken: %(usernames)s."),
            code="demo_usernames_taken",
            params={"usernames": ", ".join(sorted(taken))},
        )

    office = Office.objects.create(code=office_code, name=catalog.OFFICE_NAME)
    team_rows = Team.objects.bulk_create(
        Team(
            office=office,
            code=f"T{n}",
            name=catalog.TEAM_NAMES[n - 1]
            if n <= len(catalog.TEAM_NAMES)
            else f"{n}组",
        )
        for n in range(1, teams + 1)
    )
    # One hash for every demo login, because Django's default PBKDF2 hasher
    # spends about 0.4 s per hash and a large office has hundreds of users.
    password_hash = make_password(password)
    people = _staff_names(rng, today, agents + teams + 1)
    # The manager also runs the back office, so they may use Django's admin.
    users = [
        User(
            username="manager",
            role=User.Role.MANAGER,
            office=office,
            full_name=people.pop(),
            password=password_hash,
            is_staff=True,
            is_superuser=True,
        )
    ]
    for team, username in zip(team_rows, supervisor_names, strict=True):
        users.append(
            User(
                username=username,
                role=User.Role.SUPERVISOR,
                office=office,
                team=team,
                full_name=people.pop(),
                password=password_hash,
            )
        )
    for number, username in enumerate(agent_names, start=1):
        users.append(
            User(
                username=username,
                role=User.Role.AGENT,
                office=office,
                team=team_rows[(number - 1) * teams // agents],
                agent_code=f"3301{number:06d}",
                full_name=people.pop(),
                password=password_hash,
            )
        )
    User.objects.bulk_create(users, batch_size=200)
    users = list(
        User.objects.filter(office=office).select_related("team").order_by("pk")
    )
    logins = [
        Login(
            username=user.username,
            role=user.role,
            team=user.team.name if user.team else "",
        )
        for user in users
    ]
    agent_users = [user for user in users if user.role == User.Role.AGENT]
    return office, agent_users, logins


def _staff_names(rng: random.Random, today: dt.date, count: int) -> list[str]:
    maker = PersonMaker(rng, today)
    names = []
    for _index in range(count):
        gender = rng.choice((Gender.MALE, Gender.FEMALE))
        birth_year = today.year - rng.randint(24, 50)
        names.append(maker.surname() + maker.given_name(gender, birth_year))
    return names


def _create_products(office: Office) -> dict[str, tuple[Product, ProductSpec]]:
    specs = [ProductSpec(*row) for row in catalog.PRODUCTS]
    Product.objects.bulk_create(
        Product(
            office=office,
            code=spec.code,
            name=spec.name,
            category=spec.category,
            is_rider=spec.is_rider,
        )
        for spec in specs
    )
    saved = {row.code: row for row in Product.objects.filter(office=office)}
    return {spec.code: (saved[spec.code], spec) for spec in specs}
