"""Pages that were too wide or too cramped for a 390 px phone screen."""

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.imports.upload_support import HEADER, ID_LI, ID_ZHANG, row, write_csv

pytestmark = pytest.mark.django_db(transaction=True)

LONG_NAME = "policy_extract_hangzhou_branch_2026_11_full_export_v2.csv"

# Elements whose right edge passes the viewport, or whose content is wider
# than their own box (text with no break opportunity), for the failure message.
OVERFLOWING_JS = """
() => {
  const width = window.innerWidth;
  const found = [];
  for (const node of document.querySelectorAll('main *')) {
    const box = node.getBoundingClientRect();
    const style = getComputedStyle(node);
    const tooWide = box.right > width + 0.5;
    const spills = style.overflowX === 'visible' && node.clientWidth > 0
      && node.scrollWidth > node.clientWidth + 1;
    if (tooWide || spills) {
      found.push(`${node.tagName.toLowerCase()}.${node.className} ` +
        `right=${Math.round(box.right)} scroll=${node.scrollWidth}`);
    }
  }
  return found;
}
"""


def assert_fits_phone(page):
    document_width, viewport_width = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert document_width <= viewport_width, page.evaluate(OVERFLOWING_JS)


def assert_no_sideways_scroll(wrapper):
    scroll_width, client_width = wrapper.evaluate(
        "node => [node.scrollWidth, node.clientWidth]"
    )
    assert scroll_width <= client_width


def switch_to_english(page):
    with page.expect_navigation():
        page.click("footer button[name=language][value=en]")


def test_grading_filters_fit_in_english(login, agent):
    factories.make_named_customer(agent, "张三")
    page = login(agent)
    switch_to_english(page)

    page.goto(f"{page.base_url}/book/grading/")

    expect(page.locator("h1")).to_have_text("Quick grading")
    assert_fits_phone(page)
    for select in page.locator("form.filters-inline select").all():
        assert select.bounding_box()["x"] + select.bounding_box()["width"] <= 390


def test_reveal_button_is_finger_sized(login, agent):
    customer = factories.make_customer(agent)
    page = login(agent)

    page.goto(f"{page.base_url}/book/customers/{customer.pk}/")

    show = page.locator("form.reveal button").first
    assert show.bounding_box()["height"] >= 40
    show.click()
    expect(page.locator(".revealed").first).to_contain_text(customer.phone)


@pytest.fixture
def idle_team(agent, teammate):
    return [agent, teammate]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_daily_check_rows_become_cards(login, idle_team, supervisor, language):
    page = login(supervisor)
    if language == "en":
        switch_to_english(page)

    page.goto(f"{page.base_url}/coaching/daily/?day=2026-11-04")

    expect(page.locator("#daily-check thead")).to_be_hidden()
    card = page.locator(f"tr[data-agent='{idle_team[0].pk}']")
    expect(card.locator("th")).to_contain_text(idle_team[0].display_name)
    # Each figure carries its column name, since the header row is hidden.
    labels = card.locator("td").evaluate_all(
        "cells => cells.map(cell => getComputedStyle(cell, '::before').content)"
    )
    assert len(labels) == 6
    for label in labels:
        assert label not in ("none", '""')
    assert_no_sideways_scroll(page.locator(".table-wrap"))
    assert_fits_phone(page)


def test_team_numbers_name_column_stays(login, agent, supervisor):
    page = login(supervisor)

    page.goto(f"{page.base_url}/reports/team/")

    wrapper = page.locator(".table-wrap")
    name_cell = page.locator(".table.numbers tbody th").first
    expect(name_cell).to_contain_text(agent.display_name)
    left_before = name_cell.bounding_box()["x"]
    wrapper.evaluate("node => { node.scrollLeft = 400; }")
    assert wrapper.evaluate("node => node.scrollLeft") > 0
    assert name_cell.bounding_box()["x"] == pytest.approx(left_before, abs=1)
    assert_fits_phone(page)


def test_mapping_and_history_wrap_long_name(login, manager, agent, settings, tmp_path):
    settings.REVISIT_IMPORT_RUNNER = "thread"
    settings.MEDIA_ROOT = tmp_path / "media"
    path = write_csv(
        tmp_path / LONG_NAME,
        [
            [*row("P1", "张三", ID_ZHANG, "A0001"), "常联系"],
            [*row("P2", "李四", ID_LI, "A0001"), ""],
        ],
        header=[*HEADER, "客户备注"],
    )
    page = login(manager)

    page.goto(f"{page.base_url}/imports/new/")
    page.set_input_files("input[name=file]", str(path))
    page.click("#upload-form button[type=submit]")
    expect(page.locator(".mapping-form")).to_be_visible(timeout=15_000)
    assert_fits_phone(page)

    page.click(".mapping-form button[type=submit]")
    expect(page.locator(".count-rows dd")).to_have_text("2", timeout=15_000)
    page.goto(f"{page.base_url}/imports/")
    expect(page.locator(".table.stack a").first).to_have_text(LONG_NAME)
    assert_no_sideways_scroll(page.locator(".table-wrap"))
    assert_fits_phone(page)


def test_upload_labels_have_no_ascii_colon(login, agent):
    page = login(agent)

    page.goto(f"{page.base_url}/imports/new/")

    label = page.locator("label[for=id_file]")
    expect(label).to_be_visible()
    assert not label.inner_text().strip().endswith(":")
