"""Key rotation without downtime (issue 10, Deliver 15: `accord keys rotate`).

Rotating a network's key makes a new version (wrapped by the current master key), re-wraps
every case key of the network under it and retires the old versions, erasing their wrapped
bytes. The identities themselves are never re-encrypted: their data keys do not change. Each
network rotates in one transaction, so an interrupted run leaves every network either wholly
rotated or untouched, and running again is always safe.

`--master` moves the network keys to the current master key (the first in
ACCORD_MASTER_KEY) without touching case keys; keys already under it are left alone.
"""

import os
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from django_scopes import scope

from accord.audit.services import audit_record
from accord.vault.crypto import AESGCM, NONCE_BYTES, new_key
from accord.vault.keys import (
    case_key_aad,
    current_master_key,
    unwrap_network_key,
    wrap_network_key,
)
from accord.vault.models import CaseKey, NetworkKey

BATCH = 2000
Progress = Callable[[str, int, int], None]  # (network slug, done, total)


@dataclass
class Rotated:
    network: str
    version: int
    cases: int
    seconds: float


def _networks(slug: str | None):
    from accord.tenancy.models import Network

    networks = Network.objects.order_by("pk")
    return networks.filter(slug=slug) if slug else networks


def keys_rotate(*, network: str | None = None,
                progress: Progress | None = None) -> list[Rotated]:
    results = []
    for each in _networks(network):
        with scope(network=each.pk):
            rotated = network_key_rotate(each, progress=progress)
        if rotated is not None:
            results.append(rotated)
    return results


def network_key_rotate(network, *, progress: Progress | None = None) -> Rotated | None:
    started = time.perf_counter()
    with transaction.atomic():
        old = list(NetworkKey.objects.select_for_update()
                   .filter(network_id=network.pk, retired_at__isnull=True).order_by("version"))
        if not old:
            return None  # no identity was ever recorded: nothing to rotate
        _index_of_newest = unwrap_network_key(old[-1])[1]
        version = (NetworkKey.objects.filter(network_id=network.pk)
                   .order_by("-version").values_list("version", flat=True).first()) + 1
        new = NetworkKey.objects.create(
            network_id=network.pk, version=version,
            **wrap_network_key(network.pk, version, new_key(), _index_of_newest))
        done = _rewrap_case_keys(network, old, new, progress)
        CaseKey.objects.filter(network_id=network.pk, network_key__in=old).update(
            network_key=new)  # destroyed keys: nothing to re-wrap, but off the old versions
        NetworkKey.objects.filter(pk__in=[row.pk for row in old]).update(
            retired_at=timezone.now(), wrapped=b"", wrapped_index=b"")
        audit_record(network=network, action="vault.keys_rotated", obj=new,
                     actor_label="accord keys rotate",
                     summary={"version": version, "cases": done})
    return Rotated(network.slug, version, done, time.perf_counter() - started)


def _rewrap_case_keys(network, old: list, new, progress: Progress | None) -> int:
    old_ciphers = {row.pk: (row.version, AESGCM(unwrap_network_key(row)[0])) for row in old}
    new_cipher = AESGCM(unwrap_network_key(new)[0])
    live = CaseKey.objects.filter(network_id=network.pk, network_key__in=old,
                                  destroyed_at__isnull=True)
    total, done, last = live.count(), 0, 0
    # One statement, many parameter rows: the fastest re-wrap on both databases.
    table = connection.ops.quote_name(CaseKey._meta.db_table)  # the model's own name
    sql = f"UPDATE {table} SET wrapped = %s, network_key_id = %s WHERE id = %s"  # noqa: S608
    while True:
        rows = list(live.filter(pk__gt=last).order_by("pk")
                    .values_list("pk", "case_id", "network_key_id", "wrapped")[:BATCH])
        if not rows:
            break
        params = []
        for pk, case_id, key_id, wrapped in rows:
            version, cipher = old_ciphers[key_id]
            wrapped = bytes(wrapped)
            plain = cipher.decrypt(wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:],
                                   case_key_aad(case_id, version))
            nonce = _nonce()
            params.append((nonce + new_cipher.encrypt(nonce, plain,
                                                      case_key_aad(case_id, new.version)),
                           new.pk, pk))
        _store(sql, params, new.pk)
        done, last = done + len(rows), rows[-1][0]
        if progress is not None:
            progress(network.slug, done, total)
    return done


def _store(sql: str, params: list[tuple], network_key_id: int) -> None:
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.executemany(sql, params)
            return
        # PostgreSQL: the whole batch in one statement (arrays unnested), several times
        # faster than one UPDATE per row.
        table = connection.ops.quote_name(CaseKey._meta.db_table)
        cursor.execute(
            f"UPDATE {table} AS k SET wrapped = v.w, network_key_id = %s "  # noqa: S608
            "FROM (SELECT unnest(%s::bigint[]) AS id, unnest(%s::bytea[]) AS w) AS v "
            "WHERE k.id = v.id",
            [network_key_id, [p[2] for p in params], [p[0] for p in params]])


def _nonce() -> bytes:
    return os.urandom(NONCE_BYTES)


def master_rewrap(*, network: str | None = None) -> list[tuple[str, int]]:
    """Move every live network key to the current master key; [(network slug, keys moved)]."""
    master = current_master_key()
    results = []
    for each in _networks(network):
        with scope(network=each.pk), transaction.atomic():
            moved = 0
            for row in (NetworkKey.objects.select_for_update()
                        .filter(network_id=each.pk, retired_at__isnull=True)
                        .exclude(master_key_id=master.id)):
                key, index = unwrap_network_key(row)
                for name, value in wrap_network_key(each.pk, row.version, key, index,
                                                    master).items():
                    setattr(row, name, value)
                row.save(update_fields=["wrapped", "wrapped_index", "master_key_id"])
                moved += 1
            if moved:
                audit_record(network=each, action="vault.master_rewrapped",
                             actor_label="accord keys rotate --master",
                             object_type="vault.networkkey",
                             summary={"master_key": master.id, "cases": 0})
            results.append((each.slug, moved))
    return results


def keys_status() -> list[dict]:
    from django.db.models import Count, Q

    rows = []
    for each in _networks(None):
        with scope(network=each.pk):
            keys = list(NetworkKey.objects.filter(network_id=each.pk).order_by("version"))
            counts = CaseKey.objects.filter(network_id=each.pk).aggregate(
                live=Count("pk", filter=Q(destroyed_at__isnull=True)),
                destroyed=Count("pk", filter=Q(destroyed_at__isnull=False)))
        current = next((k for k in reversed(keys) if k.retired_at is None), None)
        rows.append({"network": each.slug, "version": current.version if current else None,
                     "master_key": current.master_key_id if current else "",
                     "retired": sum(1 for k in keys if k.retired_at is not None), **counts})
    return rows
