"""The fields an extract can fill, with their labels and value types.

FIELDS maps each field name (what SourceProfile.header_map points to) to
its label and type. The type picks the normaliser in
revisit.imports.normalize; code fields also name their code table in
revisit.imports.codes.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Value types.
IDENTIFIER = "identifier"  # policy number, product code, agent code
TEXT = "text"
NAME = "name"
DATE = "date"
AMOUNT = "amount"
PHONE = "phone"
CODE = "code"
ID_NUMBER = "id_number"
TERM = "term"  # payment term: 20年, 至60岁, 趸交
IGNORED = "ignored"  # a known column that carries nothing to import


@dataclass(frozen=True)
class Field:
    name: str
    label: Promise
    type: str
    code_table: str = ""  # for CODE fields: the table in codes.DEFAULT_TABLES


_POLICY_FIELDS = [
    Field("policy_number", _("Policy number"), IDENTIFIER),
    Field("product_code", _("Product code"), IDENTIFIER),
    Field("product_name", _("Product name"), TEXT),
    Field("is_rider", _("Base policy or rider"), CODE, "rider"),
    Field("category", _("Product category"), CODE, "category"),
    Field("sum_assured", _("Sum assured"), AMOUNT),
    Field("premium", _("Premium"), AMOUNT),
    Field("payment_mode", _("Payment mode"), CODE, "payment_mode"),
    Field("payment_term", _("Payment term"), TERM),
    Field("effective_date", _("Effective date"), DATE),
    Field("paid_to_date", _("Paid-to date"), DATE),
    Field("payment_end_date", _("Payment end date"), DATE),
    Field("status", _("Policy status"), CODE, "status"),
    Field("relationship", _("Insured's relation to holder"), CODE, "relationship"),
    Field("agent_code", _("Agent code"), IDENTIFIER),
    Field("agent_name", _("Agent name"), NAME),
    Field("team", _("Team"), TEXT),
    Field("row_serial", _("Row serial number (not imported)"), IGNORED),
]

_HOLDER_FIELDS = [
    Field("holder_name", _("Policy holder's name"), NAME),
    Field("holder_gender", _("Policy holder's gender"), CODE, "gender"),
    Field("holder_birth_date", _("Policy holder's birth date"), DATE),
    Field("holder_id_type", _("Policy holder's ID type"), CODE, "id_type"),
    Field("holder_id_number", _("Policy holder's ID number"), ID_NUMBER),
    Field("holder_phone", _("Policy holder's phone"), PHONE),
    Field("holder_address", _("Policy holder's address"), TEXT),
    Field("holder_occupation", _("Policy holder's occupation"), TEXT),
    Field("holder_income", _("Policy holder's annual income"), AMOUNT),
]

_INSURED_FIELDS = [
    Field("insured_name", _("Insured's name"), NAME),
    Field("insured_gender", _("Insured's gender"), CODE, "gender"),
    Field("insured_birth_date", _("Insured's birth date"), DATE),
    Field("insured_id_type", _("Insured's ID type"), CODE, "id_type"),
    Field("insured_id_number", _("Insured's ID number"), ID_NUMBER),
    Field("insured_phone", _("Insured's phone"), PHONE),
    Field("insured_address", _("Insured's address"), TEXT),
    Field("insured_occupation", _("Insured's occupation"), TEXT),
    Field("insured_income", _("Insured's annual income"), AMOUNT),
]

FIELDS: dict[str, Field] = {
    field.name: field for field in _POLICY_FIELDS + _HOLDER_FIELDS + _INSURED_FIELDS
}

# Person fields without the holder_/insured_ prefix; a header naming one of
# these without saying whose it is belongs to the person of the nearest
# name column to its left (the holder when there is none).
PERSON_SUFFIXES = (
    "name",
    "gender",
    "birth_date",
    "id_type",
    "id_number",
    "phone",
    "address",
    "occupation",
    "income",
)

# Fields a row cannot do without. A continuation row (a rider carrying
# only the policy number and coverage fields) gets the holder from its
# policy's first row, so only the policy number is required of it.
REQUIRED_FIELDS = ("policy_number", "holder_name")

# Coverage fields: the ones a continuation row brings itself. Everything
# else comes from the first row of the same policy when left blank.
COVERAGE_FIELDS = (
    "product_code",
    "product_name",
    "is_rider",
    "category",
    "sum_assured",
    "premium",
    "payment_mode",
    "payment_term",
    "effective_date",
    "paid_to_date",
    "payment_end_date",
    "status",
)
