"""Changes an agent makes to customers by hand: reveal and grade."""

import logging
from collections.abc import Iterable

from django.db import transaction

from revisit.accounts.models import User
from revisit.book.models import Customer, Grade
from revisit.core.audit import audit_log
from revisit.outreach.services.grading import customer_grade_override

logger = logging.getLogger(__name__)

REVEALABLE_FIELDS = ("id_number", "phone", "phone_alt")


def customer_reveal(*, actor: User, customer: Customer, field: str) -> str:
    """Return the unmasked value of `field` and record who saw it.

    Lists and pages show ID numbers and phones masked; every look at a full
    value writes a `book.customer.revealed` audit entry naming the field.
    """
    if field not in REVEALABLE_FIELDS:
        raise ValueError(f"field {field!r} cannot be revealed")
    audit_log(
        actor=actor,
        action="book.customer.revealed",
        target=customer,
        data={"field": field},
    )
    logger.info(
        "customer revealed: customer=%s field=%s actor=%s",
        customer.pk, field, actor.pk,
    )
    return getattr(customer, field)


@transaction.atomic
def customers_grade(
    *, actor: User, customers: Iterable[Customer], grade: int, reason: str
) -> int:
    """Set the 532 grade of many customers by hand; return how many changed.

    Each customer goes through the contact log's manual override, so the
    grade is pinned against grading from contacts and each change gets a
    grade-history row and an `outreach.grade.overridden` audit entry.
    Customers already set by hand to `grade` are left alone.
    """
    grade = Grade(grade)
    changed = 0
    for customer in customers:
        if customer.grade == grade and customer.grade_is_manual:
            continue
        customer_grade_override(
            actor=actor, customer=customer, grade=grade, reason=reason
        )
        changed += 1
    logger.info(
        "customers graded: count=%s grade=%s actor=%s", changed, grade, actor.pk
    )
    return changed
