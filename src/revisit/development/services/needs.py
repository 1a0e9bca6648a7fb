"""Needs analysis: the cover gaps of a household, from a snapshot of the book.

Everything here is a pure function of a `HouseholdSnapshot`: no database, no
settings, no clock. `revisit.development.selectors.snapshots` builds the
snapshot from the book.

Life stages (age in full years on the snapshot's date):
- child: under 18; needs medical, accident and an education fund.
- adult: 18 to 49 with no child under 18 of their own; needs critical
  illness, medical and accident cover.
- provider: 18 to 49 with a child under 18 of their own; needs life,
  critical illness, medical and accident cover. Their own children are
  those the relations to the focus customer make theirs (the focus's and
  the spouse's children, a child's children, a parent's other children),
  and any child whose policy they hold.
- near retirement: 50 to 64; needs an annuity or pension and medical cover.
- retired: 65 and over; needs medical cover.
People without a birth date get no stage and no stage gaps.

Rules, each producing gaps about one person:
1. Life cover below income: someone aged 18 to 64 with a known income holds
   less life cover than `income_multiple` times that income.
2. Premium burden: the premiums someone pays as policy holder, per year,
   exceed `premium_share` of their income.
3. Missing categories: a group their stage needs holds no cover.
4. No cover: a household member insured on nothing in force.
5. Breadwinner covered last: a child under 18 has cover while the earning
   parent has neither life nor critical illness cover. The earner is the
   adult (18 to 64) with the highest known income; without any income, the
   adults who hold a policy on a child (they pay its premium).
6. Newer product: a featured product of a group someone already holds fits
   their age, and their cover in that group is over five years old.
One gap per person and group: for life cover, rule 5 wins over rule 1, and
rule 1 over rule 3. Someone with no cover at all gets rule 4 (or rule 5)
and no rule 1 or 3 gaps, because "no cover at all" already says it.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from django.utils.translation import gettext

from revisit.book.models import Relationship
from revisit.development.cover_groups import CoverGroup, cover_noun
from revisit.development.models.opportunities import OpportunityKind
from revisit.development.text import format_percent, format_yuan, join_list

ADULT_AGE = 18
PRE_RETIREMENT_AGE = 50
RETIREMENT_AGE = 65
NEWER_PRODUCT_AFTER_YEARS = 5


class LifeStage(StrEnum):
    CHILD = "child"
    ADULT = "adult"
    PROVIDER = "provider"
    PRE_RETIREMENT = "pre_retirement"
    RETIRED = "retired"


STAGE_NEEDS: dict[LifeStage, tuple[str, ...]] = {
    LifeStage.CHILD: (CoverGroup.MEDICAL, CoverGroup.ACCIDENT, CoverGroup.SAVINGS),
    LifeStage.ADULT: (
        CoverGroup.CRITICAL_ILLNESS,
        CoverGroup.MEDICAL,
        CoverGroup.ACCIDENT,
    ),
    LifeStage.PROVIDER: (
        CoverGroup.LIFE,
        CoverGroup.CRITICAL_ILLNESS,
        CoverGroup.MEDICAL,
        CoverGroup.ACCIDENT,
    ),
    LifeStage.PRE_RETIREMENT: (CoverGroup.SAVINGS, CoverGroup.MEDICAL),
    LifeStage.RETIRED: (CoverGroup.MEDICAL,),
}


class GapCode(StrEnum):
    LIFE_BELOW_INCOME = "life_below_income"
    PREMIUM_BURDEN = "premium_burden"
    MISSING_CATEGORY = "missing_category"
    NO_COVER = "no_cover"
    BREADWINNER_LAST = "breadwinner_last"
    NEWER_PRODUCT = "newer_product"


@dataclass(frozen=True)
class GroupCover:
    """In-force cover of one person in one cover group.

    `annual_premium` counts only lines still paying premiums, so a group of
    single-premium or paid-up lines has lines but no annual premium.
    """

    sum_assured: Decimal = Decimal("0")
    annual_premium: Decimal = Decimal("0")
    lines: int = 0
    paying_lines: int = 0
    lines_with_sum_assured: int = 0
    latest_effective_date: dt.date | None = None
    product_codes: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PersonFacts:
    customer_id: int
    title: str  # the form of address used in sentences: 王先生
    birth_date: dt.date | None = None
    annual_income: Decimal | None = None
    relation: str = ""  # a Relationship value, relative to the focus customer
    cover: Mapping[str, GroupCover] = field(default_factory=dict)
    premium_paid: Decimal = Decimal("0")  # per year, as policy holder
    pays_for: frozenset[int] = frozenset()  # insured on policies they hold

    @property
    def has_cover(self) -> bool:
        return any(item.lines for item in self.cover.values())

    def holds(self, group: str) -> bool:
        item = self.cover.get(group)
        return item is not None and item.lines > 0


@dataclass(frozen=True)
class ProductFacts:
    code: str
    name: str
    group: str
    min_age: int | None = None
    max_age: int | None = None

    def fits(self, age: int | None) -> bool:
        if age is None:
            return self.min_age is None and self.max_age is None
        if self.min_age is not None and age < self.min_age:
            return False
        return self.max_age is None or age <= self.max_age


@dataclass(frozen=True)
class HouseholdSnapshot:
    focus_id: int
    people: tuple[PersonFacts, ...]
    today: dt.date
    featured_products: tuple[ProductFacts, ...] = ()

    def person(self, customer_id: int) -> PersonFacts:
        return next(p for p in self.people if p.customer_id == customer_id)


@dataclass(frozen=True)
class NeedsSettings:
    income_multiple: Decimal = Decimal("10")
    premium_share: Decimal = Decimal("0.10")


@dataclass(frozen=True)
class Gap:
    """One shortfall, with a sentence the customer understands.

    `headline` is the short form that fills a talk script's {gap};
    `opportunity_kind` is empty for gaps that call for no sale.
    """

    code: str
    person_id: int
    headline: str
    sentence: str
    group: str = ""
    amount: Decimal | None = None
    product_code: str = ""
    opportunity_kind: str = ""

    @property
    def key(self) -> str:
        return f"{self.code}:{self.person_id}:{self.group}"


def age_on(birth_date: dt.date | None, today: dt.date) -> int | None:
    if birth_date is None:
        return None
    before_birthday = (today.month, today.day) < (birth_date.month, birth_date.day)
    return today.year - birth_date.year - int(before_birthday)


def is_child(birth_date: dt.date | None, today: dt.date) -> bool:
    age = age_on(birth_date, today)
    return age is not None and age < ADULT_AGE


def life_stage(person: PersonFacts, snapshot: HouseholdSnapshot) -> LifeStage | None:
    age = age_on(person.birth_date, snapshot.today)
    if age is None:
        return None
    if age < ADULT_AGE:
        return LifeStage.CHILD
    if age >= RETIREMENT_AGE:
        return LifeStage.RETIRED
    if age >= PRE_RETIREMENT_AGE:
        return LifeStage.PRE_RETIREMENT
    if children_of(person, snapshot):
        return LifeStage.PROVIDER
    return LifeStage.ADULT


# The relations to the focus customer of a person's children, keyed by that
# person's own relation to the focus customer.
CHILD_RELATIONS: dict[str, frozenset[str]] = {
    Relationship.SELF: frozenset({Relationship.CHILD}),
    Relationship.SPOUSE: frozenset({Relationship.CHILD}),
    Relationship.CHILD: frozenset({Relationship.GRANDCHILD}),
    Relationship.PARENT: frozenset({Relationship.SELF, Relationship.SIBLING}),
    Relationship.GRANDPARENT: frozenset({Relationship.PARENT}),
}


def children_of(person: PersonFacts, snapshot: HouseholdSnapshot) -> list[PersonFacts]:
    """Return the person's own children under 18, by the rule in the docstring."""
    relations = CHILD_RELATIONS.get(person.relation, frozenset())
    if person.customer_id == snapshot.focus_id:
        relations = CHILD_RELATIONS[Relationship.SELF]
    return [
        child
        for child in _children_of_household(snapshot, excluding=person.customer_id)
        if child.relation in relations or child.customer_id in person.pays_for
    ]


def earns_most(person: PersonFacts, snapshot: HouseholdSnapshot) -> bool:
    """Return whether the person's recorded income is the household's highest."""
    if not person.annual_income or person.annual_income <= 0:
        return False
    return any(p.customer_id == person.customer_id for p in breadwinners(snapshot))


def _children_of_household(
    snapshot: HouseholdSnapshot, *, excluding: int | None = None
) -> list[PersonFacts]:
    children = []
    for person in snapshot.people:
        age = age_on(person.birth_date, snapshot.today)
        if person.customer_id != excluding and age is not None and age < ADULT_AGE:
            children.append(person)
    return children


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year - years, day=28)


def _is_working_age(person: PersonFacts, today: dt.date) -> bool:
    age = age_on(person.birth_date, today)
    return age is not None and ADULT_AGE <= age < RETIREMENT_AGE


# --- Wording ------------------------------------------------------------------


def _missing_headline(group: str, stage: LifeStage | None) -> str:
    if group == CoverGroup.SAVINGS and stage == LifeStage.CHILD:
        return gettext("no education fund")
    if group == CoverGroup.SAVINGS:
        return gettext("no annuity or pension")
    return gettext("no %(cover)s cover") % {"cover": cover_noun(group)}


def _missing_sentence(
    person: PersonFacts,
    group: str,
    stage: LifeStage | None,
    snapshot: HouseholdSnapshot,
) -> str:
    params = {"person": person.title}
    if group == CoverGroup.LIFE and earns_most(person, snapshot):
        text = gettext(
            "%(person)s has no life cover, although the family lives on "
            "%(person)s's income."
        )
    elif group == CoverGroup.LIFE:
        # Without the highest recorded income, the family may not live on
        # this person's income; the children are the reason for life cover.
        text = gettext(
            "%(person)s has no life cover, with children under 18 to bring up."
        )
    elif group == CoverGroup.CRITICAL_ILLNESS:
        text = gettext(
            "%(person)s has no critical illness cover. A serious illness costs "
            "far more than medical insurance repays, and the income stops "
            "during recovery."
        )
    elif group == CoverGroup.MEDICAL and stage == LifeStage.CHILD:
        text = gettext(
            "%(person)s has no medical cover. Children fall ill often, and a "
            "hospital stay would be paid from the family's savings."
        )
    elif group == CoverGroup.MEDICAL:
        text = gettext(
            "%(person)s has no medical cover, so a hospital stay would be paid "
            "from savings."
        )
    elif group == CoverGroup.ACCIDENT:
        text = gettext(
            "%(person)s has no accident cover. It costs little and pays for "
            "injuries and disability."
        )
    elif stage == LifeStage.CHILD:
        text = gettext(
            "%(person)s has no education fund. Saving a little every year now "
            "pays for university later."
        )
    else:
        text = gettext(
            "%(person)s has no annuity or pension. The years before retirement "
            "are the last good time to build an income for later."
        )
    return text % params


# --- Rules --------------------------------------------------------------------


def _horizontal_kind(relation: str) -> str:
    if relation == Relationship.SPOUSE:
        return OpportunityKind.COVER_SPOUSE
    if relation in (Relationship.CHILD, Relationship.GRANDCHILD):
        return OpportunityKind.COVER_CHILDREN
    if relation in (Relationship.PARENT, Relationship.GRANDPARENT):
        return OpportunityKind.COVER_PARENTS
    return OpportunityKind.ADD_CATEGORY


def _kind_for_uncovered(person: PersonFacts, snapshot: HouseholdSnapshot) -> str:
    if person.customer_id == snapshot.focus_id:
        return OpportunityKind.ADD_CATEGORY
    return _horizontal_kind(person.relation)


def _featured_for(
    snapshot: HouseholdSnapshot, group: str, age: int | None
) -> ProductFacts | None:
    for product in snapshot.featured_products:
        if product.group == group and product.fits(age):
            return product
    return None


def life_cover_gap(
    person: PersonFacts, snapshot: HouseholdSnapshot, settings: NeedsSettings
) -> Gap | None:
    """Rule 1: life cover below `income_multiple` times a known income."""
    income = person.annual_income
    if not income or income <= 0 or not _is_working_age(person, snapshot.today):
        return None
    needed = income * settings.income_multiple
    life = person.cover.get(CoverGroup.LIFE, GroupCover())
    if life.sum_assured >= needed:
        return None
    shortfall = needed - life.sum_assured
    params = {
        "person": person.title,
        "income": format_yuan(income),
        "needed": format_yuan(needed),
        "multiple": format(settings.income_multiple.normalize(), "f"),
        "cover": format_yuan(life.sum_assured),
        "shortfall": format_yuan(shortfall),
    }
    if life.lines:
        sentence = (
            gettext(
                "%(person)s earns about %(income)s a year, so the family would "
                "need about %(needed)s of life cover (%(multiple)s times income) "
                "to carry on. The life cover now is %(cover)s, %(shortfall)s short."
            )
            % params
        )
        headline = gettext("life cover %(shortfall)s short") % params
        kind = OpportunityKind.RAISE_COVER
    else:
        sentence = (
            gettext(
                "%(person)s earns about %(income)s a year but has no life cover. "
                "About %(needed)s (%(multiple)s times income) would keep the family "
                "going if that income stopped."
            )
            % params
        )
        headline = gettext("no life cover")
        kind = OpportunityKind.ADD_CATEGORY
    return Gap(
        code=GapCode.LIFE_BELOW_INCOME,
        person_id=person.customer_id,
        headline=headline,
        sentence=sentence,
        group=CoverGroup.LIFE,
        amount=shortfall,
        opportunity_kind=kind,
    )


def premium_burden_gap(
    person: PersonFacts, snapshot: HouseholdSnapshot, settings: NeedsSettings
) -> Gap | None:
    """Rule 2: premiums paid as holder above `premium_share` of income."""
    income = person.annual_income
    if not income or income <= 0 or person.premium_paid <= 0:
        return None
    share = person.premium_paid / income
    if share <= settings.premium_share:
        return None
    params = {
        "person": person.title,
        "premium": format_yuan(person.premium_paid),
        "percent": format_percent(share),
        "income": format_yuan(income),
        "limit": format_percent(settings.premium_share),
    }
    sentence = (
        gettext(
            "%(person)s pays %(premium)s a year in premiums, %(percent)s of an "
            "income of %(income)s. Above %(limit)s, premiums can become hard to "
            "keep up, so check the budget before adding cover."
        )
        % params
    )
    return Gap(
        code=GapCode.PREMIUM_BURDEN,
        person_id=person.customer_id,
        headline=gettext("premiums above %(limit)s of income") % params,
        sentence=sentence,
        amount=person.premium_paid,
    )


def missing_category_gaps(
    person: PersonFacts, snapshot: HouseholdSnapshot
) -> list[Gap]:
    """Rule 3: groups the person's life stage needs that hold no cover."""
    stage = life_stage(person, snapshot)
    if stage is None:
        return []
    age = age_on(person.birth_date, snapshot.today)
    gaps = []
    for group in STAGE_NEEDS[stage]:
        if person.holds(group):
            continue
        product = _featured_for(snapshot, group, age)
        gaps.append(
            Gap(
                code=GapCode.MISSING_CATEGORY,
                person_id=person.customer_id,
                headline=_missing_headline(group, stage),
                sentence=_missing_sentence(person, group, stage, snapshot),
                group=group,
                product_code=product.code if product else "",
                opportunity_kind=OpportunityKind.ADD_CATEGORY,
            )
        )
    return gaps


def no_cover_gap(person: PersonFacts, snapshot: HouseholdSnapshot) -> Gap | None:
    """Rule 4: a household member insured on nothing in force."""
    if person.has_cover:
        return None
    stage = life_stage(person, snapshot)
    age = age_on(person.birth_date, snapshot.today)
    if stage is None:
        sentence = gettext("%(person)s has no cover at all.") % {"person": person.title}
    else:
        groups = [cover_noun(group) for group in STAGE_NEEDS[stage]]
        sentence = gettext(
            "%(person)s has no cover at all. At %(age)s, the usual first cover "
            "is %(groups)s."
        ) % {"person": person.title, "age": age, "groups": join_list(groups)}
    return Gap(
        code=GapCode.NO_COVER,
        person_id=person.customer_id,
        headline=gettext("no cover at all"),
        sentence=sentence,
        opportunity_kind=_kind_for_uncovered(person, snapshot),
    )


def breadwinners(snapshot: HouseholdSnapshot) -> list[PersonFacts]:
    """Return the household's earners, by the rule in the module docstring."""
    adults = [p for p in snapshot.people if _is_working_age(p, snapshot.today)]
    earning = [p for p in adults if p.annual_income and p.annual_income > 0]
    if earning:
        top = max(p.annual_income for p in earning)
        return [p for p in earning if p.annual_income == top]
    child_ids = {p.customer_id for p in _children_of_household(snapshot)}
    return [p for p in adults if p.pays_for & child_ids]


def breadwinner_gaps(snapshot: HouseholdSnapshot) -> list[Gap]:
    """Rule 5: children covered while the breadwinner has no protection."""
    covered_children = [p for p in _children_of_household(snapshot) if p.has_cover]
    if not covered_children:
        return []
    names = join_list([child.title for child in covered_children])
    gaps = []
    for earner in breadwinners(snapshot):
        if earner.holds(CoverGroup.LIFE) or earner.holds(CoverGroup.CRITICAL_ILLNESS):
            continue
        if earns_most(earner, snapshot):
            text = gettext(
                "%(children)s already has cover, but %(person)s, who earns the "
                "family's income, has no life or critical illness cover. Cover "
                "the breadwinner first: if the income stops, so do the "
                "children's premiums."
            )
        else:
            text = gettext(
                "%(children)s already has cover, but %(person)s, who pays the "
                "children's premiums, has no life or critical illness cover. "
                "Cover the parent who pays first: if the money stops, so do the "
                "children's premiums."
            )
        sentence = text % {"children": names, "person": earner.title}
        if earner.has_cover or earner.customer_id == snapshot.focus_id:
            kind = OpportunityKind.ADD_CATEGORY
        else:
            kind = _horizontal_kind(earner.relation)
        gaps.append(
            Gap(
                code=GapCode.BREADWINNER_LAST,
                person_id=earner.customer_id,
                headline=gettext("breadwinner not covered"),
                sentence=sentence,
                group=CoverGroup.LIFE,
                opportunity_kind=kind,
            )
        )
    return gaps


def newer_product_gaps(person: PersonFacts, snapshot: HouseholdSnapshot) -> list[Gap]:
    """Rule 6: a featured product newer than the cover held in its group."""
    age = age_on(person.birth_date, snapshot.today)
    cutoff = _years_before(snapshot.today, NEWER_PRODUCT_AFTER_YEARS)
    gaps = []
    for group, cover in person.cover.items():
        bought = cover.latest_effective_date
        if not cover.lines or bought is None or bought > cutoff:
            continue
        product = next(
            (
                p
                for p in snapshot.featured_products
                if p.group == group
                and p.fits(age)
                and p.code not in cover.product_codes
            ),
            None,
        )
        if product is None:
            continue
        params = {
            "person": person.title,
            "cover": cover_noun(group),
            "year": bought.year,
            "product": product.name,
        }
        sentence = (
            gettext(
                "%(person)s's %(cover)s cover dates from %(year)s. %(product)s is "
                "newer, fits %(person)s's age and covers more."
            )
            % params
        )
        gaps.append(
            Gap(
                code=GapCode.NEWER_PRODUCT,
                person_id=person.customer_id,
                headline=gettext("a newer product: %(product)s") % params,
                sentence=sentence,
                group=group,
                product_code=product.code,
                opportunity_kind=OpportunityKind.NEWER_PRODUCT,
            )
        )
    return gaps


def needs_analyse(snapshot: HouseholdSnapshot, settings: NeedsSettings) -> list[Gap]:
    """Return the household's gaps, the focus customer's first."""
    breadwinner_by_person = {gap.person_id: gap for gap in breadwinner_gaps(snapshot)}
    gaps: list[Gap] = []
    for person in snapshot.people:
        breadwinner = breadwinner_by_person.get(person.customer_id)
        if breadwinner is not None:
            gaps.append(breadwinner)
        if not person.has_cover:
            if breadwinner is None:
                gaps.append(no_cover_gap(person, snapshot))
        else:
            life = None if breadwinner else life_cover_gap(person, snapshot, settings)
            if life is not None:
                gaps.append(life)
            for gap in missing_category_gaps(person, snapshot):
                if gap.group == CoverGroup.LIFE and (breadwinner or life):
                    continue
                gaps.append(gap)
            gaps.extend(newer_product_gaps(person, snapshot))
        burden = premium_burden_gap(person, snapshot, settings)
        if burden is not None:
            gaps.append(burden)
    order = {p.customer_id: index for index, p in enumerate(snapshot.people)}
    focus_first = sorted(
        gaps,
        key=lambda gap: (gap.person_id != snapshot.focus_id, order[gap.person_id]),
    )
    return focus_first
