import datetime as dt
from collections import Counter

import pytest
from django.db.models import F

from revisit.accounts.models import Office, Team, User
from revisit.book.models import (
    CoverageLine,
    Customer,
    CustomerRelation,
    PaymentGroup,
    Policy,
    PolicyStatus,
    Relationship,
)
from revisit.book.naming import name_search_keys
from revisit.demo.generator import DemoOfficeError, generate_office
from revisit.demo.services import demo_database_wipe
from revisit.outreach.models import (
    ACTIVATION,
    DOWNGRADE,
    FACE_TO_FACE_KINDS,
    Contact,
    ContactKind,
    ContactOutcome,
    GradeChange,
)
from revisit.outreach.services import grades_recompute

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 4)
SMALL = {"agents": 2, "teams": 1, "customers": 200, "lines": 340, "today": TODAY}


def _generate(seed=7, **sizes):
    return generate_office(seed=seed, **{**SMALL, **sizes})


def _check_character(first17: str) -> str:
    """Compute the resident ID check character (GB 11643-1999) independently."""
    weights = [2 ** (17 - i) % 11 for i in range(17)]
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    return "10X98765432"[total % 11]


def _snapshot():
    """Return the generated rows by natural keys, leaving out pks and timestamps."""
    customers = sorted(
        Customer.objects.values_list(
            "agent__username",
            "full_name",
            "id_number",
            "phone",
            "birth_date",
            "address",
            "grade",
            "household__name",
            "last_contact_at",
        )
    )
    policies = sorted(
        Policy.objects.values_list(
            "policy_number",
            "holder__id_number",
            "insured__id_number",
            "status",
            "effective_date",
            "paid_to_date",
            "payment_end_date",
            "annual_premium",
        )
    )
    lines = sorted(
        CoverageLine.objects.values_list(
            "policy__policy_number",
            "product_code",
            "insured__id_number",
            "premium",
            "sum_assured",
        )
    )
    contacts = sorted(
        Contact.objects.values_list(
            "customer__id_number",
            "kind",
            "occurred_at",
            "outcome",
            "notes",
        )
    )
    return customers, policies, lines, contacts


def test_same_seed_gives_same_rows():
    _generate(seed=7)
    first = _snapshot()
    demo_database_wipe()
    _generate(seed=7)
    assert _snapshot() == first


def test_other_seed_gives_other_rows():
    _generate(seed=7)
    first = _snapshot()
    demo_database_wipe()
    _generate(seed=8)
    assert _snapshot()[0] != first[0]


def test_sizes_are_met_exactly():
    summary = _generate()
    assert Customer.objects.count() == 200 == summary.customers
    assert CoverageLine.objects.count() == 340 == summary.coverage_lines
    assert Team.objects.count() == 1
    assert User.objects.filter(role=User.Role.AGENT).count() == 2
    assert User.objects.filter(role=User.Role.SUPERVISOR).count() == 1
    assert User.objects.filter(role=User.Role.MANAGER).count() == 1


def test_every_customer_is_on_a_policy():
    _generate()
    on_policy = set(Policy.objects.values_list("holder_id", flat=True))
    on_policy |= set(Policy.objects.values_list("insured_id", flat=True))
    assert set(Customer.objects.values_list("pk", flat=True)) <= on_policy


def test_resident_ids_are_valid():
    _generate()
    for number, birth_date, gender in Customer.objects.values_list(
        "id_number", "birth_date", "gender"
    ):
        assert len(number) == 18, number
        assert number[17] == _check_character(number[:17]), number
        assert number[6:14] == f"{birth_date:%Y%m%d}", number
        assert (int(number[16]) % 2 == 1) == (gender == "M"), number


def test_phones_are_mobile_numbers():
    _generate()
    phones = [p for p in Customer.objects.values_list("phone", flat=True) if p]
    assert phones
    assert all(len(p) == 11 and p.startswith("1") and p.isdigit() for p in phones)


def test_families_have_symmetric_relations():
    _generate()
    pairs = set(
        CustomerRelation.objects.values_list("customer_id", "relative_id", "kind")
    )
    spouses = [(a, b) for a, b, kind in pairs if kind == Relationship.SPOUSE]
    assert spouses
    assert all((b, a, Relationship.SPOUSE) in pairs for a, b in spouses)
    children = [(a, b) for a, b, kind in pairs if kind == Relationship.CHILD]
    assert children
    assert all((b, a, Relationship.PARENT) in pairs for a, b in children)


def test_children_and_parents_are_insured_on_holders_policies():
    _generate()
    kinds = Counter(
        Policy.objects.exclude(holder_id=F("insured_id")).values_list(
            "relationship", flat=True
        )
    )
    assert kinds[Relationship.CHILD] > 0
    assert kinds[Relationship.PARENT] > 0
    assert kinds[Relationship.SPOUSE] > 0


def test_riders_ride_on_base_lines():
    _generate()
    riders = CoverageLine.objects.filter(is_rider=True)
    assert riders.exists()
    policies_with_riders = set(riders.values_list("policy_id", flat=True))
    with_base = set(
        CoverageLine.objects.filter(
            is_rider=False, policy_id__in=policies_with_riders
        ).values_list("policy_id", flat=True)
    )
    assert policies_with_riders == with_base


def test_waiver_rider_covers_the_holder():
    _generate(customers=400, lines=900)
    waivers = CoverageLine.objects.filter(category="waiver").select_related("policy")
    assert waivers.exists()
    assert all(line.insured_id == line.policy.holder_id for line in waivers)


def test_each_policy_state_occurs():
    _generate()
    statuses = set(Policy.objects.values_list("status", flat=True))
    for status in (
        PolicyStatus.IN_FORCE,
        PolicyStatus.LAPSED,
        PolicyStatus.MATURED,
        PolicyStatus.SURRENDERED,
    ):
        assert status in statuses
    assert Customer.objects.filter(is_in_grace=True).exists()
    assert Customer.objects.filter(is_reinstatable=True).exists()
    assert Policy.objects.filter(is_orphan=True).exists()


def test_lapsed_policies_fall_both_sides_of_reinstatement():
    _generate()
    ages = [
        (TODAY - paid_to).days
        for paid_to in Policy.objects.filter(status=PolicyStatus.LAPSED).values_list(
            "paid_to_date", flat=True
        )
    ]
    assert any(days <= 60 + 730 for days in ages)
    assert any(days > 60 + 730 for days in ages)


def test_payment_groups_are_classified():
    _generate()
    groups = set(Customer.objects.values_list("payment_group", flat=True))
    assert groups == {
        PaymentGroup.RENEWAL_RECEIVABLE,
        PaymentGroup.PAID_UP,
        PaymentGroup.NONE_IN_FORCE,
    }


def test_renewals_fall_due_over_coming_weeks():
    _generate()
    due = Customer.objects.filter(
        next_due_date__gte=TODAY, next_due_date__lt=TODAY + dt.timedelta(weeks=8)
    ).values_list("next_due_date", flat=True)
    weeks = Counter((day - TODAY).days // 7 for day in due)
    # A small book leaves a quiet week now and then, but never a quiet month.
    assert len(weeks) >= 6
    assert max(weeks.values()) < len(due) / 2


def test_grades_come_in_a_believable_mix():
    summary = _generate(customers=600, lines=1000)
    shares = {grade: count / 600 for grade, count in summary.grades.items()}
    assert 0.08 <= shares[2] <= 0.25
    assert 0.25 <= shares[3] <= 0.45
    assert 0.40 <= shares[5] <= 0.60


def test_grades_follow_contact_history():
    _generate()
    window_start = TODAY - dt.timedelta(days=364)
    meetings, contacted = Counter(), set()
    for customer_id, kind, outcome, occurred_at in Contact.objects.values_list(
        "customer_id", "kind", "outcome", "occurred_at"
    ):
        assert occurred_at.date() >= window_start - dt.timedelta(days=1)
        if outcome == ContactOutcome.NO_ANSWER:
            # A missed call is an attempt; it makes no customer a 3.
            continue
        contacted.add(customer_id)
        meetings[customer_id] += kind in FACE_TO_FACE_KINDS
    for customer_id, grade in Customer.objects.values_list("pk", "grade"):
        if meetings[customer_id] >= 2:
            expected = 2
        elif customer_id in contacted:
            expected = 3
        else:
            expected = 5
        assert grade == expected, customer_id


def test_regrade_agrees_with_generated_grades():
    summary = _generate()
    result = grades_recompute(office_id=summary.office_id, today=TODAY)
    assert result.customers == 200
    assert result.changed == 0


def test_grade_history_ends_at_current_grade():
    _generate()
    changes = GradeChange.objects.order_by("customer_id", "changed_at", "pk")
    assert changes.filter(ACTIVATION).exists()
    assert changes.filter(DOWNGRADE).exists()
    latest = {change.customer_id: change for change in changes}
    grades = dict(Customer.objects.values_list("pk", "grade"))
    for customer_id, change in latest.items():
        assert change.new_grade == grades[customer_id], customer_id
        assert change.changed_at.date() <= TODAY


def test_last_contact_is_latest_contact():
    _generate()
    customer = Customer.objects.filter(grade=2).first()
    latest = Contact.objects.filter(customer=customer).order_by("-occurred_at").first()
    assert customer.last_contact_at == latest.occurred_at
    assert Customer.objects.filter(grade=5, last_contact_at__isnull=False).count() == 0


def test_contacts_cover_every_kind():
    _generate()
    kinds = set(Contact.objects.values_list("kind", flat=True))
    assert kinds == set(ContactKind.values)


def test_signed_contacts_name_a_policy_and_premium():
    _generate()
    signed = Contact.objects.filter(outcome=ContactOutcome.SIGNED)
    assert signed.exists()
    numbers = set(Policy.objects.values_list("policy_number", flat=True))
    for contact in signed:
        assert contact.signed_policy_number in numbers
        assert contact.signed_premium > 0
        assert contact.kind == ContactKind.VISIT


def test_outcomes_include_referrals_and_refusals():
    _generate()
    outcomes = set(Contact.objects.values_list("outcome", flat=True))
    assert {
        ContactOutcome.APPOINTMENT,
        ContactOutcome.PROPOSAL,
        ContactOutcome.REFERRAL,
        ContactOutcome.REFUSED,
        ContactOutcome.NO_ANSWER,
    } <= outcomes
    refused = Contact.objects.filter(outcome=ContactOutcome.REFUSED)
    assert all(contact.refusal_reason for contact in refused)


def test_contacts_per_year_sets_the_total():
    summary = _generate(contacts_per_year=1500)
    assert Contact.objects.count() == 1500 == summary.contacts


def test_name_search_keys_are_filled():
    _generate()
    for name, pinyin, initials in Customer.objects.values_list(
        "full_name", "name_pinyin", "name_initials"
    ):
        assert (pinyin, initials) == name_search_keys(name)


def test_rejects_fewer_lines_than_customers():
    with pytest.raises(DemoOfficeError):
        _generate(customers=100, lines=99)
    assert not Office.objects.exists()


def test_rejects_existing_office_code():
    _generate()
    with pytest.raises(DemoOfficeError):
        _generate()
