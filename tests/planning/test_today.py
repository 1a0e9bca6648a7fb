"""The today screen and the talk prompts it shows."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from revisit.planning.models import ActionKind
from revisit.planning.prompts import polite_title, surname_of, talk_prompt
from revisit.planning.weeks import IsoWeek
from tests import factories
from tests.planning.builders import make_action, make_sheet


@pytest.fixture
def today_entries(agent):
    today = timezone.localdate()
    customers = [
        factories.make_customer(agent, full_name="王建国", gender="M"),
        factories.make_customer(agent, full_name="欧阳娜娜", gender="F"),
    ]
    sheets = {}
    for day in (today, today - dt.timedelta(days=1)):
        week = IsoWeek.containing(day)
        if week not in sheets:
            sheets[week] = make_sheet(agent, week, customers)
    return today, sheets


def entry_of(sheets, day, position):
    sheet = sheets[IsoWeek.containing(day)]
    return sheet.entries.get(position=position)


@pytest.mark.django_db
def test_today_lists_actions_in_time_order(client, agent, today_entries):
    today, sheets = today_entries
    late = make_action(
        entry_of(sheets, today, 1), kind=ActionKind.VISIT, day=today, time=dt.time(15)
    )
    early = make_action(
        entry_of(sheets, today, 2),
        kind=ActionKind.PHONE_APPOINTMENT,
        day=today,
        time=dt.time(9),
    )
    client.force_login(agent)
    response = client.get(reverse("planning:today"))
    assert [item.action for item in response.context["items"]] == [early, late]


@pytest.mark.django_db
def test_today_shows_yesterdays_open_visits(client, agent, today_entries):
    today, sheets = today_entries
    yesterday = today - dt.timedelta(days=1)
    open_visit = make_action(
        entry_of(sheets, yesterday, 1), kind=ActionKind.VISIT, day=yesterday
    )
    make_action(
        entry_of(sheets, yesterday, 2), kind=ActionKind.VISIT, day=yesterday, done=True
    )
    make_action(
        entry_of(sheets, yesterday, 2), kind=ActionKind.PHONE_APPOINTMENT, day=yesterday
    )
    client.force_login(agent)
    response = client.get(reverse("planning:today"))
    assert [item.action for item in response.context["unlogged"]] == [open_visit]
    assert "昨天计划的拜访尚未记录" in response.content.decode()


@pytest.mark.django_db
def test_today_shows_prompt_and_entry_point(client, agent, today_entries):
    today, sheets = today_entries
    make_action(entry_of(sheets, today, 1), kind=ActionKind.VISIT, day=today)
    client.force_login(agent)
    page = client.get(reverse("planning:today")).content.decode()
    assert "续期提醒，顺便做保单检视" in page
    assert "王先生，您的保单续期保费" in page


@pytest.mark.django_db
def test_today_links_to_contact_log(client, agent, today_entries):
    today, sheets = today_entries
    entry = entry_of(sheets, today, 1)
    make_action(entry, kind=ActionKind.VISIT, day=today)
    client.force_login(agent)
    page = client.get(reverse("planning:today")).content.decode()
    log_url = reverse("outreach:contact_log", args=[entry.customer_id])
    # One tap opens the log form, which comes back to today afterwards.
    assert f'href="{log_url}?next=%2Fplanning%2Ftoday%2F"' in page


@pytest.mark.django_db
def test_today_tick_goes_back_to_today(client, agent, today_entries):
    today, sheets = today_entries
    action = make_action(entry_of(sheets, today, 1), kind=ActionKind.VISIT, day=today)
    client.force_login(agent)
    response = client.post(
        reverse("planning:action_tick", args=[action.pk]),
        {"version": action.entry.sheet.version, "next": reverse("planning:today")},
    )
    assert response["Location"] == reverse("planning:today")
    action.refresh_from_db()
    assert action.is_done is True


@pytest.mark.parametrize(
    "name,surname", [("王建国", "王"), ("欧阳娜娜", "欧阳"), ("欧阳", "欧")]
)
def test_surname_of(name, surname):
    assert surname_of(name) == surname


@pytest.mark.parametrize(
    "name,gender,title",
    [
        ("王建国", "M", "王先生"),
        ("欧阳娜娜", "F", "欧阳女士"),
        ("王建国", "", "王建国"),
        ("Anna Li", "F", "Anna Li"),
    ],
)
def test_polite_title(name, gender, title):
    assert polite_title(name, gender) == title


@pytest.mark.django_db
def test_prompt_fills_date_of_leading_finding(agent):
    sheet = make_sheet(
        agent,
        IsoWeek(2026, 50),
        [factories.make_customer(agent, full_name="李丽", gender="F")],
    )
    entry = sheet.entries.get()
    entry.findings = [
        {"code": "birthday", "points": 20, "params": {"date": "2026-12-10", "age": 46}}
    ]
    assert talk_prompt(entry) == (
        "李女士，提前祝您生日快乐！12月10日我想给您送一份小礼物过去。"
    )


@pytest.mark.django_db
def test_prompt_without_findings_uses_routine_opening(agent):
    sheet = make_sheet(
        agent,
        IsoWeek(2026, 50),
        [factories.make_customer(agent, full_name="李丽", gender="F")],
    )
    entry = sheet.entries.get()
    entry.findings = []
    assert talk_prompt(entry).startswith("李女士，我今天不是来推销的")


@pytest.mark.django_db
def test_illness_prompt_skips_congratulations(agent):
    customer = factories.make_customer(agent, full_name="王建国", gender="M")
    sheet = make_sheet(agent, IsoWeek.current(), [customer])
    entry = sheet.entries.get()
    entry.findings = [
        {
            "code": "life_event",
            "points": 25,
            "params": {"event": "illness", "date": "2026-11-20"},
        }
    ]
    with translation.override("zh-hans"):
        prompt = talk_prompt(entry)
    assert "恭喜" not in prompt
    assert prompt.startswith("王先生")
