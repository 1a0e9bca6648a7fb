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
    "agents_created": _("Agent accounts added"),
    "teams_created": _("Teams added"),
    "policies_reassigned": _("Policies moved to another agent"),
    "missing_policies": _("Policies missing from this extract"),
}
# Counts listed only when not zero: most imports create no agent or team.
SHOWN_IF_ANY = frozenset({"agents_created", "teams_created", "policies_reassigned"})
# Counts of the rows an import wrote.
WRITTEN = frozenset(
    {
        "coverage_lines",
        "policies_created",
        "policies_updated",
        "customers_created",
        "customers_matched",
        "agents_created",
        "teams_created",
        "policies_reassigned",
    }
)


def counts(summary: dict, *, committed: bool = True) -> list[tuple[str, str, int]]:
    """Return (key, label, count) for each count the report holds.

    An import that did not commit wrote nothing, so its counts of written
    rows are left out, and so are the counts in SHOWN_IF_ANY that are zero.
    """
    return [
        (key, label, summary[key])
        for key, label in COUNT_LABELS.items()
        if key in summary
        and (committed or key not in WRITTEN)
        and (summary[key] or key not in SHOWN_IF_ANY)
    ]
