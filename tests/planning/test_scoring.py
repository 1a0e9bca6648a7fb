"""Snapshots loaded in bulk, and scorers built from office settings."""

import datetime as dt

import pytest
from django.utils import translation

from revisit.book.models import CustomerRelation, Household, PolicyStatus
from revisit.planning.models import PlanningSettings
from revisit.planning.scoring import (
    RuleContext,
    WeightedRuleScorer,
    load_snapshots,
    scorer_for,
)
from revisit.planning.scoring.snapshot import CustomerSnapshot
from revisit.planning.weeks import IsoWeek
from tests import factories
from tests.planning.builders import at, make_contact

WEEK = IsoWeek(2026, 50)
SINCE = dt.date(2026, 6, 1)


@pytest.mark.django_db
def test_snapshot_carries_policies_lines_and_last_contact(agent):
    last = at(dt.date(2026, 9, 1))
    customer = factories.make_customer(agent, last_contact_at=last)
    factories.make_policy(customer, riders=1)
    snapshot = load_snapshots(agent_id=agent.pk, life_events_since=SINCE)[customer.pk]
    assert len(snapshot.policies) == 1
    assert sorted(line.category for line in snapshot.lines) == ["accident", "life"]
    assert snapshot.last_contact_at == last


@pytest.mark.django_db
def test_snapshot_finds_life_events_in_notes(agent):
    customer = factories.make_customer(agent)
    make_contact(
        customer, when=at(dt.date(2026, 8, 3)), notes="客户说下个月结婚，想了解保障"
    )
    make_contact(customer, when=at(dt.date(2026, 3, 3)), notes="去年刚买房")
    make_contact(customer, when=at(dt.date(2026, 9, 3)), notes="电话没人接")
    snapshot = load_snapshots(agent_id=agent.pk, life_events_since=SINCE)[customer.pk]
    # The note before `since` is left out.
    assert [(e.event, e.noted_on) for e in snapshot.life_events] == [
        ("marriage", dt.date(2026, 8, 3))
    ]


@pytest.mark.django_db
def test_snapshot_lists_family_with_relation(agent, office):
    household = Household.objects.create(office=office)
    husband = factories.make_customer(agent, household=household)
    wife = factories.make_customer(agent, household=household, full_name="李丽")
    CustomerRelation.objects.create(customer=wife, relative=husband, kind="spouse")
    snapshots = load_snapshots(agent_id=agent.pk, life_events_since=SINCE)
    family = snapshots[husband.pk].family
    assert [(m.id, m.name, m.relation) for m in family] == [(wife.pk, "李丽", "spouse")]
    assert [m.id for m in snapshots[wife.pk].family] == [husband.pk]


@pytest.mark.django_db
def test_snapshot_only_of_agents_book(agent, teammate):
    mine = factories.make_customer(agent)
    factories.make_customer(teammate)
    assert list(load_snapshots(agent_id=agent.pk, life_events_since=SINCE)) == [mine.pk]


@pytest.mark.django_db
def test_snapshot_queries_do_not_grow_with_book(
    agent, office, django_assert_num_queries
):
    household = Household.objects.create(office=office)
    for index in range(30):
        customer = factories.make_customer(
            agent, household=household if index < 3 else None
        )
        factories.make_policy(customer, riders=1)
        make_contact(customer, when=at(dt.date(2026, 8, 1)), notes="升职了")
    with django_assert_num_queries(6):
        snapshots = load_snapshots(agent_id=agent.pk, life_events_since=SINCE)
    assert len(snapshots) == 30


def _snapshot(**fields) -> CustomerSnapshot:
    values = {
        "id": 1,
        "name": "王建国",
        "gender": "M",
        "birth_date": dt.date(1980, 12, 10),
        "grade": 5,
        "policy_count": 1,
        "last_contact_at": None,
    }
    values.update(fields)
    return CustomerSnapshot(**values)


def test_score_is_sum_of_weighted_findings():
    scorer = WeightedRuleScorer(
        {"birthday": 20, "single_policy": 8, "never_contacted": 12, "missing_cover": 10}
    )
    assessment = scorer.assess(_snapshot(), RuleContext(week=WEEK))
    # birthday 20 + never contacted 12 + single policy 8 + two missing
    # categories at full strength 10.
    assert assessment.score == 50
    assert [r.code for r in assessment.reasons] == [
        "birthday",
        "never_contacted",
        "missing_cover",
        "single_policy",
    ]
    with translation.override("zh-hans"):
        assert assessment.reasons[0].text == "12月10日过生日，满46岁"
        assert assessment.entry_point == "生日祝福，送上小礼物"


def test_zero_weight_rule_adds_nothing():
    scorer = WeightedRuleScorer({"birthday": 0})
    assessment = scorer.assess(_snapshot(), RuleContext(week=WEEK))
    assert assessment.reasons[-1].code == "birthday"
    assert assessment.reasons[-1].points == 0
    assert assessment.entry_point != ""


def test_routine_entry_point_without_findings():
    scorer = WeightedRuleScorer(rules=())
    assessment = scorer.assess(_snapshot(), RuleContext(week=WEEK))
    assert assessment.score == 0
    with translation.override("zh-hans"):
        assert assessment.entry_point == "例行服务回访，了解近况并检视保单"


def test_reasons_rendered_in_active_language():
    assessment = WeightedRuleScorer().assess(_snapshot(), RuleContext(week=WEEK))
    with translation.override("en"):
        assert assessment.reasons[0].text == "Birthday on Dec 10, turning 46"
    with translation.override("zh-hans"):
        assert assessment.reasons[0].text == "12月10日过生日，满46岁"


@pytest.mark.django_db
def test_office_weights_override_defaults(office):
    settings = PlanningSettings.objects.create(
        office=office, scorer_weights={"birthday": 99}
    )
    scorer = scorer_for(settings)
    assert scorer.weights["birthday"] == 99
    assert scorer.weights["renewal_due"] == 30


@pytest.mark.django_db
def test_lapsed_policy_in_snapshot_is_reinstatable(agent):
    customer = factories.make_customer(agent)
    factories.make_policy(
        customer, status=PolicyStatus.LAPSED, paid_to_date=dt.date(2026, 1, 1)
    )
    snapshot = load_snapshots(customer_ids=[customer.pk], life_events_since=SINCE)[
        customer.pk
    ]
    assessment = WeightedRuleScorer().assess(snapshot, RuleContext(week=WEEK))
    assert "reinstatable" in [r.code for r in assessment.reasons]


@pytest.mark.django_db
def test_illness_note_suggests_caring_visit(agent):
    customer = factories.make_customer(agent)
    make_contact(
        customer, when=at(dt.date(2026, 11, 20)), notes="客户上周生病住院，刚出院"
    )
    snapshot = load_snapshots(customer_ids=[customer.pk], life_events_since=SINCE)[
        customer.pk
    ]
    assessment = WeightedRuleScorer().assess(snapshot, RuleContext(week=WEEK))
    assert assessment.reasons[0].params["event"] == "illness"
    with translation.override("zh-hans"):
        assert assessment.entry_point == "探望关心，了解是否需要理赔"


@pytest.mark.django_db
def test_marriage_note_suggests_congratulations(agent):
    customer = factories.make_customer(agent)
    make_contact(customer, when=at(dt.date(2026, 11, 20)), notes="客户下个月结婚")
    snapshot = load_snapshots(customer_ids=[customer.pk], life_events_since=SINCE)[
        customer.pk
    ]
    assessment = WeightedRuleScorer().assess(snapshot, RuleContext(week=WEEK))
    with translation.override("zh-hans"):
        assert assessment.entry_point == "登门祝贺，按人生新阶段检视保障"
