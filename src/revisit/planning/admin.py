from django.contrib import admin

from revisit.planning.models import (
    CalendarToken,
    PlannedAction,
    PlanningSettings,
    SheetEntry,
    WeeklySheet,
)


@admin.register(PlanningSettings)
class PlanningSettingsAdmin(admin.ModelAdmin):
    list_display = ["office", "sheet_size", "visits_per_day_min", "visits_per_day_max"]


class SheetEntryInline(admin.TabularInline):
    model = SheetEntry
    fields = ["position", "customer", "grade", "score", "entry_point", "result"]
    raw_id_fields = ["customer"]
    extra = 0


@admin.register(WeeklySheet)
class WeeklySheetAdmin(admin.ModelAdmin):
    list_display = ["agent", "week_start", "status", "rotation", "version"]
    list_filter = ["status", "office"]
    raw_id_fields = ["agent"]
    inlines = [SheetEntryInline]


@admin.register(PlannedAction)
class PlannedActionAdmin(admin.ModelAdmin):
    list_display = ["entry", "kind", "planned_date", "planned_time", "is_done"]
    list_filter = ["kind", "is_done"]
    raw_id_fields = ["entry", "contact"]


@admin.register(CalendarToken)
class CalendarTokenAdmin(admin.ModelAdmin):
    list_display = ["agent", "created_at", "updated_at"]
    # The token itself stays out of the list: it is a password to the feed.
    exclude = ["token"]
    raw_id_fields = ["agent"]
