"""Every shipped catalogue is complete, and its .mo matches its .po."""

import ast
import gettext
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "revisit"
CATALOGUES = sorted(SRC.glob("*/locale/zh_Hans/LC_MESSAGES/django.po"))


def _unquote(line: str) -> str:
    return ast.literal_eval(line)


def parse_po(path: Path) -> list[dict]:
    """Return the entries of a .po file: msgctxt, msgid, msgstr and flags."""
    entries, entry, field = [], None, None
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if entry is not None:
                entries.append(entry)
            entry, field = None, None
            continue
        if line.startswith("#~"):
            continue
        entry = entry or {"flags": "", "msgctxt": None}
        if line.startswith("#,"):
            entry["flags"] += line[2:]
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[field] += _unquote(line)
        else:
            keyword, _, rest = line.partition(" ")
            field = keyword
            entry[field] = _unquote(rest)
    return [item for item in entries if item.get("msgid")]


def test_catalogues_exist():
    assert len(CATALOGUES) >= 5


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parts[-5])
def test_catalogue_is_translated(po):
    entries = parse_po(po)
    assert entries, "the catalogue has no entries: was makemessages run?"
    missing = [
        item["msgid"]
        for item in entries
        if not item.get("msgstr") and "msgid_plural" not in item
    ]
    fuzzy = [item["msgid"] for item in entries if "fuzzy" in item["flags"]]
    assert missing == []
    assert fuzzy == []


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parts[-5])
def test_compiled_catalogue_matches_source(po):
    with po.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for item in parse_po(po):
        if "msgid_plural" in item or not item.get("msgstr"):
            continue
        key = item["msgid"]
        if item["msgctxt"] is not None:
            result = compiled.pgettext(item["msgctxt"], key)
        else:
            result = compiled.gettext(key)
        if result != item["msgstr"]:
            stale.append(key)
    # A stale .mo means someone edited the .po without compilemessages.
    assert stale == []
