"""Number formats: money is grouped by thousands in both languages."""

from decimal import Decimal

import pytest
from django.template.defaultfilters import floatformat
from django.utils import formats, translation


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_money_grouped_by_thousands(language):
    with translation.override(language):
        assert floatformat(Decimal("1234567.50"), "-2g") == "1,234,567.50"


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_plain_integers_not_grouped(language):
    """Primary keys and years print as they are, in attributes and URLs too."""
    with translation.override(language):
        assert formats.localize(1234) == "1234"
        assert formats.localize(2026) == "2026"
