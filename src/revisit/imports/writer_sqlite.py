"""Bulk writes on SQLite: executemany with raw SQL on the sqlite3 connection.

Rows are tuples in the layouts of revisit.imports.writer; nothing passes
through the ORM. New rows carry ids allocated up front: the import has had
the write lock since BEGIN IMMEDIATE, so no other connection can take them. Updates
change a row only when a value differs, which keeps a re-import of the same
file from rewriting every row and its index entries.
"""

from decimal import Decimal

from django.db import connection

from revisit.book.models import (
    CoverageLine,
    Customer,
    CustomerRelation,
    Policy,
    Product,
)
from revisit.imports.writer import (
    CUSTOMER_INSERT,
    LINE_COLUMNS,
    LINE_COMPARED,
    POLICY_COLUMNS,
    POLICY_COMPARED,
    POLICY_UPDATE,
    PRODUCT_COLUMNS,
    RELATION_COLUMNS,
    BaseWriter,
    unset_defaults,
)

# Page cache for the import connection: the indexes of customers,
# policies and lines take random inserts, which thrash the default 2 MB.
IMPORT_CACHE_KIB = 32_768

# Tables whose secondary indexes a bulk import drops and rebuilds. With its
# 12 indexes in place a customer row costs about 20 us of CPU to insert.
# Without them it costs about 4 us, plus about 5 us to rebuild them all at
# the end (SQLite 3.40, 100,000 rows, on the 2-core bench machine).
# Constraint indexes (UNIQUE in CREATE TABLE) cannot be dropped and stay,
# which keeps ON CONFLICT working.
BULK_TABLES = (
    "book_customer",
    "book_policy",
    "book_coverageline",
    "book_customerrelation",
)
# Bulk mode pays when the file brings more lines than the database holds.
BULK_MIN_ROWS = 20_000


def _literal(value) -> str | None:
    """Render a default as an SQL literal, or None when it needs a parameter."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float, Decimal)):
        return str(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return None


def _insert_sql(table: str, model, columns: tuple[str, ...]) -> str:
    """INSERT of `columns`, with every other column at its model default."""
    names = list(columns)
    values = ["?"] * len(columns)
    for column, default in unset_defaults(model, columns).items():
        literal = _literal(default)
        if literal is None:
            raise NotImplementedError(f"No SQL literal for the default of {column}")
        names.append(column)
        values.append(literal)
    return f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join(values)})"


def _update_sql(table: str, columns: tuple[str, ...], compared: tuple[str, ...]) -> str:
    """UPDATE by id (the first column) that skips rows already equal.

    Numbered parameters let the WHERE clause reuse the SET values.
    """
    numbers = {name: index for index, name in enumerate(columns, start=1)}
    sets = ", ".join(f"{name} = ?{numbers[name]}" for name in columns[1:])
    differs = " OR ".join(f"{name} IS NOT ?{numbers[name]}" for name in compared)
    return f"UPDATE {table} SET {sets} WHERE id = ?1 AND ({differs})"


class SqliteWriter(BaseWriter):
    def __init__(self, office_id: int, batch_id: int):
        super().__init__(office_id, batch_id)
        connection.ensure_connection()
        self.raw = connection.connection
        self._next_ids: dict[str, int] = {}
        self._cache_size = None
        self._dropped: list[tuple[str, str, str]] = []

    def begin(self, expected_rows: int = 0) -> None:
        cursor = self.raw.cursor()
        self._cache_size = cursor.execute("PRAGMA cache_size").fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
        lines = cursor.execute("SELECT COUNT(*) FROM book_coverageline").fetchone()[0]
        if expected_rows >= BULK_MIN_ROWS and expected_rows > lines:
            self._drop_indexes()

    def _drop_indexes(self) -> None:
        """Drop the secondary indexes of BULK_TABLES, remembering their SQL."""
        marks = ", ".join("?" * len(BULK_TABLES))
        self._dropped = self.raw.execute(
            "SELECT tbl_name, name, sql FROM sqlite_master "
            "WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({marks})",
            BULK_TABLES,
        ).fetchall()
        for _table, name, _sql in self._dropped:
            self.raw.execute(f'DROP INDEX "{name}"')

    def writes_done(self) -> None:
        """Rebuild the dropped indexes that households and classes query through.

        The customer indexes wait for finish_indexes(): those steps update
        customers by id, cheaper while the indexes on them are missing.
        """
        self._rebuild(lambda table: table != "book_customer")

    def finish_indexes(self) -> None:
        self._rebuild(lambda table: True)

    def _rebuild(self, wanted) -> None:
        remaining = []
        for table, name, sql in self._dropped:
            if wanted(table):
                self.raw.execute(sql)
            else:
                remaining.append((table, name, sql))
        self._dropped = remaining

    def finish(self) -> None:
        if self._cache_size is not None:
            self.raw.execute(f"PRAGMA cache_size = {self._cache_size}")
            self._cache_size = None

    def allocate(self, table: str) -> int:
        next_id = self._next_ids.get(table)
        if next_id is None:
            cursor = self.raw.cursor()
            row = cursor.execute(
                "SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)
            ).fetchone()
            highest = cursor.execute(f"SELECT MAX(id) FROM {table}").fetchone()[0]
            next_id = max(row[0] if row else 0, highest or 0) + 1
        self._next_ids[table] = next_id + 1
        return next_id

    def insert_customers(self, rows: list[tuple]) -> None:
        sql = _insert_sql("book_customer", Customer, CUSTOMER_INSERT)
        self.raw.executemany(sql, rows)

    def fill_customers(self, rows: list[tuple]) -> None:
        # Parameters in the order of writer.CUSTOMER_FILL.
        self.raw.executemany(
            "UPDATE book_customer SET "
            "gender = CASE WHEN gender = '' AND ?2 <> '' THEN ?2 ELSE gender END, "
            "birth_date = COALESCE(birth_date, ?3), "
            "phone = CASE WHEN phone = '' AND ?4 <> '' THEN ?4 ELSE phone END, "
            "phone_alt = CASE WHEN phone_alt = '' AND ?5 <> '' THEN ?5 ELSE phone_alt "
            "END, "
            "address = CASE WHEN address = '' AND ?6 <> '' THEN ?6 ELSE address END, "
            "occupation = CASE WHEN occupation = '' AND ?7 <> '' THEN ?7 "
            "ELSE occupation END, "
            "annual_income = COALESCE(annual_income, ?8), "
            "id_type = CASE WHEN id_number = '' AND ?10 <> '' THEN ?9 ELSE id_type "
            "END, "
            "id_number = CASE WHEN id_number = '' AND ?10 <> '' THEN ?10 "
            "ELSE id_number END, "
            "updated_at = ?11 WHERE id = ?1",
            rows,
        )

    def insert_products(self, rows: list[tuple]) -> None:
        self.raw.executemany(
            _insert_sql("book_product", Product, PRODUCT_COLUMNS), rows
        )

    def update_products(self, rows: list[tuple]) -> None:
        self.raw.executemany(
            "UPDATE book_product SET name = ?2, category = ?3, is_rider = ?4, "
            "updated_at = ?5 WHERE id = ?1",
            rows,
        )

    def insert_policies(self, rows: list[tuple]) -> None:
        self.raw.executemany(_insert_sql("book_policy", Policy, POLICY_COLUMNS), rows)

    def update_policies(self, rows: list[tuple]) -> int:
        columns = POLICY_UPDATE
        before = self.raw.total_changes
        self.raw.executemany(_update_sql("book_policy", columns, POLICY_COMPARED), rows)
        return self.raw.total_changes - before

    def update_summaries(self, rows: list[tuple]) -> None:
        self.raw.executemany(
            "UPDATE book_policy SET status = ?2, effective_date = ?3, paid_to_date = "
            "?4, "
            "payment_end_date = ?5, payment_mode = ?6, annual_premium = ?7 WHERE id = "
            "?1",
            rows,
        )

    def insert_lines(self, rows: list[tuple]) -> None:
        self.raw.executemany(
            _insert_sql("book_coverageline", CoverageLine, LINE_COLUMNS), rows
        )

    def upsert_lines(self, rows: list[tuple]) -> None:
        updates = ", ".join(
            f"{name} = excluded.{name}"
            for name in LINE_COLUMNS
            if name not in ("policy_id", "product_code", "created_at")
        )
        differs = " OR ".join(
            f"book_coverageline.{name} IS NOT excluded.{name}" for name in LINE_COMPARED
        )
        sql = (
            _insert_sql("book_coverageline", CoverageLine, LINE_COLUMNS)
            + f" ON CONFLICT (policy_id, product_code) DO UPDATE SET {updates}"
            + f" WHERE {differs}"
        )
        self.raw.executemany(sql, rows)

    def insert_relations(self, rows: list[tuple]) -> int:
        before = self.raw.total_changes
        self.raw.executemany(
            _insert_sql("book_customerrelation", CustomerRelation, RELATION_COLUMNS)
            + " ON CONFLICT (customer_id, relative_id) DO NOTHING",
            rows,
        )
        return self.raw.total_changes - before

    def fetch(self, sql: str, params) -> list[tuple]:
        return self.raw.execute(sql.replace("%s", "?"), params).fetchall()

    def execute(self, sql: str, params) -> None:
        self.raw.execute(sql.replace("%s", "?"), params)
