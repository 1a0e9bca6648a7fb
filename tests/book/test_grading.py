import pytest
from django.urls import reverse
from django.utils import translation

from revisit.book.models import Customer, Grade
from revisit.core.models import AuditEntry
from revisit.outreach.models import GradeChange, GradeSource
from tests import factories

pytestmark = pytest.mark.django_db

PAGE_URL = reverse("book:customer_grading")
SET_URL = reverse("book:customer_grade")
REASON = "电话常联系"


def test_page_sends_anonymous_to_login(client):
    response = client.get(PAGE_URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_set_sends_anonymous_to_login(client, customer):
    response = client.post(
        SET_URL, {"customers": [customer.pk], "grade": 2, "reason": REASON}
    )
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_page_rejects_post(client, agent):
    client.force_login(agent)
    assert client.post(PAGE_URL).status_code == 405


def test_set_rejects_get(client, agent):
    client.force_login(agent)
    assert client.get(SET_URL).status_code == 405


@pytest.mark.parametrize(
    "persona", ["supervisor", "other_supervisor", "manager", "other_manager"]
)
def test_only_agents_grade(client, request, customer, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(PAGE_URL).status_code == 403
    response = client.post(
        SET_URL, {"customers": [customer.pk], "grade": 2, "reason": REASON}
    )
    assert response.status_code == 403
    customer.refresh_from_db()
    assert customer.grade == Grade.FIVE


@pytest.mark.parametrize("persona", ["teammate", "outsider", "foreign_agent"])
def test_other_agents_customer_gets_404(client, request, customer, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(
        SET_URL, {"customers": [customer.pk], "grade": 2, "reason": REASON}
    )
    assert response.status_code == 404
    customer.refresh_from_db()
    assert customer.grade == Grade.FIVE


def test_page_lists_own_customers(client, agent, customer, teammate_customer):
    client.force_login(agent)
    page = client.get(PAGE_URL).content.decode()
    assert "张三" in page
    assert "李四" not in page


def test_set_grade_on_many(client, agent, customer):
    other = factories.make_named_customer(agent, "李明")
    untouched = factories.make_named_customer(agent, "王强")
    client.force_login(agent)
    response = client.post(
        SET_URL, {"customers": [customer.pk, other.pk], "grade": 3, "reason": REASON}
    )
    assert response.status_code == 302
    assert response.url == PAGE_URL
    graded = Customer.objects.filter(grade=Grade.THREE, grade_is_manual=True)
    assert set(graded) == {customer, other}
    untouched.refresh_from_db()
    assert untouched.grade == Grade.FIVE


def test_set_grade_writes_audit_per_change(client, agent, customer):
    other = factories.make_named_customer(agent, "李明", grade=Grade.TWO)
    factories.make_named_customer(agent, "王强")
    client.force_login(agent)
    client.post(
        SET_URL, {"customers": [customer.pk, other.pk], "grade": 2, "reason": REASON}
    )
    entries = AuditEntry.objects.filter(action="outreach.grade.overridden")
    by_target = {entry.target_id: entry.data for entry in entries}
    assert by_target == {
        str(customer.pk): {"old_grade": 5, "new_grade": 2},
        # Same grade, but now confirmed by hand, which protects it from
        # grading by contacts.
        str(other.pk): {"old_grade": 2, "new_grade": 2},
    }


def test_set_grade_records_grade_history(client, agent, customer):
    client.force_login(agent)
    client.post(
        SET_URL, {"customers": [customer.pk], "grade": 3, "reason": " 电话常联系 "}
    )
    change = GradeChange.objects.get(customer=customer)
    assert (change.old_grade, change.new_grade) == (5, 3)
    assert change.source == GradeSource.MANUAL
    assert change.actor == agent
    assert change.reason == "电话常联系"


def test_set_grade_needs_reason(client, agent, customer):
    client.force_login(agent)
    with translation.override("zh-hans"):
        response = client.post(
            SET_URL,
            {"customers": [customer.pk], "grade": 3, "reason": "  "},
            follow=True,
            HTTP_ACCEPT_LANGUAGE="zh-hans",
        )
    messages = [str(message) for message in response.context["messages"]]
    assert messages == ["请填写手工设定分级的原因。"]
    assert GradeChange.objects.filter(customer=customer).exists() is False
    customer.refresh_from_db()
    assert customer.grade_is_manual is False


def test_grading_page_requires_reason(client, agent, customer):
    client.force_login(agent)
    body = client.get(PAGE_URL).content.decode()
    assert 'class="reason" required' in body


def test_regrading_same_manual_grade_changes_nothing(client, agent, customer):
    customer.grade, customer.grade_is_manual = Grade.TWO, True
    customer.save()
    client.force_login(agent)
    client.post(
        SET_URL, {"customers": [customer.pk], "grade": 2, "reason": REASON}
    )
    assert not AuditEntry.objects.exists()
    assert not GradeChange.objects.exists()


def test_set_grade_returns_to_next(client, agent, customer):
    client.force_login(agent)
    detail = reverse("book:customer_detail", args=[customer.pk])
    response = client.post(
        SET_URL,
        {"customers": [customer.pk], "grade": 2, "next": detail, "reason": REASON},
    )
    assert response.url == detail


def test_set_grade_ignores_foreign_next(client, agent, customer):
    client.force_login(agent)
    response = client.post(
        SET_URL,
        {
            "customers": [customer.pk],
            "grade": 2,
            "next": "https://example.com/",
            "reason": REASON,
        },
    )
    assert response.url == PAGE_URL


def test_set_grade_rejects_unknown_grade(client, agent, customer):
    client.force_login(agent)
    response = client.post(
        SET_URL, {"customers": [customer.pk], "grade": 4, "reason": REASON}, follow=True
    )
    assert len(list(response.context["messages"])) == 1
    customer.refresh_from_db()
    assert customer.grade == Grade.FIVE


def test_set_grade_needs_a_selection(client, agent, customer):
    client.force_login(agent)
    response = client.post(SET_URL, {"grade": 2, "reason": REASON}, follow=True)
    assert len(list(response.context["messages"])) == 1
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("persona", ["supervisor", "manager"])
def test_menu_hides_quick_grading_from_readers(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    html = client.get(reverse("book:customer_list")).content.decode()
    assert reverse("book:customer_grading") not in html


def test_grade_labels_in_chinese():
    with translation.override("zh-hans"):
        labels = {value: str(label) for value, label in Grade.choices}
    assert labels == {
        2: "2类：常见面（一年见面两次以上）",
        3: "3类：有联系、少见面",
        5: "5类：一年内无联系",
    }


def test_grade_labels_in_english():
    with translation.override("en"):
        labels = {value: str(label) for value, label in Grade.choices}
    assert labels == {
        2: "Grade 2: met two or more times in the past year",
        3: "Grade 3: contacted, rarely met",
        5: "Grade 5: no contact in the past year",
    }


def test_page_explains_grades(client, agent):
    client.force_login(agent)
    with translation.override("zh-hans"):
        body = client.get(PAGE_URL, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "5类：一年内没有任何联系" in body
    assert "没有见面" not in body
