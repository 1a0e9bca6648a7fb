"""The book of business: customers, households, products, policies and lines.

An extract has one row per coverage line (险种); rows sharing a policy number
form one policy (contract). Line-level facts live on CoverageLine; Policy
keeps the contract's parties and a summary taken from its base line.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from revisit.core.models import BaseModel


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")
    UNKNOWN = "", _("Unknown")


class IdType(models.TextChoices):
    RESIDENT = "resident", _("Resident ID card")
    PASSPORT = "passport", _("Passport")
    MILITARY = "military", _("Military ID")
    HK_MACAU = "hk_macau", _("Hong Kong/Macau travel permit")
    TAIWAN = "taiwan", _("Taiwan travel permit")
    BIRTH_CERTIFICATE = "birth_cert", _("Birth certificate")
    FOREIGN_RESIDENT = "foreign", _("Foreign permanent resident ID")
    OTHER = "other", _("Other ID")


class PaymentGroup(models.TextChoices):
    RENEWAL_RECEIVABLE = "receivable", _("Renewal receivable")
    PAID_UP = "paid_up", _("Paid up")
    NONE_IN_FORCE = "none", _("No policy in force")


class Grade(models.IntegerChoices):
    TWO = 2, _("Grade 2: met two or more times in the past year")
    THREE = 3, _("Grade 3: contacted, rarely met")
    FIVE = 5, _("Grade 5: no contact in the past year")


class ProductCategory(models.TextChoices):
    LIFE = "life", _("Life")
    CRITICAL_ILLNESS = "critical_illness", _("Critical illness")
    MEDICAL = "medical", _("Medical")
    ACCIDENT = "accident", _("Accident")
    ANNUITY = "annuity", _("Annuity")
    ENDOWMENT = "endowment", _("Endowment")
    EDUCATION = "education", _("Education")
    WAIVER = "waiver", _("Premium waiver")
    UNIVERSAL = "universal", _("Universal / unit-linked")
    OTHER = "other", _("Other")


class PaymentMode(models.TextChoices):
    ANNUAL = "annual", _("Annual")
    SEMI_ANNUAL = "semi_annual", _("Semi-annual")
    QUARTERLY = "quarterly", _("Quarterly")
    MONTHLY = "monthly", _("Monthly")
    SINGLE = "single", _("Single premium")


# Months between two premiums, per payment mode.
PAYMENT_MODE_MONTHS = {
    PaymentMode.ANNUAL: 12,
    PaymentMode.SEMI_ANNUAL: 6,
    PaymentMode.QUARTERLY: 3,
    PaymentMode.MONTHLY: 1,
}


class PaymentTermKind(models.TextChoices):
    YEARS = "years", _("For a number of years")
    TO_AGE = "to_age", _("Until an age")
    SINGLE = "single", _("Single payment")
    LIFETIME = "lifetime", _("For life")


class PolicyStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    LAPSED = "lapsed", _("Lapsed")
    MATURED = "matured", _("Matured")
    SURRENDERED = "surrendered", _("Surrendered")
    CLAIM_TERMINATED = "claim_terminated", _("Terminated by claim")
    TERMINATED = "terminated", _("Terminated")


class Relationship(models.TextChoices):
    SELF = "self", _("Self")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    SIBLING = "sibling", _("Sibling")
    GRANDCHILD = "grandchild", _("Grandchild")
    GRANDPARENT = "grandparent", _("Grandparent")
    EMPLOYEE = "employee", _("Employee")
    OTHER = "other", _("Other")


# Customers in name order: pinyin first, so a book reads in the order of
# a Chinese phone book rather than by code point. The (agent, name_pinyin)
# and (office, name_pinyin) indexes serve this order.
CUSTOMER_NAME_ORDER = ["name_pinyin", "full_name", "pk"]


class Household(BaseModel):
    """A family unit, derived from policy relationships and editable by hand."""

    office = models.ForeignKey(
        "accounts.Office", verbose_name=_("sales office"), on_delete=models.PROTECT,
        related_name="households",
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    is_manual = models.BooleanField(
        _("edited by hand"), default=False,
        help_text=_("Imports do not regroup a household that was edited by hand."),
    )

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return self.name or str(self.pk)


class Customer(BaseModel):
    """A person in an agent's book: a policy holder, an insured, or both."""

    # Office and agent need no index of their own: the composite indexes
    # in Meta start with them, and each extra index slows every write.
    office = models.ForeignKey(
        "accounts.Office", verbose_name=_("sales office"), on_delete=models.PROTECT,
        related_name="customers", db_index=False,
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("agent"), on_delete=models.PROTECT,
        related_name="customers", db_index=False,
    )
    household = models.ForeignKey(
        Household, verbose_name=_("household"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="members",
    )
    full_name = models.CharField(_("name"), max_length=100)
    name_pinyin = models.CharField(
        _("name in pinyin"), max_length=300, blank=True, db_index=True,
        help_text=_("Full pinyin without tones or spaces, used by search."),
    )
    name_initials = models.CharField(
        _("name initials"), max_length=100, blank=True, db_index=True,
    )
    gender = models.CharField(
        _("gender"), max_length=1, choices=Gender.choices, blank=True, default=""
    )
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    id_type = models.CharField(
        _("ID type"), max_length=20, choices=IdType.choices, default=IdType.RESIDENT
    )
    id_number = models.CharField(_("ID number"), max_length=40, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, db_index=True)
    phone_alt = models.CharField(_("other phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    occupation = models.CharField(_("occupation"), max_length=100, blank=True)
    annual_income = models.DecimalField(
        _("annual income"), max_digits=14, decimal_places=2, null=True, blank=True,
        help_text=_("Yuan per year, when known."),
    )
    notes = models.TextField(_("notes"), blank=True)

    # Classification, recomputed after every import (book.services).
    payment_group = models.CharField(
        _("payment group"), max_length=20, choices=PaymentGroup.choices,
        default=PaymentGroup.NONE_IN_FORCE,
    )
    next_due_date = models.DateField(_("next premium due"), null=True, blank=True)
    policy_count = models.PositiveIntegerField(
        _("policies"), default=0,
        help_text=_("Policies in force where this customer is holder or insured."),
    )
    annual_premium = models.DecimalField(
        _("annual premium"), max_digits=14, decimal_places=2, default=0,
        help_text=_("Yuan per year over the policies this customer holds in force."),
    )
    categories = models.CharField(
        _("categories held"), max_length=200, blank=True,
        help_text=_("Comma-separated product categories in force."),
    )
    is_single_policy_risk = models.BooleanField(
        _("single-policy lapse risk"), default=False
    )
    is_in_grace = models.BooleanField(_("in grace period"), default=False)
    is_reinstatable = models.BooleanField(_("lapsed but reinstatable"), default=False)

    grade = models.PositiveSmallIntegerField(
        _("532 grade"), choices=Grade.choices, default=Grade.FIVE
    )
    grade_is_manual = models.BooleanField(_("grade set by hand"), default=False)
    last_contact_at = models.DateTimeField(_("last contact"), null=True, blank=True)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = CUSTOMER_NAME_ORDER
        constraints = [
            models.UniqueConstraint(
                fields=["office", "id_type", "id_number"],
                condition=~models.Q(id_number=""),
                name="book_customer_unique_id",
            ),
        ]
        indexes = [
            models.Index(
                fields=["agent", "full_name"], name="book_cust_agent_name_idx"
            ),
            models.Index(fields=["agent", "grade"], name="book_cust_agent_grade_idx"),
            models.Index(
                fields=["office", "full_name"], name="book_cust_office_name_idx"
            ),
            models.Index(
                fields=["agent", "name_pinyin"], name="book_cust_agent_pinyin_idx"
            ),
            models.Index(
                fields=["office", "name_pinyin"], name="book_cust_office_pinyin_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


class CustomerRelation(BaseModel):
    """`customer` is `kind` of `relative`: (A, spouse, B) means A is B's spouse."""

    # The unique (customer, relative) index serves lookups by customer.
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE,
        related_name="relations", db_index=False,
    )
    relative = models.ForeignKey(
        Customer, verbose_name=_("relative"), on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(
        _("relationship"), max_length=20, choices=Relationship.choices
    )

    class Meta:
        verbose_name = _("family relation")
        verbose_name_plural = _("family relations")
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "relative"], name="book_relation_unique_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.kind} {self.relative_id}"


class Product(BaseModel):
    office = models.ForeignKey(
        "accounts.Office", verbose_name=_("sales office"), on_delete=models.PROTECT,
        related_name="products",
    )
    code = models.CharField(_("product code"), max_length=40)
    name = models.CharField(_("product name"), max_length=200)
    category = models.CharField(
        _("category"), max_length=30, choices=ProductCategory.choices,
        default=ProductCategory.OTHER,
    )
    is_rider = models.BooleanField(_("rider"), default=False)
    # Catalogue fields, kept by office managers; imports leave them alone.
    min_age = models.PositiveSmallIntegerField(
        _("minimum age"), null=True, blank=True,
        help_text=_("Youngest insured age accepted, in years."),
    )
    max_age = models.PositiveSmallIntegerField(
        _("maximum age"), null=True, blank=True,
        help_text=_("Oldest insured age accepted, in years."),
    )
    selling_points = models.TextField(
        _("selling points"), blank=True,
        help_text=_("One point a line, strongest first."),
    )
    is_featured = models.BooleanField(
        _("featured"), default=False,
        help_text=_("Offered on visit preparation, pre-order forms and campaigns."),
    )
    is_active = models.BooleanField(
        _("on sale"), default=True,
        help_text=_(
            "Products no longer sold stay for old policies but are not offered."
        ),
    )

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "code"], name="book_product_unique_code"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Policy(BaseModel):
    """A contract: holder, insured and the summary of its base line."""

    # The unique (office, policy_number) index serves lookups by office.
    office = models.ForeignKey(
        "accounts.Office", verbose_name=_("sales office"), on_delete=models.PROTECT,
        related_name="policies", db_index=False,
    )
    policy_number = models.CharField(_("policy number"), max_length=40)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("servicing agent"),
        on_delete=models.PROTECT, related_name="policies",
    )
    is_orphan = models.BooleanField(
        _("orphan policy"), default=False,
        help_text=_("Reassigned from an agent who left."),
    )
    holder = models.ForeignKey(
        Customer, verbose_name=_("policy holder"), on_delete=models.PROTECT,
        related_name="held_policies",
    )
    insured = models.ForeignKey(
        Customer, verbose_name=_("insured"), on_delete=models.PROTECT,
        related_name="insured_policies",
    )
    relationship = models.CharField(
        _("insured's relation to holder"), max_length=20,
        choices=Relationship.choices, blank=True,
    )
    # No index on status alone: most policies are in force, so SQLite
    # would scan through it instead of using the office or agent indexes.
    status = models.CharField(
        _("status"), max_length=20, choices=PolicyStatus.choices,
        default=PolicyStatus.IN_FORCE,
    )
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    paid_to_date = models.DateField(_("paid-to date"), null=True, blank=True)
    payment_end_date = models.DateField(_("payment end date"), null=True, blank=True)
    payment_mode = models.CharField(
        _("payment mode"), max_length=20, choices=PaymentMode.choices, blank=True
    )
    annual_premium = models.DecimalField(
        _("annual premium"), max_digits=14, decimal_places=2, default=0,
        help_text=_("Yuan per year over the lines in force."),
    )
    last_import = models.ForeignKey(
        "imports.ImportBatch", verbose_name=_("last import"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        ordering = ["policy_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "policy_number"], name="book_policy_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return self.policy_number


class CoverageLine(BaseModel):
    """One coverage (险种) of a policy: a base line or a rider."""

    # The unique (policy, product_code) index serves lookups by policy.
    policy = models.ForeignKey(
        Policy, verbose_name=_("policy"), on_delete=models.CASCADE,
        related_name="lines", db_index=False,
    )
    product = models.ForeignKey(
        Product, verbose_name=_("product"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="lines",
    )
    product_code = models.CharField(_("product code"), max_length=40)
    product_name = models.CharField(_("product name"), max_length=200, blank=True)
    category = models.CharField(
        _("category"), max_length=30, choices=ProductCategory.choices,
        default=ProductCategory.OTHER,
    )
    is_rider = models.BooleanField(_("rider"), default=False)
    insured = models.ForeignKey(
        Customer, verbose_name=_("insured"), on_delete=models.PROTECT,
        related_name="coverage_lines",
    )
    sum_assured = models.DecimalField(
        _("sum assured"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    premium = models.DecimalField(
        pgettext_lazy("amount per payment", "premium"), max_digits=14,
        decimal_places=2, null=True, blank=True,
        help_text=_("Yuan per payment in the payment mode."),
    )
    payment_mode = models.CharField(
        _("payment mode"), max_length=20, choices=PaymentMode.choices, blank=True
    )
    payment_term_kind = models.CharField(
        pgettext_lazy("payment period", "payment term"), max_length=20,
        choices=PaymentTermKind.choices, blank=True,
    )
    payment_term_value = models.PositiveSmallIntegerField(
        _("payment term value"), null=True, blank=True,
        help_text=_("Years, or the age payments stop at."),
    )
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    paid_to_date = models.DateField(_("paid-to date"), null=True, blank=True)
    payment_end_date = models.DateField(_("payment end date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=PolicyStatus.choices,
        default=PolicyStatus.IN_FORCE,
    )
    source_row = models.PositiveIntegerField(
        _("source row"), null=True, blank=True,
        help_text=_("Row number in the last imported file."),
    )

    class Meta:
        verbose_name = _("coverage line")
        verbose_name_plural = _("coverage lines")
        ordering = ["policy", "is_rider", "product_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "product_code"], name="book_line_unique_product"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy_id} {self.product_code}"
