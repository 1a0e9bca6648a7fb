from django.urls import path

from revisit.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.batch_list, name="batch_list"),
    path("new/", views.batch_upload, name="batch_upload"),
    path("<int:batch_id>/", views.batch_detail, name="batch_detail"),
    path("<int:batch_id>/mapping/", views.batch_mapping, name="batch_mapping"),
    path("<int:batch_id>/discard/", views.batch_discard, name="batch_discard"),
    path(
        "<int:batch_id>/progress/", views.batch_progress_partial, name="batch_progress"
    ),
    path(
        "<int:batch_id>/rejected.xlsx",
        views.rejected_rows_download,
        name="rejected_rows_download",
    ),
    path("<int:batch_id>/report.json", views.report_download, name="report_download"),
    path("profile/", views.source_profile_detail, name="source_profile"),
    path(
        "profile/code-tables/<slug:table_name>/",
        views.code_table_save,
        name="code_table_save",
    ),
    path("profile/headers/remove/", views.header_map_remove, name="header_map_remove"),
]
