"""Writes for the planning app; reads live in revisit.planning.selectors."""

from revisit.planning.services.actions import (
    action_add,
    action_delete,
    action_reopen,
    action_tick,
    actions_tick_for_contact,
    actions_untick_for_contact,
)
from revisit.planning.services.calendar import (
    calendar_token_get,
    calendar_token_regenerate,
)
from revisit.planning.services.proposal import (
    Proposal,
    agents_to_plan,
    sheet_propose,
    sheets_propose,
)
from revisit.planning.services.reassignment import entries_drop_for_reassigned
from revisit.planning.services.sheets import (
    entry_move,
    entry_swap,
    entry_update,
    sheet_approve,
    sheet_claim,
    sheet_return,
    sheet_submit,
    sheet_summary_save,
)

__all__ = [
    "Proposal",
    "action_add",
    "action_delete",
    "action_reopen",
    "action_tick",
    "actions_tick_for_contact",
    "actions_untick_for_contact",
    "agents_to_plan",
    "calendar_token_get",
    "calendar_token_regenerate",
    "entries_drop_for_reassigned",
    "entry_move",
    "entry_swap",
    "entry_update",
    "sheet_approve",
    "sheet_claim",
    "sheet_propose",
    "sheet_return",
    "sheet_submit",
    "sheet_summary_save",
    "sheets_propose",
]
