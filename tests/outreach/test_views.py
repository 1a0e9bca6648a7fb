"""Every outreach view: access paths first, then behaviour."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from revisit.outreach.models import Contact, ContactRevision, GradeChange
from tests import factories
from tests.outreach.conftest import local

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def contact(customer):
    return factories.make_contact(customer, occurred_at=local(2026, 11, 20, 10))


def customer_urls(customer):
    return {
        name: reverse(f"outreach:{name}", args=[customer.pk])
        for name in (
            "customer_contacts",
            "customer_timeline",
            "contact_log",
            "grade_panel",
            "grade_badge",
            "grade_override",
            "grade_override_clear",
        )
    }


def contact_urls(contact):
    return {
        name: reverse(f"outreach:{name}", args=[contact.pk])
        for name in ("contact_edit", "contact_void")
    }


def all_urls(customer, contact):
    urls = customer_urls(customer) | contact_urls(contact)
    urls["quick_log"] = reverse("outreach:quick_log")
    return urls


POST_ONLY = ("grade_override", "grade_override_clear", "contact_void")
GET_ONLY = (
    "customer_contacts", "customer_timeline", "grade_panel", "grade_badge", "quick_log"
)


# --- Access ---------------------------------------------------------------


def test_anonymous_redirected_to_login(client, customer, contact):
    for name, url in all_urls(customer, contact).items():
        response = client.post(url) if name in POST_ONLY else client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("accounts:login")), name


def test_post_only_views_reject_get(client, agent, customer, contact):
    client.force_login(agent)
    urls = all_urls(customer, contact)
    for name in POST_ONLY:
        assert client.get(urls[name]).status_code == 405, name


def test_read_only_views_reject_post(client, agent, customer, contact):
    client.force_login(agent)
    urls = all_urls(customer, contact)
    for name in GET_ONLY:
        assert client.post(urls[name]).status_code == 405, name


def test_form_views_reject_put(client, agent, customer, contact):
    client.force_login(agent)
    urls = all_urls(customer, contact)
    for name in ("contact_log", "contact_edit"):
        assert client.put(urls[name]).status_code == 405, name


@pytest.mark.parametrize(
    "persona", ["teammate", "outsider", "other_supervisor", "foreign_agent"]
)
def test_out_of_scope_is_404(client, customer, contact, persona, request):
    client.force_login(request.getfixturevalue(persona))
    for name, url in (customer_urls(customer) | contact_urls(contact)).items():
        response = client.post(url) if name in POST_ONLY else client.get(url)
        assert response.status_code == 404, name


@pytest.mark.parametrize("persona", ["supervisor", "manager"])
def test_readers_see_pages(client, customer, contact, persona, request):
    client.force_login(request.getfixturevalue(persona))
    urls = customer_urls(customer)
    readable = ("customer_contacts", "customer_timeline", "grade_panel", "grade_badge")
    for name in readable:
        assert client.get(urls[name]).status_code == 200, name


@pytest.mark.parametrize("persona", ["supervisor", "manager"])
def test_readers_cannot_log(client, customer, contact, persona, request):
    client.force_login(request.getfixturevalue(persona))
    urls = all_urls(customer, contact)
    assert client.get(urls["contact_log"]).status_code == 403
    assert client.post(urls["contact_log"], VALID_VISIT).status_code == 403
    assert client.get(urls["contact_edit"]).status_code == 403
    assert client.post(urls["contact_void"], {"reason": "x"}).status_code == 403
    assert Contact.objects.count() == 1


def test_readers_see_no_write_buttons(client, supervisor, customer, contact):
    client.force_login(supervisor)
    response = client.get(reverse("outreach:customer_timeline", args=[customer.pk]))
    body = response.content.decode()
    assert reverse("outreach:contact_log", args=[customer.pk]) not in body
    assert reverse("outreach:contact_edit", args=[contact.pk]) not in body


def test_quick_log_is_for_agents(client, supervisor):
    client.force_login(supervisor)
    assert client.get(reverse("outreach:quick_log")).status_code == 403


# --- Logging ----------------------------------------------------------------

VALID_VISIT = {"kind": "visit", "outcome": "appointment", "occurred_at": ""}


def visit_form(**fields):
    moment = timezone.localtime() - dt.timedelta(hours=1)
    data = dict(VALID_VISIT, occurred_at=moment.strftime("%Y-%m-%dT%H:%M"))
    data.update(fields)
    return data


def test_log_page_defaults_to_now(client, agent, customer):
    client.force_login(agent)
    response = client.get(reverse("outreach:contact_log", args=[customer.pk]))
    assert response.status_code == 200
    now = timezone.localtime().strftime("%Y-%m-%dT%H:")
    assert f'value="{now}' in response.content.decode()


def test_log_post_saves_and_redirects(client, agent, customer):
    client.force_login(agent)
    url = reverse("outreach:contact_log", args=[customer.pk])
    response = client.post(url, visit_form(purpose="送台历"))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "outreach:customer_contacts", args=[customer.pk]
    )
    contact = Contact.objects.get()
    assert (contact.kind, contact.outcome, contact.purpose) == (
        "visit",
        "appointment",
        "送台历",
    )
    customer.refresh_from_db()
    assert customer.grade == 3


def test_log_post_follows_safe_next(client, agent, customer):
    client.force_login(agent)
    url = reverse("outreach:contact_log", args=[customer.pk])
    response = client.post(url, visit_form(next="/outreach/log/"))
    assert response["Location"] == "/outreach/log/"


def test_log_post_ignores_foreign_next(client, agent, customer):
    client.force_login(agent)
    url = reverse("outreach:contact_log", args=[customer.pk])
    response = client.post(url, visit_form(next="https://example.com/"))
    assert response["Location"] == reverse(
        "outreach:customer_contacts", args=[customer.pk]
    )


def test_log_htmx_returns_slot_and_event(client, agent, customer):
    client.force_login(agent)
    url = reverse("outreach:contact_log", args=[customer.pk])
    response = client.post(url, visit_form(), **HTMX)
    assert response.status_code == 200
    assert response["HX-Trigger"] == "contacts-changed"
    assert 'id="contact-slot"' in response.content.decode()
    assert Contact.objects.count() == 1


def test_log_htmx_confirms_in_slot(client, agent, customer):
    client.force_login(agent)
    url = reverse("outreach:contact_log", args=[customer.pk])
    body = client.post(url, visit_form(), **HTMX).content.decode()
    assert "跟进已记录。" in body
    assert "<form" not in body


def test_log_htmx_get_returns_inline_form(client, agent, customer):
    client.force_login(agent)
    url = reverse("outreach:contact_log", args=[customer.pk])
    body = client.get(url, **HTMX).content.decode()
    assert f'hx-post="{url}"' in body
    assert "<html" not in body


def test_log_invalid_shows_errors(client, agent, customer):
    client.force_login(agent)
    url = reverse("outreach:contact_log", args=[customer.pk])
    response = client.post(url, visit_form(outcome="signed"), **HTMX)
    assert response.status_code == 200
    assert "HX-Trigger" not in response
    assert "请填写所签保单的保单号。" in response.content.decode()
    assert Contact.objects.count() == 0


# --- Timeline -----------------------------------------------------------------


def test_timeline_newest_first(client, agent, customer):
    factories.make_contact(customer, occurred_at=local(2026, 10, 1), purpose="较早")
    factories.make_contact(customer, occurred_at=local(2026, 11, 1), purpose="较晚")
    client.force_login(agent)
    body = client.get(
        reverse("outreach:customer_timeline", args=[customer.pk])
    ).content.decode()
    assert body.index("较晚") < body.index("较早")
    assert "<html" not in body


def test_timeline_strikes_withdrawn(client, agent, customer):
    factories.make_contact(
        customer,
        occurred_at=local(2026, 11, 1),
        is_void=True,
        void_reason="记错人",
        voided_by=agent,
        voided_at=local(2026, 11, 2),
    )
    client.force_login(agent)
    body = client.get(
        reverse("outreach:customer_timeline", args=[customer.pk])
    ).content.decode()
    assert "contact is-void" in body
    assert "记错人" in body


def test_timeline_shows_history(client, agent, contact):
    ContactRevision.objects.create(
        contact=contact,
        action="edited",
        changed_by=agent,
        changes={"purpose": {"old": "旧目的", "new": "新目的"}},
    )
    client.force_login(agent)
    body = client.get(
        reverse("outreach:customer_timeline", args=[contact.customer_id])
    ).content.decode()
    assert "旧目的" in body
    assert "新目的" in body


def test_timeline_folds_long_notes(client, agent, customer):
    factories.make_contact(
        customer, occurred_at=local(2026, 11, 1), notes="开头" + "长" * 1000
    )
    client.force_login(agent)
    body = client.get(
        reverse("outreach:customer_timeline", args=[customer.pk])
    ).content.decode()
    assert '<details class="contact-notes long-notes">' in body
    assert "展开全文" in body
    # The whole note is still there, behind the summary.
    assert "长" * 1000 in body


def test_timeline_shows_short_notes_open(client, agent, customer):
    factories.make_contact(customer, occurred_at=local(2026, 11, 1), notes="短备注")
    client.force_login(agent)
    body = client.get(
        reverse("outreach:customer_timeline", args=[customer.pk])
    ).content.decode()
    assert '<p class="contact-notes">短备注</p>' in body
    assert "long-notes" not in body


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_timeline_groups_premium(client, agent, customer, language):
    factories.make_contact(
        customer,
        occurred_at=local(2026, 11, 1),
        outcome="signed",
        signed_policy_number="P1",
        signed_premium=Decimal("12000.00"),
    )
    factories.make_contact(
        customer,
        occurred_at=local(2026, 11, 2),
        outcome="signed",
        signed_policy_number="P2",
        signed_premium=Decimal("8000.50"),
    )
    client.force_login(agent)
    url = reverse("outreach:customer_timeline", args=[customer.pk])
    body = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert "<dd>12,000</dd>" in body
    assert "<dd>8,000.50</dd>" in body


def test_timeline_history_groups_premium(client, agent, contact):
    ContactRevision.objects.create(
        contact=contact,
        action="edited",
        changed_by=agent,
        changes={"signed_premium": {"old": "12000.00", "new": "9500.50"}},
    )
    client.force_login(agent)
    body = client.get(
        reverse("outreach:customer_timeline", args=[contact.customer_id])
    ).content.decode()
    assert "<td>12,000</td>" in body
    assert "<td>9,500.50</td>" in body


def test_timeline_show_all(client, agent, customer):
    for day in range(1, 53):
        factories.make_contact(
            customer, occurred_at=local(2026, 10, 1) + dt.timedelta(days=day)
        )
    client.force_login(agent)
    url = reverse("outreach:customer_timeline", args=[customer.pk])
    assert client.get(url).content.decode().count('class="contact"') == 50
    assert client.get(url + "?all=1").content.decode().count('class="contact"') == 52


def test_timeline_slot_outside_refresh(client, agent, customer):
    """The list refreshes on contacts-changed; the slot must not be inside it."""
    client.force_login(agent)
    body = client.get(
        reverse("outreach:customer_timeline", args=[customer.pk])
    ).content.decode()
    refreshing = body.index('id="outreach-contacts"')
    assert body.count("contacts-changed") == 1
    assert body.index('id="contact-slot"') < refreshing


def test_timeline_part_contacts_is_list(client, agent, contact):
    client.force_login(agent)
    url = reverse("outreach:customer_timeline", args=[contact.customer_id])
    body = client.get(url + "?part=contacts").content.decode()
    assert body.lstrip().startswith('<div id="outreach-contacts"')
    assert 'id="contact-slot"' not in body
    assert f'id="contact-{contact.pk}"' in body


def test_grade_badge_shows_grade(client, agent, customer):
    customer.grade = 3
    customer.save()
    client.force_login(agent)
    url = reverse("outreach:grade_badge", args=[customer.pk])
    body = client.get(url).content.decode()
    assert 'id="customer-grade-badge"' in body
    assert "grade-3" in body
    assert "contacts-changed from:body" in body
    assert "grade-changed from:body" in body


def test_customer_page_includes_partials(client, agent, contact):
    client.force_login(agent)
    body = client.get(
        reverse("outreach:customer_contacts", args=[contact.customer_id])
    ).content.decode()
    assert 'id="outreach-timeline"' in body
    assert 'id="outreach-grade"' in body


# --- Edit and withdraw ----------------------------------------------------------


def test_edit_saves_revision(client, agent, contact):
    client.force_login(agent)
    url = reverse("outreach:contact_edit", args=[contact.pk])
    form = {
        "kind": "call",
        "outcome": "done",
        "occurred_at": timezone.localtime(contact.occurred_at).strftime(
            "%Y-%m-%dT%H:%M"
        ),
    }
    response = client.post(url, form)
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.kind == "call"
    revision = ContactRevision.objects.get(contact=contact)
    assert revision.changes["kind"] == {"old": "visit", "new": "call"}


def test_edit_page_prefilled(client, agent, contact):
    client.force_login(agent)
    body = client.get(
        reverse("outreach:contact_edit", args=[contact.pk])
    ).content.decode()
    assert 'value="2026-11-20T10:00"' in body


def test_edit_withdrawn_is_403(client, agent, contact):
    contact.is_void = True
    contact.save()
    client.force_login(agent)
    assert (
        client.get(reverse("outreach:contact_edit", args=[contact.pk])).status_code
        == 403
    )


def test_void_htmx(client, agent, contact):
    client.force_login(agent)
    url = reverse("outreach:contact_void", args=[contact.pk])
    response = client.post(url, {"reason": "记错客户"}, **HTMX)
    assert response.status_code == 204
    assert response["HX-Trigger"] == "contacts-changed"
    contact.refresh_from_db()
    assert contact.is_void is True


def test_void_without_reason_htmx(client, agent, contact):
    client.force_login(agent)
    url = reverse("outreach:contact_void", args=[contact.pk])
    response = client.post(url, {"reason": ""}, **HTMX)
    assert response.status_code == 200
    assert "请填写撤回原因。" in response.content.decode()
    contact.refresh_from_db()
    assert contact.is_void is False


def test_void_redirects_without_htmx(client, agent, contact):
    client.force_login(agent)
    url = reverse("outreach:contact_void", args=[contact.pk])
    response = client.post(url, {"reason": "重复"})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "outreach:customer_contacts", args=[contact.customer_id]
    )


# --- Grade ------------------------------------------------------------------------


def test_grade_override_by_agent(client, agent, customer):
    client.force_login(agent)
    url = reverse("outreach:grade_override", args=[customer.pk])
    response = client.post(url, {"grade": "2", "reason": "常来往"}, **HTMX)
    assert response.status_code == 200
    assert response["HX-Trigger"] == "grade-changed"
    customer.refresh_from_db()
    assert (customer.grade, customer.grade_is_manual) == (2, True)
    assert "常来往" in response.content.decode()


def test_grade_override_by_team_supervisor(client, supervisor, customer):
    client.force_login(supervisor)
    url = reverse("outreach:grade_override", args=[customer.pk])
    response = client.post(url, {"grade": "3", "reason": "周检视时确认"})
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.grade == 3


def test_grade_override_by_manager_is_403(client, manager, customer):
    client.force_login(manager)
    url = reverse("outreach:grade_override", args=[customer.pk])
    assert client.post(url, {"grade": "2", "reason": "x"}).status_code == 403


def test_grade_override_needs_reason(client, agent, customer):
    client.force_login(agent)
    url = reverse("outreach:grade_override", args=[customer.pk])
    response = client.post(url, {"grade": "2", "reason": ""}, **HTMX)
    assert "请填写手工设定分级的原因。" in response.content.decode()
    assert GradeChange.objects.count() == 0


def test_grade_clear(client, agent, customer):
    client.force_login(agent)
    client.post(
        reverse("outreach:grade_override", args=[customer.pk]),
        {"grade": "2", "reason": "x"},
    )
    response = client.post(reverse("outreach:grade_override_clear", args=[customer.pk]))
    assert response.status_code == 302
    customer.refresh_from_db()
    assert (customer.grade, customer.grade_is_manual) == (5, False)


def test_grade_clear_without_override(client, agent, customer):
    client.force_login(agent)
    url = reverse("outreach:grade_override_clear", args=[customer.pk])
    response = client.post(url, **HTMX)
    assert response.status_code == 200
    assert "该客户的分级不是手工设定的。" in response.content.decode()


def test_grade_panel_hides_form_from_manager(client, manager, customer):
    client.force_login(manager)
    body = client.get(
        reverse("outreach:grade_panel", args=[customer.pk])
    ).content.decode()
    assert reverse("outreach:grade_override", args=[customer.pk]) not in body


# --- Quick log ------------------------------------------------------------------------


def test_quick_log_search_htmx(client, agent):
    factories.make_customer(
        agent, full_name="王芳", name_pinyin="wangfang", name_initials="wf"
    )
    client.force_login(agent)
    response = client.get(reverse("outreach:quick_log"), {"q": "wf"}, **HTMX)
    body = response.content.decode()
    assert "王芳" in body
    assert "<html" not in body


def test_quick_log_page(client, agent, customer):
    client.force_login(agent)
    response = client.get(reverse("outreach:quick_log"), {"q": "王芳"})
    body = response.content.decode()
    assert response.status_code == 200
    assert reverse("outreach:contact_log", args=[customer.pk]) in body
