"""Sheet edits: the version guard, the lock after submission, order and swaps."""

import pytest

from revisit.core.exceptions import DomainError
from revisit.core.models import AuditEntry
from revisit.planning.errors import SheetConflict, SheetLocked
from revisit.planning.models import SheetStatus, WeeklySheet
from revisit.planning.services import (
    entry_move,
    entry_swap,
    entry_update,
    sheet_approve,
    sheet_return,
    sheet_submit,
    sheet_summary_save,
)
from revisit.planning.weeks import IsoWeek
from tests import factories
from tests.planning.builders import make_sheet

WEEK = IsoWeek(2026, 50)


@pytest.fixture
def sheet(agent):
    customers = [factories.make_customer(agent, grade=5) for _ in range(3)]
    return make_sheet(agent, WEEK, customers)


def first_entry(sheet):
    return sheet.entries.order_by("position").first()


@pytest.mark.django_db
def test_edit_raises_version_and_starts_progress(sheet):
    entry = first_entry(sheet)
    entry_update(entry=entry, version=1, analysis="A", entry_point="B", result="C")
    sheet.refresh_from_db()
    entry.refresh_from_db()
    assert sheet.version == 2
    assert sheet.status == SheetStatus.IN_PROGRESS
    assert (entry.analysis, entry.entry_point, entry.result) == ("A", "B", "C")


@pytest.mark.django_db
def test_stale_version_is_rejected_and_saves_nothing(sheet):
    entry = first_entry(sheet)
    # Device one saves first with version 1.
    entry_update(entry=entry, version=1, analysis="first", entry_point="", result="")
    # Device two still shows version 1.
    stale = WeeklySheet.objects.get(pk=sheet.pk).entries.order_by("position").first()
    with pytest.raises(SheetConflict) as raised:
        entry_update(
            entry=stale, version=1, analysis="second", entry_point="", result=""
        )
    assert raised.value.code == "sheet_conflict"
    entry.refresh_from_db()
    sheet.refresh_from_db()
    assert entry.analysis == "first"
    assert sheet.version == 2


@pytest.mark.django_db
def test_conflict_message_says_change_not_saved(sheet):
    sheet_summary_save(sheet=sheet, version=1, summary="x")
    with pytest.raises(SheetConflict) as raised:
        sheet_summary_save(
            sheet=WeeklySheet.objects.get(pk=sheet.pk), version=1, summary="y"
        )
    assert "您的修改没有保存" in str(raised.value)


@pytest.mark.django_db
def test_submit_locks_sheet(sheet, agent):
    sheet_submit(sheet=sheet, version=1, summary="本周拜访12位", actor=agent)
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.SUBMITTED
    assert sheet.summary == "本周拜访12位"
    assert sheet.submitted_at is not None
    with pytest.raises(SheetLocked):
        entry_update(
            entry=first_entry(sheet),
            version=sheet.version,
            analysis="late",
            entry_point="",
            result="",
        )
    assert first_entry(sheet).analysis == ""
    assert AuditEntry.objects.filter(action="planning.sheet.submitted").count() == 1


@pytest.mark.django_db
def test_returned_sheet_can_be_edited_again(sheet, agent, supervisor):
    sheet_submit(sheet=sheet, version=1, summary="", actor=agent)
    sheet_return(sheet=sheet, actor=supervisor)
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.RETURNED
    entry_update(
        entry=first_entry(sheet),
        version=sheet.version,
        analysis="again",
        entry_point="",
        result="",
    )
    assert first_entry(sheet).analysis == "again"


@pytest.mark.django_db
def test_approved_sheet_stays_locked(sheet, agent, supervisor):
    sheet_submit(sheet=sheet, version=1, summary="", actor=agent)
    sheet_approve(sheet=sheet, actor=supervisor)
    sheet.refresh_from_db()
    with pytest.raises(SheetLocked):
        sheet_summary_save(sheet=sheet, version=sheet.version, summary="x")


@pytest.mark.django_db
def test_return_requires_submitted_sheet(sheet, supervisor):
    with pytest.raises(DomainError) as raised:
        sheet_return(sheet=sheet, actor=supervisor)
    assert raised.value.code == "not_submitted"


@pytest.mark.django_db
def test_move_down_swaps_neighbours(sheet):
    before = list(
        sheet.entries.order_by("position").values_list("customer_id", flat=True)
    )
    entry_move(entry=first_entry(sheet), version=1, direction="down")
    after = list(
        sheet.entries.order_by("position").values_list("customer_id", flat=True)
    )
    assert after == [before[1], before[0], before[2]]


@pytest.mark.django_db
def test_move_up_at_top_keeps_order(sheet):
    before = list(
        sheet.entries.order_by("position").values_list("customer_id", flat=True)
    )
    entry_move(entry=first_entry(sheet), version=1, direction="up")
    after = list(
        sheet.entries.order_by("position").values_list("customer_id", flat=True)
    )
    assert after == before


@pytest.mark.django_db
def test_swap_puts_customer_in_same_place(sheet, agent):
    newcomer = factories.make_customer(agent, grade=3)
    old = first_entry(sheet)
    replacement = entry_swap(entry=old, version=1, customer=newcomer, actor=agent)
    assert replacement.position == 1
    assert replacement.customer_id == newcomer.pk
    assert replacement.grade == 3
    assert replacement.suggested_entry_point
    assert not sheet.entries.filter(customer_id=old.customer_id).exists()
    assert AuditEntry.objects.filter(action="planning.entry.swapped").count() == 1


@pytest.mark.django_db
def test_swap_rejects_customer_of_other_agent(sheet, teammate, agent):
    stranger = factories.make_customer(teammate)
    with pytest.raises(DomainError) as raised:
        entry_swap(entry=first_entry(sheet), version=1, customer=stranger, actor=agent)
    assert raised.value.code == "not_in_book"


@pytest.mark.django_db
def test_swap_rejects_customer_already_on_sheet(sheet, agent):
    entries = list(sheet.entries.order_by("position"))
    with pytest.raises(DomainError) as raised:
        entry_swap(
            entry=entries[0], version=1, customer=entries[1].customer, actor=agent
        )
    assert raised.value.code == "already_on_sheet"
