import pytest
from django.urls import reverse

from revisit.imports.models import ImportBatch, RejectedRow, SourceProfile
from revisit.outreach.models import Contact, ContactKind
from tests import factories
from tests.book.conftest import ID_NUMBER, PHONE

pytestmark = pytest.mark.django_db

MODELS = [
    "book_household",
    "book_customer",
    "book_customerrelation",
    "book_product",
    "book_policy",
    "book_coverageline",
    "imports_importbatch",
    "imports_rejectedrow",
    "imports_sourceprofile",
    "outreach_contact",
]


@pytest.fixture
def admin_client(client, django_user_model, office):
    admin = django_user_model.objects.create_superuser(
        "root", "", factories.PASSWORD, office=office
    )
    client.force_login(admin)
    return client


@pytest.fixture
def rows(agent, customer):
    """One row of every model, so each changelist renders a line."""
    from django.utils import timezone

    from revisit.book.models import Product, Relationship

    wife = factories.make_named_customer(agent, "李梅")
    factories.make_household(customer.office, customer, wife, name="张家")
    factories.make_relation(wife, Relationship.SPOUSE, customer)
    factories.make_policy(customer, number="P2020001", riders=1)
    Product.objects.create(office=customer.office, code="L101", name="测试终身寿险")
    batch = ImportBatch.objects.create(office=customer.office, file_name="a.csv")
    RejectedRow.objects.create(batch=batch, row_number=3, message="x")
    SourceProfile.objects.create(office=customer.office)
    Contact.objects.create(
        office=customer.office, customer=customer, agent=agent,
        kind=ContactKind.CALL, occurred_at=timezone.now(),
    )


@pytest.mark.parametrize("model", MODELS)
def test_changelist_renders(admin_client, rows, model):
    response = admin_client.get(reverse(f"admin:{model}_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1


def test_customer_changelist_masks_identifiers(admin_client, customer):
    page = admin_client.get(reverse("admin:book_customer_changelist")).content.decode()
    assert ID_NUMBER not in page
    assert PHONE not in page
    assert "110***********1238" in page


def test_customer_search_needs_whole_id_number(admin_client, customer):
    url = reverse("admin:book_customer_changelist")
    assert admin_client.get(url, {"q": ID_NUMBER}).context["cl"].result_count == 1
    assert admin_client.get(url, {"q": ID_NUMBER[:6]}).context["cl"].result_count == 0


def test_policy_change_page_lists_lines(admin_client, rows):
    from revisit.book.models import Policy

    policy = Policy.objects.get(policy_number="P2020001")
    response = admin_client.get(reverse("admin:book_policy_change", args=[policy.pk]))
    assert response.status_code == 200
    assert "附加意外伤害医疗保险" in response.content.decode()


def _customer_change_page(admin_client, customer):
    url = reverse("admin:book_customer_change", args=[customer.pk])
    return admin_client.get(url)


def test_customer_change_page_masks_identifiers(admin_client, customer):
    response = _customer_change_page(admin_client, customer)
    page = response.content.decode()
    assert response.status_code == 200
    assert ID_NUMBER not in page
    assert PHONE not in page
    assert "110***********1238" in page
    assert "139****5678" in page


def test_customer_change_form_omits_identifiers(admin_client, customer):
    form = _customer_change_page(admin_client, customer).context["adminform"].form
    for name in ["id_number", "phone", "phone_alt"]:
        assert name not in form.fields


def test_customer_change_form_omits_computed_fields(admin_client, customer):
    form = _customer_change_page(admin_client, customer).context["adminform"].form
    computed = [
        "payment_group", "next_due_date", "policy_count", "annual_premium",
        "categories", "is_single_policy_risk", "is_in_grace", "is_reinstatable",
        "grade", "grade_is_manual", "last_contact_at",
    ]
    for name in computed:
        assert name not in form.fields
    assert "full_name" in form.fields


def test_customer_change_keeps_identifiers(admin_client, customer):
    url = reverse("admin:book_customer_change", args=[customer.pk])
    data = {
        "office": customer.office_id, "agent": customer.agent_id,
        "full_name": "张三", "gender": "", "id_type": "resident",
        "address": "杭州", "occupation": "", "notes": "",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.address == "杭州"
    assert customer.id_number == ID_NUMBER
    assert customer.phone == PHONE
