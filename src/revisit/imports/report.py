"""The import report: counts, rejected rows and the summary dict.

Rejected rows are spooled to a temporary file while the import runs, so a
file full of bad rows costs disk, not memory. They are stored as
RejectedRow at the end, inside the import's transaction, or after the
rollback of a strict import. The summary keeps the first MAX_ERRORS of
them; RejectedRow keeps all.
"""

import datetime as dt
import json
import tempfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from revisit.imports.normalize.cells import cell_text

MAX_ERRORS = 1000
MISSING_SAMPLE = 20
MESSAGE_LENGTH = 500
VALUE_LENGTH = 500


def _json_cell(cell):
    if isinstance(cell, (dt.date, dt.datetime, dt.time, dt.timedelta)):
        return str(cell)
    return cell


def _trimmed(cells: list) -> list:
    end = len(cells)
    while end and cells[end - 1] in ("", None):
        end -= 1
    return [_json_cell(cell) for cell in cells[:end]]


@dataclass
class Report:
    file_name: str
    batch_id: int | None = None
    rows: int = 0
    rejected: int = 0
    coverage_lines: int = 0
    policies_created: int = 0
    policies_updated: int = 0
    customers_created: int = 0
    customers_matched: int = 0
    agents_created: int = 0
    teams_created: int = 0
    policies_reassigned: int = 0
    reassigned_sample: list[str] = field(default_factory=list)
    missing_policies: int = 0
    missing_sample: list[str] = field(default_factory=list)
    unknown_headers: list[str] = field(default_factory=list)
    header_row: int | None = None
    errors: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    _spool: object = None

    def reject(self, row_number: int, cells: list, column: str, value, reason) -> None:
        """Record a rejected row; `reason` is a message, lazy or not, with params "
        "applied."""
        self.rejected += 1
        shown = "" if value is None else cell_text(value).strip()[:VALUE_LENGTH]
        message = self.message(row_number, column, shown, str(reason))
        entry = {
            "row": row_number,
            "column": column,
            "value": shown,
            "message": message,
        }
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(entry)
        if self._spool is None:
            self._spool = tempfile.TemporaryFile("w+", encoding="utf-8")
        entry = dict(entry, cells=_trimmed(cells))
        self._spool.write(json.dumps(entry, ensure_ascii=False) + "\n")

    def message(self, row_number: int, column: str, value: str, reason: str) -> str:
        if column:
            text = _(
                '%(file)s, row %(row)s, column "%(column)s", value "%(value)s": '
                "%(reason)s"
            ) % {
                "file": self.file_name,
                "row": row_number,
                "column": column,
                "value": value,
                "reason": reason,
            }
        else:
            text = _("%(file)s, row %(row)s: %(reason)s") % {
                "file": self.file_name,
                "row": row_number,
                "reason": reason,
            }
        return text[:MESSAGE_LENGTH]

    def rejected_entries(self):
        """Yield every rejected row recorded so far, with its cells."""
        if self._spool is None:
            return
        self._spool.seek(0)
        for line in self._spool:
            yield json.loads(line)

    def close(self) -> None:
        if self._spool is not None:
            self._spool.close()
            self._spool = None

    def as_dict(self) -> dict:
        return {
            "file": self.file_name,
            "batch_id": self.batch_id,
            "rows": self.rows,
            "rejected": self.rejected,
            "coverage_lines": self.coverage_lines,
            "policies_created": self.policies_created,
            "policies_updated": self.policies_updated,
            "customers_created": self.customers_created,
            "customers_matched": self.customers_matched,
            "agents_created": self.agents_created,
            "teams_created": self.teams_created,
            "policies_reassigned": self.policies_reassigned,
            "policies_reassigned_sample": self.reassigned_sample,
            "missing_policies": self.missing_policies,
            "missing_policies_sample": self.missing_sample,
            "unknown_headers": self.unknown_headers,
            "header_row": self.header_row,
            "errors": self.errors,
            "errors_truncated": self.rejected > len(self.errors),
            "seconds": round(self.seconds, 3),
        }
