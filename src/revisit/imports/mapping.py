"""Adapters from the pipeline's header preview and fields to the mapping screen."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from revisit.book.models import (
    Gender,
    IdType,
    PaymentMode,
    PolicyStatus,
    ProductCategory,
    Relationship,
)
from revisit.imports.errors_export import is_reason_header
from revisit.imports.fields import FIELDS, REQUIRED_FIELDS
from revisit.imports.fields import IGNORED as IGNORED_TYPE
from revisit.imports.header import IGNORE
from revisit.imports.header import _lookup_text as header_lookup_text


@dataclass(frozen=True)
class PreviewColumn:
    index: int
    header: str
    field: str | None
    # The SourceProfile.header_map key that maps this column.
    key: str


def preview_columns(preview: dict) -> list[PreviewColumn]:
    """Return the preview's columns with their header_map keys.

    The pipeline looks a header up by its lookup text, and a repeated header
    by "text#n" for its n-th occurrence (revisit.imports.header.map_columns),
    so the keys are built the same way here.
    """
    columns = []
    seen: dict[str, int] = {}
    for column in preview.get("columns", []):
        text = header_lookup_text(column["header"])
        seen[text] = seen.get(text, 0) + 1
        key = text if seen[text] == 1 else f"{text}#{seen[text]}"
        columns.append(
            PreviewColumn(
                index=column["index"],
                header=column["header"],
                field=column["field"],
                key=key,
            )
        )
    return columns


def _is_ignored(column: PreviewColumn, header_map: dict) -> bool:
    # The preview shows a column mapped to IGNORE with no field, just like an
    # unknown column. Only the saved mapping distinguishes the two.
    text = column.key.split("#", 1)[0]
    for key in (column.key, text):
        if key in header_map:
            return header_map[key] in (None, IGNORE)
    return False


def unknown_columns(preview: dict, header_map: dict) -> list[PreviewColumn]:
    """Return the columns the pipeline cannot place, minus the error file's reason."""
    return [
        column
        for column in preview_columns(preview)
        if column.field is None
        and not _is_ignored(column, header_map)
        and not is_reason_header(column.header)
    ]


def known_columns(preview: dict) -> list[PreviewColumn]:
    return [column for column in preview_columns(preview) if column.field]


def required_fields() -> list[str]:
    return list(REQUIRED_FIELDS)


def missing_required(preview: dict) -> list[str]:
    present = {column.field for column in known_columns(preview)}
    return [field for field in required_fields() if field not in present]


def needs_mapping(preview: dict, header_map: dict) -> bool:
    if not preview.get("columns"):
        # An empty sheet has nothing to map; the run rejects it with a reason.
        return False
    return bool(unknown_columns(preview, header_map) or missing_required(preview))


def field_label(name: str) -> str:
    field = FIELDS.get(name)
    return str(field.label) if field else name


def field_choices() -> list[tuple[str, str]]:
    """Return (name, label) of the fields a column can be mapped to.

    The order is that of FIELDS (policy, then holder, then insured), which
    keeps each person's fields together in the select.
    """
    return [
        (name, field.label)
        for name, field in FIELDS.items()
        if field.type != IGNORED_TYPE
    ]


@dataclass(frozen=True)
class CodeTable:
    """A code table an office keeps: codes in the file -> values the book stores."""

    name: str
    label: str | Promise
    choices: list[tuple[str, str | Promise]]


CODE_TABLES = [
    CodeTable("status", _("Policy status"), PolicyStatus.choices),
    CodeTable(
        "gender", _("Gender"), [c for c in Gender.choices if c[0] != Gender.UNKNOWN]
    ),
    CodeTable("id_type", _("ID type"), IdType.choices),
    CodeTable("payment_mode", _("Payment mode"), PaymentMode.choices),
    CodeTable("relationship", _("Relationship to the holder"), Relationship.choices),
    CodeTable("category", _("Product category"), ProductCategory.choices),
]


def code_tables() -> list[CodeTable]:
    return CODE_TABLES


def code_table(name: str) -> CodeTable | None:
    return next((table for table in CODE_TABLES if table.name == name), None)
