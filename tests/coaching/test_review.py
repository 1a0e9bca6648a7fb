import datetime as dt

import pytest
from django.urls import reverse

from revisit.coaching.models import SheetComment
from revisit.coaching.services.review import (
    RETURN_NEEDS_COMMENT,
    sheet_review,
)
from revisit.core.exceptions import DomainError
from revisit.planning.models import SheetStatus
from revisit.planning.weeks import IsoWeek
from tests import factories
from tests.planning.builders import make_action, make_sheet

WEEK = IsoWeek.containing(dt.date(2026, 11, 4))


@pytest.fixture
def sheet(agent):
    customers = [factories.make_customer(agent) for _ in range(3)]
    sheet = make_sheet(agent, WEEK, customers, status=SheetStatus.SUBMITTED)
    make_action(sheet.entries.first(), day=WEEK.monday, done=True)
    return sheet


def _entry(sheet):
    return sheet.entries.order_by("position").first()


class TestSheetReview:
    def test_return_stores_comments_and_unlocks(self, supervisor, sheet):
        entry = _entry(sheet)

        sheet_review(
            actor=supervisor,
            sheet=sheet,
            decision="return",
            comment="切入点再具体些",
            row_comments={entry.pk: "先电话约访"},
        )

        sheet.refresh_from_db()
        assert sheet.status == SheetStatus.RETURNED
        row = SheetComment.objects.get(entry=entry)
        assert (row.body, row.customer_id, row.round) == (
            "先电话约访",
            entry.customer_id,
            1,
        )
        whole = SheetComment.objects.get(entry__isnull=True)
        assert (whole.kind, whole.body) == ("returned", "切入点再具体些")

    def test_return_needs_a_comment(self, supervisor, sheet):
        with pytest.raises(DomainError) as error:
            sheet_review(actor=supervisor, sheet=sheet, decision="return")

        assert error.value.message == RETURN_NEEDS_COMMENT
        sheet.refresh_from_db()
        assert sheet.status == SheetStatus.SUBMITTED

    def test_approve_without_comment(self, supervisor, sheet):
        sheet_review(actor=supervisor, sheet=sheet, decision="approve")

        sheet.refresh_from_db()
        assert sheet.status == SheetStatus.APPROVED
        assert SheetComment.objects.get().kind == "approved"

    def test_second_round_is_numbered(self, supervisor, sheet):
        sheet_review(
            actor=supervisor, sheet=sheet, decision="return", comment="补充分析"
        )
        type(sheet).objects.filter(pk=sheet.pk).update(status=SheetStatus.SUBMITTED)

        sheet_review(actor=supervisor, sheet=sheet, decision="approve", comment="很好")

        rounds = list(SheetComment.objects.order_by("pk").values_list("kind", "round"))
        assert rounds == [("returned", 1), ("approved", 2)]

    def test_decision_on_unsubmitted_sheet_keeps_no_comment(self, supervisor, sheet):
        """A failed approval rolls its comments back with it."""
        type(sheet).objects.filter(pk=sheet.pk).update(status=SheetStatus.IN_PROGRESS)

        with pytest.raises(DomainError):
            sheet_review(
                actor=supervisor, sheet=sheet, decision="approve", comment="好"
            )

        assert SheetComment.objects.count() == 0

    def test_comment_on_sheet_in_progress(self, supervisor, sheet):
        type(sheet).objects.filter(pk=sheet.pk).update(status=SheetStatus.IN_PROGRESS)

        sheet_review(
            actor=supervisor, sheet=sheet, decision="comment", comment="周二前约好"
        )

        sheet.refresh_from_db()
        assert sheet.status == SheetStatus.IN_PROGRESS
        assert SheetComment.objects.get().kind == "comment"

    def test_other_team_supervisor_is_refused(self, other_supervisor, sheet):
        with pytest.raises(DomainError) as error:
            sheet_review(actor=other_supervisor, sheet=sheet, decision="approve")

        assert error.value.code == "not_reviewer"

    def test_agent_cannot_review_own_sheet(self, agent, sheet):
        with pytest.raises(DomainError):
            sheet_review(actor=agent, sheet=sheet, decision="approve")

    def test_row_of_other_sheet_is_refused(self, supervisor, sheet, teammate):
        other = make_sheet(teammate, WEEK, [factories.make_customer(teammate)])

        with pytest.raises(DomainError) as error:
            sheet_review(
                actor=supervisor,
                sheet=sheet,
                decision="comment",
                row_comments={other.entries.get().pk: "?"},
            )

        assert error.value.code == "unknown_row"


def _login(client, user):
    client.force_login(user)
    return client


class TestReviewViews:
    def test_anonymous_is_sent_to_login(self, client, sheet):
        response = client.get(reverse("coaching:sheet_review", args=[sheet.pk]))

        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]

    def test_supervisor_reads_sheet(self, client, supervisor, sheet):
        response = _login(client, supervisor).get(
            reverse("coaching:sheet_review", args=[sheet.pk])
        )

        assert response.status_code == 200
        assert response.context["can_decide"] is True

    def test_agent_reads_own_sheet_without_form(self, client, agent, sheet):
        response = _login(client, agent).get(
            reverse("coaching:sheet_review", args=[sheet.pk])
        )

        assert response.status_code == 200
        assert response.context["reviewer"] is False
        assert 'name="decision"' not in response.content.decode()

    def test_teammate_gets_404(self, client, teammate, sheet):
        response = _login(client, teammate).get(
            reverse("coaching:sheet_review", args=[sheet.pk])
        )

        assert response.status_code == 404

    def test_other_team_supervisor_gets_404(self, client, other_supervisor, sheet):
        response = _login(client, other_supervisor).get(
            reverse("coaching:sheet_review", args=[sheet.pk])
        )

        assert response.status_code == 404

    def test_other_office_manager_gets_404(self, client, sheet, other_office):
        manager = factories.make_manager(other_office, username="manager9")

        response = _login(client, manager).get(
            reverse("coaching:sheet_review", args=[sheet.pk])
        )

        assert response.status_code == 404

    def test_submit_rejects_get(self, client, supervisor, sheet):
        response = _login(client, supervisor).get(
            reverse("coaching:sheet_review_submit", args=[sheet.pk])
        )

        assert response.status_code == 405

    def test_agent_cannot_approve(self, client, agent, sheet):
        response = _login(client, agent).post(
            reverse("coaching:sheet_review_submit", args=[sheet.pk]),
            {"decision": "approve"},
        )

        assert response.status_code == 403
        sheet.refresh_from_db()
        assert sheet.status == SheetStatus.SUBMITTED

    def test_other_team_supervisor_cannot_approve(
        self, client, other_supervisor, sheet
    ):
        response = _login(client, other_supervisor).post(
            reverse("coaching:sheet_review_submit", args=[sheet.pk]),
            {"decision": "approve"},
        )

        assert response.status_code == 404

    def test_return_with_row_comment(self, client, supervisor, sheet):
        entry = _entry(sheet)

        response = _login(client, supervisor).post(
            reverse("coaching:sheet_review_submit", args=[sheet.pk]),
            {"decision": "return", f"row-{entry.pk}": "先约访再拜访"},
        )

        assert response["Location"] == reverse("coaching:review_queue")
        sheet.refresh_from_db()
        assert sheet.status == SheetStatus.RETURNED

    def test_agent_sees_comment_on_review_page(self, client, supervisor, agent, sheet):
        sheet_review(
            actor=supervisor, sheet=sheet, decision="return", comment="补充转介绍计划"
        )

        response = _login(client, agent).get(
            reverse("coaching:sheet_review", args=[sheet.pk])
        )

        assert "补充转介绍计划" in response.content.decode()

    def test_queue_lists_submitted_sheets_of_team(
        self, client, supervisor, sheet, outsider
    ):
        make_sheet(
            outsider, WEEK, [factories.make_customer(outsider)], status="submitted"
        )

        response = _login(client, supervisor).get(reverse("coaching:review_queue"))

        assert list(response.context["sheets"]) == [sheet]

    def test_queue_forbids_agents(self, client, agent):
        response = _login(client, agent).get(reverse("coaching:review_queue"))

        assert response.status_code == 403
