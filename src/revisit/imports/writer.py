"""Row layouts shared by the SQLite and PostgreSQL writers, and what they share.

The pipeline builds plain tuples in these column orders; each writer turns
them into its database's fastest bulk statement. Dates are ISO strings,
amounts Decimal, timestamps whatever connection.ops adapts them to.
"""

from decimal import Decimal

from django.db import connection

from revisit.book.models import PAYMENT_MODE_MONTHS, PolicyStatus

CUSTOMER_INSERT = (
    "id",
    "office_id",
    "agent_id",
    "full_name",
    "name_pinyin",
    "name_initials",
    "gender",
    "birth_date",
    "id_type",
    "id_number",
    "phone",
    "phone_alt",
    "address",
    "occupation",
    "annual_income",
    "created_at",
    "updated_at",
)
# Fill empty fields of an existing customer; an empty value leaves the
# column as it is.
CUSTOMER_FILL = (
    "id",
    "gender",
    "birth_date",
    "phone",
    "phone_alt",
    "address",
    "occupation",
    "annual_income",
    "id_type",
    "id_number",
    "updated_at",
)
PRODUCT_COLUMNS = (
    "id",
    "office_id",
    "code",
    "name",
    "category",
    "is_rider",
    "created_at",
    "updated_at",
)
PRODUCT_UPDATE = ("id", "name", "category", "is_rider", "updated_at")
POLICY_COLUMNS = (
    "id",
    "office_id",
    "policy_number",
    "agent_id",
    "holder_id",
    "insured_id",
    "relationship",
    "status",
    "effective_date",
    "paid_to_date",
    "payment_end_date",
    "payment_mode",
    "annual_premium",
    "last_import_id",
    "created_at",
    "updated_at",
)
POLICY_UPDATE = (
    "id",
    "agent_id",
    "holder_id",
    "insured_id",
    "relationship",
    "status",
    "effective_date",
    "paid_to_date",
    "payment_end_date",
    "payment_mode",
    "annual_premium",
    "last_import_id",
    "updated_at",
)
# A policy is rewritten only when one of these differs; last_import_id
# and updated_at then name the import that changed it.
POLICY_COMPARED = POLICY_UPDATE[1:11]
LINE_COLUMNS = (
    "policy_id",
    "product_id",
    "product_code",
    "product_name",
    "category",
    "is_rider",
    "insured_id",
    "sum_assured",
    "premium",
    "payment_mode",
    "payment_term_kind",
    "payment_term_value",
    "effective_date",
    "paid_to_date",
    "payment_end_date",
    "status",
    "source_row",
    "created_at",
    "updated_at",
)
LINE_COMPARED = LINE_COLUMNS[1:17]
RELATION_COLUMNS = ("customer_id", "relative_id", "kind", "created_at", "updated_at")

# The summary a policy takes from its lines.
SUMMARY_UPDATE = (
    "id",
    "status",
    "effective_date",
    "paid_to_date",
    "payment_end_date",
    "payment_mode",
    "annual_premium",
)
_QUERY_CHUNK = 500


def annual_premium(premium: Decimal | None, mode: str, status: str) -> Decimal:
    """Premium per year of a line: per-payment premium times payments a year.

    A single-premium line counts its one premium. Lines not in force count
    nothing, because Policy.annual_premium sums the lines in force.
    """
    if premium is None or status != PolicyStatus.IN_FORCE:
        return Decimal(0)
    months = PAYMENT_MODE_MONTHS.get(mode)
    if months is None:  # single premium, or mode unknown
        return premium
    return premium * (12 // months)


def unset_defaults(model, columns: tuple[str, ...]) -> dict[str, object]:
    """Return column -> value for the concrete fields an insert leaves out.

    The values are what Django itself would write for a field nobody set
    (its default, None when nullable, "" for text), prepared for the
    database, so fields added to the models later need no change here.
    """
    values = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.column in columns:
            continue
        values[field.column] = field.get_db_prep_save(field.get_default(), connection)
    return values


def _iso(value):
    return (
        value.isoformat() if value is not None and not isinstance(value, str) else value
    )


class BaseWriter:
    """The writer interface, and the steps both writers share through fetch()."""

    def __init__(self, office_id: int, batch_id: int):
        self.office_id = office_id
        self.batch_id = batch_id

    def begin(self, expected_rows: int = 0) -> None:
        """Prepare for writing about `expected_rows` lines (an estimate)."""

    def writes_done(self) -> None:
        """Called after the last row is written, before households and classes."""

    def finish_indexes(self) -> None:
        """Called after households and classes, before the commit."""

    def finish(self) -> None:
        """Called when the import ends, committed or not."""

    def fetch(self, sql: str, params) -> list[tuple]:
        raise NotImplementedError

    def update_summaries(self, rows: list[tuple]) -> None:
        raise NotImplementedError

    def load_head(self, policy_id: int) -> dict | None:
        """Return the policy fields a continuation row inherits, from the database."""
        rows = self.fetch(
            "SELECT holder_id, insured_id, agent_id, relationship, status, "
            "payment_mode, "
            "effective_date, paid_to_date, payment_end_date FROM book_policy WHERE id "
            "= %s",
            [policy_id],
        )
        if not rows:
            return None
        (
            holder,
            insured,
            agent,
            relationship,
            status,
            mode,
            effective,
            paid_to,
            end,
        ) = rows[0]
        terms = self.fetch(
            "SELECT payment_term_kind, payment_term_value FROM book_coverageline "
            "WHERE policy_id = %s ORDER BY is_rider, id LIMIT 1",
            [policy_id],
        )
        term = (terms[0][0], terms[0][1]) if terms and terms[0][0] else None
        return {
            "holder_id": holder,
            "insured_id": insured,
            "agent_id": agent,
            "relationship": relationship,
            "status": status,
            "payment_mode": mode,
            "effective_date": _iso(effective),
            "paid_to_date": _iso(paid_to),
            "payment_end_date": _iso(end),
            "payment_term": term,
        }

    def recompute_summaries(self, policy_ids: set[int]) -> None:
        """Set status, dates, mode and annual premium of policies from their lines.

        Used for policies whose lines came in more than one chunk. The base
        line (the first that is not a rider) gives status, dates and mode.
        """
        ids = sorted(policy_ids)
        for start in range(0, len(ids), _QUERY_CHUNK):
            chunk = ids[start : start + _QUERY_CHUNK]
            placeholders = ", ".join(["%s"] * len(chunk))
            lines = self.fetch(
                "SELECT policy_id, is_rider, status, effective_date, paid_to_date, "
                "payment_end_date, payment_mode, premium FROM book_coverageline "
                f"WHERE policy_id IN ({placeholders}) ORDER BY policy_id, is_rider, id",
                chunk,
            )
            summaries: dict[int, list] = {}
            for (
                policy_id,
                _rider,
                status,
                effective,
                paid_to,
                end,
                mode,
                premium,
            ) in lines:
                premium = Decimal(str(premium)) if premium is not None else None
                summary = summaries.get(policy_id)
                if summary is None:
                    summary = summaries[policy_id] = [
                        policy_id,
                        status,
                        _iso(effective),
                        _iso(paid_to),
                        _iso(end),
                        mode,
                        Decimal(0),
                    ]
                summary[6] += annual_premium(premium, mode, status)
            self.update_summaries([tuple(summary) for summary in summaries.values()])


def make_writer(office_id: int, batch_id: int) -> BaseWriter:
    if connection.vendor == "sqlite":
        from revisit.imports.writer_sqlite import SqliteWriter

        return SqliteWriter(office_id, batch_id)
    if connection.vendor == "postgresql":
        from revisit.imports.writer_postgres import PostgresWriter

        return PostgresWriter(office_id, batch_id)
    raise NotImplementedError(f"No bulk writer for {connection.vendor}")
