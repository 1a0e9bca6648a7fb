"""532 grading: compute grades from the contact log, override them by hand.

Rules, over the office's trailing window (GradingRules, default 12 months):
- 2: at least `visits_for_2` face-to-face contacts (default 2);
- 3: any remote contact, or fewer face-to-face contacts than that;
- 5: no counted contact at all.
Withdrawn contacts count nowhere, and neither do kinds an office lists in
neither group or contacts whose outcome is "no answer" (UNANSWERED_OUTCOMES):
a missed call is an attempt, not contact. Every contact with the customer
counts, whoever logged it.
A customer with `grade_is_manual` keeps their grade until the override is
cleared. Grades also decay as contacts leave the window, which is why
`revisit regrade` runs once a day.
"""

import calendar
import datetime as dt
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from revisit.accounts.models import User
from revisit.book.models import Customer, Grade
from revisit.core.audit import audit_log
from revisit.core.exceptions import DomainError
from revisit.outreach.models import (
    UNANSWERED_OUTCOMES,
    Contact,
    GradeChange,
    GradeSource,
    GradingRules,
)
from revisit.outreach.permissions import can_override_grade

logger = logging.getLogger(__name__)

# Shared by the grade override forms of the customer page and of quick
# grading, so both ask for the reason in the same words.
GRADE_REASON_MISSING = _("Enter a reason for setting the grade by hand.")

# Customers per transaction in a recompute. It also bounds the IN lists, far
# below the default parameter limits of SQLite (32,766 since 3.32) and of
# PostgreSQL's wire protocol (65,535).
CHUNK = 2000


@dataclass
class RegradeResult:
    customers: int = 0
    changed: int = 0
    activations: int = 0
    downgrades: int = 0

    def add(self, other: "RegradeResult") -> None:
        self.customers += other.customers
        self.changed += other.changed
        self.activations += other.activations
        self.downgrades += other.downgrades


def grading_rules_for(office_id: int) -> GradingRules:
    """Return the office's rules, or unsaved defaults when it has none."""
    rules = GradingRules.objects.filter(office_id=office_id).first()
    return rules or GradingRules(office_id=office_id)


def months_before(day: dt.date, months: int) -> dt.date:
    """Return the same day `months` months earlier, or the month's last day.

    One month before 31 March is 28 February, or 29 February in a leap year.
    """
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last_day))


def grade_window(today: dt.date, window_months: int) -> tuple[dt.datetime, dt.datetime]:
    """Return the [start, end) instants of the window ending with `today`.

    A contact counts while its local date is later than the same day
    `window_months` months ago, up to the end of today: with 12 months on
    2026-12-05, contacts dated 2025-12-06 through 2026-12-05 count.
    """
    zone = timezone.get_default_timezone()
    first_day = months_before(today, window_months) + dt.timedelta(days=1)
    start = dt.datetime.combine(first_day, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(today + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return start, end


def grade_from_counts(*, face_to_face: int, remote: int, visits_for_2: int) -> int:
    if face_to_face >= visits_for_2:
        return Grade.TWO
    if face_to_face or remote:
        return Grade.THREE
    return Grade.FIVE


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _contact_counts(
    customer_ids: list[int], rules: GradingRules, start: dt.datetime, end: dt.datetime
) -> dict[int, tuple[int, int]]:
    """Return {customer id: (face-to-face, remote)} for customers with contacts."""
    rows = (
        Contact.objects.filter(
            customer_id__in=customer_ids,
            is_void=False,
            occurred_at__gte=start,
            occurred_at__lt=end,
        )
        .exclude(outcome__in=UNANSWERED_OUTCOMES)
        .order_by()
        .values("customer_id")
        .annotate(
            face_to_face=Count("pk", filter=Q(kind__in=rules.face_to_face_kinds)),
            remote=Count("pk", filter=Q(kind__in=rules.remote_kinds)),
        )
        .values_list("customer_id", "face_to_face", "remote")
    )
    return {customer_id: (f2f, remote) for customer_id, f2f, remote in rows}


def _regrade_chunk(
    customer_ids: list[int],
    *,
    rules: GradingRules,
    window: tuple[dt.datetime, dt.datetime],
    actor: User | None,
) -> RegradeResult:
    result = RegradeResult()
    changes: list[GradeChange] = []
    moves: dict[tuple[int, int], list[int]] = {}
    now = timezone.now()
    with transaction.atomic():
        # Locking the rows first keeps a concurrent override from being
        # overwritten. PostgreSQL locks the rows, and SQLite already holds
        # the database write lock inside the transaction.
        current = (
            Customer.objects.select_for_update()
            .filter(pk__in=customer_ids, grade_is_manual=False)
            .values_list("pk", "office_id", "agent_id", "grade")
        )
        current = list(current)
        counts = _contact_counts(customer_ids, rules, *window)
        for customer_id, office_id, agent_id, old_grade in current:
            face_to_face, remote = counts.get(customer_id, (0, 0))
            new_grade = grade_from_counts(
                face_to_face=face_to_face, remote=remote,
                visits_for_2=rules.visits_for_2,
            )
            result.customers += 1
            if new_grade == old_grade:
                continue
            moves.setdefault((old_grade, new_grade), []).append(customer_id)
            changes.append(
                GradeChange(
                    office_id=office_id, customer_id=customer_id, agent_id=agent_id,
                    old_grade=old_grade, new_grade=new_grade,
                    source=GradeSource.COMPUTED, actor=actor, changed_at=now,
                )
            )
            result.changed += 1
            result.activations += new_grade < old_grade
            result.downgrades += new_grade > old_grade
        for (_old, new_grade), ids in moves.items():
            Customer.objects.filter(pk__in=ids).update(grade=new_grade)
        GradeChange.objects.bulk_create(changes, batch_size=500)
    return result


def grades_recompute(
    *,
    office_id: int,
    today: dt.date | None = None,
    agent_id: int | None = None,
    customer_ids: Iterable[int] | None = None,
    actor: User | None = None,
) -> RegradeResult:
    """Recompute the grade of an office's customers from their contacts.

    Narrow it to one agent's book or to `customer_ids`. Customers with a
    manual grade are skipped. Each change updates Customer.grade and adds a
    GradeChange with source "computed", in transactions of CHUNK customers.
    """
    today = today or timezone.localdate()
    rules = grading_rules_for(office_id)
    window = grade_window(today, rules.window_months)

    customers = Customer.objects.filter(office_id=office_id, grade_is_manual=False)
    if agent_id is not None:
        customers = customers.filter(agent_id=agent_id)
    if customer_ids is not None:
        customers = customers.filter(pk__in=list(customer_ids))
    ids = list(customers.order_by("pk").values_list("pk", flat=True))

    result = RegradeResult()
    for chunk in _chunks(ids):
        result.add(_regrade_chunk(chunk, rules=rules, window=window, actor=actor))
    if customer_ids is None:
        logger.info(
            "regraded office=%s agent=%s today=%s customers=%s changed=%s "
            "up=%s down=%s",
            office_id, agent_id, today, result.customers, result.changed,
            result.activations, result.downgrades,
        )
    return result


def customer_regrade(
    *, customer: Customer, actor: User | None = None, today: dt.date | None = None
) -> RegradeResult:
    return grades_recompute(
        office_id=customer.office_id, customer_ids=[customer.pk], actor=actor,
        today=today,
    )


def customer_grade_override(
    *, actor: User, customer: Customer, grade: int, reason: str
) -> GradeChange:
    """Pin the customer's grade by hand until the override is cleared.

    Raises PermissionDenied unless `actor` may override (see permissions) and
    DomainError for an unknown grade or a blank reason.
    """
    if not can_override_grade(actor, customer):
        raise PermissionDenied
    if grade not in Grade.values:
        raise DomainError(
            _("Grade %(grade)s is not one of 2, 3 or 5."), code="grade_invalid",
            params={"grade": grade},
        )
    reason = reason.strip()
    if not reason:
        raise DomainError(GRADE_REASON_MISSING, code="grade_reason_missing")
    with transaction.atomic():
        locked = Customer.objects.select_for_update().get(pk=customer.pk)
        change = GradeChange.objects.create(
            office_id=locked.office_id, customer=locked, agent_id=locked.agent_id,
            old_grade=locked.grade, new_grade=grade, source=GradeSource.MANUAL,
            reason=reason, actor=actor,
        )
        Customer.objects.filter(pk=locked.pk).update(grade=grade, grade_is_manual=True)
        audit_log(
            actor=actor, action="outreach.grade.overridden", target=locked,
            data={"old_grade": locked.grade, "new_grade": grade},
        )
    customer.grade, customer.grade_is_manual = grade, True
    logger.info(
        "grade overridden customer=%s old=%s new=%s actor=%s",
        customer.pk, change.old_grade, grade, actor.pk,
    )
    return change


def customer_grade_override_clear(*, actor: User, customer: Customer) -> RegradeResult:
    """Return the customer to the computed grade and recompute it now."""
    if not can_override_grade(actor, customer):
        raise PermissionDenied
    with transaction.atomic():
        cleared = Customer.objects.filter(pk=customer.pk, grade_is_manual=True).update(
            grade_is_manual=False
        )
        if not cleared:
            raise DomainError(
                _("This customer's grade is not set by hand."),
                code="grade_not_manual",
            )
        audit_log(
            actor=actor, action="outreach.grade.override_cleared", target=customer
        )
        result = customer_regrade(customer=customer, actor=actor)
    customer.refresh_from_db(fields=["grade", "grade_is_manual"])
    return result
