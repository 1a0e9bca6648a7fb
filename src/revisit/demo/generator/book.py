"""One agent's book: households, family relations, policies and coverage lines."""

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from revisit.book.models import Gender, PaymentMode, Relationship
from revisit.demo.generator import catalog
from revisit.demo.generator.contacts import Signing
from revisit.demo.generator.people import Person, PersonMaker
from revisit.demo.generator.policies import (
    Line,
    Policy,
    ProductSpec,
    TermsMaker,
    draw_premium,
    draw_sum_assured,
)

ANCHOR, SPOUSE, CHILD, PARENT = "anchor", "spouse", "child", "parent"
MAX_RIDERS = 3
RIDER_SHARE = 0.45  # of the lines beyond each customer's first
ORPHAN_SHARE = 0.02
# Weights for who gets a further policy: the breadwinner first.
_FURTHER_POLICY_WEIGHTS = {ANCHOR: 4.0, SPOUSE: 2.0, CHILD: 1.0, PARENT: 0.5}


@dataclass
class DemoCustomer:
    id: int
    household_id: int | None
    person: Person
    role: str
    age: int
    # The household's first member, and the anchor's spouse; None for the
    # anchor itself and for a household without a spouse.
    anchor: "DemoCustomer | None" = None
    spouse: "DemoCustomer | None" = None
    signings: list[Signing] = field(default_factory=list)
    grade: int = 5
    last_contact_at: dt.datetime | None = None


@dataclass
class AgentBook:
    customers: list[DemoCustomer] = field(default_factory=list)
    households: list[tuple[int, str]] = field(default_factory=list)
    relations: list[tuple[int, int, str]] = field(default_factory=list)
    policies: list[Policy] = field(default_factory=list)

    @property
    def line_count(self) -> int:
        return sum(len(policy.lines) for policy in self.policies)


class IdCounter:
    def __init__(self, first: int):
        self._next = first

    def take(self) -> int:
        value = self._next
        self._next += 1
        return value


class BookMaker:
    """Build agents' books from shared random state, id counters and products."""

    def __init__(
        self,
        *,
        rng: random.Random,
        today: dt.date,
        products: dict[str, ProductSpec],
        ids: dict[str, IdCounter],
    ):
        self.rng = rng
        self.today = today
        self.people = PersonMaker(rng, today)
        self.terms = TermsMaker(rng, today)
        self.products = products
        self.ids = ids

    def book(self, *, customers: int, lines: int) -> AgentBook:
        """Return a book of exactly `customers` people and `lines` coverage lines."""
        book = AgentBook()
        while len(book.customers) < customers:
            self._household(book, customers - len(book.customers))
        for customer in book.customers:
            self._first_policy(book, customer)
        self._further_lines(book, lines - book.line_count)
        return book

    # --- People ----------------------------------------------------------------

    def _household(self, book: AgentBook, room: int) -> None:
        rng = self.rng
        roles = self._household_roles()[:room]
        region, address = self.people.home()
        anchor_gender = rng.choice((Gender.MALE, Gender.FEMALE))
        anchor_age = round(rng.triangular(25, 62, 40))
        household_id = self.ids["household"].take() if len(roles) > 1 else None
        members: dict[str, list[DemoCustomer]] = {role: [] for role in roles}
        first = len(book.customers)

        def add(role, gender, age_low, age_high, surname=None):
            taken = {member.person.full_name for member in book.customers[first:]}
            while True:
                person = self.people.person(
                    gender=gender,
                    birth_date=self.people.birth_date(age_low, age_high),
                    region=region if rng.random() < 0.7 else self.people.home()[0],
                    address=address,
                    surname=surname,
                )
                if person.full_name not in taken:
                    break
            customer = DemoCustomer(
                id=self.ids["customer"].take(),
                household_id=household_id,
                person=person,
                role=role,
                age=self.people.age(person.birth_date),
                anchor=anchor,
                spouse=spouse,
            )
            members[role].append(customer)
            book.customers.append(customer)
            return customer

        anchor = spouse = None
        anchor = add(ANCHOR, anchor_gender, anchor_age, anchor_age)
        anchor_surname = self._surname_of(anchor.person)
        if SPOUSE in roles:
            spouse_gender = (
                Gender.FEMALE if anchor_gender == Gender.MALE else Gender.MALE
            )
            shift = (
                rng.randint(-5, 2)
                if spouse_gender == Gender.FEMALE
                else rng.randint(-2, 5)
            )
            spouse_age = max(22, anchor_age + shift)
            spouse = add(SPOUSE, spouse_gender, spouse_age, spouse_age)
        father = anchor if anchor_gender == Gender.MALE else spouse
        child_surname = self._surname_of(father.person) if father else anchor_surname
        oldest_child = min(anchor_age - 22, 28)
        for _ in range(roles.count(CHILD)):
            if oldest_child < 1:
                break
            gender = rng.choice((Gender.MALE, Gender.FEMALE))
            add(CHILD, gender, 1, oldest_child, surname=child_surname)
        parent_ages = min(anchor_age + rng.randint(24, 32), 90)
        parent_genders = [Gender.MALE, Gender.FEMALE][: roles.count(PARENT)]
        for gender in parent_genders:
            surname = anchor_surname if gender == Gender.MALE else None
            add(PARENT, gender, parent_ages, parent_ages + 2, surname=surname)
        if household_id is not None:
            book.households.append((household_id, f"{anchor.person.full_name}家"))
        book.relations.extend(self._relations(members))

    def _household_roles(self) -> list[str]:
        draw = self.rng.random()
        if draw < 0.30:
            return [ANCHOR]
        if draw < 0.55:
            return [ANCHOR, SPOUSE]
        children = [CHILD] * self.rng.choice((1, 1, 2))
        if draw < 0.88:
            return [ANCHOR, SPOUSE, *children]
        parents = [PARENT] * self.rng.choice((1, 2))
        return [ANCHOR, *parents, SPOUSE, *children]

    @staticmethod
    def _surname_of(person: Person) -> str:
        for surname, _ in catalog.SURNAMES:
            if len(surname) == 2 and person.full_name.startswith(surname):
                return surname
        return person.full_name[0]

    @staticmethod
    def _relations(
        members: dict[str, list[DemoCustomer]],
    ) -> list[tuple[int, int, str]]:
        """Return (customer, relative, kind) rows: customer is relative's kind."""
        pairs = []

        def both(a, a_is, b, b_is):
            pairs.append((a.id, b.id, a_is))
            pairs.append((b.id, a.id, b_is))

        anchor = members[ANCHOR][0]
        spouses = members.get(SPOUSE, [])
        parents_of_children = [anchor, *spouses]
        for spouse in spouses:
            both(anchor, Relationship.SPOUSE, spouse, Relationship.SPOUSE)
        for child in members.get(CHILD, []):
            for parent in parents_of_children:
                both(child, Relationship.CHILD, parent, Relationship.PARENT)
        elders = members.get(PARENT, [])
        for elder in elders:
            both(elder, Relationship.PARENT, anchor, Relationship.CHILD)
        if len(elders) == 2:
            both(elders[0], Relationship.SPOUSE, elders[1], Relationship.SPOUSE)
        return pairs

    # --- Policies --------------------------------------------------------------

    def _first_policy(self, book: AgentBook, customer: DemoCustomer) -> None:
        holder, relationship = self._holder_for(customer)
        self._policy(book, holder, customer, relationship)

    def _holder_for(self, customer: DemoCustomer):
        """Return (holder, insured's relation to holder) for a policy on `customer`."""
        rng = self.rng
        if customer.role == ANCHOR or (customer.role != PARENT and customer.age >= 22):
            if customer.role != SPOUSE or rng.random() < 0.55:
                return customer, Relationship.SELF
        anchor = customer.anchor
        if customer.role == SPOUSE:
            return anchor, Relationship.SPOUSE
        if customer.role == PARENT:
            return anchor, Relationship.PARENT
        if customer.spouse is not None and rng.random() < 0.3:
            return customer.spouse, Relationship.CHILD
        return anchor, Relationship.CHILD

    def _base_codes(self, insured: DemoCustomer) -> list[str]:
        if insured.role == PARENT:
            return catalog.BASE_CODES_PARENT
        if insured.age < 18:
            return catalog.BASE_CODES_CHILD
        return catalog.BASE_CODES_ADULT

    def _policy(self, book, holder, insured, relationship) -> Policy:
        rng = self.rng
        product = self.products[rng.choice(self._base_codes(insured))]
        terms = self.terms.terms(
            product, insured.person.birth_date, holder.person.birth_date
        )
        policy = Policy(
            id=self.ids["policy"].take(),
            number=f"{terms.effective_date:%Y}3301{self.ids['policy_number'].take():08d}",
            holder=holder,
            insured=insured,
            relationship=relationship,
            is_orphan=rng.random() < ORPHAN_SHARE,
            terms=terms,
        )
        policy.lines.append(self._line(product, insured, terms.payment_mode))
        book.policies.append(policy)
        return policy

    def _line(self, product: ProductSpec, insured, payment_mode: str) -> Line:
        premium, annual = draw_premium(self.rng, product, payment_mode)
        return Line(
            product=product,
            insured=insured,
            sum_assured=draw_sum_assured(self.rng, product),
            premium=premium,
            annual_premium=annual,
        )

    def _further_lines(self, book: AgentBook, count: int) -> None:
        """Add `count` lines: riders on existing policies or further policies."""
        rng = self.rng
        open_policies = [p for p in book.policies if self._takes_riders(p)]
        candidates = [
            c for c in book.customers if c.role != PARENT or rng.random() < 0.3
        ]
        weights = [_FURTHER_POLICY_WEIGHTS[c.role] for c in candidates]
        added = 0
        while added < count:
            if open_policies and rng.random() < RIDER_SHARE:
                index = rng.randrange(len(open_policies))
                if self._add_rider(open_policies[index]):
                    added += 1
                else:
                    open_policies.pop(index)
                continue
            insured = rng.choices(candidates, weights)[0]
            holder, relationship = self._holder_for(insured)
            policy = self._policy(book, holder, insured, relationship)
            added += 1
            if self._takes_riders(policy):
                open_policies.append(policy)

    @staticmethod
    def _takes_riders(policy: Policy) -> bool:
        return (
            policy.lines[0].product.code not in catalog.NO_RIDER_CODES
            and policy.terms.payment_mode != PaymentMode.SINGLE
            and len(policy.lines) <= MAX_RIDERS
        )

    def _add_rider(self, policy: Policy) -> bool:
        """Add a rider the policy does not have yet; return False when none fits."""
        if not self._takes_riders(policy):
            return False
        insured = policy.insured
        codes = (
            catalog.RIDER_CODES_CHILD if insured.age < 18 else catalog.RIDER_CODES_ADULT
        )
        present = {line.product.code for line in policy.lines}
        candidates = [code for code in codes if code not in present]
        if policy.holder is policy.insured and "R801" in candidates:
            # A holder's waiver only makes sense on someone else's life.
            candidates.remove("R801")
        if not candidates:
            return False
        product = self.products[self.rng.choice(candidates)]
        rider_insured = policy.holder if product.code == "R801" else insured
        policy.lines.append(
            self._line(product, rider_insured, policy.terms.payment_mode)
        )
        return True

    def signings(self, book: AgentBook, since: dt.date) -> None:
        """Attach to each holder the policies they signed on or after `since`."""
        for policy in book.policies:
            holder = policy.holder
            # A one-year contract starting this year is a renewal, not a sale.
            renewal = policy.terms.term_value == 1
            if (
                policy.terms.effective_date >= since
                and holder.age >= 18
                and not renewal
            ):
                holder.signings.append(
                    Signing(
                        policy_number=policy.number,
                        effective_date=policy.terms.effective_date,
                        annual_premium=sum(
                            (line.annual_premium for line in policy.lines), Decimal(0)
                        ),
                    )
                )
