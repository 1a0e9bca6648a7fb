"""zh_Hans number formats; every other format falls back to Django's zh_Hans.

Django 5.2 ships zh_Hans with no thousands separator and groups of four
digits, so amounts read 12000 while English pages read 12,000. Chinese
statements and banking apps write amounts as 12,000.00, so money uses
commas every three digits here as well. Only templates that use the "g"
suffix of floatformat group digits. USE_THOUSAND_SEPARATOR stays off,
because it would also group primary keys and years.
"""

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
