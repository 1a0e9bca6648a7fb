"""Customers in each persona's book, for the book's view tests."""

import pytest

from tests import factories

ID_NUMBER = "110101199003071238"
PHONE = "13912345678"


@pytest.fixture
def other_manager(other_office):
    """The manager of another office."""
    return factories.make_manager(other_office, username="manager2")


@pytest.fixture
def customer(agent):
    """张三 in `agent`'s book, with a full ID number and phone."""
    return factories.make_named_customer(
        agent, "张三", id_number=ID_NUMBER, phone=PHONE
    )


@pytest.fixture
def teammate_customer(teammate):
    return factories.make_named_customer(teammate, "李四")


@pytest.fixture
def outsider_customer(outsider):
    return factories.make_named_customer(outsider, "王五")


@pytest.fixture
def foreign_customer(foreign_agent):
    return factories.make_named_customer(foreign_agent, "赵六")
