from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from revisit.core.models import BaseModel

DEFAULT_INCOME_MULTIPLE = Decimal("10")
DEFAULT_PREMIUM_SHARE = Decimal("0.10")


class DevelopmentSettings(BaseModel):
    """An office's thresholds for needs analysis.

    The defaults follow the rule of thumb agents in China use: life cover of
    about ten times the annual income, premiums of at most a tenth of it.
    """

    office = models.OneToOneField(
        "accounts.Office",
        verbose_name=_("sales office"),
        on_delete=models.CASCADE,
        related_name="development_settings",
    )
    income_multiple = models.DecimalField(
        _("life cover as a multiple of income"),
        max_digits=4,
        decimal_places=1,
        default=DEFAULT_INCOME_MULTIPLE,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_(
            "Life cover a person with an income should have, in years of income."
        ),
    )
    premium_share = models.DecimalField(
        _("premium share of income"),
        max_digits=3,
        decimal_places=2,
        default=DEFAULT_PREMIUM_SHARE,
        validators=[
            MinValueValidator(Decimal("0.01")),
            MaxValueValidator(Decimal("0.5")),
        ],
        help_text=_(
            "The most of a year's income premiums should take, as a fraction: "
            "0.10 is 10%."
        ),
    )

    class Meta:
        verbose_name = _("development settings")
        verbose_name_plural = _("development settings")

    def __str__(self) -> str:
        return str(self.office_id)

    @classmethod
    def for_office(cls, office_id: int) -> "DevelopmentSettings":
        """Return the office's settings, or unsaved defaults when none are stored."""
        stored = cls.objects.filter(office_id=office_id).first()
        return stored or cls(office_id=office_id)
