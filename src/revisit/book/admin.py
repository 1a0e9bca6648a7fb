"""Back-office admin for the book. Lists mask ID numbers and phones."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from revisit.book.models import (
    CoverageLine,
    Customer,
    CustomerRelation,
    Household,
    Policy,
    Product,
)
from revisit.core.masking import mask_id_number, mask_phone


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    list_display = ["__str__", "office", "is_manual", "updated_at"]
    list_filter = ["office", "is_manual"]
    search_fields = ["name"]


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    """Customers in the back office, with identifiers masked everywhere.

    The ID number and phones are shown masked and cannot be edited here,
    because the customer page's reveal is where a full number is read, with
    an audit entry. Classification and grade fields are read-only, because
    imports and the contact log compute them and the grade history records
    every grade set by hand.
    """

    list_display = [
        "full_name", "masked_id_number", "masked_phone", "agent", "grade",
        "payment_group", "policy_count", "next_due_date",
    ]
    list_filter = [
        "office", "grade", "payment_group", "is_in_grace", "is_reinstatable",
        "is_single_policy_risk", "grade_is_manual",
    ]
    # Searching the ID number needs the whole number: a partial match on
    # identifiers would let the search box reveal them digit by digit.
    search_fields = ["full_name", "name_pinyin", "name_initials", "=id_number"]
    raw_id_fields = ["agent", "household"]
    list_select_related = ["agent"]
    exclude = ["id_number", "phone", "phone_alt"]
    readonly_fields = [
        "masked_id_number", "masked_phone", "masked_phone_alt",
        "name_pinyin", "name_initials",
        "payment_group", "next_due_date", "policy_count", "annual_premium",
        "categories", "is_single_policy_risk", "is_in_grace", "is_reinstatable",
        "grade", "grade_is_manual", "last_contact_at",
        "created_at", "updated_at",
    ]

    @admin.display(description=_("ID number"))
    def masked_id_number(self, customer: Customer) -> str:
        return mask_id_number(customer.id_number)

    @admin.display(description=_("phone"))
    def masked_phone(self, customer: Customer) -> str:
        return mask_phone(customer.phone)

    @admin.display(description=_("other phone"))
    def masked_phone_alt(self, customer: Customer) -> str:
        return mask_phone(customer.phone_alt)


@admin.register(CustomerRelation)
class CustomerRelationAdmin(admin.ModelAdmin):
    list_display = ["customer", "kind", "relative"]
    list_filter = ["kind"]
    search_fields = ["customer__full_name", "relative__full_name"]
    raw_id_fields = ["customer", "relative"]
    list_select_related = ["customer", "relative"]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "category", "is_rider", "office"]
    list_filter = ["office", "category", "is_rider"]
    search_fields = ["code", "name"]


class CoverageLineInline(admin.TabularInline):
    model = CoverageLine
    fk_name = "policy"
    extra = 0
    raw_id_fields = ["product", "insured"]
    fields = [
        "product_code", "product_name", "category", "is_rider", "insured",
        "sum_assured", "premium", "payment_mode", "payment_term_kind",
        "payment_term_value", "status",
    ]


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = [
        "policy_number", "holder", "insured", "agent", "status", "payment_mode",
        "paid_to_date", "annual_premium", "is_orphan",
    ]
    list_filter = ["office", "status", "payment_mode", "is_orphan"]
    search_fields = ["=policy_number", "holder__full_name", "insured__full_name"]
    raw_id_fields = ["agent", "holder", "insured", "last_import"]
    list_select_related = ["holder", "insured", "agent"]
    inlines = [CoverageLineInline]


@admin.register(CoverageLine)
class CoverageLineAdmin(admin.ModelAdmin):
    list_display = [
        "policy", "product_code", "product_name", "category", "is_rider",
        "insured", "sum_assured", "premium", "status",
    ]
    list_filter = ["category", "is_rider", "status", "payment_mode"]
    search_fields = ["=policy__policy_number", "product_code", "product_name"]
    raw_id_fields = ["policy", "product", "insured"]
    list_select_related = ["policy", "insured"]
