"""Charter documents with version histories, goals and the glossary of each network."""

from datetime import datetime, timedelta

from accord.bench.seeding import names
from accord.bench.seeding.copying import Table
from accord.bench.seeding.people import Net
from accord.bench.seeding.shape import Profile, rng_for
from accord.charter.models import (
    CharterDocument,
    CharterVersion,
    DocumentKind,
    GlossaryTerm,
    Goal,
    VersionStatus,
)

KINDS = (DocumentKind.GOALS_VALUES, DocumentKind.RULES_OF_PROCEDURE,
         DocumentKind.DECISION_PROCEDURE, DocumentKind.MINUTES_POLICY,
         DocumentKind.INFORMATION_SHARING)
TERMS = ("case conference", "risk assessment", "consent", "need to know", "lead organisation",
         "early warning", "information-sharing agreement", "pseudonym", "referral",
         "safeguarding", "exit programme", "escalation", "deradicalisation", "protective factor",
         "community tension")


def seed_charter(profile: Profile, nets: list[Net], *, start: datetime) -> None:
    tables = {m: Table(m) for m in (CharterDocument, CharterVersion, Goal, GlossaryTerm)}
    rows = {m: [] for m in tables}
    for net in nets:
        rng = rng_for(profile, "charter", net.shape.index)
        _documents(net, rng, tables, rows, start)
        _goals(net, rng, tables[Goal], rows[Goal], start)
        _glossary(net, rng, tables[GlossaryTerm], rows[GlossaryTerm], start)
    for model, table in tables.items():
        table.copy(rows[model])


def _documents(net: Net, rng, tables, rows, start) -> None:
    author = net.coordinator.membership_id
    steering = net.bodies[0].id
    for kind, doc_id in zip(KINDS, tables[CharterDocument].take_ids(len(KINDS)), strict=True):
        rows[CharterDocument].append({"id": doc_id, "network_id": net.id, "kind": kind,
                                      "title": str(DocumentKind(kind).label),
                                      "created_by_id": author, "created_at": start})
        versions = rng.randint(1, 4)
        ids = tables[CharterVersion].take_ids(versions)
        # Older texts superseded, one in force, and on a long history a draft in the works.
        statuses = ([VersionStatus.SUPERSEDED] * (versions - 1) + [VersionStatus.ADOPTED]
                    if versions <= 2 else
                    [VersionStatus.SUPERSEDED] * (versions - 2)
                    + [VersionStatus.ADOPTED, VersionStatus.DRAFT])
        for number, (version_id, status) in enumerate(zip(ids, statuses, strict=True), start=1):
            adopted = start.date() + timedelta(days=120 * number)
            rows[CharterVersion].append({
                "id": version_id, "network_id": net.id, "document_id": doc_id,
                "number": number, "status": status,
                "body": "\n\n".join(f"## {n + 1}\n\n{names.sentence(rng, 40)}" for n in range(6)),
                "based_on_id": version_id - 1 if number > 1 else None,
                "adopted_by_body_id": steering if status != VersionStatus.DRAFT else None,
                "adopted_on": adopted if status != VersionStatus.DRAFT else None,
                "superseded_on": (adopted + timedelta(days=120)
                                  if status == VersionStatus.SUPERSEDED else None),
                "created_by_id": author, "created_at": start, "updated_at": start,
            })


def _goals(net: Net, rng, table: Table, rows, start) -> None:
    for pk in table.take_ids(rng.randint(3, 6)):
        rows.append({"id": pk, "network_id": net.id,
                     "statement": f"Improve {rng.choice(names.TOPICS)} together",
                     "indicators": names.sentence(rng, 20),
                     "owner_organisation_id": rng.choice(net.organisations),
                     "review_interval_months": rng.choice((3, 6, 12)),
                     "next_review_on": start.date() + timedelta(days=rng.randrange(900, 1300)),
                     "created_at": start})


def _glossary(net: Net, rng, table: Table, rows, start) -> None:
    terms = rng.sample(TERMS, rng.randint(8, len(TERMS)))
    for term, pk in zip(terms, table.take_ids(len(terms)), strict=True):
        rows.append({"id": pk, "network_id": net.id, "term": term,
                     "definition": names.sentence(rng, 25), "source": "Bench charter, 2024",
                     "translations": {}, "created_at": start})
