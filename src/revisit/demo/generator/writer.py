"""Fast inserts for generated rows, below the ORM.

Django's bulk_create prepares every value through its fields and, on SQLite,
splits statements at 999 parameters, so it manages only thousands of rows a
second. The generator's values are valid already, so it writes plain tuples with
executemany on SQLite and COPY on PostgreSQL. Primary keys are allocated here
instead of by the database, so rows can point at each other before they are
written; `reset_sequences` puts PostgreSQL's sequences past them afterwards.
"""

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max

FLUSH_ROWS = 5000


def next_free_id(model: type[models.Model]) -> int:
    """Return one past the highest primary key in use.

    NOTE: this assumes no other writer inserts into the table while the
    generator runs, as in a fresh demo or benchmark database.
    """
    highest = model.objects.aggregate(highest=Max("pk"))["highest"]
    return (highest or 0) + 1


def reset_sequences(model_list: Iterable[type[models.Model]]) -> None:
    """Move PostgreSQL's id sequences past the ids written here (no-op on SQLite)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_list))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


class TableWriter:
    """Buffer rows for one model and write them in batches of FLUSH_ROWS.

    Each row gives values for `fields` (model field names, in that order);
    every other concrete field takes its default, and created_at/updated_at
    (auto_now) take `now`. A field with no default and no value is an error,
    raised at construction so a model change shows up at once.
    """

    def __init__(
        self, model: type[models.Model], fields: Sequence[str], now: dt.datetime
    ):
        self.model = model
        self.count = 0
        self._rows: list[list] = []
        concrete = list(model._meta.concrete_fields)
        self._columns = [field.column for field in concrete]
        position = {field.name: index for index, field in enumerate(concrete)}
        unknown = [name for name in fields if name not in position]
        if unknown:
            raise ValueError(f"{model.__name__} has no field {unknown}")
        self._positions = [position[name] for name in fields]
        self._template = [
            None if field.name in fields else self._default(field, now)
            for field in concrete
        ]
        # SQLite takes datetimes as naive UTC text, PostgreSQL as aware values.
        adapt = connection.ops.adapt_datetimefield_value
        self._datetime_slots = [
            index
            for index, name in enumerate(fields)
            if isinstance(model._meta.get_field(name), models.DateTimeField)
        ]
        self._adapt_datetime = adapt
        self._template = [
            adapt(value) if isinstance(value, dt.datetime) else value
            for value in self._template
        ]

    @staticmethod
    def _default(field: models.Field, now: dt.datetime):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return now
        # Django's own rule: the declared default, else "" for text, else None.
        value = field.get_default()
        if value is not None or field.null:
            return value
        raise ValueError(
            f"{field.model.__name__}.{field.name} has no default; "
            "the demo generator must supply it"
        )

    def add(self, values: Sequence) -> None:
        row = self._template.copy()
        if self._datetime_slots:
            values = list(values)
            for slot in self._datetime_slots:
                values[slot] = self._adapt_datetime(values[slot])
        for position, value in zip(self._positions, values, strict=True):
            row[position] = value
        self._rows.append(row)
        if len(self._rows) >= FLUSH_ROWS:
            self.flush()

    def flush(self) -> None:
        if not self._rows:
            return
        table = connection.ops.quote_name(self.model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(c) for c in self._columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in self._rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self._columns))
                cursor.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES ({marks})", self._rows
                )
        self.count += len(self._rows)
        self._rows = []
