"""Shared personas: two teams in one office, and an agent from another office."""

import pytest

from tests import factories


@pytest.fixture
def office(db):
    return factories.make_office(code="HZ01", name="杭州一部")


@pytest.fixture
def other_office(db):
    return factories.make_office(code="SH01", name="上海一部")


@pytest.fixture
def team(office):
    return factories.make_team(office, code="T1", name="一组")


@pytest.fixture
def other_team(office):
    return factories.make_team(office, code="T2", name="二组")


@pytest.fixture
def agent(team):
    return factories.make_agent(team, code="A0001", username="agent1")


@pytest.fixture
def teammate(team):
    """A second agent in the same team as `agent`."""
    return factories.make_agent(team, code="A0002", username="agent2")


@pytest.fixture
def outsider(other_team):
    """An agent of another team in the same office."""
    return factories.make_agent(other_team, code="A0009", username="agent9")


@pytest.fixture
def foreign_agent(other_office):
    team = factories.make_team(other_office, code="T1", name="一组")
    return factories.make_agent(team, code="A0001", username="foreign1")


@pytest.fixture
def supervisor(team):
    return factories.make_supervisor(team, username="sup1")


@pytest.fixture
def other_supervisor(other_team):
    return factories.make_supervisor(other_team, username="sup2")


@pytest.fixture
def manager(office):
    return factories.make_manager(office, username="manager1")
