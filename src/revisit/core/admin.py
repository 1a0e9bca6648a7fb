from django.contrib import admin

from revisit.core.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log, read-only: entries are evidence and never edited."""

    list_display = [
        "created_at", "action", "actor", "target_type", "target_id", "office",
    ]
    list_filter = ["action", "office"]
    search_fields = ["action", "target_id", "actor__username"]
    date_hierarchy = "created_at"
    list_select_related = ["actor", "office"]
    raw_id_fields = ["actor"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
