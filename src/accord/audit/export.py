"""The audit trail as a CSV file for spreadsheet users.

UTF-8 with a byte-order mark, so spreadsheet programs read the accents right; every cell that a
spreadsheet would take for a formula is defused with a leading apostrophe (CSV injection).
"""

import csv
import json
from collections.abc import Iterable, Iterator
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accord.audit.actions import ACTIONS

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = ("created_at", "actor_label", "actor_organisation__name", "action", "object_type",
           "object_id", "summary", "categories", "purpose", "request_id", "epoch", "seq", "hash")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def summary_text(summary) -> str:
    """{"fields": ["name", "kind"]} → "fields: name, kind"."""
    if not isinstance(summary, dict):
        return "" if summary in (None, "") else str(summary)
    parts = []
    for key, value in summary.items():
        if isinstance(value, list):
            value = ", ".join(str(item) for item in value)
        elif isinstance(value, dict):
            value = json.dumps(value, ensure_ascii=False, sort_keys=True)
        parts.append(f"{key}: {value}")
    return "; ".join(parts)


def _headings() -> list[str]:
    return [_("Time"), _("Who"), _("Organisation"), _("Action"), _("Action code"), _("Object type"),
            _("Object ID"), _("Details"), _("Data categories"), _("Purpose"), _("Request ID"),
            _("Year"), _("Sequence"), _("Hash")]


class _Line:
    """csv.writer writes into this and gets the line back, so rows stream one by one."""

    def write(self, value: str) -> str:
        return value


def csv_lines(events: QuerySet, *, time_zone: str) -> Iterator[str]:
    """The file, line by line. Headings and labels are translated here, in the request's
    language, because the lines are produced after the view has returned."""
    zone = ZoneInfo(time_zone)
    labels = {name: str(label) for name, label in ACTIONS.items()}
    headings = _headings()
    rows = events.values_list(*COLUMNS).iterator(chunk_size=2000)
    return _lines(headings, _cells(rows, zone, labels))


def _lines(headings: list[str], rows: Iterable[list]) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield BOM + writer.writerow(headings)
    for row in rows:
        yield writer.writerow([safe_cell(cell) for cell in row])


def _cells(rows: Iterable[tuple], zone: ZoneInfo, labels: dict[str, str]) -> Iterator[list]:
    for (created_at, actor, organisation, action, object_type, object_id, summary, categories,
         purpose, request_id, epoch, seq, digest) in rows:
        yield [created_at.astimezone(zone).isoformat(timespec="seconds"), actor,
               organisation or "", labels.get(action, action), action, object_type, object_id,
               summary_text(summary), ", ".join(map(str, categories or [])), purpose,
               request_id, epoch, seq, digest]
