"""Cover and needs of a customer's household, ready for the pages that show them."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from revisit.book.models import Customer, Relationship
from revisit.development.cover_groups import CoverGroup
from revisit.development.models import Opportunity
from revisit.development.selectors.opportunities import opportunity_gap_keys
from revisit.development.selectors.snapshots import (
    household_snapshot,
    needs_settings_for,
)
from revisit.development.services.needs import (
    Gap,
    GroupCover,
    HouseholdSnapshot,
    LifeStage,
    NeedsSettings,
    PersonFacts,
    age_on,
    life_stage,
    needs_analyse,
)

STAGE_LABELS = {
    LifeStage.CHILD: _("Child"),
    LifeStage.ADULT: _("Adult without children under 18"),
    LifeStage.PROVIDER: _("Parent of children under 18"),
    LifeStage.PRE_RETIREMENT: _("Near retirement"),
    LifeStage.RETIRED: _("Retired"),
}


@dataclass(frozen=True)
class CoverRow:
    group: str
    label: str
    sum_assured: Decimal
    annual_premium: Decimal
    lines: int
    paying_lines: int = 0
    lines_with_sum_assured: int = 0


@dataclass
class PersonCover:
    customer: Customer
    relation: str
    relation_label: str
    age: int | None
    stage_label: str
    rows: list[CoverRow]
    annual_premium: Decimal  # per year on the person's own cover
    premium_paid: Decimal  # per year on the policies the person holds
    is_focus: bool


@dataclass
class GapView:
    gap: Gap
    person: Customer
    opportunity: Opportunity | None


@dataclass
class CustomerNeeds:
    customer: Customer
    snapshot: HouseholdSnapshot
    settings: NeedsSettings
    people: list[PersonCover] = field(default_factory=list)
    household_rows: list[CoverRow] = field(default_factory=list)
    household_premium: Decimal = Decimal("0")
    gaps: list[GapView] = field(default_factory=list)

    @property
    def focus(self) -> PersonCover:
        """The customer's own figures, the ones every page shows for them."""
        return next(person for person in self.people if person.is_focus)

    @property
    def raw_gaps(self) -> list[Gap]:
        return [view.gap for view in self.gaps]


def cover_rows(cover: dict[str, GroupCover]) -> list[CoverRow]:
    """Return one row per cover group, in a fixed order, empty groups included."""
    rows = []
    for group, label in CoverGroup.choices:
        item = cover.get(group, GroupCover())
        rows.append(
            CoverRow(
                group=group,
                label=str(label),
                sum_assured=item.sum_assured,
                annual_premium=item.annual_premium,
                lines=item.lines,
                paying_lines=item.paying_lines,
                lines_with_sum_assured=item.lines_with_sum_assured,
            )
        )
    return rows


def _household_rows(people: list[PersonFacts]) -> list[CoverRow]:
    totals: dict[str, GroupCover] = {}
    for person in people:
        for group, item in person.cover.items():
            total = totals.get(group, GroupCover())
            totals[group] = GroupCover(
                sum_assured=total.sum_assured + item.sum_assured,
                annual_premium=total.annual_premium + item.annual_premium,
                lines=total.lines + item.lines,
                paying_lines=total.paying_lines + item.paying_lines,
                lines_with_sum_assured=(
                    total.lines_with_sum_assured + item.lines_with_sum_assured
                ),
            )
    return cover_rows(totals)


def _person_cover(
    facts: PersonFacts, customer: Customer, snapshot: HouseholdSnapshot
) -> PersonCover:
    stage = life_stage(facts, snapshot)
    relation_label = (
        Relationship(facts.relation).label if facts.relation else _("Household member")
    )
    return PersonCover(
        customer=customer,
        relation=facts.relation,
        relation_label=str(relation_label),
        age=age_on(facts.birth_date, snapshot.today),
        stage_label=str(STAGE_LABELS[stage]) if stage else "",
        rows=cover_rows(dict(facts.cover)),
        annual_premium=sum(
            (item.annual_premium for item in facts.cover.values()), Decimal("0")
        ),
        premium_paid=facts.premium_paid,
        is_focus=facts.customer_id == snapshot.focus_id,
    )


def customer_needs_for(user, customer: Customer, *, today: dt.date) -> CustomerNeeds:
    """Return the household's cover table and gaps for a customer in scope.

    Each gap carries the opportunity already generated from it, if any.
    """
    snapshot, people = household_snapshot(user, customer, today=today)
    settings = needs_settings_for(customer.office_id)
    gaps = needs_analyse(snapshot, settings)
    existing = opportunity_gap_keys(customer.office_id, [gap.key for gap in gaps])
    return CustomerNeeds(
        customer=customer,
        snapshot=snapshot,
        settings=settings,
        people=[
            _person_cover(facts, people[facts.customer_id], snapshot)
            for facts in snapshot.people
        ],
        household_rows=_household_rows(list(snapshot.people)),
        household_premium=sum(
            (item.annual_premium for p in snapshot.people for item in p.cover.values()),
            Decimal("0"),
        ),
        gaps=[
            GapView(
                gap=gap, person=people[gap.person_id], opportunity=existing.get(gap.key)
            )
            for gap in gaps
        ],
    )


def customer_gap(user, customer: Customer, key: str, *, today: dt.date) -> Gap | None:
    """Return the customer's current gap with `key`, or None if it has gone."""
    snapshot, _people = household_snapshot(user, customer, today=today)
    gaps = needs_analyse(snapshot, needs_settings_for(customer.office_id))
    return next((gap for gap in gaps if gap.key == key), None)
