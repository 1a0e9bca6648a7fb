from django.urls import path

from revisit.coaching.views import daily, hub, reassignment, sheets

app_name = "coaching"

urlpatterns = [
    path("", hub.index, name="index"),
    path("daily/", daily.daily_check, name="daily"),
    path("monday/", sheets.monday, name="monday"),
    path("sheets/", sheets.review_queue, name="review_queue"),
    path("sheets/<int:sheet_id>/", sheets.sheet_review_page, name="sheet_review"),
    path(
        "sheets/<int:sheet_id>/review/", sheets.sheet_review_submit,
        name="sheet_review_submit",
    ),
    path("agents/", reassignment.agent_list, name="agent_list"),
    path(
        "agents/<int:agent_id>/customers/", reassignment.agent_customers,
        name="agent_customers",
    ),
    path(
        "agents/<int:agent_id>/customers/move/", reassignment.agent_customers_move,
        name="agent_customers_move",
    ),
    path(
        "agents/<int:agent_id>/policies/move/", reassignment.agent_policies_move,
        name="agent_policies_move",
    ),
    path("agents/<int:agent_id>/leave/", reassignment.agent_leave, name="agent_leave"),
    path(
        "customers/<int:customer_id>/reassign/", reassignment.customer_reassign,
        name="customer_reassign",
    ),
    path("orphans/", reassignment.orphan_policies, name="orphan_policies"),
    path("history/", reassignment.history, name="history"),
]
