from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from revisit.accounts.models import Office, Team, User


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "created_at"]
    search_fields = ["code", "name"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "office"]
    list_filter = ["office"]
    search_fields = ["code", "name"]
    list_select_related = ["office"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = [
        "username", "full_name", "role", "agent_code", "office", "team", "is_active",
    ]
    list_filter = ["role", "office", "team", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "agent_code", "email"]
    list_select_related = ["office", "team"]
    ordering = ["office", "team", "username"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (
            _("Place in the office"),
            {"fields": ["full_name", "role", "office", "team", "agent_code", "email"]},
        ),
        (
            _("Permissions"),
            {
                "fields": [
                    "is_active", "is_staff", "is_superuser", "groups",
                    "user_permissions",
                ],
                "classes": ["collapse"],
            },
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "username", "password1", "password2", "full_name", "role",
                    "office", "team", "agent_code",
                ],
            },
        ),
    ]
