from django.contrib import admin

from revisit.outreach.models import Contact, ContactRevision, GradeChange, GradingRules


class ReadOnlyAdmin(admin.ModelAdmin):
    """History rows are written by the services only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Contact)
class ContactAdmin(ReadOnlyAdmin):
    list_display = ("occurred_at", "customer_id", "agent", "kind", "outcome", "is_void")
    list_filter = ("kind", "outcome", "is_void", "office")
    search_fields = ("customer__full_name", "=signed_policy_number")
    raw_id_fields = ("customer", "agent", "voided_by")
    list_select_related = ("agent",)
    date_hierarchy = "occurred_at"


@admin.register(ContactRevision)
class ContactRevisionAdmin(ReadOnlyAdmin):
    list_display = ("changed_at", "contact_id", "action", "changed_by")
    list_filter = ("action",)


@admin.register(GradeChange)
class GradeChangeAdmin(ReadOnlyAdmin):
    list_display = (
        "changed_at", "customer_id", "agent", "old_grade", "new_grade", "source"
    )
    list_filter = ("source", "new_grade")


@admin.register(GradingRules)
class GradingRulesAdmin(admin.ModelAdmin):
    list_display = ("office", "window_months", "visits_for_2")
