import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format

from revisit.book.models import PaymentMode, ProductCategory
from revisit.development.models import TalkScript, Technique
from revisit.development.selectors.needs import customer_needs_for
from revisit.development.selectors.scripts import (
    script_values_for,
    scripts_for_office,
    technique_stats_for,
)
from revisit.development.services.scripts import (
    script_fill,
    script_fill_text,
    talk_script_save,
    unknown_placeholders,
)
from revisit.development.text import name_title
from revisit.outreach.models import ContactOutcome
from tests import factories

TODAY = dt.date(2027, 3, 1)


def test_fill_replaces_known_placeholders():
    text = script_fill_text("{name_title}，您好！", {"name_title": "王先生"})

    assert text == "王先生，您好！"


def test_fill_leaves_unknown_placeholder_visible():
    parts = script_fill("您好{nickname}！", {"name_title": "王先生"})

    assert "".join(p.text for p in parts) == "您好{nickname}！"
    assert [p.text for p in parts if p.is_missing] == ["{nickname}"]


def test_fill_leaves_empty_value_visible():
    parts = script_fill("保费在{due_date}缴纳", {"due_date": ""})

    assert [p.text for p in parts if p.is_missing] == ["{due_date}"]


def test_fill_survives_stray_braces():
    body = "{ {name_title} {0} {} {{gap}} }"

    text = script_fill_text(body, {"name_title": "王先生", "gap": "没有重疾保障"})

    assert text == "{ 王先生 {0} {} {没有重疾保障} }"


def test_unknown_placeholders_listed():
    assert unknown_placeholders("{name_title}{nick}{policy}{age}") == ["age", "nick"]


def test_name_title_uses_surname_and_gender():
    assert name_title("王强", "M") == "王先生"
    assert name_title("欧阳娜娜", "F") == "欧阳女士"
    assert name_title("李梅", "") == "李梅"


def test_library_is_seeded_for_every_technique(talk_library, office):
    scripts = scripts_for_office(office.pk)

    assert {s.technique for s in scripts} == set(Technique.values)


def test_editing_library_script_saves_office_copy(
    talk_library, manager, office, other_office
):
    library = scripts_for_office(office.pk)[0]

    copy = talk_script_save(
        actor=manager,
        office_id=office.pk,
        script=library,
        title="新标题",
        situation="",
        body="{name_title}，您好",
        is_active=True,
    )

    library.refresh_from_db()
    assert copy.pk != library.pk
    assert copy.replaces == library
    assert library.title != "新标题"
    mine = scripts_for_office(office.pk)
    assert copy in mine
    assert library not in mine
    assert library in scripts_for_office(other_office.pk)


def test_editing_library_script_twice_keeps_one_copy(talk_library, manager, office):
    library = scripts_for_office(office.pk)[0]
    for title in ("一", "二"):
        talk_script_save(
            actor=manager,
            office_id=office.pk,
            script=library,
            title=title,
            situation="",
            body="x",
            is_active=True,
        )

    assert TalkScript.objects.filter(office=office, replaces=library).count() == 1


def test_switched_off_copy_hides_library_script(talk_library, manager, office):
    library = scripts_for_office(office.pk)[0]
    talk_script_save(
        actor=manager,
        office_id=office.pk,
        script=library,
        title="停用",
        situation="",
        body="x",
        is_active=False,
    )

    assert all(s.pk != library.pk for s in scripts_for_office(office.pk))
    assert all(s.title != "停用" for s in scripts_for_office(office.pk))


def test_script_values_from_customer_facts(agent):
    customer = factories.make_customer(
        agent,
        full_name="王强",
        gender="M",
        birth_date=dt.date(1988, 1, 1),
        next_due_date=dt.date(2027, 4, 10),
    )
    factories.make_policy(customer)
    needs = customer_needs_for(agent, customer, today=TODAY)

    values = script_values_for(customer, gaps=needs.raw_gaps, today=TODAY)

    assert values["name_title"] == "王先生"
    assert values["policy"] == "测试终身寿险"
    assert values["due_date"]
    assert values["gap"]


def test_script_values_product_from_opportunity(agent, customer):
    product = factories.make_product(agent.office, name="安康无忧2027")
    opportunity = factories.make_opportunity(customer, product=product)

    values = script_values_for(customer, gaps=[], opportunity=opportunity, today=TODAY)

    assert values["product"] == "安康无忧2027"


def test_script_values_empty_when_book_has_nothing(agent, customer):
    values = script_values_for(customer, gaps=[], today=TODAY)

    assert values["policy"] == ""
    assert values["product"] == ""


def test_technique_stats_count_outcomes(agent, customer, supervisor, outsider):
    when = timezone.now()
    outcomes = (ContactOutcome.PROPOSAL, ContactOutcome.SIGNED, ContactOutcome.REFUSED)
    for outcome in outcomes:
        factories.make_contact(
            customer,
            occurred_at=when,
            outcome=outcome,
            technique=Technique.ASSUMPTIVE_CLOSE,
        )
    factories.make_contact(customer, occurred_at=when, outcome=ContactOutcome.SIGNED)
    factories.make_contact(
        customer,
        occurred_at=when,
        outcome=ContactOutcome.SIGNED,
        technique=Technique.ASSUMPTIVE_CLOSE,
        is_void=True,
    )
    theirs = factories.make_customer(outsider)
    factories.make_contact(
        theirs,
        occurred_at=when,
        outcome=ContactOutcome.SIGNED,
        technique=Technique.ASSUMPTIVE_CLOSE,
    )

    stats = {row.technique: row for row in technique_stats_for(supervisor)}

    # Contacts without a technique, withdrawn ones and other teams' count nowhere.
    close = stats[Technique.ASSUMPTIVE_CLOSE]
    assert (close.uses, close.proposals, close.signed, close.refused) == (3, 1, 1, 1)
    assert close.success_percent == 67
    assert stats[Technique.PRE_FRAMING].success_percent is None


def test_name_title_calls_children_by_full_name():
    assert name_title("王小明", "M", is_child=True) == "王小明"


def test_script_policy_and_due_date_from_one_policy(agent, customer):
    # A single premium paid long ago next to a paying policy: the due date
    # belongs to the paying one, so {policy} must name it too.
    single = factories.make_policy(
        customer,
        premium=Decimal("14300"),
        payment_mode=PaymentMode.SINGLE,
        paid_to_date=dt.date(2004, 3, 14),
        payment_end_date=dt.date(2004, 3, 14),
        category=ProductCategory.ANNUITY,
    )
    single.lines.update(product_name="鑫享年金保险")
    paying = factories.make_policy(
        customer,
        premium=Decimal("2820"),
        paid_to_date=dt.date(2027, 4, 11),
        payment_end_date=dt.date(2045, 4, 11),
        category=ProductCategory.CRITICAL_ILLNESS,
    )
    paying.lines.update(product_name="康宁重大疾病保险")

    values = script_values_for(customer, gaps=[], today=TODAY)

    assert values["policy"] == "康宁重大疾病保险"
    assert values["due_date"] == date_format(dt.date(2027, 4, 11), "SHORT_DATE_FORMAT")


def test_script_due_date_empty_without_paying_policy(agent, customer):
    factories.make_policy(
        customer,
        payment_mode=PaymentMode.SINGLE,
        paid_to_date=dt.date(2004, 3, 14),
        payment_end_date=dt.date(2004, 3, 14),
    )

    values = script_values_for(customer, gaps=[], today=TODAY)

    assert values["policy"] == "测试终身寿险"
    assert values["due_date"] == ""


def test_prep_leaves_out_due_date_scripts_when_paid_up(
    client, agent, customer, talk_library
):
    factories.make_policy(
        customer,
        payment_mode=PaymentMode.SINGLE,
        paid_to_date=dt.date(2004, 3, 14),
        payment_end_date=dt.date(2004, 3, 14),
    )
    client.force_login(agent)

    response = client.get(f"/development/customers/{customer.pk}/prep/")

    assert response.status_code == 200
    assert "下一期保费" not in response.content.decode()
    assert response.context["scripts_left_out"] >= 1
