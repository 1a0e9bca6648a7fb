"""The weekly sheet in Chromium: propose, plan, swap, tick, submit, conflict."""

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from revisit.book.naming import name_search_keys
from revisit.planning.models import ActionKind, PlannedAction, SheetStatus, WeeklySheet
from revisit.planning.weeks import IsoWeek
from tests import factories
from tests.planning.builders import make_action, make_sheet

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, user) -> None:
    """Give the browser a session for `user` without going through a login form."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": cookie.value,
                "url": page.base_url,
            },
        ]
    )


def customer(agent, name: str, grade: int = 5):
    pinyin, initials = name_search_keys(name)
    return factories.make_customer(
        agent, full_name=name, name_pinyin=pinyin, name_initials=initials, grade=grade
    )


@pytest.fixture
def book(agent):
    names = [
        "王建国",
        "李丽",
        "张伟",
        "刘芳",
        "陈静",
        "杨洋",
        "赵敏",
        "黄磊",
        "周杰",
        "吴涛",
        "徐明",
        "孙超",
        "胡霞",
        "朱平",
        "高刚",
        "林英",
        "何华",
        "郭勇",
    ]
    return [
        customer(agent, name, grade=(2, 3, 5)[index % 3])
        for index, name in enumerate(names)
    ]


def test_plan_a_week(page, agent, book):
    week = IsoWeek.current().following
    sign_in(page, agent)
    page.goto(f"{page.base_url}/planning/weeks/{week}/")
    page.click("text=生成本周建议客户")
    page.wait_for_selector("[data-testid=entry]")
    assert page.locator("[data-testid=entry]").count() == 16
    assert (
        page.locator(".rotation label").inner_text().startswith("第1轮筛选：已筛选16位")
    )

    first = page.locator("[data-testid=entry]").first
    first.locator("summary", has_text="计划行动").click()
    first.locator("select[name=kind]").select_option(ActionKind.VISIT)
    first.locator("input[name=planned_date]").fill(week.days()[2].isoformat())
    first.locator("input[name=planned_time]").fill("14:30")
    first.locator("button", has_text="加入计划").click()
    page.wait_for_selector("text=已加入计划。")
    action = PlannedAction.objects.get()
    assert action.kind == ActionKind.VISIT
    assert action.planned_date == week.days()[2]
    assert action.planned_time == dt.time(14, 30)
    assert "14:30" in page.locator("[data-testid=entry]").first.inner_text()


def test_swap_customer_by_initials(page, agent, book):
    week = IsoWeek.current().following
    on_sheet = book[:16]
    make_sheet(agent, week, on_sheet)
    newcomer = customer(agent, "欧阳娜娜", grade=3)
    sign_in(page, agent)
    sheet = WeeklySheet.objects.get()
    page.goto(f"{page.base_url}/planning/sheets/{sheet.pk}/")
    page.locator("[data-testid=entry]").first.locator("text=更换客户").click()
    page.fill("#swap-q", "oyn")
    # htmx fetches the matches while typing.
    page.wait_for_selector(".candidate >> text=欧阳娜娜")
    page.locator(".candidate", has_text="欧阳娜娜").locator("button").click()
    page.wait_for_selector("text=已更换客户。")
    first = sheet.entries.order_by("position").first()
    assert first.customer_id == newcomer.pk
    assert "欧阳娜娜" in page.locator("[data-testid=entry]").first.inner_text()


def test_tick_action_on_day_view(page, agent, book):
    week = IsoWeek.current()
    sheet = make_sheet(agent, week, book[:3])
    action = make_action(
        sheet.entries.order_by("position").first(),
        kind=ActionKind.VISIT,
        day=week.monday,
        time=dt.time(9),
    )
    sign_in(page, agent)
    page.goto(f"{page.base_url}/planning/sheets/{sheet.pk}/days/")
    page.click(f"[data-testid=tick-{action.pk}]")
    page.wait_for_selector("text=已标记为完成。")
    action.refresh_from_db()
    assert action.is_done is True
    assert page.locator(f"#action-{action.pk} .tick").count() == 1


def test_submit_locks_sheet(page, agent, book):
    week = IsoWeek.current()
    sheet = make_sheet(agent, week, book[:3])
    sign_in(page, agent)
    page.goto(f"{page.base_url}/planning/sheets/{sheet.pk}/")
    page.fill("textarea[name=summary]", "本周拜访3位客户，递送建议书1份")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("text=提交给主管")
    page.wait_for_selector("text=检视表已提交")
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.SUBMITTED
    assert sheet.summary == "本周拜访3位客户，递送建议书1份"
    assert page.locator("text=加入计划").count() == 0
    assert page.locator("text=在主管退回之前不能修改").count() >= 1


def test_second_device_gets_conflict(browser, live_server, agent, book):
    week = IsoWeek.current()
    sheet = make_sheet(agent, week, book[:2])
    pages = []
    for _ in range(2):
        context = browser.new_context(
            locale="zh-CN", viewport={"width": 390, "height": 844}
        )
        page = context.new_page()
        page.base_url = live_server.url
        sign_in(page, agent)
        page.goto(f"{live_server.url}/planning/sheets/{sheet.pk}/")
        pages.append(page)
    phone, tablet = pages
    for page, text in ((phone, "手机上写的分析"), (tablet, "平板上写的分析")):
        entry = page.locator("[data-testid=entry]").first
        entry.locator("summary", has_text="分析与切入点").click()
        entry.locator("textarea[name=analysis]").fill(text)
        entry.locator("button", has_text="保存").click()
        page.wait_for_load_state("networkidle")
    assert tablet.locator(".msg-error").inner_text().startswith("您打开这张检视表之后")
    first = sheet.entries.order_by("position").first()
    assert first.analysis == "手机上写的分析"
    for page in pages:
        page.context.close()


def test_print_and_excel_links(page, agent, book):
    sheet = make_sheet(agent, IsoWeek.current(), book[:2])
    sign_in(page, agent)
    page.goto(f"{page.base_url}/planning/sheets/{sheet.pk}/")
    with page.expect_download() as download:
        page.click("text=Excel")
    assert download.value.suggested_filename.endswith(".xlsx")
    page.click("text=打印")
    page.wait_for_url(f"**/planning/sheets/{sheet.pk}/print/")
    assert page.locator("h1").inner_text() == "532客户经营周工作检视表"
    assert page.locator("#print-button").count() == 1


def test_logging_from_today_ticks_visit(page, agent, book):
    today = timezone.localdate()
    sheet = make_sheet(agent, IsoWeek.containing(today), book[:2])
    action = make_action(
        sheet.entries.order_by("position").first(),
        kind=ActionKind.VISIT,
        day=today,
        time=dt.time(0, 0),
    )
    sign_in(page, agent)
    page.goto(f"{page.base_url}/planning/today/")
    page.locator("[data-testid=today-item]").first.locator("text=记录跟进").click()
    page.wait_for_url("**/outreach/customers/*/log/*")
    page.locator("input[name=kind][value=visit]").check(force=True)
    page.locator("input[name=outcome][value=done]").check(force=True)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url("**/planning/today/")
    action.refresh_from_db()
    assert action.is_done is True
    assert action.contact is not None
    assert page.locator("[data-testid=today-item] .tick").count() == 1


def test_submit_asks_once_after_htmx_save(page, agent, book):
    sheet = make_sheet(agent, IsoWeek.current(), book[:2])
    sign_in(page, agent)
    page.goto(f"{page.base_url}/planning/sheets/{sheet.pk}/")
    entry = page.locator("[data-testid=entry]").first
    entry.locator("summary", has_text="分析与切入点").click()
    entry.locator("textarea[name=analysis]").fill("先电话约访")
    entry.locator("button", has_text="保存").click()
    page.wait_for_load_state("networkidle")
    questions = []

    def dismiss(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.click("text=提交给主管")
    page.wait_for_timeout(500)
    assert len(questions) == 1
    sheet.refresh_from_db()
    assert sheet.status != SheetStatus.SUBMITTED
