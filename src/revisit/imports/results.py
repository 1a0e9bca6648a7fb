"""Labels for the import report's counts on the results page."""

from django.utils.translation import gettext_lazy as _

# Report key -> label, in the order the results page lists them.
COUNT_LABELS = {
    "rows": _("Data rows read"),
    "rejected": _("Rows rejected"),
    "coverage_lines": _("Coverage lines imported"),
    "policies_created": _("Policies added"),
    "policies_updated": _("Policies updated"),
    "customers_created": _("Customers added"),
    "customers_matched": _("Customers already in the book"),
    "missing_policies": _("Policies missing from this extract"),
}
# Counts of the rows an import wrote.
WRITTEN = frozenset(
    {
        "coverage_lines",
        "policies_created",
        "policies_updated",
        "customers_created",
        "customers_matched",
    }
)


def counts(summary: dict, *, committed: bool = True) -> list[tuple[str, str, int]]:
    """Return (key, label, count) for each count the report holds.

    An import that did not commit wrote nothing, so its counts of written
    rows are left out.
    """
    return [
        (key, label, summary[key])
        for key, label in COUNT_LABELS.items()
        if key in summary and (committed or key not in WRITTEN)
    ]
