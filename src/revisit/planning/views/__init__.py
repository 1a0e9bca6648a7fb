from revisit.planning.views.actions import action_delete, action_reopen, action_tick
from revisit.planning.views.calendar import calendar, calendar_feed, calendar_regenerate
from revisit.planning.views.exports import sheet_print, sheet_xlsx
from revisit.planning.views.sheets import (
    action_add,
    entry_move,
    entry_swap,
    entry_update,
    index,
    sheet_days,
    sheet_detail,
    sheet_submit,
    sheet_summary,
    week,
    week_propose,
)
from revisit.planning.views.today import today

__all__ = [
    "action_add",
    "action_delete",
    "action_reopen",
    "action_tick",
    "calendar",
    "calendar_feed",
    "calendar_regenerate",
    "entry_move",
    "entry_swap",
    "entry_update",
    "index",
    "sheet_days",
    "sheet_detail",
    "sheet_print",
    "sheet_submit",
    "sheet_summary",
    "sheet_xlsx",
    "today",
    "week",
    "week_propose",
]
