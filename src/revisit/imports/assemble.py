"""Turning valid rows into customer, policy, line and relation tuples.

Rows sharing a policy number form one policy. Its first row in the file is
the head, which gives the holder, the insured, the agent and the
relationship. A continuation row (a rider carrying only the policy number
and its coverage fields) takes from the head whatever it leaves empty. The policy's
status, dates, mode and annual premium summarise its lines, led by its base
line.

Rows are checked completely before anything is resolved or queued, so a
rejected row leaves no customer or agent behind.
"""

import datetime as dt
import logging
from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import lru_cache

from django.db import connection
from django.utils.translation import gettext_lazy as _

from revisit.book.models import (
    PaymentTermKind,
    PolicyStatus,
    ProductCategory,
    Relationship,
)
from revisit.imports.codes import RIDER, RIDER_NAME_PREFIX, category_from_name
from revisit.imports.keys import IdSet, LineKeys, NumberFilter
from revisit.imports.resolve import AgentDirectory, PeopleIndex
from revisit.imports.validate import Person, RowRejected, missing
from revisit.imports.writer import annual_premium

logger = logging.getLogger(__name__)

MESSAGES = {
    "no_agent": _(
        "The row names no agent: fill in its agent code, or choose the agent "
        "for rows without one when you upload the file."
    ),
    "other_agent": _(
        "The row belongs to agent %(code)s, but this import is for agent code "
        "%(own)s alone."
    ),
    "no_head": _(
        "The row gives no policy holder, and no earlier row of policy %(policy)s "
        "was imported to take one from."
    ),
    "other_agents_policy": _(
        "Policy %(policy)s is in another agent's book. This import is for "
        "%(agent)s alone, so it cannot change that policy."
    ),
    "duplicate_line": _(
        "Policy %(policy)s already has a line for product %(product)s earlier "
        "in this file."
    ),
}

# Policy numbers per lookup of existing policies.
EXISTING_BATCH = 2_000
# How many numbers of the policies that changed agent the report lists.
REASSIGNED_SAMPLE = 20

# The relation of the holder to the insured, given the insured's to the holder.
INVERSE_RELATION = {
    Relationship.SPOUSE: Relationship.SPOUSE,
    Relationship.CHILD: Relationship.PARENT,
    Relationship.PARENT: Relationship.CHILD,
    Relationship.SIBLING: Relationship.SIBLING,
    Relationship.GRANDCHILD: Relationship.GRANDPARENT,
    Relationship.GRANDPARENT: Relationship.GRANDCHILD,
    Relationship.EMPLOYEE: Relationship.OTHER,
    Relationship.OTHER: Relationship.OTHER,
}
PRODUCT_CODE_LENGTH = 40


# Person fields compared when a row gives the relationship 本人 (self).
_IDENTITY_FIELDS = ("id_number", "birth_date", "gender")


def _same_person(holder: Person, insured: Person) -> bool:
    """Check whether the insured columns of a "self" row describe the holder.

    The names must be equal, and an ID number, birth date or gender given on
    both sides must agree. A row that contradicts itself keeps two people.
    """
    if insured.name != holder.name:
        return False
    for field in _IDENTITY_FIELDS:
        holder_value, insured_value = getattr(holder, field), getattr(insured, field)
        if holder_value and insured_value and holder_value != insured_value:
            return False
    return True


def _merged_person(holder: Person, insured: Person) -> Person:
    """Return the holder with the fields it leaves empty taken from the insured."""
    filled = {
        field: getattr(insured, field)
        for field in Person._fields
        if not getattr(holder, field) and getattr(insured, field)
    }
    if filled.get("id_number"):
        filled["id_type"] = insured.id_type
    return holder._replace(**filled)


class _Slots:
    """Positions of the fields in a row tuple, as attributes (slots.premium)."""

    def __init__(self, slots: dict[str, int]):
        self.__dict__.update(slots)


class Head:
    """The facts a policy's first row passes on to the rows after it."""

    __slots__ = (
        "policy_id",
        "number",
        "is_new",
        "in_chunk",
        "holder_id",
        "insured_id",
        "insured_birth",
        "holder_name",
        "insured_name",
        "agent_id",
        "relationship",
        "status",
        "payment_mode",
        "payment_term",
        "effective_date",
        "paid_to_date",
        "payment_end_date",
        "premium",
        "has_base",
    )

    def __init__(
        self,
        policy_id,
        number,
        is_new,
        in_chunk,
        holder_id,
        insured_id,
        agent_id,
        relationship,
        insured_birth=None,
        holder_name=None,
        insured_name=None,
        status=None,
        payment_mode=None,
        payment_term=None,
        effective_date=None,
        paid_to_date=None,
        payment_end_date=None,
        has_base=False,
    ):
        self.policy_id = policy_id
        self.number = number
        self.is_new = is_new
        self.in_chunk = in_chunk
        self.holder_id = holder_id
        self.insured_id = insured_id
        self.agent_id = agent_id
        self.relationship = relationship
        self.insured_birth = insured_birth
        # Names as the first row gave them, or None for a head loaded from
        # the database until a row needs them (see _head_parties).
        self.holder_name = holder_name
        self.insured_name = insured_name
        self.status = status
        self.payment_mode = payment_mode
        self.payment_term = payment_term
        self.effective_date = effective_date
        self.paid_to_date = paid_to_date
        self.payment_end_date = payment_end_date
        self.premium = Decimal(0)
        self.has_base = has_base


def _add_years(iso_date: str, years: int) -> str:
    day = dt.date.fromisoformat(iso_date)
    try:
        return day.replace(year=day.year + years).isoformat()
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28).isoformat()


@lru_cache(maxsize=65_536)
def payment_end_date(
    term, effective: str | None, insured_birth: str | None
) -> str | None:
    """Derive when premiums stop from the payment term, when the extract has no date.

    Years: the effective date plus the term. To an age: the first policy
    anniversary on or after the insured's birthday at that age. Single
    premium: the effective date. For life: no end.
    """
    if term is None or effective is None:
        return None
    kind, value = term
    if kind == PaymentTermKind.YEARS:
        return _add_years(effective, value)
    if kind == PaymentTermKind.SINGLE:
        return effective
    if kind == PaymentTermKind.TO_AGE and insured_birth:
        birthday = _add_years(insured_birth, value)
        anniversary = _add_years(effective, int(birthday[:4]) - int(effective[:4]))
        return anniversary if anniversary >= birthday else _add_years(anniversary, 1)
    return None


class ProductIndex:
    """Products of the office by code, loaded once; new and changed ones queued."""

    def __init__(self, writer, office_id: int, now):
        self.writer = writer
        self.office_id = office_id
        self.now = now
        self.by_code: dict[str, list] = {}
        self.positions: dict[str, int] = {}
        for pk, code, name, category, is_rider in writer.fetch(
            "SELECT id, code, name, category, is_rider FROM book_product "
            "WHERE office_id = %s",
            [office_id],
        ):
            self.by_code[code] = [pk, name, category, bool(is_rider)]
        self.new_rows: list[tuple] = []
        self.changed: dict[str, tuple] = {}

    def position(self, code: str) -> int:
        position = self.positions.get(code)
        if position is None:
            position = self.positions[code] = len(self.positions)
        return position

    def product_id(self, code: str, name: str, category: str, is_rider: bool) -> int:
        entry = self.by_code.get(code)
        if entry is None:
            pk = self.writer.allocate("book_product")
            self.by_code[code] = [pk, name, category, is_rider]
            self.new_rows.append(
                (pk, self.office_id, code, name, category, is_rider, self.now, self.now)
            )
            return pk
        if name and (entry[1], entry[2], entry[3]) != (name, category, is_rider):
            entry[1:] = [name, category, is_rider]
            self.changed[code] = (entry[0], name, category, is_rider, self.now)
        return entry[0]

    def name_of(self, code: str) -> str:
        entry = self.by_code.get(code)
        return entry[1] if entry else ""

    def take(self) -> tuple[list[tuple], list[tuple]]:
        new, changed = self.new_rows, list(self.changed.values())
        self.new_rows, self.changed = [], {}
        return new, changed


class Assembler:
    def __init__(
        self,
        *,
        office,
        batch_id: int,
        writer,
        report,
        slots: dict[str, int],
        default_agent_code: str,
        only_agent,
        now,
    ):
        self.office_id = office.pk
        self.batch_id = batch_id
        self.writer = writer
        self.report = report
        self.default_agent_code = default_agent_code
        self.only_agent = only_agent
        self.now = now
        self.people = PeopleIndex(office.pk, lambda: writer.allocate("book_customer"))
        self.people.load()
        self.agents = AgentDirectory(office)
        self.products = ProductIndex(writer, office.pk, now)
        self.slots = _Slots(slots)
        # Policies with an id up to this one existed before the import.
        # `existing` maps the current chunk's policy numbers to such policies.
        self.last_policy_before = writer.fetch(
            "SELECT COALESCE(MAX(id), 0) FROM book_policy", []
        )[0][0]
        self.existing: dict[str, int] = {}
        # (agent id, holder id, insured id) of each policy in `existing`.
        self.existing_parties: dict[str, tuple[int, int, int]] = {}
        # Existing policies whose rows name another servicing agent.
        self.reassigned = 0
        self.reassigned_sample: list[str] = []
        # The agents whose rows this file holds: only their policies can be
        # missing from it.
        self.agent_ids: set[int] = {only_agent.pk} if only_agent else set()
        self.created = NumberFilter()
        self.policies_created = 0
        self.seen_existing = IdSet()
        # Existing policies named by rejected rows. A rejected row updates
        # nothing, but its policy is not missing from the file either.
        self.seen_rejected = IdSet()
        self.heads: dict[str, Head] = {}
        self.line_keys = LineKeys()
        self.touched = IdSet()
        self.related = IdSet()
        self.recompute: set[int] = set()
        self.lines_new: list[tuple] = []
        self.lines_upsert: list[tuple] = []
        self.relations: dict[tuple[int, int], str] = {}
        self.coverage_lines = 0

    # --- one chunk -----------------------------------------------------------

    def load_existing(self, numbers) -> None:
        """Look up which of a chunk's policy numbers the office already had.

        Per chunk rather than once for the whole office, so memory does not
        grow with the book; the unique index on the numbers serves it.
        """
        self.existing, self.existing_parties = {}, {}
        if not self.last_policy_before:
            return
        # An invalid policy number arrives as its DomainError. Its row is
        # rejected later, so the query must leave it out.
        wanted = list({number for number in numbers if number.__class__ is str})
        for start in range(0, len(wanted), EXISTING_BATCH):
            batch = wanted[start : start + EXISTING_BATCH]
            marks = ", ".join(["%s"] * len(batch))
            rows = self.writer.fetch(
                "SELECT policy_number, id, agent_id, holder_id, insured_id "
                "FROM book_policy WHERE office_id = %s AND id <= %s "
                f"AND policy_number IN ({marks})",
                [self.office_id, self.last_policy_before, *batch],
            )
            for number, policy_id, *parties in rows:
                self.existing[number] = policy_id
                self.existing_parties[number] = tuple(parties)

    def mark_policy_seen(self, number) -> None:
        """Count the existing policy of a rejected row as present in the file.

        The row does not update the policy, but the file lists it, so the
        report must not call it missing.
        """
        policy_id = self.existing.get(number) if number.__class__ is str else None
        if policy_id is not None:
            self.seen_rejected.add(policy_id)

    # --- one row -----------------------------------------------------------

    def add(self, row_number: int, row: tuple, holder, insured) -> None:
        """Queue the tuples of one normalised row; raises RowRejected.

        `holder` and `insured` are what PersonBuilder.build returned for the
        row: a Person, None, or the RowRejected saying why one is invalid.
        """
        slot = self.slots
        number = row[slot.policy_number]
        if number is None:
            raise missing("policy_number")
        for person in (holder, insured):
            if person.__class__ is RowRejected:
                raise RowRejected(person.field, person.value, person.reason)
        if self.only_agent is not None:
            self._check_own_policy(number)
        head = self.heads.get(number)
        if head is None:
            head = self._earlier_head(number, holder is None)
            if head is None and holder is None:
                raise RowRejected(
                    "holder_name", "", MESSAGES["no_head"] % {"policy": number}
                )
        code, name, is_rider, category = self._product(row)
        position = self.products.position(code)
        if head is not None and (head.policy_id, position) in self.line_keys:
            raise RowRejected(
                "product_code",
                code,
                MESSAGES["duplicate_line"] % {"policy": number, "product": code},
            )
        agent_code = self._agent_code(row, head)
        # Checks are done: from here on the row is imported.
        agent_id = self._agent_id(agent_code, row, head)
        self.agent_ids.add(agent_id)
        if head is None:
            head = self._new_head(number, row, holder, insured, agent_id)
            insured_id = head.insured_id
        elif insured is not None:
            insured_id = self._resolve(insured, agent_id, self._head_parties(head))
            self.touched.add(insured_id)
        else:
            insured_id = head.insured_id
        self.line_keys.add(head.policy_id, position)
        self._line(row_number, row, head, code, name, is_rider, category, insured_id)

    def _check_own_policy(self, number: str) -> None:
        """Reject a row of an agent's own import that names another agent's policy.

        Without this check an agent could move a colleague's policy into
        their own book by importing its number.
        """
        parties = self.existing_parties.get(number)
        if parties is not None and parties[0] != self.only_agent.pk:
            raise RowRejected(
                "policy_number",
                number,
                MESSAGES["other_agents_policy"]
                % {"policy": number, "agent": self.only_agent.display_name},
            )

    def _earlier_head(self, number: str, continuation: bool) -> Head | None:
        """Return the head of a policy met in an earlier chunk, from the database.

        For a continuation row (no holder) a policy imported before this
        file counts too: the row adds a line to it.
        """
        policy_id = self.existing.get(number)
        if policy_id is not None:
            if not continuation and policy_id not in self.seen_existing:
                return None
            is_new = False
        elif number in self.created:
            rows = self.writer.fetch(
                "SELECT id FROM book_policy WHERE office_id = %s AND policy_number = "
                "%s",
                [self.office_id, number],
            )
            if not rows:
                return None  # a false positive of the filter
            policy_id, is_new = rows[0][0], True
        else:
            return None
        inherited = self.writer.load_head(policy_id)
        if inherited is None:
            return None
        head = Head(
            policy_id=policy_id,
            number=number,
            is_new=is_new,
            in_chunk=False,
            has_base=True,
            **inherited,
        )
        if not is_new:
            self.seen_existing.add(policy_id)
        self.touched.add(head.holder_id)
        self.touched.add(head.insured_id)
        self.heads[number] = head
        return head

    def _product(self, row: tuple) -> tuple[str, str, bool, str]:
        slot = self.slots
        code = row[slot.product_code]
        name = row[slot.product_name] or ""
        if code is None:
            code = name[:PRODUCT_CODE_LENGTH]
        elif not name:
            name = self.products.name_of(code)
        flag = row[slot.is_rider]
        if flag is None:
            is_rider = name.startswith(RIDER_NAME_PREFIX)
        else:
            is_rider = flag == RIDER
        category = row[slot.category] or category_from_name(name)
        return code, name, is_rider, category

    def _agent_code(self, row: tuple, head: Head | None) -> str | None:
        code = row[self.slots.agent_code]
        if self.only_agent is not None:
            own = self.only_agent.agent_code
            if code and code != own:
                reason = MESSAGES["other_agent"] % {"code": code, "own": own or "-"}
                raise RowRejected("agent_code", code, reason)
            return None
        if code or head is not None:
            return code
        if self.default_agent_code:
            return self.default_agent_code
        raise RowRejected("agent_code", "", MESSAGES["no_agent"])

    def _agent_id(self, code: str | None, row: tuple, head: Head | None) -> int:
        if self.only_agent is not None:
            return self.only_agent.pk
        if code is None:
            return head.agent_id
        slot = self.slots
        return self.agents.agent_id(
            code, name=row[slot.agent_name] or "", team=row[slot.team] or ""
        )

    def _resolve(self, person, agent_id: int, known: Iterable = ()) -> int:
        """Resolve a person of a row, trying the policy's own customers in `known`.

        A person given by name alone (no ID number, phone or birth date)
        matches no customer, so each import would create them again. When
        the policy already names a customer of that name, the row means that
        customer. `known` yields (customer id, name) pairs and is read only
        for such a person, so it may query the database.
        """
        if not (person.id_number or person.phone or person.birth_date):
            for customer_id, name in known:
                if name == person.name:
                    self.people.note_matched(customer_id)
                    return customer_id
        return self.people.resolve(person, agent_id, self.now)

    def _named(self, customer_id: int | None) -> Iterator[tuple[int, str | None]]:
        """Yield the customer of a policy in the book with their name, if any."""
        if customer_id:
            yield customer_id, self._customer_name(customer_id)

    def _head_parties(self, head: Head) -> Iterator[tuple[int, str | None]]:
        """Yield a policy's insured, then its holder (a waiver rider insures the
        holder), with their names, loading the names once per head."""
        if head.insured_name is None:
            head.insured_name = self._customer_name(head.insured_id)
            head.holder_name = self._customer_name(head.holder_id)
        yield head.insured_id, head.insured_name
        yield head.holder_id, head.holder_name

    def _customer_name(self, customer_id: int) -> str | None:
        rows = self.writer.fetch(
            "SELECT full_name FROM book_customer WHERE id = %s", [customer_id]
        )
        return rows[0][0] if rows else None

    def _new_head(self, number, row, holder, insured, agent_id) -> Head:
        relationship = row[self.slots.relationship] or ""
        if insured is not None and relationship == Relationship.SELF:
            if insured == holder:
                insured = None
            elif _same_person(holder, insured):
                # Resolved apart, an insured with fewer columns than the
                # holder (no phone, no ID number) would become a second
                # customer on every import.
                holder, insured = _merged_person(holder, insured), None
        parties = self.existing_parties.get(number)
        holder_id = self._resolve(holder, agent_id, self._named(parties and parties[1]))
        insured_id = (
            self._resolve(insured, agent_id, self._named(parties and parties[2]))
            if insured
            else holder_id
        )
        self.touched.add(holder_id)
        self.touched.add(insured_id)
        if insured_id == holder_id:
            relationship = Relationship.SELF
        elif relationship and relationship != Relationship.SELF:
            self.relations[(insured_id, holder_id)] = relationship
            self.relations[(holder_id, insured_id)] = INVERSE_RELATION[relationship]
        policy_id = self.existing.get(number)
        is_new = policy_id is None
        if is_new:
            policy_id = self.writer.allocate("book_policy")
            self.created.add(number)
            self.policies_created += 1
        else:
            self.seen_existing.add(policy_id)
            if self.existing_parties[number][0] != agent_id:
                self.reassigned += 1
                if len(self.reassigned_sample) < REASSIGNED_SAMPLE:
                    self.reassigned_sample.append(number)
        insured_birth = (insured or holder).birth_date
        head = Head(
            policy_id=policy_id,
            number=number,
            is_new=is_new,
            in_chunk=True,
            holder_id=holder_id,
            insured_id=insured_id,
            insured_birth=insured_birth,
            holder_name=holder.name,
            insured_name=(insured or holder).name,
            agent_id=agent_id,
            relationship=relationship,
        )
        self.heads[number] = head
        return head

    def _line(self, row_number, row, head, code, name, is_rider, category, insured_id):
        slot = self.slots
        status = row[slot.status] or head.status or PolicyStatus.IN_FORCE
        mode = row[slot.payment_mode] or head.payment_mode or ""
        term = row[slot.payment_term] or head.payment_term
        effective = row[slot.effective_date] or head.effective_date
        paid_to = row[slot.paid_to_date] or head.paid_to_date
        end = row[slot.payment_end_date] or head.payment_end_date
        if end is None:
            # The birth date matters only to a term that ends at an age, and
            # leaving it out of the other calls lets the cache serve them.
            birth = (
                head.insured_birth
                if term and term[0] == PaymentTermKind.TO_AGE
                else None
            )
            end = payment_end_date(term, effective, birth)
        premium = row[slot.premium]
        product_id = (
            self.products.product_id(code, name, category, is_rider) if code else None
        )
        if not head.has_base and (not is_rider or head.status is None):
            head.has_base = not is_rider
            head.status, head.payment_mode, head.payment_term = status, mode, term
            head.effective_date, head.paid_to_date = effective, paid_to
            head.payment_end_date = end
        if head.in_chunk:
            head.premium += annual_premium(premium, mode, status)
        else:
            self.recompute.add(head.policy_id)
        row = (
            head.policy_id,
            product_id,
            code,
            name,
            category or ProductCategory.OTHER,
            is_rider,
            insured_id,
            row[slot.sum_assured],
            premium,
            mode,
            term[0] if term else "",
            term[1] if term else None,
            effective,
            paid_to,
            end,
            status,
            row_number,
            self.now,
            self.now,
        )
        (self.lines_new if head.is_new else self.lines_upsert).append(row)
        self.coverage_lines += 1

    # --- writing -------------------------------------------------------------

    def flush(self) -> None:
        """Write what the rows of one chunk queued, parents before children."""
        writer, now = self.writer, self.now
        products_new, products_changed = self.products.take()
        if products_new:
            writer.insert_products(products_new)
        if products_changed:
            writer.update_products(products_changed)
        if self.people.new_rows:
            writer.insert_customers(self.people.new_rows)
            self.people.new_rows = []
        if self.people.fill_rows:
            writer.fill_customers(self.people.fill_rows)
            self.people.fill_rows = []
        policies_new, policies_changed = [], []
        for head in self.heads.values():
            if not head.in_chunk:
                continue
            common = (
                head.agent_id,
                head.holder_id,
                head.insured_id,
                head.relationship,
                head.status,
                head.effective_date,
                head.paid_to_date,
                head.payment_end_date,
                head.payment_mode or "",
                head.premium,
                self.batch_id,
            )
            if head.is_new:
                policies_new.append(
                    (head.policy_id, self.office_id, head.number) + common + (now, now)
                )
            else:
                policies_changed.append((head.policy_id,) + common + (now,))
        if policies_new:
            writer.insert_policies(policies_new)
        if policies_changed:
            writer.update_policies(policies_changed)
        if self.lines_new:
            writer.insert_lines(self.lines_new)
            self.lines_new = []
        if self.lines_upsert:
            writer.upsert_lines(self.lines_upsert)
            self.lines_upsert = []
        if self.relations:
            rows = [(a, b, kind, now, now) for (a, b), kind in self.relations.items()]
            if writer.insert_relations(rows):
                for a, _b in self.relations:
                    self.related.add(a)
            self.relations = {}
        self.heads = {}

    def release(self) -> None:
        """Drop the indexes once the rows are written, for the steps after."""
        self.people = self.products = None
        self.existing, self.existing_parties = {}, {}
        self.line_keys = self.created = None

    def missing_policies(self) -> list[str]:
        """Return the numbers of the policies of this file's agents not in it.

        A file of some agents of the office says nothing about the policies
        of the others. Call before release(): it needs the policies found
        before the import.
        """
        agent_ids = self.agent_ids
        seen, rejected = self.seen_existing, self.seen_rejected
        if not agent_ids or not self.last_policy_before:
            return []
        missing = []
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, policy_number, agent_id FROM book_policy "
                "WHERE office_id = %s AND id <= %s",
                [self.office_id, self.last_policy_before],
            )
            # In batches: a list of every policy of a large office would
            # cost more memory than the import's own indexes.
            while rows := cursor.fetchmany(10_000):
                missing.extend(
                    number
                    for pk, number, agent_id in rows
                    if agent_id in agent_ids and pk not in seen and pk not in rejected
                )
        return missing
