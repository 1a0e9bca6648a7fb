"""Receivers that keep planned actions in step with the contact log.

Connected in PlanningConfig.ready() to outreach's `contact_saved`, which is
sent inside the transaction that writes the contact, so a tick commits or
rolls back together with the contact.
"""

from revisit.planning.services import (
    actions_tick_for_contact,
    actions_untick_for_contact,
)


def tick_planned_action(sender, *, contact, action: str, **kwargs) -> None:
    if action == "logged":
        actions_tick_for_contact(contact)
    elif action == "edited":
        # The kind or the time may have changed, so the contact may now
        # carry out another planned action, or none.
        actions_untick_for_contact(contact)
        actions_tick_for_contact(contact)
    elif action == "withdrawn":
        actions_untick_for_contact(contact)
