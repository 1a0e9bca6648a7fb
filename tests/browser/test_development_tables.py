"""Wide development tables on a 390 px phone screen."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_technique_table_fits_a_phone(page, login, agent):
    login(agent)

    page.goto(f"{page.base_url}/development/techniques/")

    # The numeric column headers wrap, so all eight columns fit the screen.
    client_width, scroll_width = page.evaluate(
        "() => { const wrap = document.querySelector('.table-wrap');"
        " return [wrap.clientWidth, wrap.scrollWidth]; }"
    )
    assert scroll_width <= client_width


def test_scrolling_table_shows_an_edge_shadow(page, login, agent):
    login(agent)

    page.goto(f"{page.base_url}/development/techniques/")

    background = page.evaluate(
        "() => getComputedStyle(document.querySelector('.table-wrap'))"
        ".backgroundImage"
    )
    assert "radial-gradient" in background
