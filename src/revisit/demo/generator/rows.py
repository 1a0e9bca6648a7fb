"""Rows of the generated office, written table by table through TableWriter."""

from collections import Counter

from django.utils import timezone

from revisit.accounts.models import Office, User
from revisit.book.models import (
    CoverageLine,
    Customer,
    CustomerRelation,
    Household,
    IdType,
    Policy,
)
from revisit.book.naming import name_search_keys
from revisit.demo.generator.book import AgentBook, IdCounter
from revisit.demo.generator.writer import TableWriter, next_free_id, reset_sequences
from revisit.outreach.models import Contact, GradeChange, GradeSource


class OfficeWriters:
    """The table writers for one office, with their id counters and counts."""

    def __init__(self, *, office: Office, products):
        self.office_id = office.pk
        self.products = {code: row for code, (row, _) in products.items()}
        self.specs = {code: spec for code, (_, spec) in products.items()}
        now = timezone.now()
        self.ids = {
            "household": IdCounter(next_free_id(Household)),
            "customer": IdCounter(next_free_id(Customer)),
            "relation": IdCounter(next_free_id(CustomerRelation)),
            "policy": IdCounter(next_free_id(Policy)),
            "line": IdCounter(next_free_id(CoverageLine)),
            "contact": IdCounter(next_free_id(Contact)),
            "grade_change": IdCounter(next_free_id(GradeChange)),
            "policy_number": IdCounter(1),
        }
        self.households = TableWriter(Household, ["id", "office", "name"], now)

        self.customers = TableWriter(
            Customer,
            [
                "id",
                "office",
                "agent",
                "household",
                "full_name",
                "name_pinyin",
                "name_initials",
                "gender",
                "birth_date",
                "id_type",
                "id_number",
                "phone",
                "phone_alt",
                "address",
                "occupation",
                "annual_income",
                "notes",
                "grade",
                "last_contact_at",
            ],
            now,
        )

        self.relations = TableWriter(
            CustomerRelation, ["id", "customer", "relative", "kind"], now
        )

        self.policies = TableWriter(
            Policy,
            [
                "id",
                "office",
                "policy_number",
                "agent",
                "is_orphan",
                "holder",
                "insured",
                "relationship",
                "status",
                "effective_date",
                "paid_to_date",
                "payment_end_date",
                "payment_mode",
                "annual_premium",
            ],
            now,
        )

        self.lines = TableWriter(
            CoverageLine,
            [
                "id",
                "policy",
                "product",
                "product_code",
                "product_name",
                "category",
                "is_rider",
                "insured",
                "sum_assured",
                "premium",
                "payment_mode",
                "payment_term_kind",
                "payment_term_value",
                "effective_date",
                "paid_to_date",
                "payment_end_date",
                "status",
            ],
            now,
        )

        self.contacts = TableWriter(
            Contact,
            [
                "id",
                "office",
                "customer",
                "agent",
                "kind",
                "occurred_at",
                "purpose",
                "entry_point",
                "outcome",
                "signed_policy_number",
                "signed_premium",
                "refusal_reason",
                "next_step",
                "next_step_date",
                "notes",
            ],
            now,
        )

        self.grade_changes = TableWriter(
            GradeChange,
            [
                "id", "office", "customer", "agent", "old_grade", "new_grade",
                "source", "changed_at",
            ],
            now,
        )

        self._name_keys: dict[str, tuple[str, str]] = {}
        self.grades: Counter = Counter()
        self.statuses: Counter = Counter()
        self.riders = 0

    def write_book(self, book: AgentBook, *, agent: User) -> None:
        office_id = self.office_id
        for household_id, name in book.households:
            self.households.add((household_id, office_id, name))
        for customer in book.customers:
            person = customer.person
            keys = self._name_keys.get(person.full_name)
            if keys is None:
                keys = self._name_keys[person.full_name] = name_search_keys(
                    person.full_name
                )
            self.customers.add(
                (
                    customer.id,
                    office_id,
                    agent.pk,
                    customer.household_id,
                    person.full_name,
                    keys[0],
                    keys[1],
                    person.gender,
                    person.birth_date,
                    IdType.RESIDENT,
                    person.id_number,
                    person.phone,
                    person.phone_alt,
                    person.address,
                    person.occupation,
                    person.annual_income,
                    person.notes,
                    customer.grade,
                    customer.last_contact_at,
                )
            )
            self.grades[customer.grade] += 1
        for customer_id, relative_id, kind in book.relations:
            self.relations.add(
                (self.ids["relation"].take(), customer_id, relative_id, kind)
            )
        for policy in book.policies:
            self._write_policy(policy, agent_id=agent.pk)

    def _write_policy(self, policy, *, agent_id: int) -> None:
        terms = policy.terms
        self.policies.add(
            (
                policy.id,
                self.office_id,
                policy.number,
                agent_id,
                policy.is_orphan,
                policy.holder.id,
                policy.insured.id,
                policy.relationship,
                terms.status,
                terms.effective_date,
                terms.paid_to_date,
                terms.payment_end_date,
                terms.payment_mode,
                policy.annual_premium,
            )
        )
        self.statuses[terms.status] += 1
        for line in policy.lines:
            product = line.product
            self.lines.add(
                (
                    self.ids["line"].take(),
                    policy.id,
                    self.products[product.code].pk,
                    product.code,
                    product.name,
                    product.category,
                    product.is_rider,
                    line.insured.id,
                    line.sum_assured,
                    line.premium,
                    terms.payment_mode,
                    terms.term_kind,
                    terms.term_value,
                    terms.effective_date,
                    terms.paid_to_date,
                    terms.payment_end_date,
                    terms.status,
                )
            )
            self.riders += product.is_rider

    def write_contacts(self, customer, contacts, *, agent: User) -> None:
        for contact in contacts:
            self.contacts.add(
                (
                    self.ids["contact"].take(),
                    self.office_id,
                    customer.id,
                    agent.pk,
                    contact.kind,
                    contact.occurred_at,
                    contact.purpose,
                    contact.entry_point,
                    contact.outcome,
                    contact.signed_policy_number,
                    contact.signed_premium,
                    contact.refusal_reason,
                    contact.next_step,
                    contact.next_step_date,
                    contact.notes,
                )
            )

    def write_grade_changes(self, customer, changes, *, agent: User) -> None:
        for old_grade, new_grade, changed_at in changes:
            self.grade_changes.add(
                (
                    self.ids["grade_change"].take(),
                    self.office_id,
                    customer.id,
                    agent.pk,
                    old_grade,
                    new_grade,
                    GradeSource.COMPUTED,
                    changed_at,
                )
            )

    def finish(self) -> None:
        writers = (
            self.households,
            self.customers,
            self.relations,
            self.policies,
            self.lines,
            self.contacts,
            self.grade_changes,
        )
        for writer in writers:
            writer.flush()
        reset_sequences(writer.model for writer in writers)

    def counts(self) -> dict:
        return {
            "customers": self.customers.count,
            "households": self.households.count,
            "relations": self.relations.count,
            "policies": self.policies.count,
            "coverage_lines": self.lines.count,
            "riders": self.riders,
            "contacts": self.contacts.count,
            "grade_changes": self.grade_changes.count,
            "grades": dict(sorted(self.grades.items())),
            "policy_statuses": dict(sorted(self.statuses.items())),
        }
