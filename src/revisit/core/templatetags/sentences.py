"""`{% sentences %}`: join separately translated sentences as each language does.

English puts a space between two sentences; Chinese puts none after its
full-width punctuation. A template that writes each sentence in its own
translate tag, on its own line, gets the Chinese right inside this tag:

    {% load sentences %}
    <p>{% sentences %}
      {% translate "First sentence." %}
      {% translate "Second sentence." %}
    {% endsentences %}</p>
"""

import re

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

_WHITESPACE = re.compile(r"\s+")
# Whitespace after full-width punctuation, and whitespace before it.
_AFTER_FULL_WIDTH = re.compile(r"(?<=[。！？；：，、”’）】》])\s+")
_BEFORE_FULL_WIDTH = re.compile(r"\s+(?=[。！？；：，、”’）】》])")
_NO_SPACE_LANGUAGES = ("zh", "ja")


def join_sentences(text: str, language: str | None) -> str:
    """Collapse the whitespace of `text`, dropping it around full-width punctuation
    in languages written without spaces."""
    text = _WHITESPACE.sub(" ", text).strip()
    if language and language.lower().startswith(_NO_SPACE_LANGUAGES):
        text = _AFTER_FULL_WIDTH.sub("", text)
        text = _BEFORE_FULL_WIDTH.sub("", text)
    return text


class SentencesNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context) -> str:
        # The content is already rendered and escaped, so removing whitespace
        # cannot make it unsafe.
        return mark_safe(join_sentences(self.nodelist.render(context), get_language()))


@register.tag("sentences")
def sentences(parser, token):
    nodelist = parser.parse(("endsentences",))
    parser.delete_first_token()
    return SentencesNode(nodelist)
