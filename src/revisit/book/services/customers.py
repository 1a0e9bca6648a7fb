"""Changes an agent makes to customers by hand: reveal and grade."""

import logging
from collections.abc import Iterable

from django.db import transaction

from revisit.accounts.models import User
from revisit.book.models import Customer, Grade
from revisit.core.audit import audit_log

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
    *, actor: User, customers: Iterable[Customer], grade: int
) -> int:
    """Set the 532 grade by hand and return how many customers changed.

    The grade is marked manual, so grading from contacts leaves it alone.
    Each customer whose grade or manual mark changes gets a
    `book.customer.graded` audit entry with the old and new grade.
    """
    grade = Grade(grade)
    changed = []
    for customer in customers:
        if customer.grade == grade and customer.grade_is_manual:
            continue
        audit_log(
            actor=actor,
            action="book.customer.graded",
            target=customer,
            data={
                "grade_from": customer.grade,
                "grade_to": int(grade),
                "was_manual": customer.grade_is_manual,
            },
        )
        customer.grade = grade
        customer.grade_is_manual = True
        changed.append(customer)
    Customer.objects.bulk_update(changed, ["grade", "grade_is_manual", "updated_at"])
    logger.info(
        "customers graded: count=%s grade=%s actor=%s", len(changed), grade, actor.pk
    )
    return len(changed)
