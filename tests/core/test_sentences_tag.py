"""The {% sentences %} tag joins translated sentences per language."""

import pytest
from django.template import Context, Template
from django.utils import translation

from revisit.core.templatetags.sentences import join_sentences

TEMPLATE = Template(
    "{% load sentences %}<p>{% sentences %}\n  {{ first }}\n  {{ second }}\n"
    "{% endsentences %}</p>"
)


def _render(language: str, first: str, second: str) -> str:
    with translation.override(language):
        return TEMPLATE.render(Context({"first": first, "second": second}))


def test_chinese_sentences_join_without_space():
    html = _render("zh-hans", "张三属于家庭“张家”。", "以后导入时保持不变。")
    assert html == "<p>张三属于家庭“张家”。以后导入时保持不变。</p>"


def test_english_sentences_keep_one_space():
    html = _render("en", "Zhang belongs to “Zhang”.", "Imports keep it.")
    assert html == "<p>Zhang belongs to “Zhang”. Imports keep it.</p>"


def test_content_stays_escaped():
    html = _render("zh-hans", "<b>张三</b>。", "好。")
    assert html == "<p>&lt;b&gt;张三&lt;/b&gt;。好。</p>"


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("甲。 乙", "zh-hans", "甲。乙"),
        ("甲 ，乙", "zh-hans", "甲，乙"),
        ("a.  b", "zh-hans", "a. b"),
        ("甲。 乙", "en", "甲。 乙"),
        ("甲。 乙", None, "甲。 乙"),
    ],
)
def test_join_sentences(text, language, expected):
    assert join_sentences(text, language) == expected
