from django.urls import path

from revisit.development.views import (
    campaigns,
    catalogue,
    needs,
    occasions,
    opportunities,
    prospects,
    scripts,
)

app_name = "development"

urlpatterns = [
    # Customers
    path("customers/<int:pk>/needs/", needs.customer_needs, name="customer_needs"),
    path("customers/<int:pk>/gaps/", needs.customer_gaps, name="customer_gaps"),
    path(
        "customers/<int:pk>/gaps/opportunity/",
        needs.opportunity_from_gap,
        name="opportunity_from_gap",
    ),
    path(
        "customers/<int:pk>/opportunities/generate/",
        needs.customer_opportunities_generate,
        name="opportunities_generate",
    ),
    path(
        "customers/<int:pk>/opportunities/add/",
        opportunities.opportunity_add,
        name="opportunity_add",
    ),
    path("customers/<int:pk>/prep/", needs.visit_prep, name="visit_prep"),
    path("customers/<int:pk>/outcome/", needs.visit_outcome, name="visit_outcome"),
    path(
        "customers/<int:pk>/referrals/",
        prospects.customer_referrals,
        name="customer_referrals",
    ),
    # Opportunities
    path("opportunities/", opportunities.opportunity_list, name="opportunity_list"),
    path(
        "opportunities/<int:pk>/",
        opportunities.opportunity_detail,
        name="opportunity_detail",
    ),
    path(
        "opportunities/<int:pk>/stage/",
        opportunities.opportunity_stage,
        name="opportunity_stage",
    ),
    # Prospects and referrals
    path("prospects/", prospects.prospect_list, name="prospect_list"),
    path("prospects/add/", prospects.prospect_add, name="prospect_add"),
    path("prospects/<int:pk>/", prospects.prospect_detail, name="prospect_detail"),
    path(
        "prospects/<int:pk>/status/", prospects.prospect_status, name="prospect_status"
    ),
    path("referrals/", prospects.referral_overview, name="referral_overview"),
    # Occasions
    path("occasions/", occasions.occasion_digest, name="occasion_digest"),
    # Campaigns
    path("campaigns/", campaigns.campaign_list, name="campaign_list"),
    path("campaigns/add/", campaigns.campaign_add, name="campaign_add"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path(
        "campaigns/<int:pk>/targets/<int:target_pk>/",
        campaigns.campaign_target,
        name="campaign_target",
    ),
    # Office library: products, scripts, settings
    path("products/", catalogue.product_list, name="product_list"),
    path("products/add/", catalogue.product_add, name="product_add"),
    path("products/<int:pk>/", catalogue.product_edit, name="product_edit"),
    path("scripts/", scripts.script_list, name="script_list"),
    path("scripts/add/", scripts.script_add, name="script_add"),
    path("scripts/<int:pk>/", scripts.script_edit, name="script_edit"),
    path("techniques/", scripts.technique_stats, name="technique_stats"),
    path("settings/", catalogue.settings_edit, name="settings"),
]
