"""532 grading: the rules at the window edges, office settings, history."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from revisit.book.models import Customer
from revisit.outreach.models import GradeChange, GradeSource, GradingRules
from revisit.outreach.services import (
    grade_window,
    grades_recompute,
    months_before,
)
from tests import factories
from tests.outreach.conftest import local

TODAY = dt.date(2026, 12, 5)


def regrade(customer, today=TODAY):
    grades_recompute(office_id=customer.office_id, today=today)
    customer.refresh_from_db()
    return customer.grade


def test_months_before_keeps_day():
    assert months_before(dt.date(2026, 1, 15), 12) == dt.date(2025, 1, 15)


def test_months_before_clamps_month_end():
    assert months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2024, 3, 31), 1) == dt.date(2024, 2, 29)


def test_months_before_crosses_years():
    assert months_before(dt.date(2026, 2, 10), 14) == dt.date(2024, 12, 10)


def test_grade_window_bounds():
    start, end = grade_window(TODAY, 12)
    assert start == local(2025, 12, 6)
    assert end == local(2026, 12, 6)


def test_grade_no_contacts_is_5(customer):
    customer.grade = 3
    customer.save()
    assert regrade(customer) == 5


def test_grade_two_visits_is_2(customer):
    factories.make_contact(customer, occurred_at=local(2026, 3, 1, 10))
    factories.make_contact(customer, occurred_at=local(2026, 11, 20, 15))
    assert regrade(customer) == 2


def test_grade_one_visit_is_3(customer):
    factories.make_contact(customer, occurred_at=local(2026, 3, 1, 10))
    assert regrade(customer) == 3


def test_grade_remote_only_is_3(customer):
    for day in (1, 2, 3, 4):
        factories.make_contact(customer, kind="call", occurred_at=local(2026, 5, day))
    factories.make_contact(customer, kind="message", occurred_at=local(2026, 6, 1))
    assert regrade(customer) == 3


def test_grade_activity_counts_as_meeting(customer):
    factories.make_contact(customer, kind="activity", occurred_at=local(2026, 4, 1))
    factories.make_contact(customer, kind="visit", occurred_at=local(2026, 9, 1))
    assert regrade(customer) == 2


def test_grade_visit_on_first_window_day_counts(customer):
    factories.make_contact(customer, occurred_at=local(2025, 12, 6, 0, 0))
    factories.make_contact(customer, occurred_at=local(2026, 6, 1))
    assert regrade(customer) == 2


def test_grade_visit_before_window_ignored(customer):
    # 23:59:59 on the same day twelve months ago is the last instant outside.
    factories.make_contact(customer, occurred_at=local(2025, 12, 5, 23, 59, 59))
    factories.make_contact(customer, occurred_at=local(2026, 6, 1))
    assert regrade(customer) == 3


def test_grade_visit_late_today_counts(customer):
    factories.make_contact(customer, occurred_at=local(2026, 12, 5, 23, 59))
    factories.make_contact(customer, occurred_at=local(2026, 6, 1))
    assert regrade(customer) == 2


def test_grade_visit_after_today_ignored(customer):
    factories.make_contact(customer, occurred_at=local(2026, 12, 6, 0, 0))
    factories.make_contact(customer, occurred_at=local(2026, 6, 1))
    assert regrade(customer) == 3


def test_grade_void_contacts_ignored(customer):
    factories.make_contact(customer, occurred_at=local(2026, 3, 1))
    factories.make_contact(customer, occurred_at=local(2026, 4, 1), is_void=True)
    assert regrade(customer) == 3


def test_grade_only_void_contacts_is_5(customer):
    factories.make_contact(customer, occurred_at=local(2026, 3, 1), is_void=True)
    factories.make_contact(
        customer, kind="call", occurred_at=local(2026, 4, 1), is_void=True
    )
    assert regrade(customer) == 5


def test_grade_decays_out_of_window(customer):
    factories.make_contact(customer, occurred_at=local(2025, 11, 1))
    factories.make_contact(customer, occurred_at=local(2025, 11, 20))
    assert regrade(customer, today=dt.date(2026, 10, 1)) == 2
    assert regrade(customer, today=TODAY) == 5
    change = GradeChange.objects.get(customer=customer, new_grade=5)
    assert change.old_grade == 2
    assert change.is_downgrade is True


def test_grade_office_window_and_threshold(customer, office):
    GradingRules.objects.create(office=office, window_months=6, visits_for_2=3)
    factories.make_contact(customer, occurred_at=local(2026, 5, 1))  # outside 6 months
    factories.make_contact(customer, occurred_at=local(2026, 7, 1))
    factories.make_contact(customer, occurred_at=local(2026, 8, 1))
    assert regrade(customer) == 3
    factories.make_contact(customer, occurred_at=local(2026, 9, 1))
    assert regrade(customer) == 2


def test_grade_kind_in_no_group_ignored(customer, office):
    GradingRules.objects.create(
        office=office, face_to_face_kinds=["visit"], remote_kinds=["call"]
    )
    factories.make_contact(customer, kind="message", occurred_at=local(2026, 5, 1))
    factories.make_contact(customer, kind="activity", occurred_at=local(2026, 6, 1))
    assert regrade(customer) == 5


def test_grade_manual_kept_by_recompute(customer):
    Customer.objects.filter(pk=customer.pk).update(grade=2, grade_is_manual=True)
    assert regrade(customer) == 2
    assert GradeChange.objects.filter(customer=customer).count() == 0


def test_recompute_records_history(customer, agent):
    factories.make_contact(customer, occurred_at=local(2026, 3, 1))
    result = grades_recompute(office_id=customer.office_id, today=TODAY)
    change = GradeChange.objects.get(customer=customer)
    assert (change.old_grade, change.new_grade) == (5, 3)
    assert change.source == GradeSource.COMPUTED
    assert change.agent == agent
    assert change.actor is None
    assert change.is_activation is True
    assert (result.changed, result.activations, result.downgrades) == (1, 1, 0)


def test_recompute_twice_changes_nothing(customer):
    factories.make_contact(customer, occurred_at=local(2026, 3, 1))
    grades_recompute(office_id=customer.office_id, today=TODAY)
    result = grades_recompute(office_id=customer.office_id, today=TODAY)
    assert result.changed == 0
    assert GradeChange.objects.filter(customer=customer).count() == 1


def test_recompute_by_agent_leaves_others(customer, teammate_customer):
    factories.make_contact(customer, occurred_at=local(2026, 3, 1))
    factories.make_contact(teammate_customer, occurred_at=local(2026, 3, 1))
    grades_recompute(
        office_id=customer.office_id, today=TODAY, agent_id=customer.agent_id
    )
    customer.refresh_from_db()
    teammate_customer.refresh_from_db()
    assert customer.grade == 3
    assert teammate_customer.grade == 5


def test_recompute_other_office_untouched(customer, foreign_agent):
    foreign = factories.make_customer(foreign_agent)
    factories.make_contact(foreign, occurred_at=local(2026, 3, 1))
    grades_recompute(office_id=customer.office_id, today=TODAY)
    foreign.refresh_from_db()
    assert foreign.grade == 5


def test_rules_reject_overlapping_kinds(office):
    rules = GradingRules(
        office=office, face_to_face_kinds=["visit"], remote_kinds=["visit", "call"]
    )
    with pytest.raises(ValidationError) as caught:
        rules.full_clean()
    assert caught.value.error_dict["remote_kinds"][0].code == "kinds_overlap"


def test_rules_reject_unknown_kind(office):
    rules = GradingRules(office=office, face_to_face_kinds=["lunch"])
    with pytest.raises(ValidationError) as caught:
        rules.full_clean()
    assert caught.value.error_dict["face_to_face_kinds"][0].code == "invalid_kinds"


def test_grade_unanswered_call_is_5(customer):
    factories.make_contact(
        customer, kind="call", outcome="no_answer", occurred_at=local(2026, 11, 2)
    )
    assert regrade(customer) == 5


def test_grade_unanswered_calls_keep_3(customer):
    """A 3 stays a 3 on an answered call, whatever missed calls follow it."""
    factories.make_contact(customer, kind="call", occurred_at=local(2026, 5, 1))
    factories.make_contact(
        customer, kind="call", outcome="no_answer", occurred_at=local(2026, 11, 2)
    )
    assert regrade(customer) == 3
