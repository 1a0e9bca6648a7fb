"""Logging, editing and withdrawing contacts through the services."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from revisit.core.exceptions import DomainError
from revisit.core.models import AuditEntry
from revisit.outreach.models import (
    Contact,
    ContactRevision,
    GradeChange,
    earliest_contact_date,
)
from revisit.outreach.services import contact_edit, contact_log, contact_void
from revisit.outreach.signals import contact_saved
from tests import factories
from tests.outreach.conftest import SHANGHAI


def hours_ago(hours):
    return timezone.now() - dt.timedelta(hours=hours)


def test_log_saves_contact(customer, agent):
    contact = contact_log(
        actor=agent,
        customer=customer,
        kind="visit",
        outcome="appointment",
        occurred_at=hours_ago(2),
        purpose="送生日礼物",
        next_step="递送建议书",
        next_step_date=timezone.localdate() + dt.timedelta(days=3),
    )
    stored = Contact.objects.get(pk=contact.pk)
    assert stored.agent == agent
    assert stored.office == customer.office
    assert stored.purpose == "送生日礼物"
    assert stored.is_void is False


def test_log_defaults_time_to_now(customer, agent):
    before = timezone.now()
    contact = contact_log(actor=agent, customer=customer, kind="call", outcome="done")
    assert before <= contact.occurred_at <= timezone.now()


def test_log_sets_last_contact(customer, agent):
    when = hours_ago(1)
    contact_log(
        actor=agent, customer=customer, kind="call", outcome="done", occurred_at=when
    )
    customer.refresh_from_db()
    assert customer.last_contact_at == when


def test_log_keeps_latest_as_last_contact(customer, agent):
    latest = hours_ago(1)
    contact_log(
        actor=agent, customer=customer, kind="call", outcome="done", occurred_at=latest
    )
    contact_log(
        actor=agent,
        customer=customer,
        kind="call",
        outcome="done",
        occurred_at=hours_ago(30),
    )
    customer.refresh_from_db()
    assert customer.last_contact_at == latest


def test_log_regrades_customer(customer, agent):
    contact_log(
        actor=agent,
        customer=customer,
        kind="visit",
        outcome="done",
        occurred_at=hours_ago(48),
    )
    customer.refresh_from_db()
    assert customer.grade == 3
    contact_log(
        actor=agent,
        customer=customer,
        kind="visit",
        outcome="done",
        occurred_at=hours_ago(1),
    )
    customer.refresh_from_db()
    assert customer.grade == 2
    moves = list(
        GradeChange.objects.filter(customer=customer)
        .order_by("pk")
        .values_list("old_grade", "new_grade", "actor")
    )
    assert moves == [(5, 3, agent.pk), (3, 2, agent.pk)]


def test_log_unanswered_call_keeps_grade(customer, agent):
    contact_log(
        actor=agent,
        customer=customer,
        kind="call",
        outcome="no_answer",
        occurred_at=hours_ago(1),
    )
    customer.refresh_from_db()
    assert customer.grade == 5
    assert GradeChange.objects.filter(customer=customer).exists() is False


def test_log_writes_audit_entry(customer, agent):
    contact = contact_log(actor=agent, customer=customer, kind="call", outcome="done")
    entry = AuditEntry.objects.get(action="outreach.contact.logged")
    assert entry.target_id == str(contact.pk)
    assert entry.actor == agent


def test_log_sends_signal(customer, agent):
    received = []

    def receiver(sender, contact, action, **kwargs):
        received.append((contact.pk, action))

    contact_saved.connect(receiver)
    try:
        contact = contact_log(
            actor=agent, customer=customer, kind="call", outcome="done"
        )
    finally:
        contact_saved.disconnect(receiver)
    assert received == [(contact.pk, "logged")]


@pytest.mark.parametrize(
    "persona", ["supervisor", "manager", "teammate", "other_supervisor"]
)
def test_log_denied(customer, persona, request):
    actor = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        contact_log(actor=actor, customer=customer, kind="visit", outcome="done")
    assert Contact.objects.count() == 0


def test_log_signed_needs_policy_and_premium(customer, agent):
    with pytest.raises(ValidationError) as caught:
        contact_log(actor=agent, customer=customer, kind="visit", outcome="signed")
    errors = caught.value.error_dict
    assert errors["signed_policy_number"][0].code == "signed_policy_number_missing"
    assert errors["signed_premium"][0].code == "signed_premium_missing"


def test_log_refused_needs_reason(customer, agent):
    with pytest.raises(ValidationError) as caught:
        contact_log(actor=agent, customer=customer, kind="call", outcome="refused")
    assert caught.value.error_dict["refusal_reason"][0].code == "refusal_reason_missing"


def test_log_rejects_future_time(customer, agent):
    with pytest.raises(ValidationError) as caught:
        contact_log(
            actor=agent,
            customer=customer,
            kind="call",
            outcome="done",
            occurred_at=timezone.now() + dt.timedelta(hours=1),
        )
    assert caught.value.error_dict["occurred_at"][0].code == "occurred_in_future"


def test_log_rejects_time_over_year_ago(customer, agent):
    earliest = earliest_contact_date(timezone.localdate())
    day_before = dt.datetime.combine(
        earliest - dt.timedelta(days=1), dt.time(23, 59), tzinfo=SHANGHAI
    )
    with pytest.raises(ValidationError) as caught:
        contact_log(
            actor=agent,
            customer=customer,
            kind="call",
            outcome="done",
            occurred_at=day_before,
        )
    assert caught.value.error_dict["occurred_at"][0].code == "occurred_too_early"


def test_log_accepts_earliest_day(customer, agent):
    earliest = earliest_contact_date(timezone.localdate())
    contact = contact_log(
        actor=agent,
        customer=customer,
        kind="call",
        outcome="done",
        occurred_at=dt.datetime.combine(earliest, dt.time.min, tzinfo=SHANGHAI),
    )
    assert contact.pk is not None


def test_edit_keeps_old_time_allowed(customer, agent):
    """Notes on a contact older than a year can still be corrected."""
    old = factories.make_contact(
        customer, kind="call", occurred_at=timezone.now() - dt.timedelta(days=800)
    )
    edited = contact_edit(actor=agent, contact=old, notes="补记")
    assert edited.notes == "补记"


def test_edit_rejects_moving_time_back(customer, agent):
    contact = factories.make_contact(
        customer, kind="call", occurred_at=timezone.now() - dt.timedelta(days=3)
    )
    with pytest.raises(ValidationError) as caught:
        contact_edit(
            actor=agent,
            contact=contact,
            occurred_at=timezone.now() - dt.timedelta(days=800),
        )
    assert caught.value.error_dict["occurred_at"][0].code == "occurred_too_early"


def test_log_rejects_long_notes(customer, agent):
    with pytest.raises(ValidationError) as caught:
        contact_log(
            actor=agent, customer=customer, kind="call", outcome="done",
            notes="x" * 20_000,
        )
    assert caught.value.error_dict["notes"][0].code == "max_length"


def test_log_rejects_next_step_before_contact(customer, agent):
    with pytest.raises(ValidationError) as caught:
        contact_log(
            actor=agent,
            customer=customer,
            kind="call",
            outcome="done",
            next_step_date=timezone.localdate() - dt.timedelta(days=1),
        )
    error = caught.value.error_dict["next_step_date"][0]
    assert error.code == "next_step_before_contact"


def test_log_drops_fields_of_other_outcomes(customer, agent):
    contact = contact_log(
        actor=agent,
        customer=customer,
        kind="visit",
        outcome="proposal",
        signed_policy_number="P123",
        signed_premium=Decimal("100"),
        refusal_reason="太贵",
    )
    assert contact.signed_policy_number == ""
    assert contact.signed_premium is None
    assert contact.refusal_reason == ""


def test_log_rejects_unknown_field(customer, agent):
    with pytest.raises(TypeError):
        contact_log(
            actor=agent, customer=customer, kind="call", outcome="done", grade=2
        )


@pytest.fixture
def logged(customer, agent):
    return contact_log(
        actor=agent,
        customer=customer,
        kind="visit",
        outcome="signed",
        occurred_at=hours_ago(3),
        signed_policy_number="P000123",
        signed_premium=Decimal("12000"),
    )


def test_edit_records_revision(logged, agent):
    contact_edit(actor=agent, contact=logged, purpose="年检保单", notes="孩子刚上小学")
    revision = ContactRevision.objects.get(contact=logged)
    assert revision.action == ContactRevision.Action.EDITED
    assert revision.changed_by == agent
    assert revision.changes == {
        "purpose": {"old": "", "new": "年检保单"},
        "notes": {"old": "", "new": "孩子刚上小学"},
    }


def test_edit_stores_old_values_as_text(logged, agent):
    contact_edit(actor=agent, contact=logged, signed_premium=Decimal("15000"))
    revision = ContactRevision.objects.get(contact=logged)
    assert revision.changes == {
        "signed_premium": {"old": "12000.00", "new": "15000.00"},
    }


def test_edit_outcome_clears_signed_fields(logged, agent):
    contact_edit(
        actor=agent, contact=logged, outcome="refused", refusal_reason="预算不够"
    )
    logged.refresh_from_db()
    assert logged.signed_policy_number == ""
    changes = ContactRevision.objects.get(contact=logged).changes
    assert changes["signed_policy_number"] == {"old": "P000123", "new": ""}
    assert changes["outcome"] == {"old": "signed", "new": "refused"}


def test_edit_without_change_writes_nothing(logged, agent):
    contact_edit(actor=agent, contact=logged, kind="visit")
    assert ContactRevision.objects.count() == 0


def test_edit_kind_regrades(logged, agent, customer):
    contact_log(
        actor=agent,
        customer=customer,
        kind="visit",
        outcome="done",
        occurred_at=hours_ago(1),
    )
    customer.refresh_from_db()
    assert customer.grade == 2
    contact_edit(actor=agent, contact=logged, kind="call")
    customer.refresh_from_db()
    assert customer.grade == 3


def test_edit_denied_to_supervisor(logged, supervisor):
    with pytest.raises(PermissionDenied):
        contact_edit(actor=supervisor, contact=logged, notes="主管补充")


def test_edit_withdrawn_contact_rejected(logged, agent):
    contact_void(actor=agent, contact=logged, reason="记错客户")
    with pytest.raises(DomainError) as caught:
        contact_edit(actor=agent, contact=logged, notes="x")
    assert caught.value.code == "contact_withdrawn"


def test_void_keeps_row(logged, agent):
    contact_void(actor=agent, contact=logged, reason="记错客户")
    stored = Contact.objects.get(pk=logged.pk)
    assert stored.is_void is True
    assert stored.void_reason == "记错客户"
    assert stored.voided_by == agent
    assert stored.voided_at is not None


def test_void_records_revision(logged, agent):
    contact_void(actor=agent, contact=logged, reason="重复记录")
    revision = ContactRevision.objects.get(contact=logged)
    assert revision.action == ContactRevision.Action.WITHDRAWN
    assert revision.reason == "重复记录"


def test_void_moves_last_contact_back(customer, agent, logged):
    earlier = hours_ago(50)
    contact_log(
        actor=agent, customer=customer, kind="call", outcome="done", occurred_at=earlier
    )
    contact_void(actor=agent, contact=logged, reason="记错客户")
    customer.refresh_from_db()
    assert customer.last_contact_at == earlier


def test_void_last_contact_clears(customer, agent, logged):
    contact_void(actor=agent, contact=logged, reason="记错客户")
    customer.refresh_from_db()
    assert customer.last_contact_at is None


def test_void_regrades(customer, agent, logged):
    contact_void(actor=agent, contact=logged, reason="记错客户")
    customer.refresh_from_db()
    assert customer.grade == 5
    latest = GradeChange.objects.filter(customer=customer).first()
    assert (latest.old_grade, latest.new_grade) == (3, 5)
    assert latest.is_downgrade is True


def test_void_needs_reason(logged, agent):
    with pytest.raises(DomainError) as caught:
        contact_void(actor=agent, contact=logged, reason=" ")
    assert caught.value.code == "void_reason_missing"


def test_void_twice_rejected(logged, agent):
    contact_void(actor=agent, contact=logged, reason="记错客户")
    with pytest.raises(DomainError) as caught:
        contact_void(actor=agent, contact=logged, reason="再次")
    assert caught.value.code == "contact_withdrawn"


def test_void_denied_to_teammate(logged, teammate):
    with pytest.raises(PermissionDenied):
        contact_void(actor=teammate, contact=logged, reason="x")
