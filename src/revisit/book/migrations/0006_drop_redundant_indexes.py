"""Drop indexes that other indexes already cover, or that no query uses.

Each one slowed every insert, and a large import rebuilds them all. The
state changes say db_index=False, but Django's AlterField would rebuild
whole tables on SQLite to drop an index, so the indexes are dropped by
name instead. The names are the ones Django gave them on both backends;
PostgreSQL's *_like copies served only LIKE on these columns, which no
query does, and reversing this migration does not restore them.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# (table, index, column) of each index dropped.
DROPPED = [
    ("book_coverageline", "book_coverageline_policy_id_841e19fe", "policy_id"),
    ("book_customer", "book_customer_agent_id_c8282910", "agent_id"),
    ("book_customer", "book_customer_grade_1933591d", "grade"),
    ("book_customer", "book_customer_office_id_0e310550", "office_id"),
    ("book_customer", "book_customer_payment_group_078189f0", "payment_group"),
    (
        "book_customerrelation",
        "book_customerrelation_customer_id_349f8fad",
        "customer_id",
    ),
    ("book_policy", "book_policy_office_id_b9dc46d3", "office_id"),
    ("book_policy", "book_policy_status_e33c5e97", "status"),
]
LIKE_COPIES = [
    "book_customer_payment_group_078189f0_like",
    "book_policy_status_e33c5e97_like",
]


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("book", "0005_merge_grade_labels_name_order"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="coverageline",
                    name="policy",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="lines",
                        to="book.policy",
                        verbose_name="policy",
                    ),
                ),
                migrations.AlterField(
                    model_name="customer",
                    name="agent",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="customers",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="agent",
                    ),
                ),
                migrations.AlterField(
                    model_name="customer",
                    name="grade",
                    field=models.PositiveSmallIntegerField(
                        choices=[
                            (2, "Grade 2: met two or more times in the past year"),
                            (3, "Grade 3: contacted, rarely met"),
                            (5, "Grade 5: no contact in the past year"),
                        ],
                        default=5,
                        verbose_name="532 grade",
                    ),
                ),
                migrations.AlterField(
                    model_name="customer",
                    name="office",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="customers",
                        to="accounts.office",
                        verbose_name="sales office",
                    ),
                ),
                migrations.AlterField(
                    model_name="customer",
                    name="payment_group",
                    field=models.CharField(
                        choices=[
                            ("receivable", "Renewal receivable"),
                            ("paid_up", "Paid up"),
                            ("none", "No policy in force"),
                        ],
                        default="none",
                        max_length=20,
                        verbose_name="payment group",
                    ),
                ),
                migrations.AlterField(
                    model_name="customerrelation",
                    name="customer",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="relations",
                        to="book.customer",
                        verbose_name="customer",
                    ),
                ),
                migrations.AlterField(
                    model_name="policy",
                    name="office",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="policies",
                        to="accounts.office",
                        verbose_name="sales office",
                    ),
                ),
                migrations.AlterField(
                    model_name="policy",
                    name="status",
                    field=models.CharField(
                        choices=[
                            ("in_force", "In force"),
                            ("lapsed", "Lapsed"),
                            ("matured", "Matured"),
                            ("surrendered", "Surrendered"),
                            ("claim_terminated", "Terminated by claim"),
                            ("terminated", "Terminated"),
                        ],
                        default="in_force",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    [f'DROP INDEX IF EXISTS "{name}"' for name in LIKE_COPIES]
                    + [f'DROP INDEX IF EXISTS "{name}"' for _t, name, _c in DROPPED],
                    reverse_sql=[
                        f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ("{column}")'
                        for table, name, column in DROPPED
                    ],
                ),
            ],
        ),
    ]
