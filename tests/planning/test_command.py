"""`revisit plan-week`: JSON output, default week, filters and re-runs."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from revisit.planning.models import WeeklySheet
from revisit.planning.weeks import IsoWeek
from tests import factories


def run(*args) -> str:
    out = io.StringIO()
    call_command("plan-week", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def books(agent, teammate):
    for owner in (agent, teammate):
        for grade in (2, 3, 5, 5):
            factories.make_customer(owner, grade=grade)


@pytest.mark.django_db
def test_json_lists_each_agents_sheet(books, agent, teammate):
    sheets = json.loads(run("--week", "2026-W50", "--json"))
    assert [sheet["agent"] for sheet in sheets] == ["A0001", "A0002"]
    first = sheets[0]
    assert first["week"] == "2026-W50"
    assert len(first["customers"]) == 4
    customer = first["customers"][0]
    assert set(customer) == {"id", "name", "grade", "score", "reasons", "entry_point"}
    assert isinstance(customer["reasons"], list)
    assert customer["reasons"][0]  # a sentence, in Chinese
    assert customer["entry_point"]


@pytest.mark.django_db
def test_default_week_is_next_week(books):
    sheets = json.loads(run("--json"))
    assert sheets[0]["week"] == str(IsoWeek.current().shifted(1))


@pytest.mark.django_db
def test_agent_filter(books, agent):
    sheets = json.loads(run("--week", "2026-W50", "--agent", "A0001", "--json"))
    assert [sheet["agent"] for sheet in sheets] == ["A0001"]
    assert WeeklySheet.objects.get().agent == agent


@pytest.mark.django_db
def test_office_filter(books, foreign_agent):
    factories.make_customer(foreign_agent)
    sheets = json.loads(run("--week", "2026-W50", "--office", "SH01", "--json"))
    assert [sheet["agent"] for sheet in sheets] == ["A0001"]
    assert WeeklySheet.objects.get().agent == foreign_agent


@pytest.mark.django_db
def test_ambiguous_agent_code_needs_office(books, foreign_agent):
    with pytest.raises(CommandError, match="--office"):
        run("--week", "2026-W50", "--agent", "A0001")


@pytest.mark.django_db
def test_rerun_keeps_sheets(books):
    first = json.loads(run("--week", "2026-W50", "--json"))
    output = run("--week", "2026-W50")
    again = json.loads(run("--week", "2026-W50", "--json"))
    assert again == first
    assert "0 sheets proposed, 2 kept" in output
    assert WeeklySheet.objects.count() == 2


@pytest.mark.django_db
def test_invalid_week_is_an_error(books):
    with pytest.raises(CommandError, match="2026-W50"):
        run("--week", "2026-50")


@pytest.mark.django_db
def test_week_that_does_not_exist_is_an_error(books):
    # 2026 has 53 ISO weeks, 2027 only 52.
    run("--week", "2026-W53")
    with pytest.raises(CommandError):
        run("--week", "2027-W53")


@pytest.mark.django_db
def test_unknown_agent_is_an_error(books):
    with pytest.raises(CommandError, match="A9999"):
        run("--agent", "A9999")


@pytest.mark.django_db
def test_unknown_office_is_an_error(books):
    with pytest.raises(CommandError, match="XX99"):
        run("--office", "XX99")
