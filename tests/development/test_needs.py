"""Needs rules on households worked out by hand.

Every household is analysed on 2027-03-01 with the default settings: life
cover of 10 times income, premiums of at most 10% of income.
"""

import datetime as dt
from decimal import Decimal

from django.utils import translation

from revisit.book.models import Relationship
from revisit.development.cover_groups import CoverGroup
from revisit.development.models import OpportunityKind
from revisit.development.services.needs import (
    GapCode,
    GroupCover,
    HouseholdSnapshot,
    LifeStage,
    NeedsSettings,
    PersonFacts,
    ProductFacts,
    breadwinners,
    life_stage,
    missing_category_gaps,
    needs_analyse,
)

TODAY = dt.date(2027, 3, 1)
SETTINGS = NeedsSettings()


def cover(sum_assured="100000", premium="1000", since=dt.date(2024, 1, 1), codes=()):
    return GroupCover(
        sum_assured=Decimal(sum_assured),
        annual_premium=Decimal(premium),
        lines=1,
        latest_effective_date=since,
        product_codes=frozenset(codes),
    )


def person(
    pk, title, born, *, income=None, relation="", cover=None, paid="0", pays_for=()
):
    return PersonFacts(
        customer_id=pk,
        title=title,
        birth_date=born,
        annual_income=Decimal(income) if income is not None else None,
        relation=relation,
        cover=cover or {},
        premium_paid=Decimal(paid),
        pays_for=frozenset(pays_for),
    )


def gaps_by_person(gaps):
    found = {}
    for gap in gaps:
        found.setdefault(gap.person_id, []).append((gap.code, gap.group))
    return found


def wang_household():
    """Father earns 300,000 with 500,000 of life cover; mother has none; son 8."""
    father = person(
        1,
        "王先生",
        dt.date(1989, 5, 1),
        income="300000",
        relation=Relationship.SELF,
        cover={CoverGroup.LIFE: cover("500000", "8000"), CoverGroup.MEDICAL: cover()},
        paid="11000",
        pays_for={1, 3},
    )
    mother = person(2, "李女士", dt.date(1991, 8, 1), relation=Relationship.SPOUSE)
    son = person(
        3,
        "王小明",
        dt.date(2018, 6, 1),
        relation=Relationship.CHILD,
        cover={CoverGroup.MEDICAL: cover(), CoverGroup.ACCIDENT: cover()},
    )
    return HouseholdSnapshot(focus_id=1, people=(father, mother, son), today=TODAY)


def test_wang_household_gaps_per_person():
    gaps = needs_analyse(wang_household(), SETTINGS)

    found = gaps_by_person(gaps)
    assert found[1] == [
        (GapCode.LIFE_BELOW_INCOME, CoverGroup.LIFE),
        (GapCode.MISSING_CATEGORY, CoverGroup.CRITICAL_ILLNESS),
        (GapCode.MISSING_CATEGORY, CoverGroup.ACCIDENT),
    ]
    assert found[2] == [(GapCode.NO_COVER, "")]
    assert found[3] == [(GapCode.MISSING_CATEGORY, CoverGroup.SAVINGS)]


def test_life_shortfall_is_ten_times_income_less_cover():
    gaps = needs_analyse(wang_household(), SETTINGS)

    life = next(gap for gap in gaps if gap.code == GapCode.LIFE_BELOW_INCOME)
    # 300,000 x 10 = 3,000,000 needed; 500,000 held.
    assert life.amount == Decimal("2500000")
    assert life.opportunity_kind == OpportunityKind.RAISE_COVER


def test_life_gap_sentence_in_english_names_the_amounts():
    with translation.override("en"):
        gaps = needs_analyse(wang_household(), SETTINGS)

    life = next(gap for gap in gaps if gap.code == GapCode.LIFE_BELOW_INCOME)
    assert "3,000,000 yuan" in life.sentence
    assert "2,500,000 yuan short" in life.sentence


def test_life_gap_sentence_in_chinese_counts_in_wan():
    with translation.override("zh-hans"):
        gaps = needs_analyse(wang_household(), SETTINGS)

    life = next(gap for gap in gaps if gap.code == GapCode.LIFE_BELOW_INCOME)
    assert "300万元" in life.sentence
    assert "250万元" in life.sentence


def test_uncovered_spouse_becomes_cover_spouse():
    gaps = needs_analyse(wang_household(), SETTINGS)

    spouse = next(gap for gap in gaps if gap.person_id == 2)
    assert spouse.opportunity_kind == OpportunityKind.COVER_SPOUSE


def test_gaps_of_focus_customer_come_first():
    snapshot = wang_household()
    reordered = HouseholdSnapshot(focus_id=3, people=snapshot.people, today=TODAY)

    gaps = needs_analyse(reordered, SETTINGS)

    assert gaps[0].person_id == 3


def test_income_multiple_from_settings():
    settings = NeedsSettings(income_multiple=Decimal("5"))

    gaps = needs_analyse(wang_household(), settings)

    life = next(gap for gap in gaps if gap.code == GapCode.LIFE_BELOW_INCOME)
    # 300,000 x 5 = 1,500,000 needed; 500,000 held.
    assert life.amount == Decimal("1000000")


def zhao_household():
    """The daughter is well covered; the earning father has accident cover only."""
    father = person(
        1,
        "赵先生",
        dt.date(1982, 1, 10),
        income="200000",
        relation=Relationship.SELF,
        cover={CoverGroup.ACCIDENT: cover()},
    )
    mother = person(
        2,
        "孙女士",
        dt.date(1984, 2, 2),
        relation=Relationship.SPOUSE,
        cover={CoverGroup.MEDICAL: cover()},
    )
    daughter = person(
        3,
        "赵小雨",
        dt.date(2017, 4, 4),
        relation=Relationship.CHILD,
        cover={
            CoverGroup.MEDICAL: cover(),
            CoverGroup.ACCIDENT: cover(),
            CoverGroup.SAVINGS: cover(),
        },
    )
    return HouseholdSnapshot(focus_id=1, people=(father, mother, daughter), today=TODAY)


def test_breadwinner_covered_last():
    gaps = needs_analyse(zhao_household(), SETTINGS)

    found = gaps_by_person(gaps)
    # The breadwinner gap replaces the income and missing-life gaps.
    assert found[1] == [
        (GapCode.BREADWINNER_LAST, CoverGroup.LIFE),
        (GapCode.MISSING_CATEGORY, CoverGroup.CRITICAL_ILLNESS),
        (GapCode.MISSING_CATEGORY, CoverGroup.MEDICAL),
    ]
    assert found[2] == [
        (GapCode.MISSING_CATEGORY, CoverGroup.LIFE),
        (GapCode.MISSING_CATEGORY, CoverGroup.CRITICAL_ILLNESS),
        (GapCode.MISSING_CATEGORY, CoverGroup.ACCIDENT),
    ]
    assert 3 not in found


def test_breadwinner_sentence_names_child_and_parent():
    with translation.override("en"):
        gaps = needs_analyse(zhao_household(), SETTINGS)

    gap = next(gap for gap in gaps if gap.code == GapCode.BREADWINNER_LAST)
    assert gap.sentence.startswith("赵小雨 already has cover, but 赵先生")


def test_breadwinner_without_income_is_the_parent_who_pays():
    father = person(
        1, "周先生", dt.date(1985, 1, 1), relation=Relationship.SELF, pays_for={3}
    )
    mother = person(2, "吴女士", dt.date(1986, 1, 1), relation=Relationship.SPOUSE)
    son = person(
        3,
        "周小文",
        dt.date(2019, 1, 1),
        relation=Relationship.CHILD,
        cover={CoverGroup.MEDICAL: cover()},
    )
    snapshot = HouseholdSnapshot(focus_id=1, people=(father, mother, son), today=TODAY)

    assert [p.customer_id for p in breadwinners(snapshot)] == [1]
    found = gaps_by_person(needs_analyse(snapshot, SETTINGS))
    # The father's breadwinner gap replaces "no cover at all".
    assert found[1] == [(GapCode.BREADWINNER_LAST, CoverGroup.LIFE)]
    assert found[2] == [(GapCode.NO_COVER, "")]


def test_no_breadwinner_gap_when_earner_has_critical_illness_cover():
    snapshot = zhao_household()
    father = snapshot.people[0]
    covered = PersonFacts(
        customer_id=1,
        title=father.title,
        birth_date=father.birth_date,
        annual_income=father.annual_income,
        relation=father.relation,
        cover={**father.cover, CoverGroup.CRITICAL_ILLNESS: cover("500000")},
    )
    snapshot = HouseholdSnapshot(
        focus_id=1, people=(covered, *snapshot.people[1:]), today=TODAY
    )

    codes = [gap.code for gap in needs_analyse(snapshot, SETTINGS)]

    assert GapCode.BREADWINNER_LAST not in codes


def chen_household():
    """Near retirement at 54: 1,500,000 of life cover, premiums 15% of income."""
    chen = person(
        1,
        "陈先生",
        dt.date(1972, 9, 9),
        income="120000",
        relation=Relationship.SELF,
        cover={CoverGroup.LIFE: cover("1500000"), CoverGroup.MEDICAL: cover()},
        paid="18000",
    )
    return HouseholdSnapshot(focus_id=1, people=(chen,), today=TODAY)


def test_near_retirement_needs_annuity_and_flags_premium_burden():
    gaps = needs_analyse(chen_household(), SETTINGS)

    assert [(gap.code, gap.group) for gap in gaps] == [
        (GapCode.MISSING_CATEGORY, CoverGroup.SAVINGS),
        (GapCode.PREMIUM_BURDEN, ""),
    ]


def test_premium_burden_calls_for_no_sale():
    gaps = needs_analyse(chen_household(), SETTINGS)

    burden = next(gap for gap in gaps if gap.code == GapCode.PREMIUM_BURDEN)
    assert burden.opportunity_kind == ""
    assert burden.amount == Decimal("18000")


def test_premium_burden_sentence_gives_percentages():
    with translation.override("en"):
        gaps = needs_analyse(chen_household(), SETTINGS)

    burden = next(gap for gap in gaps if gap.code == GapCode.PREMIUM_BURDEN)
    assert "15%" in burden.sentence
    assert "10%" in burden.sentence


def test_premium_at_exactly_the_share_is_no_burden():
    snapshot = chen_household()
    chen = snapshot.people[0]
    at_limit = PersonFacts(
        customer_id=1,
        title=chen.title,
        birth_date=chen.birth_date,
        annual_income=chen.annual_income,
        cover=chen.cover,
        premium_paid=Decimal("12000"),
    )

    gaps = needs_analyse(
        HouseholdSnapshot(focus_id=1, people=(at_limit,), today=TODAY), SETTINGS
    )

    assert GapCode.PREMIUM_BURDEN not in [gap.code for gap in gaps]


def test_no_life_income_rule_at_65():
    retired = person(
        1,
        "钱先生",
        dt.date(1962, 1, 1),
        income="100000",
        cover={CoverGroup.MEDICAL: cover()},
    )

    gaps = needs_analyse(
        HouseholdSnapshot(focus_id=1, people=(retired,), today=TODAY), SETTINGS
    )

    assert gaps == []


def test_life_stage_boundaries():
    def stage_of(born, people=()):
        someone = person(1, "甲", born)
        snapshot = HouseholdSnapshot(focus_id=1, people=(someone, *people), today=TODAY)
        return life_stage(someone, snapshot)

    child = person(2, "乙", dt.date(2020, 1, 1), relation=Relationship.CHILD)
    assert stage_of(dt.date(2009, 3, 2)) == LifeStage.CHILD  # 17, a day short of 18
    assert stage_of(dt.date(2009, 3, 1)) == LifeStage.ADULT  # 18 today
    assert stage_of(dt.date(1990, 1, 1), [child]) == LifeStage.PROVIDER
    assert stage_of(dt.date(1977, 3, 1)) == LifeStage.PRE_RETIREMENT  # 50
    assert stage_of(dt.date(1962, 3, 1)) == LifeStage.RETIRED  # 65
    assert stage_of(None) is None


def test_unknown_birth_date_gets_no_stage_gaps():
    nobody = person(1, "某人", None, cover={CoverGroup.MEDICAL: cover()})

    gaps = needs_analyse(
        HouseholdSnapshot(focus_id=1, people=(nobody,), today=TODAY), SETTINGS
    )

    assert gaps == []


def test_uncovered_child_of_focus_becomes_cover_children():
    mother = person(
        1,
        "林女士",
        dt.date(1990, 1, 1),
        relation=Relationship.SELF,
        cover={
            CoverGroup.LIFE: cover(),
            CoverGroup.CRITICAL_ILLNESS: cover(),
            CoverGroup.MEDICAL: cover(),
            CoverGroup.ACCIDENT: cover(),
        },
    )
    child = person(2, "林小", dt.date(2020, 1, 1), relation=Relationship.CHILD)

    gaps = needs_analyse(
        HouseholdSnapshot(focus_id=1, people=(mother, child), today=TODAY), SETTINGS
    )

    assert [(gap.code, gap.opportunity_kind) for gap in gaps] == [
        (GapCode.NO_COVER, OpportunityKind.COVER_CHILDREN),
    ]


def test_no_cover_sentence_lists_first_cover_for_the_age():
    child = person(1, "林小", dt.date(2020, 1, 1))

    with translation.override("en"):
        gaps = needs_analyse(
            HouseholdSnapshot(focus_id=1, people=(child,), today=TODAY), SETTINGS
        )

    assert gaps[0].sentence == (
        "林小 has no cover at all. At 7, the usual first cover is medical, "
        "accident, annuity or education."
    )


def test_newer_featured_product_for_old_cover():
    product = ProductFacts(
        code="CI2027",
        name="安康无忧2027",
        group=CoverGroup.CRITICAL_ILLNESS,
        min_age=18,
        max_age=55,
    )
    holder = person(
        1,
        "郑女士",
        dt.date(1985, 6, 1),
        cover={
            CoverGroup.CRITICAL_ILLNESS: cover(
                since=dt.date(2015, 5, 1), codes={"CI01"}
            ),
            CoverGroup.MEDICAL: cover(),
            CoverGroup.ACCIDENT: cover(),
        },
    )
    snapshot = HouseholdSnapshot(
        focus_id=1, people=(holder,), today=TODAY, featured_products=(product,)
    )

    gaps = needs_analyse(snapshot, SETTINGS)

    assert [(gap.code, gap.product_code) for gap in gaps] == [
        (GapCode.NEWER_PRODUCT, "CI2027"),
    ]


def test_no_newer_product_outside_its_ages():
    product = ProductFacts(
        code="CI2027",
        name="安康无忧2027",
        group=CoverGroup.CRITICAL_ILLNESS,
        min_age=18,
        max_age=40,
    )
    holder = person(
        1,
        "郑女士",
        dt.date(1980, 6, 1),  # 46
        cover={
            CoverGroup.CRITICAL_ILLNESS: cover(since=dt.date(2015, 5, 1)),
            CoverGroup.MEDICAL: cover(),
            CoverGroup.ACCIDENT: cover(),
        },
    )
    snapshot = HouseholdSnapshot(
        focus_id=1, people=(holder,), today=TODAY, featured_products=(product,)
    )

    assert needs_analyse(snapshot, SETTINGS) == []


def test_missing_category_suggests_fitting_featured_product():
    product = ProductFacts(code="ED01", name="状元红教育年金", group=CoverGroup.SAVINGS)
    snapshot = wang_household()
    snapshot = HouseholdSnapshot(
        focus_id=1, people=snapshot.people, today=TODAY, featured_products=(product,)
    )

    gaps = needs_analyse(snapshot, SETTINGS)

    education = next(gap for gap in gaps if gap.person_id == 3)
    assert education.product_code == "ED01"


def test_gap_key_names_code_person_and_group():
    gaps = needs_analyse(wang_household(), SETTINGS)

    assert gaps[0].key == "life_below_income:1:life"


def test_adult_without_own_children_is_no_provider():
    # A 28-year-old son living with his parents and a baby brother.
    father = person(1, "蔡先生", dt.date(1972, 3, 5), relation=Relationship.SELF)
    son = person(2, "蔡浩然", dt.date(1998, 7, 2), relation=Relationship.CHILD)
    baby = person(3, "蔡子轩", dt.date(2025, 5, 1), relation=Relationship.CHILD)
    snapshot = HouseholdSnapshot(
        focus_id=1, people=(father, son, baby), today=TODAY
    )

    assert life_stage(son, snapshot) == LifeStage.ADULT


def test_spouse_of_focus_with_child_is_provider():
    father = person(1, "王先生", dt.date(1989, 5, 1), relation=Relationship.SELF)
    mother = person(2, "李女士", dt.date(1991, 8, 1), relation=Relationship.SPOUSE)
    son = person(3, "王小明", dt.date(2018, 6, 1), relation=Relationship.CHILD)
    snapshot = HouseholdSnapshot(
        focus_id=1, people=(father, mother, son), today=TODAY
    )

    assert life_stage(mother, snapshot) == LifeStage.PROVIDER


def test_life_gap_income_claim_needs_top_earner():
    # She has no recorded income and her husband earns 200,000: the family
    # does not live on her income, so the sentence must not say it does.
    husband = person(
        1,
        "蔡先生",
        dt.date(1985, 3, 5),
        income="200000",
        relation=Relationship.SELF,
        cover={CoverGroup.LIFE: cover("2000000")},
    )
    wife = person(
        2,
        "张女士",
        dt.date(1987, 6, 8),
        relation=Relationship.SPOUSE,
        cover={CoverGroup.MEDICAL: cover()},
    )
    son = person(3, "蔡小明", dt.date(2020, 5, 1), relation=Relationship.CHILD)
    snapshot = HouseholdSnapshot(focus_id=1, people=(husband, wife, son), today=TODAY)

    with translation.override("en"):
        gaps = needs_analyse(snapshot, SETTINGS)

    wife_life = [g for g in gaps if g.person_id == 2 and g.group == CoverGroup.LIFE]
    assert len(wife_life) == 1
    assert "lives on" not in wife_life[0].sentence
    assert "children under 18" in wife_life[0].sentence


def test_life_gap_of_top_earner_names_family_income():
    earner = person(
        1,
        "王先生",
        dt.date(1989, 5, 1),
        income="300000",
        relation=Relationship.SELF,
        cover={CoverGroup.MEDICAL: cover()},
    )
    son = person(2, "王小明", dt.date(2018, 6, 1), relation=Relationship.CHILD)
    snapshot = HouseholdSnapshot(focus_id=1, people=(earner, son), today=TODAY)

    # needs_analyse shows rule 1 for an earner; rule 3 alone still words it.
    with translation.override("en"):
        gaps = missing_category_gaps(earner, snapshot)

    life = [g for g in gaps if g.group == CoverGroup.LIFE]
    assert "lives on" in life[0].sentence
