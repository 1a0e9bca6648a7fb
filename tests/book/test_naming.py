import pytest

from revisit.book.naming import name_search_keys


@pytest.mark.parametrize(
    ("name", "pinyin", "initials"),
    [
        ("张三", "zhangsan", "zs"),
        ("曾家豪", "zengjiahao", "zjh"),
        ("单杰", "shanjie", "sj"),
        ("解放", "xiefang", "xf"),
        ("尉迟恭", "yuchigong", "ycg"),
        ("吕　娜", "lvna", "ln"),
        ("Anna李", "annali", "al"),
    ],
)
def test_name_search_keys(name, pinyin, initials):
    assert name_search_keys(name) == (pinyin, initials)


def test_surname_reading_only_applies_to_first_character():
    # 曾 inside a given name keeps pypinyin's reading.
    assert name_search_keys("王曾")[0] == "wangceng"


def test_empty_name_has_no_keys():
    assert name_search_keys("  ") == ("", "")
