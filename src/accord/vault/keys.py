"""Master keys, network keys and case keys (issue 10, Deliver 2 and 15).

ACCORD_MASTER_KEY holds one or several master keys, comma-separated, each `base64` or
`id:base64` of 32 random bytes. The first is the current one: it wraps every new network key.
The others are still accepted for unwrapping, so that `accord keys rotate --master` can move
the network keys to a new master key while the site keeps serving:

    ACCORD_MASTER_KEY="2027:<new key>,2026:<old key>"   # then: accord keys rotate --master

A key without an id is named by a fingerprint of itself ("k" and 10 hex digits).

In dev and test the settings supply a fixed development master key (settings.py): it is
public and for development only; `accord check --deploy` refuses to run without a real one
(vault/checks.py).

A stored network key that no configured master key unwraps is a configuration error
(ImproperlyConfigured, naming the key id), never an empty identity.
"""

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction

from accord.vault.crypto import KEY_BYTES, VaultError, associated_data, new_key, seal, unseal

# settings.py's development default (ACCORD_ENV dev/test only): public, never for real data.
DEV_MASTER_KEY = b"dev-only-master-key-not-secret!!"
KEY_ID = re.compile(r"^[A-Za-z0-9_.-]{1,40}$")


class MasterKeyError(ValueError):
    """ACCORD_MASTER_KEY cannot be used; the message says which entry and why."""


@dataclass(frozen=True)
class MasterKey:
    id: str
    key: bytes = field(repr=False)


def fingerprint(raw: bytes) -> str:
    return "k" + hashlib.sha256(b"accord.vault.master-key-id\x1f" + raw).hexdigest()[:10]


def parse_master_keys(value: str | None) -> list[MasterKey]:
    entries = [entry.strip() for entry in (value or "").split(",") if entry.strip()]
    if not entries:
        raise MasterKeyError("ACCORD_MASTER_KEY is empty: set it to 32 random bytes in base64 "
                             "(head -c 32 /dev/urandom | base64).")
    keys: list[MasterKey] = []
    for position, entry in enumerate(entries, start=1):
        key_id, _sep, encoded = entry.rpartition(":")  # base64 never contains ':'
        try:
            raw = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise MasterKeyError(f"ACCORD_MASTER_KEY entry {position} is not base64.") from None
        if len(raw) != KEY_BYTES:
            raise MasterKeyError(f"ACCORD_MASTER_KEY entry {position} is {len(raw)} bytes; a "
                                 "master key is 32 bytes (head -c 32 /dev/urandom | base64).")
        if key_id and not KEY_ID.match(key_id):
            raise MasterKeyError(f"ACCORD_MASTER_KEY entry {position}: the id {key_id!r} may "
                                 "hold only letters, digits, '.', '_' and '-' (at most 40).")
        key_id = key_id or fingerprint(raw)
        if any(k.id == key_id for k in keys):
            raise MasterKeyError(f"ACCORD_MASTER_KEY names the key {key_id!r} twice.")
        keys.append(MasterKey(key_id, raw))
    return keys


_parsed: dict[str, list[MasterKey]] = {}


def master_keys() -> list[MasterKey]:
    value = settings.ACCORD_MASTER_KEY
    if value not in _parsed:
        try:
            _parsed.clear()
            _parsed[value] = parse_master_keys(value)
        except MasterKeyError as error:
            raise ImproperlyConfigured(str(error)) from None
    return _parsed[value]


def current_master_key() -> MasterKey:
    return master_keys()[0]


# --- network keys -----------------------------------------------------------------------------

def _network_aad(network_id: int, version: int, column: str) -> bytes:
    return associated_data("vault_networkkey", column, network_id, version)


# Unwrapped network keys, by the wrapped bytes they came from: a row wrapped again (another
# master key) or a database reset (tests) is simply a new entry, never a stale key.
_unwrapped: dict[tuple, tuple[bytes, bytes]] = {}


def unwrap_network_key(row) -> tuple[bytes, bytes]:
    """(network key, index key) of a NetworkKey row."""
    # The configured value is part of the key: a changed master key is tried again.
    cache_key = (settings.ACCORD_MASTER_KEY, row.network_id, row.version, row.master_key_id,
                 bytes(row.wrapped), bytes(row.wrapped_index))
    found = _unwrapped.get(cache_key)
    if found is None:
        found = _unwrap(row)
        if len(_unwrapped) > 10_000:
            _unwrapped.clear()
        _unwrapped[cache_key] = found
    return found


def _unwrap(row) -> tuple[bytes, bytes]:
    if row.retired_at is not None and not row.wrapped:
        raise VaultError(f"Network key version {row.version} was retired and erased.")
    keys = {k.id: k for k in master_keys()}
    master = keys.get(row.master_key_id)
    if master is None:
        raise ImproperlyConfigured(
            f"The network key v{row.version} of network {row.network_id} is wrapped by master "
            f"key {row.master_key_id!r}, which ACCORD_MASTER_KEY does not hold (it holds "
            f"{', '.join(keys)}). Add that key after the current one, then run "
            "`accord keys rotate --master`.")
    try:
        return (unseal(master.key, row.wrapped, _network_aad(row.network_id, row.version,
                                                             "wrapped")),
                unseal(master.key, row.wrapped_index,
                       _network_aad(row.network_id, row.version, "wrapped_index")))
    except VaultError:
        raise ImproperlyConfigured(
            f"The master key {row.master_key_id!r} in ACCORD_MASTER_KEY does not unwrap the "
            f"network key v{row.version} of network {row.network_id}: it is not the key that "
            "wrapped it. Refusing to serve undecryptable data.") from None


def wrap_network_key(network_id: int, version: int, key: bytes, index_key: bytes,
                     master: MasterKey | None = None) -> dict:
    master = master or current_master_key()
    return {"wrapped": seal(master.key, key, _network_aad(network_id, version, "wrapped")),
            "wrapped_index": seal(master.key, index_key,
                                  _network_aad(network_id, version, "wrapped_index")),
            "master_key_id": master.id}


def current_network_key(network):
    """The network's current key version (its newest not retired), made at first use."""
    from accord.vault.models import NetworkKey

    row = (NetworkKey.objects.filter(network_id=network.pk, retired_at__isnull=True)
           .order_by("-version").first())
    if row is not None:
        return row
    try:
        with transaction.atomic():
            return NetworkKey.objects.create(
                network_id=network.pk, version=1,
                **wrap_network_key(network.pk, 1, new_key(), new_key()))
    except IntegrityError:  # another process made it first
        return NetworkKey.objects.get(network_id=network.pk, version=1)


def index_key(network, *, create: bool = True) -> bytes | None:
    """The network's name-index key (None when it has no key yet and `create` is false)."""
    from accord.vault.models import NetworkKey

    if not create and not NetworkKey.objects.filter(network_id=network.pk).exists():
        return None
    return unwrap_network_key(current_network_key(network))[1]


# --- case keys --------------------------------------------------------------------------------

def case_key_aad(case_id: int, network_key_version: int) -> bytes:
    return associated_data("vault_casekey", "wrapped", case_id, network_key_version)


def case_key_for(case, *, create: bool = False):
    """The CaseKey row of a case (made with a fresh data key when `create`)."""
    from accord.vault.models import CaseKey

    row = CaseKey.objects.select_related("network_key").filter(case_id=case.pk).first()
    if row is None and create:
        network_key = current_network_key(case.network)
        wrapping, _index = unwrap_network_key(network_key)
        row = CaseKey.objects.create(
            network_id=case.network_id, case_id=case.pk, network_key=network_key,
            wrapped=seal(wrapping, new_key(), case_key_aad(case.pk, network_key.version)))
    return row


def data_key(case_key) -> bytes:
    """The case's data key. Raises VaultError when it was destroyed."""
    if case_key.destroyed_at is not None or not case_key.wrapped:
        raise VaultError("This identity was erased: its case key was destroyed.")
    wrapping, _index = unwrap_network_key(case_key.network_key)
    return unseal(wrapping, case_key.wrapped,
                  case_key_aad(case_key.case_id, case_key.network_key.version), what="case key")
