"""Cover groups: the product categories a needs analysis reasons about.

The book stores a category per coverage line. Needs analysis speaks of five
groups instead, the way agents explain cover to a family: life, critical
illness, medical, accident, and savings for annuity, education and pension.
"""

import datetime as dt
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from revisit.book.models import PaymentMode, ProductCategory
from revisit.book.services.classification import policy_is_paying


class CoverGroup(models.TextChoices):
    LIFE = "life", _("Life")
    CRITICAL_ILLNESS = "critical_illness", _("Critical illness")
    MEDICAL = "medical", _("Medical")
    ACCIDENT = "accident", _("Accident")
    SAVINGS = "savings", _("Annuity, education and pension")


# Universal and unit-linked contracts are sold in China as savings, so they
# count with annuities. Premium waiver riders and "other" lines protect no
# need of their own and belong to no group.
GROUP_OF_CATEGORY: dict[str, str] = {
    ProductCategory.LIFE: CoverGroup.LIFE,
    ProductCategory.CRITICAL_ILLNESS: CoverGroup.CRITICAL_ILLNESS,
    ProductCategory.MEDICAL: CoverGroup.MEDICAL,
    ProductCategory.ACCIDENT: CoverGroup.ACCIDENT,
    ProductCategory.ANNUITY: CoverGroup.SAVINGS,
    ProductCategory.ENDOWMENT: CoverGroup.SAVINGS,
    ProductCategory.EDUCATION: CoverGroup.SAVINGS,
    ProductCategory.UNIVERSAL: CoverGroup.SAVINGS,
}

# The book categories that make up each group, for filters on Customer.categories.
CATEGORIES_OF_GROUP: dict[str, tuple[str, ...]] = {
    group: tuple(sorted(c for c, g in GROUP_OF_CATEGORY.items() if g == group))
    for group in CoverGroup.values
}

# Payments a year per payment mode. A single premium is paid once and is
# no yearly burden, so it counts as zero.
PAYMENTS_PER_YEAR: dict[str, int] = {
    PaymentMode.ANNUAL: 1,
    PaymentMode.SEMI_ANNUAL: 2,
    PaymentMode.QUARTERLY: 4,
    PaymentMode.MONTHLY: 12,
    PaymentMode.SINGLE: 0,
}


def group_of(category: str) -> str | None:
    return GROUP_OF_CATEGORY.get(category)


def annualised_premium(premium: Decimal | None, payment_mode: str) -> Decimal:
    """Return the premium per year for a premium per payment.

    A blank payment mode counts as annual, the mode most extracts leave
    implicit.
    """
    if not premium:
        return Decimal("0")
    return premium * PAYMENTS_PER_YEAR.get(payment_mode or PaymentMode.ANNUAL, 1)


def line_is_paying(
    *,
    status: str,
    payment_mode: str,
    paid_to_date: dt.date | None,
    payment_end_date: dt.date | None,
    today: dt.date,
) -> bool:
    """Return whether a coverage line still has premiums to pay, by the book's rule."""
    facts = {
        "status": status,
        "payment_mode": payment_mode,
        "paid_to_date": paid_to_date,
        "payment_end_date": payment_end_date,
    }
    return policy_is_paying(facts, today)


def cover_noun(group: str) -> str:
    """Return the group's name as it reads inside a sentence ("no %s cover")."""
    nouns = {
        CoverGroup.LIFE: pgettext("cover in a sentence", "life"),
        CoverGroup.CRITICAL_ILLNESS: pgettext(
            "cover in a sentence", "critical illness"
        ),
        CoverGroup.MEDICAL: pgettext("cover in a sentence", "medical"),
        CoverGroup.ACCIDENT: pgettext("cover in a sentence", "accident"),
        CoverGroup.SAVINGS: pgettext("cover in a sentence", "annuity or education"),
    }
    return nouns[group]
