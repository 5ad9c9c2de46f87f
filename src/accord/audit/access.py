"""Interim: reads recorded as chained events until the access log lands (issue 9, part 3)."""

from collections.abc import Sequence

from accord.audit.services import audit_read


def access_record(*, membership, object_type: str, object_ids: Sequence[str | int],
                  categories: Sequence[str], purpose: str, effect: str, rule: str) -> None:
    for object_id in object_ids:
        audit_read(network=membership.network, actor=membership.user, object_type=object_type,
                   object_id=object_id, categories=categories, purpose=purpose)
