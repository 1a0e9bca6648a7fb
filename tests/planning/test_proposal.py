"""Proposing weekly sheets: size, grade mix, ranking, rotation and re-runs."""

import datetime as dt

import pytest

from revisit.planning.models import PlanningSettings, SheetEntry, WeeklySheet
from revisit.planning.services import sheet_propose
from revisit.planning.weeks import IsoWeek
from tests import factories
from tests.planning.builders import make_sheet

WEEK = IsoWeek(2026, 50)


def book(agent, grades: dict[int, int]) -> list:
    customers = []
    for grade, count in grades.items():
        for _ in range(count):
            customers.append(factories.make_customer(agent, grade=grade))
    return customers


def small_settings(office, *, size=4, mix=None) -> PlanningSettings:
    return PlanningSettings.objects.create(
        office=office,
        sheet_size=size,
        grade_mix=mix or {"2": 1, "3": 1, "5": 2},
    )


def customers_on(sheet) -> list[int]:
    return list(
        sheet.entries.order_by("position").values_list("customer_id", flat=True)
    )


@pytest.mark.django_db
def test_sheet_has_default_size_and_mix(agent):
    book(agent, {2: 10, 3: 10, 5: 10})
    sheet = sheet_propose(agent=agent, week=WEEK).sheet
    grades = list(sheet.entries.values_list("grade", flat=True))
    assert len(grades) == 16
    assert grades.count(2) == 3
    assert grades.count(3) == 6
    assert grades.count(5) == 7


@pytest.mark.django_db
def test_grade_running_out_is_filled_from_others(agent):
    book(agent, {2: 1, 3: 20, 5: 20})
    sheet = sheet_propose(agent=agent, week=WEEK).sheet
    grades = list(sheet.entries.values_list("grade", flat=True))
    assert len(grades) == 16
    # Only one grade-2 customer exists; the two missing places go to others.
    assert grades.count(2) == 1


@pytest.mark.django_db
def test_rows_ranked_by_score(agent):
    customers = book(agent, {5: 6})
    # A renewal due in the week gives one customer the top score.
    factories.make_policy(customers[3], paid_to_date=dt.date(2026, 12, 9))
    sheet = sheet_propose(agent=agent, week=WEEK).sheet
    entries = list(sheet.entries.order_by("position"))
    assert entries[0].customer_id == customers[3].pk
    scores = [entry.score for entry in entries]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.django_db
def test_entry_stores_reasons_and_entry_point(agent):
    customer = factories.make_customer(agent, grade=3)
    factories.make_policy(customer, paid_to_date=dt.date(2026, 12, 9))
    entry = sheet_propose(agent=agent, week=WEEK).sheet.entries.get()
    assert entry.reasons[0] == "续期保费将于12月9日到期"
    assert entry.suggested_entry_point == "续期提醒，顺便做一次保单检视"
    assert entry.findings[0]["code"] == "renewal_due"
    assert entry.grade == 3


@pytest.mark.django_db
def test_never_same_customer_twice_in_rotation(agent, office):
    small_settings(office, size=4)
    customers = book(agent, {2: 3, 3: 3, 5: 6})
    seen: list[int] = []
    for offset in range(3):
        sheet = sheet_propose(agent=agent, week=WEEK.shifted(offset)).sheet
        assert sheet.rotation == 1
        seen.extend(customers_on(sheet))
    # Three sheets of four cover the book of twelve, each customer once.
    assert sorted(seen) == sorted(c.pk for c in customers)


@pytest.mark.django_db
def test_rotation_restarts_after_whole_book(agent, office):
    small_settings(office, size=4)
    book(agent, {5: 8})
    sheet_propose(agent=agent, week=WEEK)
    sheet_propose(agent=agent, week=WEEK.shifted(1))
    third = sheet_propose(agent=agent, week=WEEK.shifted(2)).sheet
    assert third.rotation == 2
    assert set(third.entries.values_list("rotation", flat=True)) == {2}


@pytest.mark.django_db
def test_rotation_remainder_fills_from_next_rotation(agent, office):
    small_settings(office, size=4)
    customers = book(agent, {5: 6})
    first = sheet_propose(agent=agent, week=WEEK).sheet
    second = sheet_propose(agent=agent, week=WEEK.shifted(1)).sheet
    remainder = set(c.pk for c in customers) - set(customers_on(first))
    rows = {e.customer_id: e.rotation for e in second.entries.all()}
    # The two customers left in rotation 1 come first, two more open rotation 2.
    assert {cid for cid, rotation in rows.items() if rotation == 1} == remainder
    assert sum(1 for rotation in rows.values() if rotation == 2) == 2
    assert second.rotation == 2
    third = sheet_propose(agent=agent, week=WEEK.shifted(2)).sheet
    opened = {cid for cid, rotation in rows.items() if rotation == 2}
    # Customers that opened rotation 2 are not proposed again in it.
    assert not opened & set(customers_on(third))


@pytest.mark.django_db
def test_swapped_out_customer_stays_unscreened(agent, office):
    small_settings(office, size=2, mix={"5": 2})
    customers = book(agent, {5: 4})
    first = sheet_propose(agent=agent, week=WEEK).sheet
    removed = first.entries.order_by("position").first()
    removed_id = removed.customer_id
    removed.delete()
    second = sheet_propose(agent=agent, week=WEEK.shifted(1)).sheet
    assert removed_id in customers_on(second)
    assert len(customers) == 4


@pytest.mark.django_db
def test_rerun_returns_existing_sheet(agent):
    book(agent, {3: 20})
    first = sheet_propose(agent=agent, week=WEEK)
    entry = first.sheet.entries.first()
    entry.analysis = "客户刚买房，先谈房贷保障"
    entry.save()
    again = sheet_propose(agent=agent, week=WEEK)
    assert first.created is True
    assert again.created is False
    assert again.sheet.pk == first.sheet.pk
    entry.refresh_from_db()
    assert entry.analysis == "客户刚买房，先谈房贷保障"
    assert WeeklySheet.objects.count() == 1
    assert SheetEntry.objects.count() == 16


@pytest.mark.django_db
def test_sheets_are_per_agent(agent, teammate):
    mine = book(agent, {5: 3})
    book(teammate, {5: 3})
    sheet = sheet_propose(agent=agent, week=WEEK).sheet
    assert sorted(customers_on(sheet)) == sorted(c.pk for c in mine)


@pytest.mark.django_db
def test_empty_book_gives_empty_sheet(agent):
    proposal = sheet_propose(agent=agent, week=WEEK)
    assert proposal.created is True
    assert proposal.sheet.entries.count() == 0


@pytest.mark.django_db
def test_screening_counts_only_earlier_rotation_entries(agent, office):
    small_settings(office, size=2, mix={"5": 2})
    customers = book(agent, {5: 3})
    # A sheet of an earlier rotation does not count in the current one.
    make_sheet(agent, WEEK.shifted(-5), customers[:2], rotation=1)
    make_sheet(agent, WEEK.shifted(-4), customers[2:], rotation=2)
    sheet = sheet_propose(agent=agent, week=WEEK).sheet
    assert sorted(customers_on(sheet)) == sorted(c.pk for c in customers[:2])
    assert sheet.rotation == 2
