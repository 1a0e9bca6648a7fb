"""The contact form's conditional checks, with the Chinese messages agents see."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from revisit.outreach.forms import ContactForm, GradeOverrideForm, VoidForm
from revisit.outreach.models import earliest_contact_date


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def form_data(**fields):
    moment = timezone.localtime() - dt.timedelta(minutes=30)
    data = {
        "kind": "visit",
        "outcome": "appointment",
        "occurred_at": moment.strftime("%Y-%m-%dT%H:%M"),
    }
    data.update(fields)
    return data


def test_form_minimal_is_valid(db):
    form = ContactForm(form_data())
    assert form.is_valid(), form.errors


def test_form_needs_kind_and_outcome(db):
    form = ContactForm(form_data(kind="", outcome=""))
    assert form.errors["kind"] == ["请选择跟进方式。"]
    assert form.errors["outcome"] == ["请选择跟进结果。"]


def test_form_signed_needs_policy_and_premium(db):
    form = ContactForm(form_data(outcome="signed"))
    assert form.errors["signed_policy_number"] == ["请填写所签保单的保单号。"]
    assert form.errors["signed_premium"] == ["请填写所签保单的保费（元）。"]


def test_form_signed_complete_is_valid(db):
    form = ContactForm(
        form_data(
            outcome="signed", signed_policy_number="P0001", signed_premium="12000"
        )
    )
    assert form.is_valid(), form.errors


def test_form_refused_needs_reason(db):
    form = ContactForm(form_data(outcome="refused"))
    assert form.errors["refusal_reason"] == ["请填写客户拒绝的原因。"]


def test_form_rejects_negative_premium(db):
    form = ContactForm(
        form_data(outcome="signed", signed_policy_number="P1", signed_premium="-5")
    )
    assert "signed_premium" in form.errors


def test_form_rejects_future_time(db):
    later = timezone.localtime() + dt.timedelta(hours=2)
    form = ContactForm(form_data(occurred_at=later.strftime("%Y-%m-%dT%H:%M")))
    assert form.errors["occurred_at"] == [
        "所填时间晚于现在。请在跟进发生后再记录。"
    ]


def test_form_rejects_year_1900(db):
    form = ContactForm(form_data(occurred_at="1900-01-01T10:00"))
    earliest = earliest_contact_date(timezone.localdate())
    assert form.errors["occurred_at"] == [
        f"所填时间早于一年前。最早可填{earliest.year}年{earliest.month}月"
        f"{earliest.day}日。"
    ]


def test_form_sets_min_date(db):
    form = ContactForm()
    earliest = earliest_contact_date(timezone.localdate())
    assert form.fields["occurred_at"].widget.attrs["min"] == (
        f"{earliest.isoformat()}T00:00"
    )


def test_form_rejects_long_notes(db):
    form = ContactForm(form_data(notes="记" * 2001))
    assert form.errors["notes"] == ["最多2000个字，现在有2001个字，请删减。"]


def test_form_accepts_notes_at_limit(db):
    form = ContactForm(form_data(notes="记" * 2000))
    assert form.is_valid(), form.errors


@pytest.mark.parametrize("name", ["purpose", "entry_point", "next_step"])
def test_form_rejects_long_text(db, name):
    form = ContactForm(form_data(**{name: "字" * 201}))
    assert form.errors[name] == ["最多200个字，现在有201个字，请删减。"]


def test_form_bad_premium_one_error(db):
    form = ContactForm(
        form_data(outcome="signed", signed_policy_number="P1", signed_premium="abc")
    )
    assert form.errors["signed_premium"] == ["保费请填数字（元），例如 12000。"]


def test_form_long_refusal_one_error(db):
    form = ContactForm(form_data(outcome="refused", refusal_reason="字" * 201))
    assert form.errors["refusal_reason"] == ["最多200个字，现在有201个字，请删减。"]


def test_form_rejects_next_step_in_past(db):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    form = ContactForm(form_data(next_step_date=yesterday.isoformat()))
    assert form.errors["next_step_date"] == ["下一步日期早于本次跟进日期。"]


def test_form_reads_time_as_shanghai(db):
    form = ContactForm(form_data(occurred_at="2026-01-02T08:30"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["occurred_at"] == dt.datetime(
        2026, 1, 2, 0, 30, tzinfo=dt.UTC
    )


def test_form_offers_no_blank_choices(db):
    form = ContactForm()
    assert "" not in [value for value, _label in form.fields["kind"].choices]
    assert "" not in [value for value, _label in form.fields["outcome"].choices]


def test_void_form_needs_reason():
    assert VoidForm({"reason": ""}).errors["reason"] == ["请填写撤回原因。"]


def test_grade_form_needs_reason():
    form = GradeOverrideForm({"grade": "2", "reason": ""})
    assert form.errors["reason"] == ["请填写手工设定分级的原因。"]


def test_grade_form_rejects_grade_4():
    assert "grade" in GradeOverrideForm({"grade": "4", "reason": "x"}).errors
