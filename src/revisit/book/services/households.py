"""Household editing by hand: rename, move a customer, split off a new one.

Every household touched here is marked `is_manual`, so a later import does
not regroup it. A household left without members is deleted: households
carry no history of their own, and the audit entry of the move or split
records the deletion.
"""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from revisit.accounts.models import User
from revisit.book.models import Customer, Household
from revisit.core.audit import audit_log

logger = logging.getLogger(__name__)

NAME_MAX_LENGTH = Household._meta.get_field("name").max_length


def _mark_manual(household: Household | None) -> None:
    if household is not None and not household.is_manual:
        household.is_manual = True
        household.save(update_fields=["is_manual", "updated_at"])


def _delete_empty(household_ids: list[int]) -> list[int]:
    """Delete those of `household_ids` that have no member left.

    Returns the deleted households' ids, sorted.
    """
    empty = Household.objects.filter(pk__in=household_ids, members__isnull=True)
    deleted_ids = sorted(empty.values_list("pk", flat=True))
    Household.objects.filter(pk__in=deleted_ids).delete()
    return deleted_ids


@transaction.atomic
def household_rename(*, actor: User, household: Household, name: str) -> Household:
    old_name = household.name
    household.name = name.strip()
    household.is_manual = True
    household.full_clean()
    household.save(update_fields=["name", "is_manual", "updated_at"])
    audit_log(
        actor=actor,
        action="book.household.renamed",
        target=household,
        data={"name_from": old_name, "name_to": household.name},
    )
    logger.info("household renamed: household=%s actor=%s", household.pk, actor.pk)
    return household


@transaction.atomic
def customer_move_household(
    *, actor: User, customer: Customer, household: Household
) -> None:
    """Move `customer` into `household`, which must be in the same office."""
    if household.office_id != customer.office_id:
        raise ValueError("a customer can only join a household of their own office")
    previous = customer.household
    customer.household = household
    customer.save(update_fields=["household", "updated_at"])
    _mark_manual(previous)
    _mark_manual(household)
    deleted_ids = _delete_empty([previous.pk]) if previous else []
    audit_log(
        actor=actor,
        action="book.customer.household_changed",
        target=customer,
        data={
            "household_from": previous.pk if previous else None,
            "household_to": household.pk,
            "households_deleted": deleted_ids,
        },
    )
    logger.info(
        "customer moved: customer=%s household_from=%s household_to=%s actor=%s",
        customer.pk, previous.pk if previous else None, household.pk, actor.pk,
    )


@transaction.atomic
def household_split(
    *, actor: User, customers: list[Customer], name: str = ""
) -> Household:
    """Move `customers` out of their households into one new household.

    Without a name the new household is named after its first member.
    """
    if not customers:
        raise ValueError("a new household needs at least one member")
    first = customers[0]
    if any(customer.office_id != first.office_id for customer in customers):
        raise ValueError("a household holds customers of one office only")
    household = Household.objects.create(
        office_id=first.office_id,
        name=(name.strip() or _("%(name)s's household") % {"name": first.full_name})[
            :NAME_MAX_LENGTH
        ],
        is_manual=True,
    )
    previous_ids = sorted(
        {c.household_id for c in customers if c.household_id is not None}
    )
    for previous in Household.objects.filter(pk__in=previous_ids):
        _mark_manual(previous)
    Customer.objects.filter(pk__in=[c.pk for c in customers]).update(
        household=household, updated_at=timezone.now()
    )
    deleted_ids = _delete_empty(previous_ids)
    audit_log(
        actor=actor,
        action="book.household.split",
        target=household,
        data={
            "household_from": previous_ids,
            "customer_ids": sorted(c.pk for c in customers),
            "households_deleted": deleted_ids,
        },
    )
    logger.info(
        "household split: household=%s customers=%s actor=%s",
        household.pk, len(customers), actor.pk,
    )
    return household
