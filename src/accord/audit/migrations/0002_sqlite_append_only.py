"""On SQLite (the demo), the same append-only refusal that pgtrigger installs on PostgreSQL.

The statements live in accord.audit.guard, the one definition the runtime also uses.
"""

from django.db import migrations

from accord.audit.guard import APPEND_ONLY, sqlite_install, sqlite_remove


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        sqlite_install(schema_editor.execute, triggers=APPEND_ONLY)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        sqlite_remove(schema_editor.execute, triggers=APPEND_ONLY)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
