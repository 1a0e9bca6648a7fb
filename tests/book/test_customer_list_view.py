import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from revisit.book.models import Grade
from tests import factories
from tests.book.conftest import ID_NUMBER, PHONE

pytestmark = pytest.mark.django_db

URL = reverse("book:customer_list")


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={URL}"


def test_rejects_post(client, agent):
    client.force_login(agent)
    assert client.post(URL).status_code == 405


def test_agent_sees_own_customers_only(
    client, agent, customer, teammate_customer, outsider_customer
):
    client.force_login(agent)
    page = client.get(URL).content.decode()
    assert "张三" in page
    assert "李四" not in page
    assert "王五" not in page


def test_list_masks_id_number_and_phone(client, agent, customer):
    client.force_login(agent)
    page = client.get(URL).content.decode()
    assert ID_NUMBER not in page
    assert PHONE not in page
    assert "139****5678" in page
    assert "110***********1238" in page


def test_search_by_initials(client, agent, customer, teammate_customer):
    factories.make_named_customer(agent, "李明")
    client.force_login(agent)
    page = client.get(URL, {"q": "zs"}).content.decode()
    assert "张三" in page
    assert "李明" not in page


def test_grade_filter(client, agent, customer):
    factories.make_named_customer(agent, "李明", grade=Grade.TWO)
    client.force_login(agent)
    page = client.get(URL, {"grade": "2"}).content.decode()
    assert "李明" in page
    assert "张三" not in page


def test_invalid_filter_value_is_ignored(client, agent, customer):
    client.force_login(agent)
    response = client.get(URL, {"grade": "7", "policies": "9"})
    assert response.status_code == 200
    assert "张三" in response.content.decode()


def test_htmx_request_gets_results_fragment(client, agent, customer):
    client.force_login(agent)
    response = client.get(URL, {"q": "zs"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "张三" in page
    assert "<html" not in page
    assert response.headers["Vary"].count("HX-Request") == 1


def test_htmx_history_restore_gets_whole_page(client, agent, customer):
    client.force_login(agent)
    response = client.get(
        URL, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in response.content.decode()


def test_list_paginates(client, agent):
    for number in range(30):
        factories.make_named_customer(agent, f"客户{number:02d}")
    client.force_login(agent)
    first = client.get(URL).context["page"]
    second = client.get(URL, {"page": 2}).context["page"]
    assert len(first.object_list) == 25
    assert len(second.object_list) == 5


def test_supervisor_gets_agent_filter(client, supervisor, agent, teammate, outsider):
    client.force_login(supervisor)
    form = client.get(URL).context["form"]
    assert set(form.fields["agent"].queryset) == {agent, teammate}


def test_supervisor_filters_by_agent(
    client, supervisor, teammate, customer, teammate_customer
):
    client.force_login(supervisor)
    page = client.get(URL, {"agent": teammate.pk}).content.decode()
    assert "李四" in page
    assert "张三" not in page


def test_agent_filter_rejects_agent_of_other_team(
    client, supervisor, outsider, customer, outsider_customer
):
    client.force_login(supervisor)
    page = client.get(URL, {"agent": outsider.pk}).content.decode()
    # The invalid choice is dropped: the team's book shows, not the outsider's.
    assert "张三" in page
    assert "王五" not in page


def test_agent_has_no_agent_filter(client, agent):
    client.force_login(agent)
    assert "agent" not in client.get(URL).context["form"].fields


def test_list_shows_in_english(client, agent, customer):
    client.force_login(agent)
    client.cookies["django_language"] = "en"
    page = client.get(URL).content.decode()
    assert "My book" in page
    assert "Payment group" in page


def test_list_queries_do_not_grow_with_rows(
    client, supervisor, agent, teammate, django_assert_max_num_queries
):
    for number in range(20):
        owner = agent if number % 2 else teammate
        factories.make_named_customer(owner, f"客户{number:02d}")
    client.force_login(supervisor)
    # Session, user, visible agents, agent choices, count and page. A query
    # per row, such as one for each agent's name, would break the limit.
    with django_assert_max_num_queries(6):
        client.get(URL)


def test_search_placeholder_is_short(client, agent):
    # The whole placeholder fits the search box of a 390px-wide phone.
    client.force_login(agent)
    html = client.get(URL).content.decode()
    assert 'placeholder="搜索姓名/拼音/尾号/保单号"' in html


def test_list_marks_up_dates_as_time(client, agent):
    # Cards keep a <time> and its cell on one line (book.css).
    factories.make_named_customer(agent, "张三", next_due_date=dt.date(2027, 3, 1))
    client.force_login(agent)
    html = client.get(URL).content.decode()
    assert '<time datetime="2027-03-01">' in html


def test_list_marks_due_date_passed_as_overdue(client, agent):
    passed = timezone.localdate() - dt.timedelta(days=1)
    factories.make_named_customer(agent, "张三", next_due_date=passed)
    client.force_login(agent)
    html = client.get(URL).content.decode()
    assert '<span class="badge alert">已逾期</span>' in html


def test_list_does_not_mark_due_date_today_as_overdue(client, agent):
    factories.make_named_customer(agent, "张三", next_due_date=timezone.localdate())
    client.force_login(agent)
    html = client.get(URL).content.decode()
    assert "已逾期" not in html
