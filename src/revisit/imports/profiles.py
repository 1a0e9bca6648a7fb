"""Removals and replacements in an office's source profile.

Adding header mappings and codes is services.source_profile_save, which
merges. The screens also need to take a saved header back and to replace a
whole code table, so that a code can be deleted.
"""

from django.db import transaction

from revisit.accounts.models import User
from revisit.core.audit import audit_log
from revisit.imports.codes import validate_code_tables
from revisit.imports.models import SourceProfile
from revisit.imports.selectors import DEFAULT_PROFILE_NAME


def _profile_for_update(office_id: int) -> SourceProfile:
    # Without the row lock, two people saving at once would each write back
    # the JSON they read, and the later save would drop the other's change.
    profile, _created = SourceProfile.objects.get_or_create(
        office_id=office_id, name=DEFAULT_PROFILE_NAME
    )
    return SourceProfile.objects.select_for_update().get(pk=profile.pk)


@transaction.atomic
def source_profile_unmap_headers(
    *, office_id: int, actor: User, headers: list[str]
) -> SourceProfile:
    """Remove saved mappings, so those headers are unknown again."""
    profile = _profile_for_update(office_id)
    profile.header_map = {
        header: field
        for header, field in profile.header_map.items()
        if header not in headers
    }
    profile.save(update_fields=["header_map", "updated_at"])
    audit_log(
        actor=actor,
        action="imports.profile.headers_unmapped",
        target=profile,
        data={"headers": headers},
    )
    return profile


@transaction.atomic
def source_profile_set_code_table(
    *, office_id: int, actor: User, table_name: str, table: dict[str, str]
) -> SourceProfile:
    """Replace one code table ({code: value}); an empty table removes it.

    Raises DomainError for a table or value the import does not know.
    """
    validate_code_tables({table_name: table})
    profile = _profile_for_update(office_id)
    tables = dict(profile.code_tables)
    if table:
        tables[table_name] = table
    else:
        tables.pop(table_name, None)
    profile.code_tables = tables
    profile.save(update_fields=["code_tables", "updated_at"])
    audit_log(
        actor=actor,
        action="imports.profile.code_table_saved",
        target=profile,
        data={"table": table_name, "codes": table},
    )
    return profile
