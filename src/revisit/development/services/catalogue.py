"""Writes for the office's product catalogue and needs-analysis settings."""

from revisit.book.models import Product
from revisit.core.audit import audit_log
from revisit.development.models import DevelopmentSettings

PRODUCT_FIELDS = (
    "code",
    "name",
    "category",
    "is_rider",
    "min_age",
    "max_age",
    "selling_points",
    "is_featured",
    "is_active",
)


def _check(fields: dict) -> None:
    unknown = set(fields) - set(PRODUCT_FIELDS)
    if unknown:
        raise TypeError(f"unknown product fields: {', '.join(sorted(unknown))}")


def product_create(*, actor, **fields) -> Product:
    """Add a product to the actor's office catalogue.

    Imports then link coverage lines to it by product code.
    """
    _check(fields)
    product = Product.objects.create(office_id=actor.office_id, **fields)
    audit_log(
        actor=actor,
        action="development.product.created",
        target=product,
        data={"code": product.code},
    )
    return product


def product_update(*, actor, product: Product, **fields) -> Product:
    _check(fields)
    changed = [
        name for name, value in fields.items() if getattr(product, name) != value
    ]
    for name in changed:
        setattr(product, name, fields[name])
    if changed:
        product.save(update_fields=[*changed, "updated_at"])
        audit_log(
            actor=actor,
            action="development.product.changed",
            target=product,
            data={"fields": changed},
        )
    return product


def development_settings_save(
    *, actor, income_multiple, premium_share
) -> DevelopmentSettings:
    settings, _created = DevelopmentSettings.objects.update_or_create(
        office_id=actor.office_id,
        defaults={"income_multiple": income_multiple, "premium_share": premium_share},
    )
    audit_log(
        actor=actor,
        action="development.settings.changed",
        target=settings,
        office=actor.office,
        data={
            "income_multiple": str(income_multiple),
            "premium_share": str(premium_share),
        },
    )
    return settings
