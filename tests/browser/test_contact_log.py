"""Logging contacts on a phone-size screen and reading them in the timeline."""

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client

from revisit.outreach.models import Contact
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, user):
    """Give the browser a session cookie for `user`."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": page.base_url}]
    )


@pytest.fixture
def customer(agent):
    return factories.make_customer(agent, full_name="王芳")


def test_log_visit_from_phone(page, agent, customer):
    sign_in(page, agent)
    page.goto(f"{page.base_url}/outreach/customers/{customer.pk}/log/")

    page.click("label.choice:has-text('面访')")
    page.click("label.choice:has-text('约访成功')")
    # Fields of other outcomes stay out of the way.
    assert page.locator("#id_signed_policy_number").is_hidden()
    assert page.locator("#id_refusal_reason").is_hidden()
    page.fill("#id_purpose", "送新年台历")
    page.click("button:has-text('保存')")

    page.wait_for_url(f"**/outreach/customers/{customer.pk}/")
    entry = page.locator("#outreach-timeline li.contact").first
    assert "送新年台历" in entry.inner_text()
    assert "面访" in entry.inner_text()
    assert "跟进已记录。" in page.locator(".messages").inner_text()
    customer.refresh_from_db()
    assert customer.grade == 3


def test_log_signed_inline(page, agent, customer):
    sign_in(page, agent)
    page.goto(f"{page.base_url}/outreach/customers/{customer.pk}/")

    page.click("#outreach-timeline a:has-text('记录跟进')")
    form = page.locator("#contact-slot form")
    form.locator("label.choice:has-text('电话')").click()
    form.locator("label.choice:has-text('签单')").click()
    assert form.locator("#id_signed_policy_number").is_visible()
    form.locator("button:has-text('保存')").click()
    page.wait_for_selector("#contact-slot .errorlist")
    assert "请填写所签保单的保单号。" in page.locator("#contact-slot").inner_text()

    page.fill("#contact-slot #id_signed_policy_number", "P2026120001")
    page.fill("#contact-slot #id_signed_premium", "12000")
    page.click("#contact-slot button:has-text('保存')")

    page.wait_for_selector("#outreach-timeline li.contact:has-text('P2026120001')")
    assert Contact.objects.get().outcome == "signed"
    # The page was not reloaded: the timeline refreshed itself.
    assert page.url.endswith(f"/outreach/customers/{customer.pk}/")


def test_withdraw_strikes_entry(page, agent, customer):
    factories.make_contact(
        customer,
        occurred_at=dt.datetime(2026, 11, 20, 2, tzinfo=dt.UTC),
        purpose="回访",
    )
    sign_in(page, agent)
    page.goto(f"{page.base_url}/outreach/customers/{customer.pk}/")

    page.click("#outreach-timeline summary:has-text('撤回')")
    page.fill("#outreach-timeline input[name=reason]", "记错客户")
    page.click("#outreach-timeline .void-form button")

    page.wait_for_selector("#outreach-timeline li.contact.is-void")
    entry = page.locator("#outreach-timeline li.contact.is-void")
    assert "记错客户" in entry.inner_text()
    style = entry.locator(".contact-main").evaluate(
        "node => getComputedStyle(node).textDecorationLine"
    )
    assert style == "line-through"


def test_log_inline_on_book_page(page, agent, customer):
    """The slot confirms the save; timeline, grade panel and header badge refresh."""
    sign_in(page, agent)
    page.goto(f"{page.base_url}/book/customers/{customer.pk}/")
    badge = page.locator("#customer-grade-badge")
    assert "5类" in badge.inner_text()

    page.click("#outreach-timeline a:has-text('记录跟进')")
    form = page.locator("#contact-slot form")
    form.locator("label.choice:has-text('面访')").click()
    form.locator("label.choice:has-text('约访成功')").click()
    page.fill("#contact-slot #id_purpose", "送新年台历")
    form.locator("button:has-text('保存')").click()

    page.wait_for_selector("#outreach-timeline li.contact:has-text('送新年台历')")
    page.wait_for_selector("#outreach-grade .badge.grade-3")
    page.wait_for_selector("#customer-grade-badge.grade-3")
    slot = page.locator("#contact-slot")
    assert "跟进已记录。" in slot.inner_text()
    assert slot.locator("form").count() == 0
    assert "3类" in badge.inner_text()


def test_long_notes_fold(page, agent, customer):
    factories.make_contact(
        customer,
        occurred_at=dt.datetime(2026, 11, 20, 2, tzinfo=dt.UTC),
        notes="很长的备注" * 400,
    )
    sign_in(page, agent)
    page.goto(f"{page.base_url}/outreach/customers/{customer.pk}/")

    notes = page.locator("#outreach-timeline .long-notes")
    folded = notes.bounding_box()["height"]
    assert folded < 200
    notes.locator("summary").click()
    assert notes.bounding_box()["height"] > folded * 5
    assert notes.locator(".show-less").is_visible()
