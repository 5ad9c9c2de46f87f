"""The case register at scale: each network's share of the cases (Zipf, like the meetings),
its concern types, participants by tier, workers and the lifecycle steps to each case's state.

Rows go in through COPY with ids chosen here, as the rest of the seed does. The case workers
of a network work on its cases; a case's coordinator is one of the lead organisation's case
workers where it has one, so the benchmark finds a worker who is not the coordinator.
"""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from accord.bench.progress import Progress
from accord.bench.seeding.copying import Table
from accord.bench.seeding.people import Net
from accord.bench.seeding.shape import Profile, rng_for
from accord.cases.demo import PATHS
from accord.cases.models import (
    DEFAULT_CONCERN_TYPES,
    AgeBand,
    Case,
    CaseParticipant,
    CaseTransition,
    CaseWorker,
    ConcernLevel,
    ConcernType,
    Gender,
)
from accord.cases.services import reference_prefix
from accord.tenancy.models import Role, Sector

# How often each state occurs: most cases are open and at work, a tail is closed.
STATES = (("signal", 8), ("triage", 8), ("planning", 10), ("active", 34), ("suspended", 5),
          ("closing", 5), ("closed", 18), ("follow_up", 8), ("purged", 4))
TIERS = ("core", "case", "care")
DISTRICTS = ("North", "South", "Harbour", "Old Town", "Riverside", "Station", "Hillside")


def seed_cases(profile: Profile, nets: list[Net], *, start: datetime, now: datetime,
               show: bool = True) -> int:
    tables = {m: Table(m) for m in (ConcernType, Case, CaseParticipant, CaseWorker,
                                    CaseTransition)}
    rows: dict = {m: [] for m in tables}
    total = sum(net.shape.cases for net in nets)
    with Progress("cases", total, enabled=show) as bar:
        for net in nets:
            rng = rng_for(profile, "cases", net.shape.index)
            types = list(tables[ConcernType].take_ids(len(DEFAULT_CONCERN_TYPES)))
            for pk, code in zip(types, DEFAULT_CONCERN_TYPES, strict=True):
                rows[ConcernType].append({"id": pk, "network_id": net.id, "code": code,
                                          "name": "", "retired": False})
            _network_cases(net, rng, types, tables, rows, start, now)
            bar.advance(net.shape.cases)
    for model, table in tables.items():
        table.copy(rows[model])
    return total


def _network_cases(net: Net, rng, types, tables, rows, start: datetime, now: datetime) -> None:
    workers = [p for p in net.people if Role.CASE_WORKER in p.roles] or net.people[:1]
    by_organisation: dict[int, list] = {}
    for person in workers:
        by_organisation.setdefault(person.organisation_id, []).append(person)
    prefix = reference_prefix(SimpleNamespace(slug=net.slug))
    numbers: dict[int, int] = {}
    days = max((now - start).days, 1)
    states = [s for s, _ in STATES]
    weights = [w for _, w in STATES]
    received = sorted(start.date() + timedelta(days=rng.randrange(days))
                      for _ in range(net.shape.cases))
    for case_id, on in zip(tables[Case].take_ids(net.shape.cases), received, strict=True):
        numbers[on.year] = numbers.get(on.year, 0) + 1
        state = rng.choices(states, weights)[0]
        lead = rng.choice(net.organisations)
        own = by_organisation.get(lead) or workers
        coordinator = rng.choice(own)
        open_ = state not in ("closed", "follow_up", "purged")
        rows[Case].append({
            "id": case_id, "network_id": net.id,
            "reference": f"{prefix}-{on.year}-{numbers[on.year]:03d}", "state": state,
            "source_sector": rng.choice(Sector.values), "concern_type_id": rng.choice(types),
            "concern_level": rng.choice(ConcernLevel.values),
            "signal_received_on": on, "signal_summary": "Fictional signal for the benchmark.",
            "lead_organisation_id": lead, "coordinator_id": coordinator.membership_id,
            "chair_id": net.coordinator.membership_id if rng.random() < 0.3 else None,
            "next_review_on": (now.date() + timedelta(days=rng.randrange(-30, 180))
                               if open_ else None),
            "triage_outcome": "" if state in ("signal", "triage") else "taken_on",
            "closure_reason": "goals_met" if state in ("closing", "closed", "follow_up",
                                                       "purged") else "",
            "age_band": rng.choice(AgeBand.values), "gender": rng.choice(Gender.values),
            "district": rng.choice(DISTRICTS), "created_at": now, "updated_at": now,
        })
        others = [o for o in net.organisations if o != lead]
        for organisation, pk in zip(rng.sample(others, min(len(others), rng.randint(1, 3))),
                                    tables[CaseParticipant].take_ids(3), strict=False):
            rows[CaseParticipant].append({"id": pk, "network_id": net.id, "case_id": case_id,
                                          "organisation_id": organisation,
                                          "tier": rng.choice(TIERS), "since": on})
        helpers = [w for w in workers if w.membership_id != coordinator.membership_id]
        for person, pk in zip(rng.sample(helpers, min(len(helpers), rng.randint(0, 2))),
                              tables[CaseWorker].take_ids(2), strict=False):
            rows[CaseWorker].append({"id": pk, "network_id": net.id, "case_id": case_id,
                                     "membership_id": person.membership_id, "since": on})
        _steps(net, case_id, state, on, coordinator.membership_id, tables[CaseTransition],
               rows[CaseTransition])


def _steps(net: Net, case_id: int, state: str, on, by: int, table: Table, rows: list) -> None:
    path = ("signal", *PATHS[state])
    for index, (to_state, pk) in enumerate(zip(path, table.take_ids(len(path)), strict=True)):
        at = datetime(on.year, on.month, on.day, 10, tzinfo=UTC) + timedelta(days=14 * index)
        rows.append({"id": pk, "network_id": net.id, "case_id": case_id,
                     "from_state": path[index - 1] if index else "", "to_state": to_state,
                     "outcome": "", "reason": "Benchmark step.", "at": at, "by_id": by})
