import datetime as dt
from decimal import Decimal

import pytest

from revisit.book.models import Grade, PaymentGroup
from revisit.core.exceptions import DomainError
from revisit.development.cover_groups import CoverGroup
from revisit.development.models import CampaignKind, TargetStatus
from revisit.development.selectors.campaigns import (
    TargetFilters,
    campaign_candidates,
    campaign_results_for,
)
from revisit.development.services.campaigns import (
    TOO_MANY_TARGETS,
    campaign_create,
    campaign_target_update,
    campaign_targets_add,
)
from tests import factories

TODAY = dt.date(2027, 3, 1)


def candidates(user, **filters):
    return list(campaign_candidates(user, TargetFilters(**filters), today=TODAY))


def test_filter_by_grade_and_payment_group(agent):
    wanted = factories.make_customer(
        agent, grade=Grade.THREE, payment_group=PaymentGroup.PAID_UP
    )
    factories.make_customer(agent, grade=Grade.THREE)
    factories.make_customer(agent, grade=Grade.FIVE, payment_group=PaymentGroup.PAID_UP)

    found = candidates(agent, grade=Grade.THREE, payment_group=PaymentGroup.PAID_UP)

    assert found == [wanted]


def test_filter_by_missing_cover_group(agent):
    without = factories.make_customer(agent, categories="life")
    factories.make_customer(agent, categories="accident,medical")

    assert candidates(agent, missing_group=CoverGroup.MEDICAL) == [without]


def test_missing_savings_excludes_any_savings_category(agent):
    factories.make_customer(agent, categories="education,life")
    without = factories.make_customer(agent, categories="life,medical")

    assert candidates(agent, missing_group=CoverGroup.SAVINGS) == [without]


def test_filter_by_age_range_includes_both_ends(agent):
    thirty = factories.make_customer(agent, birth_date=dt.date(1997, 3, 1))
    forty = factories.make_customer(
        agent, birth_date=dt.date(1986, 3, 2)
    )  # 40 tomorrow
    factories.make_customer(agent, birth_date=dt.date(1986, 3, 1))  # 41 today
    factories.make_customer(agent, birth_date=dt.date(1997, 3, 2))  # 29

    found = candidates(agent, min_age=30, max_age=40)

    assert set(found) == {thirty, forty}


def test_candidates_stay_in_scope(supervisor, agent, outsider):
    mine = factories.make_customer(agent)
    factories.make_customer(outsider)

    assert candidates(supervisor) == [mine]


def test_create_targets_every_candidate(supervisor, agent, teammate):
    customers = [factories.make_customer(agent), factories.make_customer(teammate)]

    campaign = campaign_create(
        actor=supervisor,
        name="产说会",
        kind=CampaignKind.SEMINAR,
        customers=customers,
        limit=100,
        filters={"grade": 3},
    )

    targets = campaign.targets.order_by("pk")
    assert [t.customer for t in targets] == customers
    assert [t.agent for t in targets] == [agent, teammate]
    assert {t.status for t in targets} == {TargetStatus.PLANNED}
    assert campaign.filters == {"grade": 3}


def test_adding_targets_skips_those_present(supervisor, agent):
    customer = factories.make_customer(agent)
    campaign = campaign_create(
        actor=supervisor,
        name="新春送福",
        kind=CampaignKind.GREETINGS,
        customers=[customer],
        limit=100,
    )

    added = campaign_targets_add(
        campaign=campaign,
        customers=[customer, factories.make_customer(agent)],
        limit=100,
    )

    assert added == 1
    assert campaign.targets.count() == 2


def test_too_many_targets_rejected(supervisor, agent):
    customers = [factories.make_customer(agent) for _ in range(3)]

    with pytest.raises(DomainError) as raised:
        campaign_create(
            actor=supervisor,
            name="x",
            kind=CampaignKind.GREETINGS,
            customers=customers,
            limit=2,
        )

    assert raised.value.message == TOO_MANY_TARGETS
    assert raised.value.params == {"count": 3, "limit": 2}


def test_signed_target_needs_premium(supervisor, agent):
    campaign = campaign_create(
        actor=supervisor,
        name="x",
        kind=CampaignKind.PRE_ORDER,
        customers=[factories.make_customer(agent)],
        limit=10,
    )

    with pytest.raises(DomainError):
        campaign_target_update(
            actor=agent, target=campaign.targets.get(), status=TargetStatus.SIGNED
        )


def test_results_count_funnel_per_agent(supervisor, agent, teammate):
    customers = [factories.make_customer(agent) for _ in range(4)]
    customers.append(factories.make_customer(teammate))
    campaign = campaign_create(
        actor=supervisor,
        name="产说会",
        kind=CampaignKind.SEMINAR,
        customers=customers,
        limit=100,
    )
    targets = list(campaign.targets.order_by("pk"))
    updates = [
        (TargetStatus.INVITED, None),
        (TargetStatus.ATTENDED, None),
        (TargetStatus.SIGNED, Decimal("12000")),
        (TargetStatus.DECLINED, None),
    ]
    for target, (status, premium) in zip(targets, updates, strict=False):
        campaign_target_update(
            actor=agent, target=target, status=status, signed_premium=premium
        )

    results = campaign_results_for(supervisor, campaign)

    by_agent = {row.agent: row for row in results}
    mine = by_agent[agent]
    assert (mine.targets, mine.reached, mine.replied, mine.attended) == (4, 4, 2, 2)
    assert (mine.proposals, mine.signed, mine.signed_premium) == (
        1,
        1,
        Decimal("12000"),
    )
    total = results[-1]
    assert total.agent is None
    assert (total.targets, total.reached) == (5, 4)


def test_agent_sees_only_own_results(supervisor, agent, teammate):
    campaign = campaign_create(
        actor=supervisor,
        name="x",
        kind=CampaignKind.SEMINAR,
        customers=[factories.make_customer(agent), factories.make_customer(teammate)],
        limit=10,
    )

    results = campaign_results_for(agent, campaign)

    assert [row.agent for row in results] == [agent, None]
    assert results[-1].targets == 1
