"""The outside witness of the audit chains (issue 12, Deliver 5).

Every hour, and when a year is sealed, each chain's head (chain, epoch, seq, hash, time) is
signed with the installation's Ed25519 key and written outside the database, through the
`audit_witness` storage (a directory by default, object storage by configuration). A database
superuser can rewrite a chain's tail together with its head row so that the chain verifies
again; they cannot rewrite what the witness already holds. `accord audit verify --witness`
compares the chains with every signed head and names the last one that still matches.

Each entry carries the exact bytes that were signed (`signed`), so anyone can check a
signature with standard tools and the public key `accord audit witness show` prints.
"""

import base64
import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone
from django_scopes import scopes_disabled

from accord.audit.models import AuditChainHead, AuditCheckpoint, AuditEvent, WitnessRun

logger = logging.getLogger("accord.audit")

FORMAT = "accord-audit-head/1"


def _seed() -> bytes:
    if settings.ACCORD_AUDIT_SIGNING_KEY:
        return base64.b64decode(settings.ACCORD_AUDIT_SIGNING_KEY)
    if not settings.IS_DEV:
        raise ImproperlyConfigured("ACCORD_AUDIT_SIGNING_KEY (or ACCORD_AUDIT_SIGNING_KEY_FILE) "
                                   "must be set when ACCORD_ENV is not dev.")
    path = Path(settings.ACCORD_AUDIT_SIGNING_KEY_PATH)
    if not path.exists():
        # Development only: a key of its own, made on first use and kept under var/.
        path.parent.mkdir(parents=True, exist_ok=True)
        raw = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
            serialization.NoEncryption())
        path.write_text(base64.b64encode(raw).decode() + "\n")
        path.chmod(0o600)
    return base64.b64decode(path.read_text().strip())


def signing_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(_seed())


def public_key_raw(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(key: Ed25519PublicKey) -> str:
    """A short fingerprint naming the key an entry was signed with."""
    return hashlib.sha256(public_key_raw(key)).hexdigest()[:16]


def public_key_pem(key: Ed25519PublicKey) -> str:
    return key.public_bytes(serialization.Encoding.PEM,
                            serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def new_key() -> str:
    raw = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    return base64.b64encode(raw).decode()


@dataclass(frozen=True)
class SignedHead:
    chain: int
    epoch: int
    seq: int
    hash: str
    at: str

    def message(self) -> str:
        return (f"{FORMAT}\nchain={self.chain}\nepoch={self.epoch}\nseq={self.seq}\n"
                f"hash={self.hash}\nat={self.at}\n")


def _heads() -> list[SignedHead]:
    stamp = timezone.now().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    with scopes_disabled():
        return [SignedHead(chain=h.chain, epoch=h.epoch, seq=h.seq, hash=h.last_hash, at=stamp)
                for h in AuditChainHead.objects.order_by("chain")]


def _entry(head: SignedHead, key: Ed25519PrivateKey) -> dict:
    message = head.message()
    return {"format": FORMAT, "chain": head.chain, "epoch": head.epoch, "seq": head.seq,
            "hash": head.hash, "at": head.at, "key": key_id(key.public_key()),
            "signed": message,
            "signature": base64.b64encode(key.sign(message.encode())).decode()}


def witness_sign(*, out: str | None = None, reason: str = "hourly") -> WitnessRun:
    """Sign every chain's head now and write the entries to the witness (or to `out`).

    A failure to write is recorded (the audit page warns the privacy officers) and raised, so
    the task retries; nothing is lost, because the next run signs the heads as they are then.
    """
    key = signing_key()
    heads = _heads()
    lines = "".join(json.dumps(_entry(head, key), sort_keys=True) + "\n" for head in heads)
    name = f"heads-{timezone.now():%Y%m%dT%H%M%S%fZ}.jsonl"
    try:
        if out:
            directory = Path(out)
            directory.mkdir(parents=True, exist_ok=True)
            (directory / name).write_text(lines, encoding="utf-8")
            where = str(directory / name)
        else:
            storage = storages["audit_witness"]
            where = storage.save(name, ContentFile(lines.encode()))
    except OSError as exc:
        logger.error("The audit witness could not be written: %s", exc)
        WitnessRun.objects.create(ok=False, reason=reason, heads=len(heads), error=str(exc)[:500])
        raise
    return WitnessRun.objects.create(ok=True, reason=reason, heads=len(heads), location=where)


# Checking ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class WitnessFinding:
    chain: int
    entry: str  # file:line of the witness entry
    problem: str
    last_matching: str = ""  # the last signed head of this chain that still matches

    def describe(self) -> str:
        tail = f"; last signed head that matches: {self.last_matching}" if self.last_matching \
            else "; no signed head of this chain matches"
        return f"chain {self.chain}: {self.problem} ({self.entry}){tail}"


@dataclass
class WitnessReport:
    entries: int = 0
    findings: list[WitnessFinding] = None  # type: ignore[assignment]

    def __post_init__(self):
        self.findings = self.findings or []

    @property
    def intact(self) -> bool:
        return not self.findings


def _entries(path: Path) -> Iterable[tuple[str, dict | None]]:
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    for file in files:
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                yield f"{file.name}:{number}", json.loads(line)
            except json.JSONDecodeError:
                yield f"{file.name}:{number}", None


def _signature_problem(entry: dict | None, keys: dict[str, Ed25519PublicKey]) -> str:
    if not isinstance(entry, dict) or entry.get("format") != FORMAT:
        return "not a witness entry"
    key = keys.get(entry.get("key", ""))
    if key is None:
        return f"signed with an unknown key {entry.get('key')!r}"
    try:
        head = SignedHead(chain=int(entry["chain"]), epoch=int(entry["epoch"]),
                          seq=int(entry["seq"]), hash=str(entry["hash"]), at=str(entry["at"]))
        if head.message() != entry.get("signed"):
            return "the signed text does not match the entry's fields"
        key.verify(base64.b64decode(entry["signature"]), head.message().encode())
    except (KeyError, TypeError, ValueError):
        return "a field is missing or malformed"
    except InvalidSignature:
        return "the signature does not verify"
    return ""


def _position_problem(entry: dict, heads: dict[int, AuditChainHead]) -> str:
    chain, epoch, seq = int(entry["chain"]), int(entry["epoch"]), int(entry["seq"])
    head = heads.get(chain)
    if head is None or (head.epoch, head.seq) < (epoch, seq):
        now = "missing" if head is None else f"{head.epoch}/{head.seq}"
        return f"the chain head was moved back: signed at {epoch}/{seq}, now {now}"
    if seq == 0:
        return ""
    event = AuditEvent.objects.filter(chain=chain, epoch=epoch, seq=seq).only("hash").first()
    if event is None:
        if _erased(chain, epoch):
            return ""  # a sealed year erased after its retention period, recorded on the chain
        return f"the signed event {epoch}/{seq} is gone"
    if event.hash != entry["hash"]:
        return f"the event at {epoch}/{seq} was rewritten (its hash differs from the signed one)"
    return ""


def _erased(chain: int, epoch: int) -> bool:
    return (AuditCheckpoint.objects.filter(chain=chain, epoch=epoch).exists()
            and not AuditEvent.objects.filter(chain=chain, epoch=epoch).exists())


def witness_check(path: str | Path, *,
                  public_keys: Iterable[Ed25519PublicKey] = ()) -> WitnessReport:
    """Every entry's signature, then every signed head against the chain as it is now."""
    keys = {key_id(k): k for k in [signing_key().public_key(), *public_keys]}
    report = WitnessReport()
    matching: dict[int, str] = {}
    with scopes_disabled():
        heads = {h.chain: h for h in AuditChainHead.objects.all()}
        by_chain: dict[int, list[tuple[str, dict]]] = {}
        for where, entry in _entries(Path(path)):
            report.entries += 1
            problem = _signature_problem(entry, keys)
            if problem:
                chain = entry.get("chain", -1) if isinstance(entry, dict) else -1
                report.findings.append(WitnessFinding(chain=chain, entry=where, problem=problem))
                continue
            by_chain.setdefault(int(entry["chain"]), []).append((where, entry))
        for chain, entries in sorted(by_chain.items()):
            entries.sort(key=lambda item: (int(item[1]["epoch"]), int(item[1]["seq"])))
            for where, entry in entries:
                problem = _position_problem(entry, heads)
                if problem:
                    report.findings.append(WitnessFinding(
                        chain=chain, entry=where, problem=problem,
                        last_matching=matching.get(chain, "")))
                    break
                matching[chain] = (f"{entry['epoch']}/{entry['seq']} signed {entry['at']} "
                                   f"({where})")
    return report


def witness_status() -> WitnessRun | None:
    """The latest run, for the audit page's warning."""
    return WitnessRun.objects.order_by("-at").first()


def witness_overdue(now: datetime | None = None) -> bool:
    """True when the last run failed, or no run succeeded in the last two hours while the
    chains hold events: the privacy officer should know the witness is not keeping up. One
    query when the witness is healthy (the audit page asks on every view)."""
    now = now or timezone.now()
    latest = witness_status()
    if latest is not None:
        return not latest.ok or (now - latest.at).total_seconds() > 7200
    with scopes_disabled():
        return AuditChainHead.objects.filter(seq__gt=0).exists()
