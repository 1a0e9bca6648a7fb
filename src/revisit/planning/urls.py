from django.urls import path, register_converter

from revisit.planning import views


class IsoWeekConverter:
    regex = r"[0-9]{4}-W[0-9]{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


register_converter(IsoWeekConverter, "isoweek")

app_name = "planning"

urlpatterns = [
    path("", views.index, name="index"),
    path("today/", views.today, name="today"),
    path("weeks/<isoweek:week>/", views.week, name="week"),
    path("weeks/<isoweek:week>/propose/", views.week_propose, name="week_propose"),
    path("sheets/<int:pk>/", views.sheet_detail, name="sheet"),
    path("sheets/<int:pk>/days/", views.sheet_days, name="sheet_days"),
    path("sheets/<int:pk>/summary/", views.sheet_summary, name="sheet_summary"),
    path("sheets/<int:pk>/submit/", views.sheet_submit, name="sheet_submit"),
    path("sheets/<int:pk>/print/", views.sheet_print, name="sheet_print"),
    path("sheets/<int:pk>/sheet.xlsx", views.sheet_xlsx, name="sheet_xlsx"),
    path("entries/<int:pk>/", views.entry_update, name="entry_update"),
    path("entries/<int:pk>/move/", views.entry_move, name="entry_move"),
    path("entries/<int:pk>/swap/", views.entry_swap, name="entry_swap"),
    path("entries/<int:pk>/actions/", views.action_add, name="action_add"),
    path("actions/<int:pk>/tick/", views.action_tick, name="action_tick"),
    path("actions/<int:pk>/reopen/", views.action_reopen, name="action_reopen"),
    path("actions/<int:pk>/delete/", views.action_delete, name="action_delete"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/regenerate/", views.calendar_regenerate, name="calendar_regenerate"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
