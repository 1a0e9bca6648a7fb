"""Chart data for the report pages, passed to ECharts through json_script."""

from django.utils.translation import gettext as _

from revisit.reports.selectors.team import (
    EXISTING_SHARE_BENCHMARK,
    AgentNumbers,
)


def _number(value) -> float | None:
    return None if value is None else float(value)


def team_chart_data(rows: list[AgentNumbers], grade_mix: dict) -> dict:
    """Return plain JSON-safe data for the three team charts, labels translated.

    `rows` are the rows the page shows: agents, or teams for the office.
    """
    target = rows[0] if rows else AgentNumbers(agent_id=0, name="", team="")
    rows = [row for row in rows if row.is_active]
    return {
        "agents": [row.name for row in rows],
        "visitsPerDay": [_number(row.visits_per_day) or 0 for row in rows],
        "visitTarget": [target.target_low, target.target_high],
        "existingShare": [_number(row.existing_share) for row in rows],
        "benchmark": float(EXISTING_SHARE_BENCHMARK),
        "gradeWeeks": grade_mix["weeks"],
        "gradeSeries": [
            {"name": _("Grade %(grade)s") % {"grade": grade}, "data": values}
            for grade, values in grade_mix["series"].items()
        ],
        "labels": {
            "visitsPerDay": _("Visits per working day"),
            "target": _("Target %(low)s to %(high)s")
            % {"low": target.target_low, "high": target.target_high},
            "existingShare": _("Share from existing customers (%)"),
            "benchmark": _("Benchmark %(share)s%%")
            % {"share": EXISTING_SHARE_BENCHMARK},
            "gradeMix": _("Customers by grade"),
        },
    }
