"""Households derived from family relations, respecting hand-made ones."""

from revisit.book.models import Customer, CustomerRelation, Household
from revisit.book.services.household_derivation import households_derive
from tests import factories


def _relate(a, b, kind="spouse"):
    CustomerRelation.objects.create(customer=a, relative=b, kind=kind)
    CustomerRelation.objects.create(customer=b, relative=a, kind=kind)


def test_related_customers_share_a_new_household(agent):
    a, b, c = (factories.make_customer(agent) for _ in range(3))
    _relate(a, b)
    _relate(b, c, "parent")
    households_derive(office_id=agent.office_id, customer_ids=[a.pk])
    household_ids = {
        Customer.objects.get(pk=pk).household_id for pk in (a.pk, b.pk, c.pk)
    }
    assert len(household_ids) == 1
    household = Household.objects.get(pk=household_ids.pop())
    assert household.name == a.full_name


def test_customer_without_relations_gets_no_household(agent):
    a = factories.make_customer(agent)
    households_derive(office_id=agent.office_id, customer_ids=[a.pk])
    assert Customer.objects.get(pk=a.pk).household_id is None


def test_existing_household_is_reused(agent):
    a, b = factories.make_customer(agent), factories.make_customer(agent)
    household = Household.objects.create(office=agent.office, name="老王家")
    Customer.objects.filter(pk=a.pk).update(household=household)
    _relate(a, b)
    households_derive(office_id=agent.office_id, customer_ids=[b.pk])
    assert Customer.objects.get(pk=b.pk).household_id == household.pk


def test_hand_made_household_is_not_regrouped(agent):
    a, b, c = (factories.make_customer(agent) for _ in range(3))
    manual = Household.objects.create(office=agent.office, name="手工", is_manual=True)
    Customer.objects.filter(pk=a.pk).update(household=manual)
    _relate(a, b)
    _relate(b, c)
    households_derive(office_id=agent.office_id, customer_ids=[a.pk, b.pk, c.pk])
    assert Customer.objects.get(pk=a.pk).household_id == manual.pk
    b_household = Customer.objects.get(pk=b.pk).household_id
    assert b_household not in (None, manual.pk)
    assert Customer.objects.get(pk=c.pk).household_id == b_household


def test_emptied_household_is_deleted(agent):
    a, b = factories.make_customer(agent), factories.make_customer(agent)
    big = Household.objects.create(office=agent.office, name="大")
    small = Household.objects.create(office=agent.office, name="小")
    Customer.objects.filter(pk=a.pk).update(household=big)
    Customer.objects.filter(pk=b.pk).update(household=small)
    _relate(a, b)
    households_derive(office_id=agent.office_id, customer_ids=[a.pk])
    assert Household.objects.filter(pk=big.pk).exists()
    assert not Household.objects.filter(pk=small.pk).exists()
