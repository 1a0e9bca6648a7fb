"""Bulk writes on PostgreSQL: COPY, and COPY into staging tables for updates.

New rows are copied straight into their tables with ids taken from the
tables' sequences in blocks. Updates and upserts copy into temporary
staging tables (dropped at commit) and then run one UPDATE ... FROM or
INSERT ... ON CONFLICT per chunk, changing only rows whose values differ.
A transaction-scoped advisory lock keeps two imports of one office from
interleaving.
"""

from django.db import connection

from revisit.book.models import (
    CoverageLine,
    Customer,
    CustomerRelation,
    Policy,
    Product,
)
from revisit.imports.writer import (
    CUSTOMER_FILL,
    CUSTOMER_INSERT,
    LINE_COLUMNS,
    LINE_COMPARED,
    POLICY_COLUMNS,
    POLICY_COMPARED,
    POLICY_UPDATE,
    PRODUCT_COLUMNS,
    PRODUCT_UPDATE,
    RELATION_COLUMNS,
    BaseWriter,
    unset_defaults,
)

ID_BLOCK = 10_000
# First key of pg_advisory_xact_lock(int, int): "imports", then the office id.
LOCK_NAMESPACE = 0x494D50


class PostgresWriter(BaseWriter):
    def __init__(self, office_id: int, batch_id: int):
        super().__init__(office_id, batch_id)
        connection.ensure_connection()
        self.cursor = connection.connection.cursor()
        self._ids: dict[str, list[int]] = {}
        self._staged: set[str] = set()

    def begin(self, expected_rows: int = 0) -> None:
        self.cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, %s)", (LOCK_NAMESPACE, self.office_id)
        )

    def writes_done(self) -> None:
        # Rows just copied in are invisible to the planner's statistics until
        # autovacuum gets round to them; households and classification query
        # these tables next, and plan them badly on stale counts.
        self.cursor.execute(
            "ANALYZE book_customer, book_policy, book_coverageline, "
            "book_customerrelation"
        )

    def finish(self) -> None:
        self.cursor.close()

    def allocate(self, table: str) -> int:
        pool = self._ids.get(table)
        if not pool:
            self.cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
                "FROM generate_series(1, %s)",
                (table, ID_BLOCK),
            )
            pool = [row[0] for row in self.cursor.fetchall()]
            pool.reverse()
            self._ids[table] = pool
        return pool.pop()

    def _copy(self, table: str, columns, rows) -> None:
        with self.cursor.copy(
            f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        ) as copy:
            for row in rows:
                copy.write_row(row)

    def _copy_new(self, table: str, model, columns, rows) -> None:
        """COPY new rows, with every column they leave out at its model default."""
        defaults = unset_defaults(model, columns)
        extra = tuple(defaults.values())
        names = (*columns, *defaults)
        self._copy(table, names, (row + extra for row in rows))

    def _stage(self, source: str, columns) -> str:
        """Copy-ready empty temporary table with `columns` of `source`."""
        name = f"import_stage_{source}"
        if name not in self._staged:
            # It may exist already: two imports inside one outer transaction.
            self.cursor.execute(
                f"CREATE TEMPORARY TABLE IF NOT EXISTS {name} ON COMMIT DROP AS "
                f"SELECT {', '.join(columns)} FROM {source} WITH NO DATA"
            )
            self._staged.add(name)
        self.cursor.execute(f"TRUNCATE {name}")
        return name

    def insert_customers(self, rows: list[tuple]) -> None:
        self._copy_new("book_customer", Customer, CUSTOMER_INSERT, rows)

    def fill_customers(self, rows: list[tuple]) -> None:
        stage = self._stage("book_customer", CUSTOMER_FILL)
        self._copy(stage, CUSTOMER_FILL, rows)
        self.cursor.execute(
            f"UPDATE book_customer c SET "
            "gender = CASE WHEN c.gender = '' AND s.gender <> '' THEN s.gender "
            "ELSE c.gender END, "
            "birth_date = COALESCE(c.birth_date, s.birth_date), "
            "phone = CASE WHEN c.phone = '' AND s.phone <> '' THEN s.phone ELSE "
            "c.phone END, "
            "phone_alt = CASE WHEN c.phone_alt = '' AND s.phone_alt <> '' THEN "
            "s.phone_alt "
            "ELSE c.phone_alt END, "
            "address = CASE WHEN c.address = '' AND s.address <> '' THEN s.address "
            "ELSE c.address END, "
            "occupation = CASE WHEN c.occupation = '' AND s.occupation <> '' "
            "THEN s.occupation ELSE c.occupation END, "
            "annual_income = COALESCE(c.annual_income, s.annual_income), "
            "id_type = CASE WHEN c.id_number = '' AND s.id_number <> '' THEN s.id_type "
            "ELSE c.id_type END, "
            "id_number = CASE WHEN c.id_number = '' AND s.id_number <> '' "
            "THEN s.id_number ELSE c.id_number END, "
            f"updated_at = s.updated_at FROM {stage} s WHERE c.id = s.id"
        )

    def insert_products(self, rows: list[tuple]) -> None:
        self._copy_new("book_product", Product, PRODUCT_COLUMNS, rows)

    def update_products(self, rows: list[tuple]) -> None:
        sets = ", ".join(f"{name} = %s" for name in PRODUCT_UPDATE[1:])
        self.cursor.executemany(
            f"UPDATE book_product SET {sets} WHERE id = %s",
            [row[1:] + row[:1] for row in rows],
        )

    def insert_policies(self, rows: list[tuple]) -> None:
        self._copy_new("book_policy", Policy, POLICY_COLUMNS, rows)

    def update_policies(self, rows: list[tuple]) -> int:
        stage = self._stage("book_policy", POLICY_UPDATE)
        self._copy(stage, POLICY_UPDATE, rows)
        sets = ", ".join(f"{name} = s.{name}" for name in POLICY_UPDATE[1:])
        differs = " OR ".join(
            f"p.{name} IS DISTINCT FROM s.{name}" for name in POLICY_COMPARED
        )
        self.cursor.execute(
            f"UPDATE book_policy p SET {sets} FROM {stage} s "
            f"WHERE p.id = s.id AND ({differs})"
        )
        return self.cursor.rowcount

    def update_summaries(self, rows: list[tuple]) -> None:
        self.cursor.executemany(
            "UPDATE book_policy SET status = %s, effective_date = %s, paid_to_date = "
            "%s, "
            "payment_end_date = %s, payment_mode = %s, annual_premium = %s WHERE id = "
            "%s",
            [row[1:] + row[:1] for row in rows],
        )

    def insert_lines(self, rows: list[tuple]) -> None:
        self._copy_new("book_coverageline", CoverageLine, LINE_COLUMNS, rows)

    def _insert_staged(self, table: str, model, columns, stage: str, conflict: str):
        """INSERT ... SELECT the staged rows, other columns at their defaults."""
        defaults = unset_defaults(model, columns)
        names = ", ".join((*columns, *defaults))
        values = ", ".join((*columns, *(["%s"] * len(defaults))))
        self.cursor.execute(
            f"INSERT INTO {table} ({names}) SELECT {values} FROM {stage} {conflict}",
            tuple(defaults.values()),
        )

    def upsert_lines(self, rows: list[tuple]) -> None:
        stage = self._stage("book_coverageline", LINE_COLUMNS)
        self._copy(stage, LINE_COLUMNS, rows)
        updates = ", ".join(
            f"{name} = excluded.{name}"
            for name in LINE_COLUMNS
            if name not in ("policy_id", "product_code", "created_at")
        )
        differs = " OR ".join(
            f"book_coverageline.{name} IS DISTINCT FROM excluded.{name}"
            for name in LINE_COMPARED
        )
        self._insert_staged(
            "book_coverageline",
            CoverageLine,
            LINE_COLUMNS,
            stage,
            f"ON CONFLICT (policy_id, product_code) DO UPDATE SET {updates} "
            f"WHERE {differs}",
        )

    def insert_relations(self, rows: list[tuple]) -> int:
        stage = self._stage("book_customerrelation", RELATION_COLUMNS)
        self._copy(stage, RELATION_COLUMNS, rows)
        self._insert_staged(
            "book_customerrelation",
            CustomerRelation,
            RELATION_COLUMNS,
            stage,
            "ON CONFLICT (customer_id, relative_id) DO NOTHING",
        )
        return self.cursor.rowcount

    def fetch(self, sql: str, params) -> list[tuple]:
        self.cursor.execute(sql, params)
        return self.cursor.fetchall()
