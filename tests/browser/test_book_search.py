"""The agent's way into the book on a phone: sign in, search, open."""

import pytest

from tests import factories

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def book(agent):
    customer = factories.make_named_customer(
        agent, "张三", id_number="110101199003071238", phone="13912345678"
    )
    factories.make_policy(customer, number="P2020001", riders=1)
    factories.make_named_customer(agent, "李明")
    factories.make_named_customer(agent, "王强")
    return customer


def test_login_lands_on_book(login, agent, book):
    page = login(agent)
    assert page.url.endswith("/book/")
    assert page.locator(".book-table").is_visible()


def test_login_rejects_wrong_password(page, agent):
    page.goto(f"{page.base_url}/accounts/login/")
    page.fill("input[name=username]", agent.username)
    page.fill("input[name=password]", "wrong")
    page.click("button[type=submit]")
    assert page.locator(".msg-error").is_visible()
    assert page.url.endswith("/accounts/login/")


def test_search_by_initials_finds_customer(login, agent, book):
    page = login(agent)
    page.fill("input[name=q]", "zs")
    # htmx swaps the results without a page load once typing pauses.
    expect(page.locator(".book-table tbody tr")).to_have_count(1)
    rows = page.locator(".book-table tbody tr")
    assert rows.first.inner_text().startswith("张三")
    assert "q=zs" in page.url


def test_search_results_mask_phone(login, agent, book):
    page = login(agent)
    page.fill("input[name=q]", "5678")
    expect(page.locator(".book-table tbody tr")).to_have_count(1)
    assert "13912345678" not in page.content()
    assert "139****5678" in page.content()


def test_open_customer_page_and_reveal_phone(login, agent, book):
    page = login(agent)
    page.fill("input[name=q]", "zs")
    expect(page.locator(".book-table tbody tr")).to_have_count(1)
    page.click(".book-table tbody tr >> text=张三")
    page.wait_for_url(f"**/book/customers/{book.pk}/")
    assert page.locator("h1").inner_text() == "张三"
    assert page.locator("text=P2020001").first.is_visible()
    page.click("form.reveal:has(input[value=phone]) button")
    page.wait_for_selector("a[href='tel:13912345678']")
