"""What the audit page calls things: object types, and the keys and values of an event's
details ("owner: 26" → "Owner: Jef Maes"), in the reader's language.

The foundation knows no feature (after pretix's registries): each app registers the labels of
its object types and detail keys in its AppConfig.ready(), with a way to show each value: a
choice label, the name of a row, a date. A key nobody registered is shown as stored, so a new
detail never breaks the page.
"""

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.apps import apps
from django.db.models import Model
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

Formatter = Callable[[Any], str]
NONE = "—"


@dataclass(frozen=True)
class Ref:
    """A detail whose value is the id (or list of ids) of a row, shown by that row's name."""

    model: str  # "tenancy.membership"
    display: Callable[[Model], str] = str
    related: tuple[str, ...] = ()  # select_related, so that `display` needs no query of its own


@dataclass(frozen=True)
class Detail:
    label: Promise | str
    value: Formatter | Ref | None = None


_object_types: dict[str, Promise | str] = {}
_details: dict[tuple[str, str], Detail] = {}  # (object type or "", key) → how to show it
_displays: dict[str, Ref] = {}  # model label → how a row of it is named


def register_object_types(labels: Mapping[str, Promise | str]) -> None:
    """{"accounts.knowndevice": _("Known device")}: for models whose verbose_name is not
    translatable, or reads wrong in a list of object types."""
    _object_types.update(labels)


def register_details(details: Mapping[str, Detail], *, object_type: str = "") -> None:
    """Labels and formatters of detail keys, for every object type or only `object_type`
    (when a key means something else there, e.g. "status")."""
    for key, detail in details.items():
        _details[(object_type, key)] = detail


def register_display(model: str, display: Callable[[Model], str], *,
                     related: tuple[str, ...] = ()) -> None:
    """How a row of `model` is named wherever a detail points to it (a member by name)."""
    _displays[model] = Ref(model, display, related)


def object_type_label(name: str) -> str:
    """"tenancy.membership" → "Membership": the registered label, else the model's
    translatable verbose name, else the name as stored."""
    if name in _object_types:
        return str(_object_types[name])
    try:
        verbose = apps.get_model(name)._meta.verbose_name
    except (LookupError, ValueError):
        return name
    return str(capfirst(verbose)) if isinstance(verbose, Promise) else name


# --- value formatters that features reuse --------------------------------------------------

def choices(choice_class) -> Formatter:
    """Values of a TextChoices (or a list of pairs) shown by their labels."""
    pairs = choice_class.choices if hasattr(choice_class, "choices") else choice_class
    labels = dict(pairs)
    return lambda value: str(labels.get(value, value))


def a_date(value: Any) -> str:
    day = parse_date(value) if isinstance(value, str) else value
    return date_format(day, "DATE_FORMAT") if isinstance(day, date) else str(value)


def field_names(value: Any, *, object_type: str) -> str:
    """["name", "sector"] of a model → "Name, Sector" (its fields' translated names)."""
    try:
        meta = apps.get_model(object_type)._meta
    except (LookupError, ValueError):
        meta = None
    names = []
    for name in value if isinstance(value, list) else [value]:
        try:
            names.append(str(capfirst(meta.get_field(name).verbose_name)) if meta else name)
        except Exception:  # FieldDoesNotExist, or a key that is not a field
            names.append(str(name))
    return ", ".join(names)


# --- the details of a page of events --------------------------------------------------------

def _detail(object_type: str, key: str) -> Detail | None:
    """A registered detail, else one read off the object's model when the key is one of its
    fields with a translatable name: its choices, the row it points to, its date."""
    return (_details.get((object_type, key)) or _details.get(("", key))
            or _field_detail(object_type, key))


def _field_detail(object_type: str, key: str) -> Detail | None:
    try:
        field = apps.get_model(object_type)._meta.get_field(key)
    except Exception:  # no such model (LookupError, ValueError) or field (FieldDoesNotExist)
        return None
    verbose = getattr(field, "verbose_name", None)
    if not isinstance(verbose, Promise):
        return None
    label = capfirst(verbose)
    if field.is_relation and field.related_model is not None:
        target = field.related_model._meta.label_lower
        return Detail(label, _displays.get(target, Ref(target)))
    if field.choices:
        return Detail(label, choices(field.choices))
    if field.get_internal_type() == "DateField":
        return Detail(label, a_date)
    return Detail(label)


def _plain(value: Any) -> str:
    if value is None or value == "":
        return NONE
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return ", ".join(_plain(item) for item in value) or NONE
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _ids(value: Any) -> list[int]:
    values = value if isinstance(value, list) else [value]
    return [v for v in values if isinstance(v, int) and not isinstance(v, bool)]


def _rows(wanted: dict[tuple[str, tuple[str, ...]], set[int]]) -> dict[tuple[str, int], Model]:
    """Every row the details name, one query per model, inside the request's network scope
    (a row of another network, or one deleted since, is simply not found)."""
    found = {}
    for (label, related), ids in wanted.items():
        model = apps.get_model(label)
        rows = model.objects.select_related(*related) if related else model.objects
        for pk, row in rows.in_bulk(list(ids)).items():
            found[(label, pk)] = row
    return found


def details_of(events: Iterable) -> dict[int, list[tuple[str, str]]]:
    """{event id: [(label, value), …]} for the audit page, with named rows looked up in bulk."""
    events = [event for event in events if isinstance(event.summary, dict)]
    wanted: dict[tuple[str, tuple[str, ...]], set[int]] = defaultdict(set)
    for event in events:
        for key, value in event.summary.items():
            detail = _detail(event.object_type, key)
            if detail and isinstance(detail.value, Ref):
                ref = _displays.get(detail.value.model, detail.value)
                wanted[(ref.model, ref.related)].update(_ids(value))
    rows = _rows(wanted)
    return {event.pk: [_line(event.object_type, key, value, rows)
                       for key, value in event.summary.items()] for event in events}


def _line(object_type: str, key: str, value: Any,
          rows: dict[tuple[str, int], Model]) -> tuple[str, str]:
    detail = _detail(object_type, key)
    if detail is None:
        return key, _plain(value)
    label = str(detail.label)
    if value is None or value == "" or value == []:
        return label, NONE
    if isinstance(detail.value, Ref):
        ref = _displays.get(detail.value.model, detail.value)
        names = [ref.display(rows[(ref.model, pk)]) if (ref.model, pk) in rows else f"#{pk}"
                 for pk in _ids(value)]
        return label, ", ".join(names) or _plain(value)
    if detail.value is field_names:
        return label, field_names(value, object_type=object_type)
    if detail.value is not None:
        values = value if isinstance(value, list) else [value]
        return label, ", ".join(detail.value(v) for v in values)
    return label, _plain(value)


def register_audit_labels() -> None:
    """The audit app's own object types and details (verification, export)."""
    register_object_types({
        "audit.auditchainhead": gettext_lazy("Audit chain head"),
        "audit.auditcheckpoint": gettext_lazy("Audit checkpoint"),
        "audit.accessrecord": gettext_lazy("Read records"),
        "audit.witnessrun": gettext_lazy("Witness signing"),
    })
    # An access.batch event: the Merkle root of the reads it folds, and which they are.
    register_details({
        "root": Detail(gettext_lazy("Merkle root")),
        "count": Detail(gettext_lazy("Read records")),
        "first_id": Detail(gettext_lazy("First record")),
        "last_id": Detail(gettext_lazy("Last record")),
        "first_at": Detail(gettext_lazy("First read at")),
        "last_at": Detail(gettext_lazy("Last read at")),
    }, object_type="audit.accessrecord")
    register_details({
        "fields": Detail(gettext_lazy("Changed fields"), field_names),
        "format": Detail(gettext_lazy("Format")),
        "filters": Detail(gettext_lazy("Filters")),
        "result": Detail(gettext_lazy("Result"), choices([("intact", gettext_lazy("Intact")),
                                                   ("broken", gettext_lazy("Broken"))])),
        "events_checked": Detail(gettext_lazy("Events checked")),
        "reads_checked": Detail(gettext_lazy("Read records checked")),
        "batches_broken": Detail(gettext_lazy("Broken batches of reads")),
        "checkpoint_count": Detail(gettext_lazy("Checkpoints")),
        "epoch": Detail(gettext_lazy("Year")),
        "seq": Detail(gettext_lazy("Sequence")),
    })
