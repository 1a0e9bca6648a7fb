"""Exports: the iCalendar feed, the .xlsx paper form and the print page."""

import datetime as dt
import io

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from revisit.planning.exports.ics import escape_text, fold
from revisit.planning.models import ActionKind, CalendarToken
from revisit.planning.services import calendar_token_get
from revisit.planning.weeks import IsoWeek
from tests import factories
from tests.planning.builders import make_action, make_sheet


def test_escape_text_special_characters():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_fold_keeps_utf8_characters_whole():
    line = "SUMMARY:" + "拜访王建国" * 10
    folded = fold(line)
    parts = folded.split("\r\n ")
    assert len(parts) > 1
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert "".join(parts) == line


@pytest.fixture
def upcoming(agent):
    """A sheet for next week with a timed visit, an untimed call and a tricky name."""
    week = IsoWeek.current().shifted(1)
    customer = factories.make_customer(agent, full_name="王,建;国", gender="M")
    sheet = make_sheet(agent, week, [customer])
    entry = sheet.entries.get()
    visit = make_action(
        entry, kind=ActionKind.VISIT, day=week.monday, time=dt.time(9, 30)
    )
    call = make_action(entry, kind=ActionKind.PHONE_APPOINTMENT, day=week.monday)
    return week, visit, call


def feed(client, agent) -> str:
    token = calendar_token_get(agent=agent).token
    response = client.get(reverse("planning:calendar_feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content.decode()


@pytest.mark.django_db
def test_feed_has_events_in_utc(client, agent, upcoming):
    week, visit, call = upcoming
    body = feed(client, agent)
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")
    # 09:30 in Asia/Shanghai is 01:30 UTC.
    assert f"DTSTART:{week.monday:%Y%m%d}T013000Z" in body
    assert f"DTEND:{week.monday:%Y%m%d}T023000Z" in body
    assert f"UID:planned-action-{visit.pk}@revisit" in body


@pytest.mark.django_db
def test_feed_untimed_action_is_all_day(client, agent, upcoming):
    week, visit, call = upcoming
    body = feed(client, agent)
    next_day = week.monday + dt.timedelta(days=1)
    assert f"DTSTART;VALUE=DATE:{week.monday:%Y%m%d}" in body
    assert f"DTEND;VALUE=DATE:{next_day:%Y%m%d}" in body


@pytest.mark.django_db
def test_feed_escapes_customer_name(client, agent, upcoming):
    body = feed(client, agent).replace("\r\n ", "")
    assert "SUMMARY:拜访：王\\,建\\;国" in body
    assert "SUMMARY:电话约访：王\\,建\\;国" in body


@pytest.mark.django_db
def test_feed_marks_done_actions(client, agent, upcoming):
    week, visit, call = upcoming
    visit.is_done = True
    visit.done_at = timezone.now()
    visit.save()
    assert "SUMMARY:已完成：拜访" in feed(client, agent).replace("\r\n ", "")


@pytest.mark.django_db
def test_feed_leaves_out_other_agents(client, agent, teammate, upcoming):
    assert "BEGIN:VEVENT" not in feed(client, teammate)


@pytest.mark.django_db
def test_feed_needs_no_login_but_right_token(client, agent, upcoming):
    calendar_token_get(agent=agent)
    response = client.get(reverse("planning:calendar_feed", args=["wrong-token"]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_regenerated_token_retires_old_url(client, agent, upcoming):
    old = calendar_token_get(agent=agent).token
    client.force_login(agent)
    client.post(reverse("planning:calendar_regenerate"))
    new = CalendarToken.objects.get(agent=agent).token
    assert new != old
    client.logout()
    assert client.get(reverse("planning:calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("planning:calendar_feed", args=[new])).status_code == 200


@pytest.mark.django_db
def test_calendar_page_shows_feed_url(client, agent):
    client.force_login(agent)
    response = client.get(reverse("planning:calendar"))
    token = CalendarToken.objects.get(agent=agent).token
    assert f"/planning/calendar/{token}.ics" in response.content.decode()


@pytest.mark.django_db
def test_calendar_page_not_for_supervisors(client, supervisor):
    client.force_login(supervisor)
    assert client.get(reverse("planning:calendar")).status_code == 404


@pytest.fixture
def filled_sheet(agent):
    week = IsoWeek(2026, 50)
    customers = [
        factories.make_customer(agent, full_name="王建国", grade=5),
        factories.make_customer(agent, full_name="李丽", grade=3),
    ]
    sheet = make_sheet(agent, week, customers)
    sheet.summary = "本周约访顺利"
    sheet.save()
    first = sheet.entries.order_by("position").first()
    first.analysis = "孩子上学，关注教育金"
    first.result = "已递送建议书"
    first.save()
    make_action(
        first,
        kind=ActionKind.PHONE_APPOINTMENT,
        day=week.monday,
        time=dt.time(9, 0),
        done=True,
    )
    make_action(
        first, kind=ActionKind.VISIT, day=dt.date(2026, 12, 9), time=dt.time(14, 30)
    )
    return sheet


def workbook(client, agent, sheet):
    client.force_login(agent)
    response = client.get(reverse("planning:sheet_xlsx", args=[sheet.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    return load_workbook(io.BytesIO(response.content)).active


@pytest.mark.django_db
def test_xlsx_header_has_agent_team_week(client, agent, filled_sheet):
    ws = workbook(client, agent, filled_sheet)
    assert ws["A1"].value == "532客户经营周工作检视表"
    assert ws["A2"].value == "营销员：agent1（A0001）"
    assert ws["D2"].value == "团队：一组"
    assert ws["E2"].value == "周次：2026-W50，12月7日至12月13日"


@pytest.mark.django_db
def test_xlsx_rows_laid_out_like_paper_form(client, agent, filled_sheet):
    ws = workbook(client, agent, filled_sheet)
    headers = [cell.value for cell in ws[4]]
    assert headers == [
        "序号",
        "客户",
        "分级",
        "筛选理由",
        "激活可能性分析",
        "切入点",
        "电话约访",
        "拜访",
        "活动/产说会邀约",
        "结果",
    ]
    row = [cell.value for cell in ws[5]]
    assert row[:3] == [1, "王建国", 5]
    assert row[3] == "续期保费将于12月9日到期"
    assert row[4] == "孩子上学，关注教育金"
    assert row[5] == "续期提醒，顺便做保单检视"
    assert row[6].startswith("12月7日 09:00 √")
    assert row[7] == "12月9日 14:30"
    assert row[9] == "已递送建议书"
    assert [cell.value for cell in ws[6]][:3] == [2, "李丽", 3]


@pytest.mark.django_db
def test_xlsx_has_workload_summary_and_comment_box(client, agent, filled_sheet):
    ws = workbook(client, agent, filled_sheet)
    values = [
        cell.value for row in ws.iter_rows() for cell in row if cell.value is not None
    ]
    assert "本周工作量" in values
    assert "签单保费（元）" in values
    assert "本周小结" in values
    assert "本周约访顺利" in values
    assert "主管批阅意见" in values
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9  # A4 in the OOXML paper size table


@pytest.mark.django_db
def test_print_page_is_a4_landscape(client, agent, filled_sheet):
    client.force_login(agent)
    response = client.get(reverse("planning:sheet_print", args=[filled_sheet.pk]))
    page = response.content.decode()
    assert "planning/css/print.css" in page
    assert "王建国" in page
    assert "主管批阅意见" in page
    with open(finders.find("planning/css/print.css"), encoding="utf-8") as css_file:
        css = css_file.read()
    assert "@page { size: A4 landscape;" in css
