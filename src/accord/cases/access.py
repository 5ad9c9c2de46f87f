"""Reading case data: every read of a category of a case passes the decision point, lands in
the access log, and — when one organisation's data reaches a member of another — in the
disclosure register (issue 10, Deliver 8, 10 and 12). Pages, the API, exports, PDFs, meeting
papers, notifications and search results all read case data through `read_facets`."""

from collections.abc import Sequence
from typing import Any

from accord import policy
from accord.cases.facets import CaseFacet, disclosure_recorders
from accord.policy import Decision

CHANNELS = ("page", "api", "meeting", "export", "pdf", "notification", "search")


def decide_facets(membership: Any, facets: Sequence[CaseFacet], *,
                  purpose: str) -> list[Decision]:
    """The decisions alone, in bulk, recording nothing: for showing what would be refused."""
    return policy.decide_many(membership, "case_data.read", list(facets), purpose=purpose)


def read_facets(membership: Any, facets: Sequence[CaseFacet], *, purpose: str,
                channel: str = "page") -> list[tuple[CaseFacet, Decision]]:
    """Every facet with its decision, in order. The permitted ones are recorded as reads (the
    access log) and, across organisations, as disclosures. Show a facet's data only where its
    decision `allowed`; otherwise show `decision.reason`."""
    if channel not in CHANNELS:
        raise ValueError(f"Unknown channel {channel!r}")
    facets = list(facets)
    decisions = decide_facets(membership, facets, purpose=purpose)
    permitted = [(f, d) for f, d in zip(facets, decisions, strict=True) if d.allowed]
    if permitted:
        policy.record_reads(membership, permitted)
        across = [(f, d) for f, d in permitted
                  if f.source_id is not None and f.source_id != membership.organisation_id]
        if across:
            for recorder in disclosure_recorders():
                recorder(membership=membership, permitted=across, purpose=purpose,
                         channel=channel)
    return list(zip(facets, decisions, strict=True))
