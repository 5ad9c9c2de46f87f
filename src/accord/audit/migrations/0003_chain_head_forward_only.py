"""The chain head may only move forward, on PostgreSQL and SQLite alike.

The statements live in accord.audit.guard, the one definition the runtime and tests also use.
"""

from django.db import migrations

from accord.audit.guard import head_guard_install, head_guard_remove


def _run(schema_editor):
    def execute(sql: str) -> None:
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(sql)
    return execute


def create(apps, schema_editor):
    head_guard_install(_run(schema_editor), schema_editor.connection.vendor)


def drop(apps, schema_editor):
    head_guard_remove(_run(schema_editor), schema_editor.connection.vendor)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_sqlite_append_only")]
    operations = [migrations.RunPython(create, drop)]
