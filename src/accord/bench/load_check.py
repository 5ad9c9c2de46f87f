"""After the load: is every write that was answered 2xx in the database, and does the audit
chain of the network (and the installation's) still verify?"""

from django_scopes import scopes_disabled

from accord.audit.models import INSTALLATION_CHAIN
from accord.audit.verification import verify_chain
from accord.meetings.models import ActionItem, BallotCast, MinuteEntry, Vote


def check_writes(*, network, writes: list[dict]) -> dict:
    last = {}
    for write in writes:  # in answer order per member; each row has one writer
        last[(write["kind"], write["id"], write.get("membership"))] = write
    missing = []
    with scopes_disabled():
        for (kind, pk, membership), write in last.items():
            if not _stored(kind, pk, membership, write):
                missing.append(f"{kind} {pk}")
    chains = [verify_chain(network.pk), verify_chain(INSTALLATION_CHAIN)]
    return {
        "writes_checked": len(writes), "rows_checked": len(last), "missing": missing[:20],
        "missing_count": len(missing),
        "audit_chains": {r.label: {"events": r.events_checked, "intact": r.intact}
                         for r in chains},
        "passed": not missing and all(r.intact for r in chains),
    }


def _stored(kind: str, pk: int, membership: int, write: dict) -> bool:
    if kind == "minutes":
        return MinuteEntry.objects.filter(pk=pk, text=write["text"],
                                          lock_version=write["lock_version"]).exists()
    if kind == "action":
        return ActionItem.objects.filter(pk=pk, status=write["status"]).exists()
    if kind == "vote":
        return (Vote.objects.filter(decision_id=pk, voter_id=membership).exists()
                or BallotCast.objects.filter(decision_id=pk, voter_id=membership).exists())
    raise ValueError(kind)
