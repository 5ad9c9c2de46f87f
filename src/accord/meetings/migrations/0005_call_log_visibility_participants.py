"""Call logs get their own visibility choices (issue 8, Deliver 6): "present" (borrowed from
the minutes, where it means the people in the room for an item) becomes "participants" of the
call. Stored rows are renamed; reversing renames them back."""

from django.db import migrations, models


def _rename(apps, old: str, new: str) -> None:
    CallLog = apps.get_model("meetings", "CallLog")
    CallLog._base_manager.filter(visibility=old).update(visibility=new)


def forwards(apps, schema_editor):
    _rename(apps, "present", "participants")


def backwards(apps, schema_editor):
    _rename(apps, "participants", "present")


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0004_secret_votes_as_counters'),
    ]

    operations = [
        migrations.AlterField(
            model_name='calllog',
            name='visibility',
            field=models.CharField(choices=[('network', "Network: every member who may read this body's minutes"), ('participants', "Participants of the call, and the body's chair and secretary"), ('not_recorded', 'Not recorded: only that the call took place')], default='network', max_length=20, verbose_name='visibility'),
        ),
        migrations.RunPython(forwards, backwards),
    ]
