"""The fast pinyin path gives what name_search_keys gives."""

import random

from revisit.book.naming import name_search_keys
from revisit.imports.names import name_keys

COMMON = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红玉梅文辉鑫宇浩然子涵欣怡梓轩"
    "长单解乐朴仇区查翟重行"
)


def test_fast_keys_match_name_search_keys():
    rng = random.Random(3)
    names = [
        "".join(rng.choice(COMMON) for _ in range(rng.choice((2, 3, 4))))
        for _ in range(3000)
    ]
    names += [
        "Anna李",
        "张 三",
        "买买提·艾力",
        "曾国藩",
        "单雄信",
        "长孙无忌",
        "万俟卨",
        "乐嘉",
    ]
    assert [name_keys(name) for name in names] == [
        name_search_keys(name) for name in names
    ]
