"""Agenda items, action items and call logs link a Case instead of a free-text reference
(issue 10, Deliver 1). Each distinct non-empty reference of a network becomes a pseudonymous
case of that network (state "active", source "other"), so nothing said on an agenda is lost;
going back writes the case's reference into the text field again."""

import django.db.models.deletion
from django.db import migrations, models

LINKED = ("agendaitem", "actionitem", "calllog")


def references_to_cases(apps, schema_editor) -> None:
    Case = apps.get_model("cases", "Case")
    cases: dict[tuple[int, str], int] = {}
    for name in LINKED:
        model = apps.get_model("meetings", name)
        rows = (model.objects.using(schema_editor.connection.alias).exclude(case_reference="")
                .values_list("pk", "network_id", "case_reference"))
        for pk, network_id, reference in rows.iterator():
            reference = reference.strip()[:40]
            if not reference:
                continue
            key = (network_id, reference)
            if key not in cases:
                case = Case.objects.filter(network_id=network_id, reference=reference).first()
                if case is None:
                    case = Case.objects.create(network_id=network_id, reference=reference,
                                               state="active", source_sector="other")
                cases[key] = case.pk
            model.objects.filter(pk=pk).update(case_id=cases[key])


def cases_to_references(apps, schema_editor) -> None:
    Case = apps.get_model("cases", "Case")
    for name in LINKED:
        model = apps.get_model("meetings", name)
        for pk, case_id in model.objects.exclude(case=None).values_list("pk", "case_id"):
            model.objects.filter(pk=pk).update(
                case_reference=Case.objects.get(pk=case_id).reference)


def _case_field():
    return models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                             related_name='+', to='cases.case', verbose_name='case')


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0001_initial'),
        ('meetings', '0005_call_log_visibility_participants'),
    ]

    operations = [
        *[migrations.AddField(model_name=name, name='case', field=_case_field())
          for name in LINKED],
        migrations.RunPython(references_to_cases, cases_to_references),
        *[migrations.RemoveField(model_name=name, name='case_reference') for name in LINKED],
    ]
