import pytest

from revisit.planning.weeks import IsoWeek
from tests import factories
from tests.planning.builders import make_action, make_sheet

WEEK = IsoWeek(2026, 50)


@pytest.fixture
def sheet(agent):
    """The agent's sheet for 2026-W50 with two customers."""
    customers = [
        factories.make_customer(agent, grade=5, full_name="王建国", gender="M"),
        factories.make_customer(agent, grade=3, full_name="李丽", gender="F"),
    ]
    return make_sheet(agent, WEEK, customers)


@pytest.fixture
def entry(sheet):
    return sheet.entries.order_by("position").first()


@pytest.fixture
def action(entry):
    return make_action(entry, day=WEEK.monday)
