"""Bulk writes on PostgreSQL: COPY, and COPY into staging tables for updates.

New rows are copied straight into their tables with ids taken from the
tables' sequences in blocks. Updates and upserts copy into temporary
staging tables (dropped at commit) and then run one UPDATE ... FROM or
INSERT ... ON CONFLICT per chunk, changing only rows whose values differ.
A transaction-scoped advisory lock keeps two imports of one office from
interleaving.
"""

from django.db import connection

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
)

ID_BLOCK = 10_000
# First key of pg_advisory_xact_lock(int, int): "imports", then the office id.
LOCK_NAMESPACE = 0x494D50

# Customer columns an import does not fill, with the values of a new customer.
CUSTOMER_DEFAULTS = {
    "household_id": None,
    "notes": "",
    "payment_group": "none",
    "next_due_date": None,
    "policy_count": 0,
    "annual_premium": 0,
    "categories": "",
    "is_single_policy_risk": False,
    "is_in_grace": False,
    "is_reinstatable": False,
    "grade": 5,
    "grade_is_manual": False,
    "last_contact_at": None,
}


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
            "ANALYZE book_customer, book_policy, book_coverageline, book_customerrelation"
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
        extra = tuple(CUSTOMER_DEFAULTS.values())
        self._copy(
            "book_customer",
            CUSTOMER_INSERT + tuple(CUSTOMER_DEFAULTS),
            (row + extra for row in rows),
        )

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
        self._copy("book_product", PRODUCT_COLUMNS, rows)

    def update_products(self, rows: list[tuple]) -> None:
        sets = ", ".join(f"{name} = %s" for name in PRODUCT_UPDATE[1:])
        self.cursor.executemany(
            f"UPDATE book_product SET {sets} WHERE id = %s",
            [row[1:] + row[:1] for row in rows],
        )

    def insert_policies(self, rows: list[tuple]) -> None:
        self._copy(
            "book_policy",
            POLICY_COLUMNS + ("is_orphan",),
            (row + (False,) for row in rows),
        )

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
        self._copy("book_coverageline", LINE_COLUMNS, rows)

    def upsert_lines(self, rows: list[tuple]) -> None:
        stage = self._stage("book_coverageline", LINE_COLUMNS)
        self._copy(stage, LINE_COLUMNS, rows)
        columns = ", ".join(LINE_COLUMNS)
        updates = ", ".join(
            f"{name} = excluded.{name}"
            for name in LINE_COLUMNS
            if name not in ("policy_id", "product_code", "created_at")
        )
        differs = " OR ".join(
            f"book_coverageline.{name} IS DISTINCT FROM excluded.{name}"
            for name in LINE_COMPARED
        )
        self.cursor.execute(
            f"INSERT INTO book_coverageline ({columns}) SELECT {columns} FROM {stage} "
            f"ON CONFLICT (policy_id, product_code) DO UPDATE SET {updates} WHERE "
            f"{differs}"
        )

    def insert_relations(self, rows: list[tuple]) -> int:
        stage = self._stage("book_customerrelation", RELATION_COLUMNS)
        self._copy(stage, RELATION_COLUMNS, rows)
        columns = ", ".join(RELATION_COLUMNS)
        self.cursor.execute(
            f"INSERT INTO book_customerrelation ({columns}) SELECT {columns} FROM "
            f"{stage} "
            "ON CONFLICT (customer_id, relative_id) DO NOTHING"
        )
        return self.cursor.rowcount

    def fetch(self, sql: str, params) -> list[tuple]:
        self.cursor.execute(sql, params)
        return self.cursor.fetchall()
