from django.contrib import admin

from revisit.imports.models import ImportBatch, RejectedRow, SourceProfile


class RejectedRowInline(admin.TabularInline):
    model = RejectedRow
    extra = 0
    # The rejected value and cells may hold an ID number or a phone, so the
    # inline shows where and why, not what.
    fields = ["row_number", "column", "message"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True
    max_num = 0


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = [
        "file_name", "office", "status", "strict", "rows_total", "rows_done",
        "created_by", "created_at", "finished_at",
    ]
    list_filter = ["status", "office", "strict"]
    search_fields = ["file_name"]
    raw_id_fields = ["created_by"]
    list_select_related = ["office", "created_by"]
    date_hierarchy = "created_at"
    inlines = [RejectedRowInline]


@admin.register(RejectedRow)
class RejectedRowAdmin(admin.ModelAdmin):
    list_display = ["batch", "row_number", "column", "message"]
    list_filter = ["batch__office"]
    search_fields = ["column", "message"]
    raw_id_fields = ["batch"]
    list_select_related = ["batch"]


@admin.register(SourceProfile)
class SourceProfileAdmin(admin.ModelAdmin):
    list_display = ["name", "office", "updated_at"]
    list_filter = ["office"]
    search_fields = ["name"]
