"""What the planning pages show and what their forms change."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from revisit.book.naming import name_search_keys
from revisit.outreach.models import ContactKind, ContactOutcome
from revisit.planning.models import ActionKind, PlannedAction, SheetStatus, WeeklySheet
from revisit.planning.weeks import IsoWeek
from tests import factories
from tests.planning.builders import at, make_action, make_contact, make_sheet

WEEK = IsoWeek(2026, 50)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


@pytest.mark.django_db
def test_sheet_page_lists_rows_with_reasons(agent_client, sheet):
    response = agent_client.get(reverse("planning:sheet", args=[sheet.pk]))
    page = response.content.decode()
    assert page.count('data-testid="entry"') == 2
    assert "王建国" in page
    assert "续期保费将于12月9日到期" in page
    assert "第1轮筛选：已筛选2位，共2位客户" in page


@pytest.mark.django_db
def test_entry_form_saves_analysis(agent_client, sheet, entry):
    response = agent_client.post(
        reverse("planning:entry_update", args=[entry.pk]),
        {
            "version": 1,
            "analysis": "孩子明年上小学",
            "entry_point": "教育金",
            "result": "",
        },
        follow=True,
    )
    entry.refresh_from_db()
    assert entry.analysis == "孩子明年上小学"
    assert entry.entry_point == "教育金"
    assert messages_of(response) == ["已保存。"]


@pytest.mark.django_db
def test_stale_form_gets_conflict_message(agent_client, sheet, entry):
    url = reverse("planning:entry_update", args=[entry.pk])
    agent_client.post(
        url, {"version": 1, "analysis": "phone", "entry_point": "", "result": ""}
    )
    response = agent_client.post(
        url,
        {"version": 1, "analysis": "tablet", "entry_point": "", "result": ""},
        follow=True,
    )
    entry.refresh_from_db()
    assert entry.analysis == "phone"
    assert "另一台设备" in messages_of(response)[-1]


@pytest.mark.django_db
def test_page_forms_carry_current_version(agent_client, sheet, entry):
    agent_client.post(
        reverse("planning:entry_update", args=[entry.pk]),
        {"version": 1, "analysis": "x", "entry_point": "", "result": ""},
    )
    page = agent_client.get(reverse("planning:sheet", args=[sheet.pk])).content.decode()
    assert 'name="version" value="2"' in page
    assert 'name="version" value="1"' not in page


@pytest.mark.django_db
def test_submitted_sheet_rejects_edits_with_message(agent_client, sheet, entry):
    agent_client.post(
        reverse("planning:sheet_submit", args=[sheet.pk]),
        {"version": 1, "summary": "本周完成8次拜访"},
    )
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.SUBMITTED
    response = agent_client.post(
        reverse("planning:entry_update", args=[entry.pk]),
        {"version": sheet.version, "analysis": "late", "entry_point": "", "result": ""},
        follow=True,
    )
    assert "在主管退回之前不能修改" in messages_of(response)[0]
    entry.refresh_from_db()
    assert entry.analysis == ""
    page = response.content.decode()
    assert reverse("planning:sheet_submit", args=[sheet.pk]) not in page
    assert "本周完成8次拜访" in page


@pytest.mark.django_db
def test_move_form_reorders(agent_client, sheet, entry):
    agent_client.post(
        reverse("planning:entry_move", args=[entry.pk]),
        {"version": 1, "direction": "down"},
    )
    entry.refresh_from_db()
    assert entry.position == 2


@pytest.mark.django_db
def test_add_action_form(agent_client, sheet, entry):
    agent_client.post(
        reverse("planning:action_add", args=[entry.pk]),
        {
            "version": 1,
            "kind": ActionKind.VISIT,
            "planned_date": "2026-12-09",
            "planned_time": "14:30",
        },
    )
    action = PlannedAction.objects.get()
    assert action.planned_date == dt.date(2026, 12, 9)
    assert action.planned_time == dt.time(14, 30)


@pytest.mark.django_db
def test_add_action_outside_week_shows_error(agent_client, sheet, entry):
    response = agent_client.post(
        reverse("planning:action_add", args=[entry.pk]),
        {"version": 1, "kind": ActionKind.VISIT, "planned_date": "2026-12-20"},
        follow=True,
    )
    assert not PlannedAction.objects.exists()
    assert "检视表所在周内" in messages_of(response)[0]


@pytest.mark.django_db
def test_action_form_defaults_to_appointment_day(agent_client, agent):
    week = IsoWeek.current().shifted(2)
    sheet = make_sheet(agent, week, [factories.make_customer(agent)])
    response = agent_client.get(reverse("planning:sheet", args=[sheet.pk]))
    # The week lies ahead, so the first phone appointment day is Monday.
    assert response.context["default_action_date"] == week.monday
    assert f'value="{week.monday:%Y-%m-%d}"' in response.content.decode()
    # Phone appointment is the first choice, so the form starts with it.
    assert response.context["action_kinds"][0][0] == ActionKind.PHONE_APPOINTMENT


@pytest.mark.django_db
def test_action_form_defaults_to_tuesday_once_monday_passed(agent_client, agent):
    week = IsoWeek.current()
    sheet = make_sheet(agent, week, [factories.make_customer(agent)])
    response = agent_client.get(reverse("planning:sheet", args=[sheet.pk]))
    expected = {0: week.monday, 1: week.days()[1]}.get(timezone.localdate().weekday())
    # From Wednesday on no appointment day is left, so Monday stays the default.
    assert response.context["default_action_date"] == (expected or week.monday)


@pytest.mark.django_db
def test_tick_form_with_time(agent_client, sheet, action):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    agent_client.post(
        reverse("planning:action_tick", args=[action.pk]),
        {"version": 1, "done_date": yesterday.isoformat(), "done_time": "10:15"},
    )
    action.refresh_from_db()
    assert action.is_done is True
    assert action.done_at == at(yesterday, 10, 15)


@pytest.mark.django_db
def test_tick_form_rejects_future_time(agent_client, sheet, action):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = agent_client.post(
        reverse("planning:action_tick", args=[action.pk]),
        {"version": 1, "done_date": tomorrow.isoformat(), "done_time": "10:15"},
        follow=True,
    )
    action.refresh_from_db()
    assert action.is_done is False
    assert "完成时间在将来" in messages_of(response)[0]


@pytest.mark.django_db
def test_tick_returns_to_next(agent_client, sheet, action):
    response = agent_client.post(
        reverse("planning:action_tick", args=[action.pk]),
        {"version": 1, "next": reverse("planning:today")},
    )
    assert response["Location"] == reverse("planning:today")


@pytest.mark.django_db
def test_tick_ignores_foreign_next(agent_client, sheet, action):
    response = agent_client.post(
        reverse("planning:action_tick", args=[action.pk]),
        {"version": 1, "next": "https://example.com/"},
    )
    assert response["Location"].startswith(reverse("planning:sheet", args=[sheet.pk]))


@pytest.mark.django_db
def test_swap_search_by_initials(agent_client, agent, sheet, entry):
    pinyin, initials = name_search_keys("张三丰")
    factories.make_customer(
        agent, full_name="张三丰", name_pinyin=pinyin, name_initials=initials
    )
    response = agent_client.get(
        reverse("planning:entry_swap", args=[entry.pk]),
        {"q": "zsf"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="swap-results",
    )
    assert [c.full_name for c in response.context["candidates"]] == ["张三丰"]
    assert response.templates[0].name == "planning/_swap_results.html"


@pytest.mark.django_db
def test_boosted_swap_link_gets_whole_page(agent_client, sheet, entry):
    response = agent_client.get(
        reverse("planning:entry_swap", args=[entry.pk]),
        HTTP_HX_REQUEST="true",
        HTTP_HX_BOOSTED="true",
        HTTP_HX_TARGET="",
    )
    assert response.templates[0].name == "planning/entry_swap.html"


@pytest.mark.django_db
def test_swap_search_excludes_sheet_and_other_books(
    agent_client, teammate, sheet, entry
):
    factories.make_customer(teammate, full_name="王建华")
    response = agent_client.get(
        reverse("planning:entry_swap", args=[entry.pk]), {"q": "王"}
    )
    # 王建国 is already on the sheet; 王建华 belongs to the teammate.
    assert response.context["candidates"] == []


@pytest.mark.django_db
def test_swap_post_replaces_customer(agent_client, agent, sheet, entry):
    newcomer = factories.make_customer(agent, full_name="赵敏")
    agent_client.post(
        reverse("planning:entry_swap", args=[entry.pk]),
        {"version": 1, "customer": newcomer.pk},
    )
    assert sheet.entries.order_by("position").first().customer == newcomer


@pytest.mark.django_db
def test_swap_post_of_other_book_is_404(agent_client, teammate, sheet, entry):
    stranger = factories.make_customer(teammate)
    response = agent_client.post(
        reverse("planning:entry_swap", args=[entry.pk]),
        {"version": 1, "customer": stranger.pk},
    )
    assert response.status_code == 404


@pytest.mark.django_db
def test_week_without_sheet_offers_proposal(agent_client, agent):
    factories.make_customer(agent)
    response = agent_client.get(reverse("planning:week", args=["2026-W51"]))
    assert (
        reverse("planning:week_propose", args=["2026-W51"]) in response.content.decode()
    )
    response = agent_client.post(reverse("planning:week_propose", args=["2026-W51"]))
    sheet = WeeklySheet.objects.get(agent=agent)
    assert response["Location"] == reverse("planning:sheet", args=[sheet.pk])
    assert str(sheet.week) == "2026-W51"


@pytest.mark.django_db
def test_week_with_sheet_redirects(agent_client, sheet):
    response = agent_client.get(reverse("planning:week", args=["2026-W50"]))
    assert response["Location"] == reverse("planning:sheet", args=[sheet.pk])


@pytest.mark.django_db
def test_invalid_week_is_404(agent_client):
    assert (
        agent_client.get(reverse("planning:week", args=["2027-W53"])).status_code == 404
    )


@pytest.mark.django_db
def test_agent_index_goes_to_current_week(agent_client):
    response = agent_client.get(reverse("planning:index"))
    assert response["Location"] == reverse(
        "planning:week", args=[str(IsoWeek.current())]
    )


@pytest.mark.django_db
def test_day_view_counts_visits_against_target(agent_client, sheet, entry):
    tuesday = dt.date(2026, 12, 8)
    for hour in range(9, 14):
        make_action(entry, kind=ActionKind.VISIT, day=tuesday, time=dt.time(hour))
    for hour in (9, 11, 15):
        make_action(
            entry, kind=ActionKind.VISIT, day=dt.date(2026, 12, 9), time=dt.time(hour)
        )
    make_action(entry, kind=ActionKind.PHONE_APPOINTMENT, day=WEEK.monday)
    response = agent_client.get(reverse("planning:sheet_days", args=[sheet.pk]))
    days = {plan.day: plan for plan in response.context["days"]}
    assert (days[WEEK.monday].visits, days[WEEK.monday].load) == (0, "under")
    assert (days[tuesday].visits, days[tuesday].load) == (5, "over")
    assert days[dt.date(2026, 12, 9)].load == "ok"
    assert days[WEEK.sunday].load == ""
    page = response.content.decode()
    assert "超过4次" in page
    assert "低于目标3次" in page


@pytest.mark.django_db
def test_day_view_orders_by_time(agent_client, sheet, entry):
    tuesday = dt.date(2026, 12, 8)
    late = make_action(entry, day=tuesday, time=dt.time(16))
    untimed = make_action(entry, day=tuesday)
    early = make_action(entry, day=tuesday, time=dt.time(9))
    response = agent_client.get(reverse("planning:sheet_days", args=[sheet.pk]))
    plan = next(p for p in response.context["days"] if p.day == tuesday)
    assert plan.actions == [early, late, untimed]


@pytest.mark.django_db
def test_summary_saved_without_submitting(agent_client, sheet):
    agent_client.post(
        reverse("planning:sheet_summary", args=[sheet.pk]),
        {"version": 1, "summary": "约访顺利"},
    )
    sheet.refresh_from_db()
    assert sheet.summary == "约访顺利"
    assert sheet.status == SheetStatus.IN_PROGRESS


@pytest.mark.django_db
def test_sheet_shows_workload_from_log(agent_client, agent, sheet, entry):
    make_contact(
        entry.customer,
        kind=ContactKind.VISIT,
        when=at(dt.date(2026, 12, 8)),
        outcome=ContactOutcome.PROPOSAL,
    )
    make_contact(entry.customer, kind=ContactKind.CALL, when=at(dt.date(2026, 12, 7)))
    make_contact(entry.customer, kind=ContactKind.CALL, when=at(dt.date(2026, 12, 14)))
    response = agent_client.get(reverse("planning:sheet", args=[sheet.pk]))
    workload = response.context["workload"]
    assert workload["visits"] == 1
    assert workload["calls"] == 1
    assert workload["proposals"] == 1


def _proposed_message(agent_client, week: IsoWeek) -> str:
    response = agent_client.post(
        reverse("planning:week_propose", args=[str(week)]), follow=True
    )
    return [str(message) for message in response.context["messages"]][0]


@pytest.mark.django_db
def test_propose_message_names_this_week(agent_client, agent):
    factories.make_customer(agent)
    message = _proposed_message(agent_client, IsoWeek.current())
    assert message == "已生成您本周的检视表。"


@pytest.mark.django_db
def test_propose_message_names_next_week(agent_client, agent):
    factories.make_customer(agent)
    message = _proposed_message(agent_client, IsoWeek.current().following)
    assert message == "已生成您下周的检视表。"


@pytest.mark.django_db
def test_propose_message_names_later_week(agent_client, agent):
    factories.make_customer(agent)
    week = IsoWeek.current().shifted(3)
    message = _proposed_message(agent_client, week)
    assert str(week) in message
    assert "本周" not in message
