"""Manual grade overrides and the activation and downgrade selectors."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from revisit.core.exceptions import DomainError
from revisit.core.models import AuditEntry
from revisit.outreach.models import GradeChange, GradeSource
from revisit.outreach.selectors import (
    activations_for,
    downgrades_for,
    grade_override_of,
)
from revisit.outreach.services import (
    customer_grade_override,
    customer_grade_override_clear,
    customer_regrade,
)
from tests import factories
from tests.outreach.conftest import local


def test_override_pins_grade(customer, agent):
    change = customer_grade_override(
        actor=agent, customer=customer, grade=2, reason="每月见面的老朋友"
    )
    customer.refresh_from_db()
    assert customer.grade == 2
    assert customer.grade_is_manual is True
    assert (change.old_grade, change.new_grade) == (5, 2)
    assert change.source == GradeSource.MANUAL
    assert change.reason == "每月见面的老朋友"
    assert change.actor == agent
    assert grade_override_of(customer) == change


def test_override_writes_audit_entry(customer, agent):
    customer_grade_override(actor=agent, customer=customer, grade=3, reason="理由")
    entry = AuditEntry.objects.get(action="outreach.grade.overridden")
    assert entry.target_id == str(customer.pk)
    assert entry.data == {"old_grade": 5, "new_grade": 3}


def test_override_same_grade_is_recorded(customer, agent):
    change = customer_grade_override(
        actor=agent, customer=customer, grade=5, reason="确认不再联系"
    )
    assert change.is_activation is False
    assert change.is_downgrade is False
    assert GradeChange.objects.filter(customer=customer).count() == 1


def test_override_rejects_blank_reason(customer, agent):
    with pytest.raises(DomainError) as caught:
        customer_grade_override(actor=agent, customer=customer, grade=2, reason="  ")
    assert caught.value.code == "grade_reason_missing"
    customer.refresh_from_db()
    assert customer.grade_is_manual is False


def test_override_rejects_unknown_grade(customer, agent):
    with pytest.raises(DomainError) as caught:
        customer_grade_override(actor=agent, customer=customer, grade=4, reason="x")
    assert caught.value.code == "grade_invalid"


def test_override_by_team_supervisor(customer, supervisor):
    customer_grade_override(
        actor=supervisor, customer=customer, grade=3, reason="周检视"
    )
    customer.refresh_from_db()
    assert customer.grade == 3


@pytest.mark.parametrize("persona", ["other_supervisor", "manager", "teammate"])
def test_override_denied(customer, persona, request):
    actor = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        customer_grade_override(actor=actor, customer=customer, grade=2, reason="x")
    customer.refresh_from_db()
    assert customer.grade == 5


def test_override_kept_by_contact_regrade(customer, agent):
    customer_grade_override(actor=agent, customer=customer, grade=5, reason="已移民")
    factories.make_contact(customer, occurred_at=timezone.now())
    customer_regrade(customer=customer)
    customer.refresh_from_db()
    assert customer.grade == 5


def test_override_clear_recomputes(customer, agent):
    factories.make_contact(customer, kind="call", occurred_at=timezone.now())
    customer_grade_override(actor=agent, customer=customer, grade=2, reason="老朋友")
    customer_grade_override_clear(actor=agent, customer=customer)
    assert customer.grade == 3
    assert customer.grade_is_manual is False
    latest = GradeChange.objects.filter(customer=customer).first()
    assert (latest.old_grade, latest.new_grade) == (2, 3)
    assert latest.source == GradeSource.COMPUTED
    assert latest.actor == agent
    assert grade_override_of(customer) is None


def test_override_clear_without_override(customer, agent):
    with pytest.raises(DomainError) as caught:
        customer_grade_override_clear(actor=agent, customer=customer)
    assert caught.value.code == "grade_not_manual"


def test_override_clear_denied_to_other_supervisor(customer, agent, other_supervisor):
    customer_grade_override(actor=agent, customer=customer, grade=2, reason="x")
    with pytest.raises(PermissionDenied):
        customer_grade_override_clear(actor=other_supervisor, customer=customer)


def _change(customer, old, new, at):
    return GradeChange.objects.create(
        office=customer.office,
        customer=customer,
        agent=customer.agent,
        old_grade=old,
        new_grade=new,
        source=GradeSource.COMPUTED,
        changed_at=at,
    )


@pytest.fixture
def moves(customer):
    """Grade moves of `customer` in the week of 2026-11-30 to 2026-12-06."""
    return {
        "5->3": _change(customer, 5, 3, local(2026, 11, 30, 0, 0)),
        "3->2": _change(customer, 3, 2, local(2026, 12, 2, 9)),
        "5->2": _change(customer, 5, 2, local(2026, 12, 6, 23, 59)),
        "2->3": _change(customer, 2, 3, local(2026, 12, 3)),
        "3->5": _change(customer, 3, 5, local(2026, 12, 4)),
        "same": _change(customer, 3, 3, local(2026, 12, 4)),
        "before": _change(customer, 5, 3, local(2026, 11, 29, 23, 59)),
        "after": _change(customer, 5, 3, local(2026, 12, 7, 0, 0)),
    }


WEEK = (dt.date(2026, 11, 30), dt.date(2026, 12, 6))


def test_activations_counts_moves_up(agent, moves):
    found = set(activations_for(agent, *WEEK))
    assert found == {moves["5->3"], moves["3->2"], moves["5->2"]}


def test_downgrades_counts_moves_down(agent, moves):
    found = set(downgrades_for(agent, *WEEK))
    assert found == {moves["2->3"], moves["3->5"]}


def test_activations_visible_to_team_supervisor(supervisor, moves):
    assert activations_for(supervisor, *WEEK).count() == 3


def test_activations_hidden_from_other_team(other_supervisor, outsider, moves):
    assert activations_for(other_supervisor, *WEEK).count() == 0
    assert activations_for(outsider, *WEEK).count() == 0
