"""Search keys for Chinese names: full pinyin and initials (张三 -> zhangsan, zs)."""

from pypinyin import lazy_pinyin

# Surnames whose reading as a surname differs from the character's most
# common reading, which is what pypinyin returns without context (曾 ceng,
# 单 dan). Compound surnames are tried before single ones.
SURNAME_READINGS = {
    "万俟": ["mo", "qi"],
    "尉迟": ["yu", "chi"],
    "长孙": ["zhang", "sun"],
    "令狐": ["ling", "hu"],
    "曾": ["zeng"],
    "单": ["shan"],
    "解": ["xie"],
    "仇": ["qiu"],
    "区": ["ou"],
    "朴": ["piao"],
    "查": ["zha"],
    "盖": ["ge"],
    "缪": ["miao"],
    "乐": ["yue"],
    "覃": ["qin"],
    "翟": ["zhai"],
    "召": ["shao"],
    "种": ["chong"],
    "秘": ["bi"],
    "员": ["yun"],
    "繁": ["po"],
    "折": ["she"],
    "隗": ["wei"],
    "宿": ["su"],
    "恽": ["yun"],
    "栾": ["luan"],
    "莘": ["shen"],
    "阚": ["kan"],
    "黑": ["he"],
    "褚": ["chu"],
    "薄": ["bo"],
    "柏": ["bai"],
    "沈": ["shen"],
    "藏": ["zang"],
    "都": ["du"],
    "重": ["chong"],
    "车": ["che"],
    "任": ["ren"],
    "纪": ["ji"],
    "宁": ["ning"],
}
_LONGEST_SURNAME = max(len(surname) for surname in SURNAME_READINGS)


def _syllables(name: str) -> list[str]:
    for length in range(_LONGEST_SURNAME, 0, -1):
        surname = name[:length]
        if len(surname) == length and surname in SURNAME_READINGS:
            rest = lazy_pinyin(name[length:], errors="default") if name[length:] else []
            return [*SURNAME_READINGS[surname], *rest]
    return lazy_pinyin(name, errors="default")


def name_search_keys(full_name: str) -> tuple[str, str]:
    """Return (pinyin, initials) in lower case, without tones or spaces.

    The first characters are read as a surname (曾家豪 -> zengjiahao).
    Characters pypinyin cannot convert (Latin letters, digits) are kept as
    one run, and the initials take the first letter of each syllable or run,
    so "Anna李" gives ("annali", "al").
    """
    name = "".join(full_name.split())
    if not name:
        return "", ""
    syllables = [s.lower() for s in _syllables(name) if s.strip()]
    pinyin = "".join(syllables)
    initials = "".join(s[0] for s in syllables if s)
    return pinyin, initials
