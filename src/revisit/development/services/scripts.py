"""Talk scripts: fill placeholders and edit the office's library."""

import re
from dataclasses import dataclass

from django.db import transaction

from revisit.core.audit import audit_log
from revisit.development.models import TalkScript

# {name} with letters, digits and underscores; anything else in braces is
# left as written.
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
KNOWN_PLACEHOLDERS = ("name_title", "policy", "due_date", "product", "gap")


@dataclass(frozen=True)
class ScriptPart:
    """A piece of a filled script; `is_missing` marks a placeholder left as is."""

    text: str
    is_missing: bool = False


def script_fill(body: str, values: dict[str, str]) -> list[ScriptPart]:
    """Fill `{placeholder}`s in `body` from `values`.

    Never raises: an unknown placeholder, or one whose value is empty, stays
    visible as written (and is marked missing) so the agent sees what the
    script expected. Stray braces are plain text.
    """
    parts: list[ScriptPart] = []
    position = 0
    for match in PLACEHOLDER.finditer(body):
        if match.start() > position:
            parts.append(ScriptPart(body[position : match.start()]))
        value = values.get(match.group(1), "")
        if value:
            parts.append(ScriptPart(value))
        else:
            parts.append(ScriptPart(match.group(0), is_missing=True))
        position = match.end()
    if position < len(body):
        parts.append(ScriptPart(body[position:]))
    return parts


def script_fill_text(body: str, values: dict[str, str]) -> str:
    return "".join(part.text for part in script_fill(body, values))


def uses_placeholder(body: str, name: str) -> bool:
    return any(match.group(1) == name for match in PLACEHOLDER.finditer(body))


def unknown_placeholders(body: str) -> list[str]:
    names = {match.group(1) for match in PLACEHOLDER.finditer(body)}
    return sorted(names - set(KNOWN_PLACEHOLDERS))


def talk_script_create(
    *,
    actor,
    office_id: int,
    technique: str,
    title: str,
    situation: str,
    body: str,
    is_active: bool = True,
) -> TalkScript:
    script = TalkScript.objects.create(
        office_id=office_id,
        technique=technique,
        title=title,
        situation=situation,
        body=body,
        is_active=is_active,
        updated_by=actor,
    )
    audit_log(actor=actor, action="development.script.created", target=script)
    return script


def talk_script_save(
    *,
    actor,
    office_id: int,
    script: TalkScript,
    title: str,
    situation: str,
    body: str,
    is_active: bool,
) -> TalkScript:
    """Save an edit of `script` for the office and return the script saved.

    Editing a library script (no office) saves the office's copy that
    replaces it, creating the copy the first time, so other offices keep
    the library text.
    """
    values = {
        "title": title,
        "situation": situation,
        "body": body,
        "is_active": is_active,
        "updated_by": actor,
    }
    with transaction.atomic():
        if script.office_id is None:
            saved, _created = TalkScript.objects.update_or_create(
                office_id=office_id,
                replaces=script,
                defaults={
                    **values,
                    "technique": script.technique,
                    "position": script.position,
                },
            )
        else:
            for field, value in values.items():
                setattr(script, field, value)
            script.save()
            saved = script
        audit_log(
            actor=actor,
            action="development.script.edited",
            target=saved,
            office=saved.office,
        )
    return saved
