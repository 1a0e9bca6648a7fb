import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from revisit.book.models import Household, Product, ProductCategory
from revisit.development.models import (
    Campaign,
    CampaignKind,
    DevelopmentSettings,
    Opportunity,
    OpportunityStage,
    Prospect,
    TalkScript,
    TargetStatus,
    Technique,
)
from revisit.development.services.campaigns import campaign_create
from revisit.outreach.models import Contact, ContactKind, ContactOutcome
from tests import factories


@pytest.fixture
def family(agent):
    household = Household.objects.create(office=agent.office)
    father = factories.make_customer(
        agent,
        full_name="王强",
        gender="M",
        household=household,
        birth_date=dt.date(1988, 5, 1),
        annual_income=Decimal("300000"),
        next_due_date=dt.date(2027, 4, 10),
    )
    factories.make_customer(
        agent,
        full_name="李梅",
        gender="F",
        household=household,
        birth_date=dt.date(1990, 5, 1),
    )
    factories.make_policy(father)
    return father


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


# --- Needs ----------------------------------------------------------------------


def test_needs_page_shows_gaps_and_cover(client, agent, family):
    client.force_login(agent)

    response = client.get(reverse("development:customer_needs", args=[family.pk]))

    page = response.content.decode()
    assert "李梅" in page
    assert "300万元" in page  # 10 times an income of 30万元
    assert response.context["needs"].gaps


def test_gaps_partial_is_a_fragment(client, agent, family):
    client.force_login(agent)

    response = client.get(
        reverse("development:customer_gaps", args=[family.pk]), HTTP_HX_REQUEST="true"
    )

    page = response.content.decode()
    assert "<html" not in page
    assert 'id="development-gaps"' in page


def test_gap_becomes_opportunity(client, agent, family):
    client.force_login(agent)
    needs = client.get(reverse("development:customer_needs", args=[family.pk]))
    gap = needs.context["needs"].gaps[0].gap

    response = client.post(
        reverse("development:opportunity_from_gap", args=[family.pk]),
        {"gap_key": gap.key},
    )

    opportunity = Opportunity.objects.get(gap_key=gap.key)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "development:opportunity_detail", args=[opportunity.pk]
    )
    assert opportunity.summary == gap.sentence


def test_stale_gap_key_adds_nothing(client, agent, family):
    client.force_login(agent)

    response = client.post(
        reverse("development:opportunity_from_gap", args=[family.pk]),
        {"gap_key": "no_cover:999999:"},
        follow=True,
    )

    assert not Opportunity.objects.exists()
    assert messages_of(response)


def test_generate_every_gap(client, agent, family):
    client.force_login(agent)

    client.post(reverse("development:opportunities_generate", args=[family.pk]))
    client.post(reverse("development:opportunities_generate", args=[family.pk]))

    keys = list(Opportunity.objects.values_list("gap_key", flat=True))
    assert keys
    assert len(keys) == len(set(keys))


# --- Opportunities ------------------------------------------------------------


def test_add_opportunity_by_hand(client, agent, family):
    client.force_login(agent)

    response = client.post(
        reverse("development:opportunity_add", args=[family.pk]),
        {"kind": "referral", "summary": "请王先生介绍同事", "expected_premium": "5000"},
    )

    opportunity = Opportunity.objects.get()
    assert response.status_code == 302
    assert opportunity.summary == "请王先生介绍同事"
    assert opportunity.expected_premium == Decimal("5000")
    assert opportunity.created_by == agent


def test_add_opportunity_subject_must_be_family(client, agent, family, teammate):
    stranger = factories.make_customer(teammate)
    client.force_login(agent)

    response = client.post(
        reverse("development:opportunity_add", args=[family.pk]),
        {"kind": "cover_spouse", "summary": "x", "subject": stranger.pk},
    )

    assert response.status_code == 200
    assert "subject" in response.context["form"].errors
    assert not Opportunity.objects.exists()


def test_move_opportunity_to_proposal(client, agent, customer):
    opportunity = factories.make_opportunity(customer)
    client.force_login(agent)

    client.post(
        reverse("development:opportunity_stage", args=[opportunity.pk]),
        {"stage": "proposal", "expected_premium": "8000"},
    )

    opportunity.refresh_from_db()
    assert opportunity.stage == OpportunityStage.PROPOSAL
    assert opportunity.expected_premium == Decimal("8000")


def test_lost_without_reason_is_rejected(client, agent, customer):
    opportunity = factories.make_opportunity(customer)
    client.force_login(agent)

    response = client.post(
        reverse("development:opportunity_stage", args=[opportunity.pk]),
        {"stage": "lost"},
        follow=True,
    )

    opportunity.refresh_from_db()
    assert opportunity.stage == OpportunityStage.IDENTIFIED
    assert messages_of(response)


def test_future_sign_date_rejected_in_view(client, agent, customer):
    opportunity = factories.make_opportunity(customer)
    client.force_login(agent)

    response = client.post(
        reverse("development:opportunity_stage", args=[opportunity.pk]),
        {"stage": "signed", "signed_on": "2031-01-01", "expected_premium": "3000"},
        follow=True,
    )

    opportunity.refresh_from_db()
    assert opportunity.stage == OpportunityStage.IDENTIFIED
    assert any("晚于今天" in message for message in messages_of(response))


def test_signed_opportunity_page_offers_reopening(client, agent, customer):
    opportunity = factories.make_opportunity(customer, expected_premium=Decimal("3000"))
    client.force_login(agent)
    client.post(
        reverse("development:opportunity_stage", args=[opportunity.pk]),
        {"stage": "signed"},
    )

    response = client.get(
        reverse("development:opportunity_detail", args=[opportunity.pk])
    )

    html = response.content.decode()
    assert reverse("development:opportunity_stage", args=[opportunity.pk]) in html
    assert len(response.context["history"]) == 1


def test_opportunity_list_filters_by_stage(client, agent, customer):
    factories.make_opportunity(customer, summary="甲")
    factories.make_opportunity(customer, summary="乙", stage=OpportunityStage.PROPOSAL)
    client.force_login(agent)

    response = client.get(
        reverse("development:opportunity_list"), {"stage": "proposal"}
    )

    assert [o.summary for o in response.context["opportunities"]] == ["乙"]


def test_opportunity_list_hides_closed_by_default(client, agent, customer):
    factories.make_opportunity(customer, summary="甲")
    factories.make_opportunity(
        customer, summary="乙", stage=OpportunityStage.LOST, lost_reason="不需要"
    )
    client.force_login(agent)

    response = client.get(reverse("development:opportunity_list"))

    assert [o.summary for o in response.context["opportunities"]] == ["甲"]


# --- Visit preparation ----------------------------------------------------------


def test_visit_prep_fills_scripts(client, agent, family, talk_library):
    client.force_login(agent)

    response = client.get(reverse("development:visit_prep", args=[family.pk]))

    page = response.content.decode()
    assert "王先生，您好！" in page
    assert "{name_title}" not in page


def test_visit_prep_marks_missing_placeholder(client, agent, customer, manager):
    TalkScript.objects.create(
        office=agent.office,
        technique=Technique.PRE_FRAMING,
        title="测试",
        body="{name_title}，{nickname}",
    )
    client.force_login(agent)

    response = client.get(reverse("development:visit_prep", args=[customer.pk]))

    assert "<mark>{nickname}</mark>" in response.content.decode()


def local_minutes(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def outcome_of(client, customer, **fields):
    data = {
        "technique": Technique.ASSUMPTIVE_CLOSE,
        "kind": ContactKind.VISIT,
        "occurred_at": local_minutes(timezone.now() - dt.timedelta(hours=1)),
        "outcome": ContactOutcome.PROPOSAL,
    }
    data.update(fields)
    return client.post(reverse("development:visit_outcome", args=[customer.pk]), data)


def test_outcome_logs_contact_with_technique(client, agent, customer):
    client.force_login(agent)

    response = outcome_of(client, customer, notes="带了建议书")

    contact = Contact.objects.get()
    assert response.status_code == 302
    assert (contact.technique, contact.outcome, contact.kind) == (
        Technique.ASSUMPTIVE_CLOSE,
        ContactOutcome.PROPOSAL,
        ContactKind.VISIT,
    )
    assert contact.notes == "带了建议书"
    assert contact.agent == agent


def test_outcome_form_starts_without_technique_or_outcome(client, agent, customer):
    client.force_login(agent)

    response = client.get(reverse("development:visit_prep", args=[customer.pk]))

    form = response.context["form"]
    assert form["technique"].value() in (None, "")
    assert form["outcome"].value() in (None, "")
    assert form["occurred_at"].value() is not None


def test_outcome_without_outcome_rejected(client, agent, customer):
    client.force_login(agent)

    response = outcome_of(client, customer, outcome="")

    assert response.status_code == 400
    assert response.context["form"].errors["outcome"] == ["请选择跟进结果。"]
    assert not Contact.objects.exists()


def test_outcome_without_technique_saved_without_one(client, agent, customer):
    client.force_login(agent)

    outcome_of(client, customer, technique="")

    assert Contact.objects.get().technique == ""


def test_outcome_stores_its_date_and_time(client, agent, customer):
    client.force_login(agent)
    when = timezone.now().replace(second=0, microsecond=0) - dt.timedelta(days=3)

    outcome_of(client, customer, occurred_at=local_minutes(when))

    assert Contact.objects.get().occurred_at == when


@pytest.mark.parametrize("days", [-1, 366])
def test_outcome_time_outside_past_year_rejected(client, agent, customer, days):
    client.force_login(agent)
    when = timezone.now() - dt.timedelta(days=days)

    response = outcome_of(client, customer, occurred_at=local_minutes(when))

    assert response.status_code == 400
    assert "occurred_at" in response.context["form"].errors
    assert not Contact.objects.exists()


def test_outcome_regrades_through_contact_log(client, agent, customer):
    client.force_login(agent)

    outcome_of(client, customer)

    customer.refresh_from_db()
    assert customer.last_contact_at is not None


def test_outcome_moves_opportunity(client, agent, customer):
    opportunity = factories.make_opportunity(customer)
    client.force_login(agent)

    outcome_of(client, customer, opportunity=opportunity.pk)

    opportunity.refresh_from_db()
    assert opportunity.stage == OpportunityStage.PROPOSAL
    assert Contact.objects.get().purpose == opportunity.summary


def test_signed_outcome_signs_opportunity_with_policy_number(client, agent, customer):
    opportunity = factories.make_opportunity(customer)
    client.force_login(agent)

    outcome_of(
        client,
        customer,
        outcome=ContactOutcome.SIGNED,
        opportunity=opportunity.pk,
        signed_policy_number="880200",
        signed_premium="6000",
    )

    opportunity.refresh_from_db()
    assert opportunity.stage == OpportunityStage.SIGNED
    assert opportunity.policy_number == "880200"
    assert opportunity.expected_premium == Decimal("6000")


def test_signed_outcome_without_policy_number_saves_nothing(client, agent, customer):
    opportunity = factories.make_opportunity(customer)
    client.force_login(agent)

    response = outcome_of(
        client,
        customer,
        outcome=ContactOutcome.SIGNED,
        opportunity=opportunity.pk,
        signed_premium="6000",
    )

    # The contact log's own rule, shown on the same form.
    assert response.status_code == 400
    assert "signed_policy_number" in response.context["form"].errors
    assert not Contact.objects.exists()
    opportunity.refresh_from_db()
    assert opportunity.stage == OpportunityStage.IDENTIFIED


def test_outcome_never_moves_opportunity_back(client, agent, customer):
    opportunity = factories.make_opportunity(customer, stage=OpportunityStage.PROPOSAL)
    client.force_login(agent)

    outcome_of(
        client, customer, outcome=ContactOutcome.APPOINTMENT, opportunity=opportunity.pk
    )

    opportunity.refresh_from_db()
    assert opportunity.stage == OpportunityStage.PROPOSAL


def test_outcome_moving_to_lost_needs_reason(client, agent, customer):
    opportunity = factories.make_opportunity(customer)
    client.force_login(agent)

    response = outcome_of(
        client, customer, opportunity=opportunity.pk, stage=OpportunityStage.LOST
    )

    assert response.status_code == 400
    assert "lost_reason" in response.context["form"].errors
    assert not Contact.objects.exists()


def test_outcome_with_other_customers_opportunity_is_rejected(client, agent, customer):
    other = factories.make_customer(agent)
    foreign = factories.make_opportunity(other)
    client.force_login(agent)

    response = outcome_of(client, customer, opportunity=foreign.pk)

    assert response.status_code == 400
    foreign.refresh_from_db()
    assert foreign.stage == OpportunityStage.IDENTIFIED
    assert not Contact.objects.exists()


# --- Prospects ------------------------------------------------------------------


def test_add_prospect_with_referrer(client, agent, customer):
    client.force_login(agent)

    client.post(
        reverse("development:prospect_add"),
        {
            "full_name": " 张  伟 ",
            "phone": "+86 138 3016 6131",
            "relation": "colleague",
            "referred_by": customer.pk,
        },
    )

    prospect = Prospect.objects.get()
    assert prospect.full_name == "张 伟"
    assert prospect.phone == "13830166131"
    assert prospect.referred_by == customer


@pytest.mark.parametrize(
    ("birth_date", "message"),
    [("2030-01-01", "晚于今天"), ("1899-12-31", "早于1900年")],
)
def test_prospect_birth_date_out_of_range(client, agent, birth_date, message):
    client.force_login(agent)

    response = client.post(
        reverse("development:prospect_add"),
        {"full_name": "张伟", "birth_date": birth_date},
    )

    errors = response.context["form"].errors["birth_date"]
    assert any(message in error for error in errors)
    assert not Prospect.objects.exists()


def test_referrer_options_tell_namesakes_apart(client, agent):
    factories.make_customer(
        agent,
        full_name="王超",
        name_pinyin="wangchao",
        phone="13900001234",
        birth_date=dt.date(1985, 2, 1),
    )
    factories.make_customer(
        agent,
        full_name="王超",
        name_pinyin="wangchao",
        phone="13900005678",
        birth_date=dt.date(1990, 7, 1),
    )
    factories.make_customer(agent, full_name="安娜", name_pinyin="anna")
    client.force_login(agent)

    response = client.get(reverse("development:prospect_add"))

    choices = response.context["form"]["referred_by"].field.choices
    labels = [label for _value, label in choices][1:]
    assert labels[0].startswith("安娜")
    assert labels[1:] == [
        "王超 · 尾号1234 · 1985年生",
        "王超 · 尾号5678 · 1990年生",
    ]
    assert "13900001234" not in response.content.decode()


def test_prospect_referrer_must_be_own_customer(client, agent, teammate):
    stranger = factories.make_customer(teammate)
    client.force_login(agent)

    response = client.post(
        reverse("development:prospect_add"),
        {"full_name": "张伟", "referred_by": stranger.pk},
    )

    assert "referred_by" in response.context["form"].errors
    assert not Prospect.objects.exists()


def test_prospect_status_cannot_be_set_to_customer(client, agent):
    prospect = factories.make_prospect(agent)
    client.force_login(agent)

    client.post(
        reverse("development:prospect_status", args=[prospect.pk]),
        {"status": "customer"},
    )

    prospect.refresh_from_db()
    assert prospect.status == "new"


def test_prospect_list_masks_phones(client, agent):
    factories.make_prospect(agent, phone="13830166131")
    client.force_login(agent)

    page = client.get(reverse("development:prospect_list")).content.decode()

    assert "13830166131" not in page
    assert "138****6131" in page


# --- Catalogue, scripts and settings -------------------------------------------


def test_manager_adds_featured_product(client, manager):
    client.force_login(manager)

    client.post(
        reverse("development:product_add"),
        {
            "code": "CI2027",
            "name": "安康无忧2027",
            "category": "critical_illness",
            "min_age": "18",
            "max_age": "55",
            "selling_points": "保障100种重疾",
            "is_featured": "on",
            "is_active": "on",
        },
    )

    product = Product.objects.get(code="CI2027")
    assert (product.min_age, product.max_age, product.is_featured) == (18, 55, True)
    assert product.office == manager.office


def test_product_ages_must_be_in_order(client, manager):
    client.force_login(manager)

    response = client.post(
        reverse("development:product_add"),
        {
            "code": "X",
            "name": "x",
            "category": "life",
            "min_age": "60",
            "max_age": "18",
        },
    )

    assert "max_age" in response.context["form"].errors


def test_product_code_unique_in_office(client, manager):
    factories.make_product(manager.office, code="CI2027")
    client.force_login(manager)

    response = client.post(
        reverse("development:product_add"),
        {"code": "CI2027", "name": "x", "category": "life"},
    )

    assert "code" in response.context["form"].errors


def test_manager_edits_product(client, manager):
    product = factories.make_product(manager.office, code="CI2027")
    client.force_login(manager)

    client.post(
        reverse("development:product_edit", args=[product.pk]),
        {
            "code": "CI2027",
            "name": "新名字",
            "category": "critical_illness",
            "selling_points": "一\n二",
            "is_active": "on",
        },
    )

    product.refresh_from_db()
    assert product.name == "新名字"
    assert product.selling_points == "一\n二"


def test_manager_edit_of_library_script_saves_office_copy(
    client, manager, talk_library
):
    library = TalkScript.objects.filter(office__isnull=True).first()
    client.force_login(manager)

    client.post(
        reverse("development:script_edit", args=[library.pk]),
        {
            "title": "本部版本",
            "situation": "",
            "body": "{name_title}，您好",
            "is_active": "on",
        },
    )

    copy = TalkScript.objects.get(office=manager.office)
    assert copy.replaces == library
    assert copy.title == "本部版本"


def test_unknown_placeholder_warns_but_saves(client, manager):
    client.force_login(manager)

    response = client.post(
        reverse("development:script_add"),
        {
            "technique": "feeling_introduction",
            "title": "t",
            "body": "{nick}",
            "is_active": "on",
        },
        follow=True,
    )

    assert TalkScript.objects.filter(office=manager.office).count() == 1
    assert any("{nick}" in message for message in messages_of(response))


def test_manager_changes_needs_settings(client, manager):
    client.force_login(manager)

    client.post(
        reverse("development:settings"),
        {"income_multiple": "8", "premium_share": "0.15"},
    )

    stored = DevelopmentSettings.objects.get(office=manager.office)
    assert stored.income_multiple == Decimal("8")
    assert stored.premium_share == Decimal("0.15")


def test_settings_reject_share_above_half(client, manager):
    client.force_login(manager)

    response = client.post(
        reverse("development:settings"),
        {"income_multiple": "10", "premium_share": "0.9"},
    )

    assert "premium_share" in response.context["form"].errors


# --- Campaigns ------------------------------------------------------------------


def test_campaign_form_labels_name_as_campaign_name(client, supervisor, agent):
    factories.make_customer(agent, grade=3)
    client.force_login(supervisor)

    response = client.get(reverse("development:campaign_add"), {"grade": "3"})

    html = response.content.decode()
    assert "活动名称" in html
    assert "---------" not in html


def test_opportunity_filters_say_all(client, supervisor, agent):
    client.force_login(supervisor)

    response = client.get(reverse("development:opportunity_list"))

    html = response.content.decode()
    assert "---------" not in html
    assert "全部" in html


def test_prospect_form_empty_choices_say_none(client, agent, customer):
    client.force_login(agent)

    html = client.get(reverse("development:prospect_add")).content.decode()

    assert "---------" not in html


def test_campaign_preview_counts_matches(client, supervisor, agent):
    factories.make_customer(agent, grade=3)
    factories.make_customer(agent, grade=5)
    client.force_login(supervisor)

    response = client.get(reverse("development:campaign_add"), {"grade": "3"})

    assert response.context["count"] == 1


def test_campaign_created_with_filtered_targets(client, supervisor, agent):
    wanted = factories.make_customer(agent, grade=3)
    factories.make_customer(agent, grade=5)
    client.force_login(supervisor)

    client.post(
        reverse("development:campaign_add"),
        {
            "grade": "3",
            "name": "产说会",
            "kind": CampaignKind.SEMINAR,
            "event_date": "2027-03-20",
        },
    )

    campaign = Campaign.objects.get()
    assert [t.customer for t in campaign.targets.all()] == [wanted]
    assert campaign.filters == {"grade": 3}
    assert campaign.event_date == dt.date(2027, 3, 20)


def test_agent_records_target_reply(client, supervisor, agent, customer):
    campaign = campaign_create(
        actor=supervisor,
        name="产说会",
        kind=CampaignKind.SEMINAR,
        customers=[customer],
        limit=10,
    )
    target = campaign.targets.get()
    client.force_login(agent)

    client.post(
        reverse("development:campaign_target", args=[campaign.pk, target.pk]),
        {"status": TargetStatus.SIGNED, "signed_premium": "6000", "note": "带家人来"},
    )

    target.refresh_from_db()
    assert target.status == TargetStatus.SIGNED
    assert target.signed_premium == Decimal("6000")


def test_agent_cannot_update_teammates_target(client, supervisor, agent, teammate):
    theirs = factories.make_customer(teammate)
    campaign = campaign_create(
        actor=supervisor,
        name="产说会",
        kind=CampaignKind.SEMINAR,
        customers=[factories.make_customer(agent), theirs],
        limit=10,
    )
    target = campaign.targets.get(customer=theirs)
    client.force_login(agent)

    response = client.post(
        reverse("development:campaign_target", args=[campaign.pk, target.pk]),
        {"status": TargetStatus.ATTENDED},
    )

    assert response.status_code == 404


def test_supervisor_sees_results_per_agent(client, supervisor, agent, teammate):
    campaign = campaign_create(
        actor=agent,
        name="新春送福",
        kind=CampaignKind.GREETINGS,
        customers=[factories.make_customer(agent)],
        limit=10,
    )
    client.force_login(supervisor)

    response = client.get(reverse("development:campaign_detail", args=[campaign.pk]))

    assert [row.agent for row in response.context["results"]] == [agent, None]


# --- Occasions and techniques --------------------------------------------------


def test_digest_shows_todays_birthday(client, agent):
    today = timezone.localdate()
    factories.make_customer(
        agent, full_name="寿星", birth_date=today.replace(year=today.year - 40)
    )
    client.force_login(agent)

    response = client.get(reverse("development:occasion_digest"))

    names = [item.customer_name for item in response.context["today_items"]]
    assert "寿星" in names


def test_supervisor_digest_for_chosen_agent(client, supervisor, agent):
    factories.make_customer(agent, full_name="寿星", birth_date=dt.date(1987, 3, 3))
    client.force_login(supervisor)

    response = client.get(
        reverse("development:occasion_digest"), {"agent": agent.pk, "day": "2027-03-03"}
    )

    assert response.context["agent"] == agent
    assert [i.customer_name for i in response.context["today_items"]] == ["寿星"]


def test_supervisor_digest_without_agent_shows_nothing(client, supervisor, agent):
    client.force_login(supervisor)

    response = client.get(reverse("development:occasion_digest"))

    assert response.context["agent"] is None


def test_technique_stats_page_lists_every_technique(client, agent):
    client.force_login(agent)

    response = client.get(reverse("development:technique_stats"))

    assert len(response.context["stats"]) == len(Technique.values)


def test_product_category_choices_include_all(client, manager):
    client.force_login(manager)

    response = client.get(reverse("development:product_add"))

    choices = [
        value for value, _label in response.context["form"].fields["category"].choices
    ]
    assert ProductCategory.ANNUITY in choices


def page_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["customer_needs", "visit_prep"])
def test_page_queries_do_not_grow_with_household(client, agent, name, talk_library):
    household = Household.objects.create(office=agent.office)
    customer = factories.make_customer(agent, household=household)
    factories.make_policy(customer)
    client.force_login(agent)
    url = reverse(f"development:{name}", args=[customer.pk])
    small = page_queries(client, url)

    for _ in range(4):
        member = factories.make_customer(agent, household=household)
        factories.make_policy(member)
        factories.make_opportunity(customer, summary="x")
    large = page_queries(client, url)

    assert large == small


@pytest.mark.parametrize(
    "model",
    ["opportunity", "prospect", "campaign", "talkscript", "developmentsettings"],
)
def test_admin_lists_open(client, office, model):
    from revisit.accounts.models import User

    staff = User.objects.create_superuser("root", password=factories.PASSWORD)
    client.force_login(staff)

    response = client.get(reverse(f"admin:development_{model}_changelist"))

    assert response.status_code == 200
