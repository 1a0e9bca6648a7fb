"""Quick grading on a phone: select the page, set one grade."""

import pytest

from revisit.book.models import Customer, Grade
from tests import factories

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_select_all_and_grade(login, agent):
    for name in ["张三", "李明", "王强"]:
        factories.make_named_customer(agent, name)
    page = login(agent)
    page.goto(f"{page.base_url}/book/grading/")
    page.check("#select-all")
    expect(page.locator("input[name=customers]:checked")).to_have_count(3)
    expect(page.locator("#selected-count")).to_contain_text("3")
    page.fill("#id_reason", "电话常联系")
    page.click(".grade-bar button[value='3']")
    expect(page.locator(".msg-success")).to_be_visible()
    grades = set(Customer.objects.values_list("grade", "grade_is_manual"))
    assert grades == {(Grade.THREE, True)}


def test_grade_without_reason_is_blocked(login, agent):
    factories.make_named_customer(agent, "张三")
    page = login(agent)
    page.goto(f"{page.base_url}/book/grading/")
    page.check("input[name=customers]")
    page.click(".grade-bar button[value='2']")
    # The browser keeps the form until a reason is entered.
    assert page.locator("#id_reason").evaluate("node => node.validity.valueMissing")
    assert Customer.objects.get().grade_is_manual is False
