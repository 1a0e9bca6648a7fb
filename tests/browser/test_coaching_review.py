"""A weekly sheet's review round trip: submit, return, resubmit, approve."""

import datetime as dt
import time

import pytest

from revisit.planning.models import SheetStatus
from revisit.planning.weeks import IsoWeek
from tests import factories
from tests.planning.builders import make_sheet

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sheet(agent):
    customers = [
        factories.make_customer(agent, full_name=f"审阅客户{n}") for n in (1, 2)
    ]
    week = IsoWeek.containing(dt.date.today())
    return make_sheet(agent, week, customers, status=SheetStatus.IN_PROGRESS)


def _submit(page, sheet, summary):
    page.goto(f"{page.base_url}/planning/sheets/{sheet.pk}/")
    page.fill("textarea[name=summary]", summary)
    page.once("dialog", lambda dialog: dialog.accept())
    # The planning page submits through htmx, so there is no navigation to
    # wait for; the sheet's status shows when the request has gone through.
    page.click("button[formaction$='/submit/']")
    _wait_for_status(sheet, SheetStatus.SUBMITTED)


def _review(page, sheet, decision, *, row_comment="", comment=""):
    page.goto(f"{page.base_url}/coaching/sheets/{sheet.pk}/")
    entry = sheet.entries.order_by("position").first()
    if row_comment:
        page.fill(f"#row-{entry.pk}", row_comment)
    if comment:
        page.fill("textarea[name=comment]", comment)
    with page.expect_navigation():
        page.click(f"button[name=decision][value={decision}]")


def _status(sheet):
    sheet.refresh_from_db()
    return sheet.status


def _wait_for_status(sheet, expected, timeout=10.0):
    deadline = time.monotonic() + timeout
    while _status(sheet) != expected and time.monotonic() < deadline:
        time.sleep(0.1)


def test_review_round_trip(browser, live_server, sheet, agent, supervisor):
    def session(user):
        from tests.factories import PASSWORD

        context = browser.new_context(
            locale="zh-CN", viewport={"width": 390, "height": 844}
        )
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.base_url = live_server.url
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", PASSWORD)
        with page.expect_navigation():
            page.click("button[type=submit]")
        return context, page

    agent_context, agent_page = session(agent)
    supervisor_context, supervisor_page = session(supervisor)
    try:
        _submit(agent_page, sheet, "本周拜访了两位客户。")
        assert _status(sheet) == SheetStatus.SUBMITTED

        _review(
            supervisor_page,
            sheet,
            "return",
            row_comment="先电话约访再上门",
            comment="请补充转介绍计划",
        )
        assert _status(sheet) == SheetStatus.RETURNED

        # The agent sees both comments on the sheet page.
        agent_page.goto(f"{live_server.url}/planning/sheets/{sheet.pk}/")
        body = agent_page.inner_text("body")
        assert "请补充转介绍计划" in body
        assert "先电话约访再上门" in body

        _submit(agent_page, sheet, "已补充转介绍计划。")
        assert _status(sheet) == SheetStatus.SUBMITTED

        _review(supervisor_page, sheet, "approve", comment="很好")
        assert _status(sheet) == SheetStatus.APPROVED

        # The history of both rounds stays with the sheet.
        supervisor_page.goto(f"{live_server.url}/coaching/sheets/{sheet.pk}/")
        history = supervisor_page.inner_text("#sheet-comments")
        assert "请补充转介绍计划" in history
        assert "很好" in history
    finally:
        agent_context.close()
        supervisor_context.close()
