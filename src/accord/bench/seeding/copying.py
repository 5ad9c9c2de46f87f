"""Rows into PostgreSQL through COPY, with ids chosen here so no row needs a round trip.

The seeder hands over plain dicts of attribute names; missing fields take the model's default
(called per row when it is callable, e.g. a fresh UUID). JSON values are serialised here.
"""

import json
from collections.abc import Iterable
from typing import Any

from django.db import connection, models
from psycopg import sql

from accord.bench.progress import Progress

_JSON = (models.JSONField,)


class Table:
    """One model's table: its columns, its next id, and a COPY into it."""

    def __init__(self, model: type[models.Model]):
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields]
        self.columns = [f.column for f in self.fields]
        self.names = [f.attname for f in self.fields]
        self.json = {f.attname for f in self.fields if isinstance(f, _JSON)}
        self._static, self._callable = {}, {}
        for field in self.fields:
            if field.has_default():
                target = self._callable if callable(field.default) else self._static
                target[field.attname] = field.default
            elif field.null or field.blank:
                self._static[field.attname] = field.get_default()  # None or ""

        self.next_id = _max_id(model) + 1 if _integer_pk(model) else None

    def take_ids(self, count: int) -> range:
        first = self.next_id
        self.next_id += count
        return range(first, first + count)

    def row(self, values: dict[str, Any]) -> tuple:
        out = []
        for name in self.names:
            if name in values:
                value = values[name]
            elif name in self._static:
                value = self._static[name]
            elif name in self._callable:
                value = self._callable[name]()
            else:
                raise KeyError(f"{self.model.__name__}.{name} needs a value")
            if name in self.json and value is not None:
                value = json.dumps(value, sort_keys=True)
            out.append(value)
        return tuple(out)

    def copy(self, rows: Iterable[dict[str, Any]], *, progress: Progress | None = None) -> int:
        return copy_tuples(self.model._meta.db_table, self.columns,
                           (self.row(r) for r in rows), progress=progress)


def copy_tuples(table: str, columns: list[str], rows: Iterable[tuple], *,
                progress: Progress | None = None) -> int:
    """COPY already ordered tuples; the bulk path for millions of rows."""
    count = 0
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns)))
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3's own cursor, which has copy()
        with raw.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
                if progress is not None and count % 1000 == 0:
                    progress.advance(1000)
    if progress is not None:
        progress.advance(count % 1000)
    return count


def _integer_pk(model) -> bool:
    return isinstance(model._meta.pk, models.AutoField | models.BigAutoField)


def _max_id(model) -> int:
    with connection.cursor() as cursor:
        cursor.cursor.execute(sql.SQL("SELECT COALESCE(MAX(id), 0) FROM {}").format(
            sql.Identifier(model._meta.db_table)))
        return cursor.cursor.fetchone()[0]


def reset_sequences(models_: Iterable[type[models.Model]]) -> None:
    """After COPY with explicit ids, move each identity sequence past the largest id."""
    with connection.cursor() as cursor:
        for model in models_:
            if not _integer_pk(model):
                continue
            table = sql.Identifier(model._meta.db_table)
            cursor.cursor.execute(
                sql.SQL("SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                        "GREATEST((SELECT MAX(id) FROM {}), 1))").format(table),
                [table.as_string(cursor.cursor)])
