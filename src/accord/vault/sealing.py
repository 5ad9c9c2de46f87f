"""A subject's identity and guardian, sealed under its case's data key.

The associated data binds the table, the column, the subject's row id and the data key's
version, so a ciphertext copied to another subject (or from the guardian column into the
identity column) fails to decrypt instead of showing somebody else's name.
"""

import json

from accord.vault.crypto import VaultError, associated_data, seal, unseal
from accord.vault.keys import data_key

TABLE = "vault_subject"
IDENTITY_FIELDS = ("names", "aliases", "birth_date", "addresses", "phones", "identifiers")
GUARDIAN_FIELDS = ("name", "relationship", "phone", "address")


def _aad(subject, column: str) -> bytes:
    return associated_data(TABLE, column, subject.pk, subject.case_key.data_version)


def _seal_json(subject, column: str, value: dict | None, key: bytes) -> bytes:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return seal(key, text.encode(), _aad(subject, column))


def _open_json(subject, column: str, key: bytes | None = None) -> dict | None:
    key = key if key is not None else data_key(subject.case_key)
    plain = unseal(key, getattr(subject, column), _aad(subject, column), what="identity")
    try:
        value = json.loads(plain)
    except ValueError as exc:  # cannot happen without the key; fail loudly all the same
        raise VaultError("The identity decrypted to something that is not an identity.") from exc
    if not isinstance(value, dict) and not (value is None and column == "guardian_ciphertext"):
        raise VaultError("The identity decrypted to something that is not an identity.")
    return value


def seal_subject(subject, identity: dict, guardian: dict | None, key: bytes) -> None:
    """Set the ciphertexts of a saved subject (its pk is part of the associated data)."""
    subject.identity_ciphertext = _seal_json(subject, "identity_ciphertext",
                                             {f: identity[f] for f in IDENTITY_FIELDS}, key)
    # "No guardian" is sealed too: an emptied column is an error, not a missing guardian.
    subject.guardian_ciphertext = _seal_json(subject, "guardian_ciphertext", guardian or None,
                                             key)


def open_identity(subject, key: bytes | None = None) -> dict:
    value = _open_json(subject, "identity_ciphertext", key)
    return {f: value.get(f, None if f == "birth_date" else []) for f in IDENTITY_FIELDS}


def open_guardian(subject, key: bytes | None = None) -> dict | None:
    value = _open_json(subject, "guardian_ciphertext", key)
    if value is None:
        return None
    return {f: value.get(f, "") for f in GUARDIAN_FIELDS}
