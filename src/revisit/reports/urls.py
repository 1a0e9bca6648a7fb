from django.urls import path

from revisit.reports import views

app_name = "reports"

urlpatterns = [
    path("team/", views.team_numbers, name="team"),
    path("team/export/", views.team_numbers_export, name="team_export"),
    path("distribution/", views.distribution, name="distribution"),
    path(
        "distribution/export/", views.distribution_export, name="distribution_export"
    ),
    path("customers/", views.customer_drilldown, name="customers"),
]
