from django.urls import path

from revisit.book import views

app_name = "book"

urlpatterns = [
    path("", views.customer_list, name="customer_list"),
    path("customers/<int:pk>/", views.customer_detail, name="customer_detail"),
    path(
        "customers/<int:pk>/reveal/",
        views.customer_reveal_value,
        name="customer_reveal",
    ),
    path(
        "customers/<int:pk>/household/",
        views.household_edit,
        name="household_edit",
    ),
    path(
        "customers/<int:pk>/household/rename/",
        views.household_rename_view,
        name="household_rename",
    ),
    path(
        "customers/<int:pk>/household/move/",
        views.household_move_view,
        name="household_move",
    ),
    path(
        "customers/<int:pk>/household/split/",
        views.household_split_view,
        name="household_split",
    ),
    path("grading/", views.customer_grading, name="customer_grading"),
    path("grading/set/", views.customer_grade, name="customer_grade"),
]
