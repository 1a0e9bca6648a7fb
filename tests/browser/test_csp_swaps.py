"""Pages that swap with htmx stay within the content security policy.

The policy allows no inline style, so any style attribute htmx writes or
replays shows up as a console error in Chromium.
"""

import re

import pytest

from tests import factories

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def csp_errors(page):
    """Collect the console messages that report a policy violation."""
    errors = []
    page.on(
        "console",
        lambda message: errors.append(message.text)
        if "Content Security Policy" in message.text
        else None,
    )
    return errors


@pytest.fixture
def book(agent):
    customer = factories.make_named_customer(agent, "张三", phone="13912345678")
    for number in range(30):
        factories.make_named_customer(agent, f"李{number}")
    return customer


def test_book_search_sort_and_back(login, agent, book, csp_errors):
    page = login(agent)
    # A style attribute set by a script (here left empty, as browser tools
    # and extensions leave it) must not be copied or replayed as markup.
    page.evaluate(
        "() => { const q = document.getElementById('id_q');"
        " q.style.color = 'red'; q.style.color = ''; }"
    )
    page.fill("input[name=q]", "li")
    expect(page.locator(".result-count")).to_contain_text("30")
    page.fill("input[name=q]", "")
    expect(page.locator(".result-count")).to_contain_text("31")
    page.click("a[rel=next]")
    expect(page).to_have_url(re.compile(r"page=2"))
    page.go_back()
    expect(page.locator(".pagination")).to_contain_text("1 / 2")
    assert csp_errors == []


def test_customer_page_grade_and_contact(login, agent, book, csp_errors):
    page = login(agent)
    page.goto(f"{page.base_url}/book/customers/{book.pk}/")
    expect(page.locator("#outreach-grade")).to_be_visible()
    page.click("#outreach-grade summary:has-text('手工设定分级')")
    page.click("#outreach-grade label.choice:has-text('2类')")
    page.fill("#outreach-grade textarea, #outreach-grade input[name=reason]", "常见面")
    page.click("#outreach-grade button:has-text('设定分级')")
    expect(page.locator("#outreach-grade .grade-now")).to_contain_text("常见面")

    page.click("#outreach-timeline a.button")
    page.click("label.choice:has-text('电话')")
    page.click("label.choice:has-text('未接通')")
    page.click(".contact-form button:has-text('保存')")
    expect(page.locator("#outreach-timeline")).to_contain_text("未接通")
    assert csp_errors == []
