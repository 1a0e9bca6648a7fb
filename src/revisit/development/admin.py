"""Back-office views of the development app; agents work in the app's pages."""

from django.contrib import admin

from revisit.development.models import (
    Campaign,
    CampaignTarget,
    DevelopmentSettings,
    Opportunity,
    Prospect,
    TalkScript,
)


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    list_display = ("pk", "customer_id", "agent", "kind", "stage", "expected_premium")
    list_filter = ("stage", "kind", "source", "office")
    raw_id_fields = ("customer", "subject", "agent", "product", "policy", "created_by")
    list_select_related = ("agent",)


@admin.register(Prospect)
class ProspectAdmin(admin.ModelAdmin):
    list_display = ("pk", "agent", "status", "referred_by_id", "customer_id")
    list_filter = ("status", "relation", "office")
    raw_id_fields = ("agent", "referred_by", "customer")
    list_select_related = ("agent",)


class CampaignTargetInline(admin.TabularInline):
    model = CampaignTarget
    raw_id_fields = ("customer", "agent")
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "event_date", "created_by", "office")
    list_filter = ("kind", "office")
    raw_id_fields = ("created_by", "product")
    inlines = [CampaignTargetInline]


@admin.register(TalkScript)
class TalkScriptAdmin(admin.ModelAdmin):
    list_display = ("title", "technique", "office", "is_active", "position")
    list_filter = ("technique", "is_active", "office")
    raw_id_fields = ("replaces", "updated_by")


@admin.register(DevelopmentSettings)
class DevelopmentSettingsAdmin(admin.ModelAdmin):
    list_display = ("office", "income_multiple", "premium_share")
