"""Cell normalisers: turn one spreadsheet cell into the value its field needs.

normalizer_for() returns a function of one cell that gives the value, None
for an empty cell, or a DomainError instance (returned, not raised, so the
row loop tests one type instead of paying for try/except per cell). Results
are cached per column because extracts repeat the same dates, codes and
names thousands of times.
"""

from revisit.imports.normalize.cells import normalizer_for

__all__ = ["normalizer_for"]
