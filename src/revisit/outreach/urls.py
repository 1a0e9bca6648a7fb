from django.urls import path

from revisit.outreach import views

app_name = "outreach"

urlpatterns = [
    path("log/", views.quick_log, name="quick_log"),
    path("customers/<int:pk>/", views.customer_contacts, name="customer_contacts"),
    path(
        "customers/<int:pk>/timeline/", views.customer_timeline,
        name="customer_timeline",
    ),
    path("customers/<int:pk>/log/", views.contact_log, name="contact_log"),
    path("customers/<int:pk>/grade/", views.grade_panel, name="grade_panel"),
    path(
        "customers/<int:pk>/grade/badge/", views.grade_badge, name="grade_badge"
    ),
    path(
        "customers/<int:pk>/grade/override/", views.grade_override,
        name="grade_override",
    ),
    path(
        "customers/<int:pk>/grade/clear/", views.grade_override_clear,
        name="grade_override_clear",
    ),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/withdraw/", views.contact_void, name="contact_void"),
]
