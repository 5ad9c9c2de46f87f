"""AES-256-GCM, the vault's one cipher (issue 10, Deliver 2).

Every ciphertext is `nonce (12 bytes) || ciphertext+tag` and is bound to where it lives by
its associated data: the table, the column, the row id and the key version. A ciphertext
copied into another row, another column, or kept across a key change does not decrypt; the
tag fails and `VaultError` is raised. Nothing here ever returns an empty or raw value on
failure: fail-open is exactly what the issue rules out.
"""

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_BYTES = 32
NONCE_BYTES = 12


class VaultError(Exception):
    """A ciphertext that does not decrypt (tampered, moved, or its key erased). Never caught
    to show an empty value: a page or the API that meets it fails loudly."""


def new_key() -> bytes:
    return AESGCM.generate_key(bit_length=KEY_BYTES * 8)


def associated_data(table: str, column: str, row_id: object, version: object) -> bytes:
    # A separator that cannot occur in a table name, a column name or an integer id.
    return "\x1f".join(("accord.vault", table, column, str(row_id), str(version))).encode()


def seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def unseal(key: bytes, blob: bytes, aad: bytes, *, what: str = "value") -> bytes:
    blob = bytes(blob or b"")
    if len(blob) < NONCE_BYTES + 16:
        raise VaultError(f"The {what} is missing or truncated; it cannot be decrypted.")
    try:
        return AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad)
    except InvalidTag as exc:
        raise VaultError(f"The {what} does not decrypt: it was altered, moved to another "
                         "row or column, or encrypted under another key.") from exc
