"""The `revisit regrade` command."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests import factories
from tests.outreach.conftest import local


def run(*args):
    out = StringIO()
    call_command("regrade", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def graded(customer, teammate_customer, foreign_agent):
    foreign = factories.make_customer(foreign_agent)
    for each in (customer, teammate_customer, foreign):
        factories.make_contact(each, occurred_at=local(2026, 11, 1))
        factories.make_contact(each, occurred_at=local(2026, 11, 20))
    return {"customer": customer, "teammate": teammate_customer, "foreign": foreign}


def grades(graded):
    for each in graded.values():
        each.refresh_from_db()
    return {name: each.grade for name, each in graded.items()}


def test_regrade_all_offices(graded):
    output = run("--today", "2026-12-05")
    assert grades(graded) == {"customer": 2, "teammate": 2, "foreign": 2}
    assert "Regraded 3 customers" in output
    assert "3 changed (3 up, 0 down)" in output


def test_regrade_one_office(graded):
    run("--office", "SH01", "--today", "2026-12-05")
    assert grades(graded) == {"customer": 5, "teammate": 5, "foreign": 2}


def test_regrade_one_agent(graded):
    run("--office", "HZ01", "--agent", "A0001", "--today", "2026-12-05")
    assert grades(graded) == {"customer": 2, "teammate": 5, "foreign": 5}


def test_regrade_decays_with_date(graded):
    run("--today", "2026-12-05")
    output = run("--today", "2027-11-15")
    # Only the visit of 2026-11-20 is still inside the window.
    assert grades(graded) == {"customer": 3, "teammate": 3, "foreign": 3}
    assert "(0 up, 3 down)" in output


def test_regrade_agent_code_in_two_offices(graded):
    with pytest.raises(CommandError, match="several offices"):
        run("--agent", "A0001")


def test_regrade_unknown_office(db):
    with pytest.raises(CommandError, match="'XX99' not found"):
        run("--office", "XX99")


def test_regrade_unknown_agent(graded):
    with pytest.raises(CommandError, match="'Z9' not found"):
        run("--agent", "Z9")


def test_regrade_bad_date(db):
    with pytest.raises(CommandError):
        run("--today", "2026-13-01")
