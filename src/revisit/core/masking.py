"""Masks for personal identifiers shown in lists and stored in audit data."""


def mask_id_number(value: str | None) -> str:
    """Keep the first 3 and last 4 characters: 110***********1238."""
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_phone(value: str | None) -> str:
    """Keep the first 3 and last 4 digits of a mobile: 139****0001."""
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * (len(value) - 2) + value[-2:] if len(value) > 2 else "**"
    return value[:3] + "*" * (len(value) - 7) + value[-4:]
