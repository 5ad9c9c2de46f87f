"""On SQLite (the demo), the same append-only refusal that pgtrigger installs on PostgreSQL."""

from django.db import migrations

TABLES = ("audit_auditevent", "audit_auditcheckpoint")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in TABLES:
        for operation in ("UPDATE", "DELETE"):
            schema_editor.execute(
                f"CREATE TRIGGER IF NOT EXISTS {table}_append_only_{operation.lower()} "
                f"BEFORE {operation} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;"
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in TABLES:
        for operation in ("update", "delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only_{operation}")


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
