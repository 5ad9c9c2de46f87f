"""The disclosure register (issue 10, Deliver 10): each time one organisation's case data is
shown to a member of another, the category, recipient, purpose, channel, rule and legal basis.

`record_disclosures` is the recorder cases.access.read_facets calls for cross-organisation
reads (registered by consent_wiring). Reads are folded per day in the network's zone: the same
recipient, case, category, source, purpose, channel and rule on the same day, in the same
session (none for API tokens), add to one row's count and last time instead of a new row, so
that opening a page twice does not flood the register. One INSERT … ON CONFLICT DO UPDATE per
call (PostgreSQL and SQLite alike): constant queries whatever the number of facets, and two
concurrent readers cannot both insert the row (the unique constraint decides, the loser adds
to the count).

The register's reads are the policy's (disclosure.view, disclosure.export).
"""

import csv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connections, router
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.crypto import salted_hmac

from accord import policy
from accord.sharing.models import Disclosure

_KEY = ("case_id", "category", "source_organisation_id", "recipient_id", "purpose", "channel",
        "rule", "day", "session")
_COLUMNS = ("network_id", *_KEY, "recipient_organisation_id", "basis", "effect", "first_at",
            "last_at", "count")
CHUNK = 200  # rows per statement, within SQLite's bound-parameter limit (15 per row)


def _session() -> str:
    """The current request's session, as a keyed digest (a session key is a credential)."""
    from accord.core.request_context import current_request

    request = current_request()
    key = getattr(getattr(request, "session", None), "session_key", None)
    if not key:
        return ""
    digest = salted_hmac("accord.sharing.disclosure-session", key, algorithm="sha256")
    return digest.hexdigest()[:32]


def record_disclosures(*, membership: Any, permitted: Sequence[tuple[Any, Any]], purpose: str,
                       channel: str) -> None:
    if not permitted:
        return
    now = timezone.now()
    session = _session()
    day = timezone.localtime(now, ZoneInfo(membership.network.time_zone)).date()
    rows: dict[tuple, dict[str, Any]] = {}
    for facet, decision in permitted:
        values = {
            "network_id": membership.network_id, "case_id": facet.case.pk,
            "category": facet.category[:40], "source_organisation_id": facet.source_id,
            "recipient_id": membership.pk, "purpose": purpose[:40], "channel": channel[:20],
            "rule": decision.rule[:200], "day": day, "session": session,
            "recipient_organisation_id": membership.organisation_id,
            "basis": decision.basis[:200], "effect": str(decision.effect)[:16],
            "first_at": now, "last_at": now, "count": 1,
        }
        key = tuple(values[name] for name in _KEY)
        if key in rows:
            rows[key]["count"] += 1
        else:
            rows[key] = values
    _upsert(list(rows.values()))


def _upsert(rows: list[dict[str, Any]]) -> None:
    connection = connections[router.db_for_write(Disclosure)]
    quote = connection.ops.quote_name
    fields = [Disclosure._meta.get_field(name.removesuffix("_id")) if name.endswith("_id")
              else Disclosure._meta.get_field(name) for name in _COLUMNS]
    table = quote(Disclosure._meta.db_table)
    columns = ", ".join(quote(field.column) for field in fields)
    key = ", ".join(quote(Disclosure._meta.get_field(name.removesuffix("_id")).column
                          if name.endswith("_id") else name) for name in _KEY)
    count, last_at = quote("count"), quote("last_at")
    placeholder = "(" + ", ".join(["%s"] * len(fields)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start:start + CHUNK]
            params = [field.get_db_prep_save(row[name], connection)
                      for row in chunk for name, field in zip(_COLUMNS, fields, strict=True)]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES "  # noqa: S608
                f"{', '.join([placeholder] * len(chunk))} "
                f"ON CONFLICT ({key}) DO UPDATE SET {count} = {table}.{count} + "
                f"excluded.{count}, {last_at} = excluded.{last_at}", params)


# Reading the register ------------------------------------------------------------------------


@dataclass(frozen=True)
class DisclosureFilters:
    case_reference: str = ""
    recipient: Any = None  # a Membership
    category: str = ""
    date_from: date | None = None
    date_to: date | None = None

    def as_summary(self) -> dict[str, Any]:
        values = {"case_reference": self.case_reference,
                  "recipient": getattr(self.recipient, "pk", None), "category": self.category,
                  "date_from": self.date_from.isoformat() if self.date_from else None,
                  "date_to": self.date_to.isoformat() if self.date_to else None}
        return {key: value for key, value in values.items() if value not in (None, "")}


def _rows() -> QuerySet[Disclosure]:
    return Disclosure.objects.select_related(
        "case", "source_organisation", "recipient__user", "recipient_organisation")


def disclosures_for_case(membership: Any, case: Any, *, purpose: str = "oversight"
                         ) -> QuerySet[Disclosure]:
    """Who was shown this case's data, newest first (disclosure.view on the case)."""
    policy.require(membership, "disclosure.view", case, purpose=purpose)
    return _rows().filter(case=case).order_by("-last_at", "-pk")


def disclosures_of_network(membership: Any, filters: DisclosureFilters, *,
                           purpose: str = "oversight",
                           action: str = "disclosure.view") -> QuerySet[Disclosure]:
    """The network's register, narrowed by `filters` (per case, per person, per category, per
    day in the network's zone), newest first (index disclosure_network)."""
    policy.require(membership, action, membership.network, purpose=purpose)
    rows = _rows().filter(network=membership.network)
    if filters.case_reference:
        rows = rows.filter(case__reference=filters.case_reference)
    if filters.recipient is not None:
        rows = rows.filter(recipient=filters.recipient)
    if filters.category:
        rows = rows.filter(category=filters.category)
    zone = ZoneInfo(membership.network.time_zone)
    if filters.date_from:
        rows = rows.filter(last_at__gte=datetime.combine(filters.date_from, time.min, zone))
    if filters.date_to:
        rows = rows.filter(first_at__lt=datetime.combine(filters.date_to + timedelta(days=1),
                                                         time.min, zone))
    return rows.order_by("-last_at", "-pk")


CSV_HEADER = ("day", "case", "category", "source_organisation", "recipient",
              "recipient_organisation", "purpose", "channel", "rule", "basis", "effect",
              "first_at", "last_at", "count")


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value: Any) -> str:
    # A cell a spreadsheet would run as a formula is quoted as text (CSV injection).
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_lines(rows: QuerySet[Disclosure], *, time_zone: str) -> Iterator[str]:
    writer = csv.writer(_Echo())
    zone = ZoneInfo(time_zone)
    yield writer.writerow(CSV_HEADER)
    for row in rows.iterator(chunk_size=500):
        yield writer.writerow([_cell(value) for value in (
            row.day.isoformat(), row.case.reference, row.category,
            row.source_organisation.name,
            row.recipient.user.full_name or row.recipient.user.email,
            row.recipient_organisation.name, row.purpose, row.channel, row.rule, row.basis,
            row.effect, row.first_at.astimezone(zone).isoformat(timespec="seconds"),
            row.last_at.astimezone(zone).isoformat(timespec="seconds"), row.count)])
