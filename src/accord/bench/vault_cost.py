"""What the identity vault costs (issue 10, "Performance"): decrypting one identity
(≤ 0.5 ms) and rotating the keys (≥ 5,000 cases/s), measured against the profile's database.

`seed_identities` gives the measured network's cases an identity each, in bulk (the bench
seeds 100,000 cases; the service, with its audit event per identity, is for real use).
Rotation is measured inside a transaction that is rolled back, so the profile keeps its keys.
"""

import time

from django.db import connection, transaction
from django_scopes import scope

from accord.bench.policy_cost import _sample
from accord.vault.crypto import new_key, seal
from accord.vault.keys import case_key_aad, current_network_key, unwrap_network_key
from accord.vault.models import CaseKey, Subject
from accord.vault.sealing import seal_subject

SAMPLES = 2000


def seed_identities(network, *, limit: int | None = None, batch: int = 2000) -> int:
    """An identity for each of the network's cases that has none (bulk, unaudited)."""
    from accord.cases.models import Case

    made = 0
    with scope(network=network.pk):
        network_key = current_network_key(network)
        wrapping = unwrap_network_key(network_key)[0]
        cases = (Case.objects.filter(network=network, vault_key__isnull=True)
                 .order_by("pk").values_list("pk", flat=True))
        ids = list(cases[:limit] if limit else cases)
        for start in range(0, len(ids), batch):
            chunk = ids[start:start + batch]
            with transaction.atomic():
                keys = {pk: new_key() for pk in chunk}
                rows = CaseKey.objects.bulk_create([CaseKey(
                    network_id=network.pk, case_id=pk, network_key=network_key,
                    wrapped=seal(wrapping, keys[pk], case_key_aad(pk, network_key.version)))
                    for pk in chunk])
                subjects = Subject.objects.bulk_create([Subject(
                    network_id=network.pk, case_id=row.case_id, case_key=row,
                    identity_ciphertext=b"") for row in rows])
                for subject in subjects:
                    seal_subject(subject, _identity(subject.case_id), None,
                                 keys[subject.case_id])
                _store_ciphertexts(subjects)
            made += len(chunk)
    return made


def _store_ciphertexts(subjects) -> None:
    # bulk_update's CASE over thousands of rows is slow on SQLite; one statement, many rows.
    table = connection.ops.quote_name(Subject._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET identity_ciphertext = %s, guardian_ciphertext = %s "  # noqa: S608
            "WHERE id = %s",
            [(s.identity_ciphertext, s.guardian_ciphertext, s.pk) for s in subjects])


def _identity(number: int) -> dict:
    return {"names": [f"Bench Person {number}"], "aliases": [], "birth_date": "2001-01-01",
            "addresses": [f"Benchstraße {number % 200}"], "phones": [], "identifiers": []}


def measure_vault(network, *, samples: int = SAMPLES) -> dict:
    with scope(network=network.pk):
        subject = (Subject.objects.select_related("case_key__network_key")
                   .filter(network=network, case_key__destroyed_at__isnull=True)
                   .order_by("pk").first())
        if subject is None:
            return {"skipped": "no identities in this network (bench seed them first)"}
        pk = subject.pk

        def fetch_and_decrypt():
            Subject.objects.select_related("case_key__network_key").get(pk=pk).identity()

        decrypt = _sample(subject.identity, samples)
        with_fetch = _sample(fetch_and_decrypt, max(samples // 4, 100))
        rotation = _rotation(network)
    return {"decrypt": decrypt, "fetch_and_decrypt": with_fetch, "rotation": rotation}


def _rotation(network) -> dict:
    from accord.vault.rotation import network_key_rotate

    with transaction.atomic():
        began = time.perf_counter()
        rotated = network_key_rotate(network)
        seconds = time.perf_counter() - began
        transaction.set_rollback(True)  # measured, not kept
    cases = rotated.cases if rotated else 0
    return {"cases": cases, "seconds": round(seconds, 3),
            "cases_per_second": round(cases / seconds) if seconds else 0}
