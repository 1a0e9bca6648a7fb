"""The supervisor's daily check and the team numbers charts in Chromium."""

import datetime as dt

import pytest

from revisit.planning.models import ActionKind, SheetStatus
from revisit.planning.weeks import IsoWeek
from tests import factories
from tests.planning.builders import at, make_action, make_contact, make_sheet

pytestmark = pytest.mark.django_db(transaction=True)

# Wednesday 4 November 2026; yesterday is Tuesday the 3rd.
DAY = dt.date(2026, 11, 4)
WEEK = IsoWeek.containing(DAY)


@pytest.fixture
def busy_agent(agent):
    customers = [factories.make_customer(agent) for _ in range(4)]
    sheet = make_sheet(agent, WEEK, customers, status=SheetStatus.IN_PROGRESS)
    entries = list(sheet.entries.order_by("position"))
    make_action(entries[0], day=DAY - dt.timedelta(days=1), done=True)
    for entry in entries[1:4]:
        make_action(entry, day=DAY)
    make_action(
        entries[0], kind=ActionKind.PHONE_APPOINTMENT, day=WEEK.monday, done=True
    )
    make_contact(customers[0], when=at(DAY - dt.timedelta(days=1), 15))
    return agent


def test_daily_check_flags_idle_agent(login, busy_agent, teammate, supervisor):
    page = login(supervisor)
    console_errors = []
    page.on(
        "console",
        lambda message: message.type == "error" and console_errors.append(message.text),
    )

    page.goto(f"{page.base_url}/coaching/daily/")
    page.fill("input[name=day]", DAY.isoformat())
    with page.expect_navigation():
        page.click("form.report-filters button[type=submit]")

    busy = page.locator(f"tr[data-agent='{busy_agent.pk}']")
    idle = page.locator(f"tr[data-agent='{teammate.pk}']")
    assert "nudge" not in (busy.get_attribute("class") or "")
    assert "nudge" in idle.get_attribute("class")
    # Planned today against the target: 3 for the busy agent, 0 for the idle one.
    assert busy.locator("td").nth(2).inner_text().strip() == "3"
    assert idle.locator("td").nth(2).inner_text().strip() == "0"
    assert console_errors == []


def test_daily_check_nudge_filter(login, busy_agent, teammate, supervisor):
    page = login(supervisor)
    page.goto(f"{page.base_url}/coaching/daily/?day={DAY.isoformat()}")

    page.check("input[name=nudge_only]")
    with page.expect_navigation():
        page.click("form.report-filters button[type=submit]")

    rows = page.locator("#daily-check tbody tr")
    assert rows.count() == 1
    assert rows.first.get_attribute("data-agent") == str(teammate.pk)


def test_team_numbers_draws_charts(login, busy_agent, supervisor):
    page = login(supervisor)
    console_errors = []
    page.on(
        "console",
        lambda message: message.type == "error" and console_errors.append(message.text),
    )

    page.goto(f"{page.base_url}/reports/team/?week=2026-W45")

    for chart in ("#chart-visits", "#chart-share", "#chart-grades"):
        assert page.locator(f"{chart} canvas").count() == 1
    assert console_errors == []
