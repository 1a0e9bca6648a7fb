"""Search keys for Chinese names: full pinyin and initials (张三 -> zhangsan, zs)."""

from pypinyin import Style, lazy_pinyin


def name_search_keys(full_name: str) -> tuple[str, str]:
    """Return (pinyin, initials) in lower case, without tones or spaces.

    Characters pypinyin cannot convert (Latin letters, digits) are kept as
    one run, and the initials take the first letter of each syllable or run,
    so "Anna李" gives ("annali", "al").
    """
    name = "".join(full_name.split())
    if not name:
        return "", ""
    syllables = [s.lower() for s in lazy_pinyin(name, errors="default") if s.strip()]
    pinyin = "".join(syllables)
    initials = "".join(s[0] for s in syllables if s)
    return pinyin, initials
