"""Services of the outreach app; import them from here."""

from revisit.outreach.services.contacts import (
    CONTACT_FIELDS,
    contact_edit,
    contact_log,
    contact_void,
)
from revisit.outreach.services.grading import (
    RegradeResult,
    customer_grade_override,
    customer_grade_override_clear,
    customer_regrade,
    grade_from_counts,
    grade_window,
    grades_recompute,
    grading_rules_for,
    months_before,
)

__all__ = [
    "CONTACT_FIELDS",
    "RegradeResult",
    "contact_edit",
    "contact_log",
    "contact_void",
    "customer_grade_override",
    "customer_grade_override_clear",
    "customer_regrade",
    "grade_from_counts",
    "grade_window",
    "grades_recompute",
    "grading_rules_for",
    "months_before",
]
