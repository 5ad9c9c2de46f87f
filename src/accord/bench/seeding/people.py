"""Networks, organisations, people, memberships, bodies and seats."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password

from accord.accounts.models import User
from accord.bench.seeding import names
from accord.bench.seeding.copying import Table
from accord.bench.seeding.shape import NetworkShape, Profile, rng_for
from accord.tenancy.models import (
    Body,
    BodyKind,
    BodyMembership,
    BodyRole,
    Jurisdiction,
    Membership,
    Network,
    Organisation,
    Role,
    Sector,
)

# Every seeded person has this password; it opens nothing outside a benchmark database.
BENCH_PASSWORD = "bench-password-not-secret"
LANGUAGES = ("en", "de", "nl", "fr")
TIME_ZONES = {"en": "Europe/Berlin", "de": "Europe/Berlin", "nl": "Europe/Amsterdam",
              "fr": "Europe/Brussels"}


@dataclass
class Person:
    membership_id: int
    user_id: int
    organisation_id: int
    name: str
    roles: list[str] = field(default_factory=list)


@dataclass
class Seat:
    membership_id: int
    role: str
    voting: bool


@dataclass
class BodyInfo:
    id: int
    kind: str
    seats: list[Seat]

    def seat_of(self, role: str) -> int | None:
        return next((s.membership_id for s in self.seats if s.role == role), None)


@dataclass
class Net:
    id: int
    slug: str
    shape: NetworkShape
    organisations: list[int] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    bodies: list[BodyInfo] = field(default_factory=list)

    @property
    def coordinator(self) -> Person:
        return self.people[0]


def seed_people(profile: Profile, shapes: list[NetworkShape], *, start: datetime) -> list[Net]:
    tables = {m: Table(m) for m in (Network, Organisation, User, Membership, Body,
                                    BodyMembership)}
    password = make_password(BENCH_PASSWORD)
    nets = _networks(profile, shapes, tables[Network], start)
    for net in nets:
        _organisations(profile, net, tables[Organisation], start)
    _people(profile, nets, tables[User], tables[Membership], password, start)
    for net in nets:
        _bodies(profile, net, tables[Body], tables[BodyMembership], start)
    return nets


def _networks(profile, shapes, table: Table, start) -> list[Net]:
    ids = table.take_ids(len(shapes))
    jurisdictions = list(Jurisdiction.values)
    rows, nets = [], []
    for shape, pk in zip(shapes, ids, strict=True):
        language = LANGUAGES[shape.index % len(LANGUAGES)]
        slug = f"bench-{shape.index + 1:03d}"
        rows.append({"id": pk, "name": names.town(shape.index), "slug": slug,
                     "jurisdiction": jurisdictions[shape.index % len(jurisdictions)],
                     "default_language": language, "time_zone": TIME_ZONES[language],
                     "created_at": start})
        nets.append(Net(id=pk, slug=slug, shape=shape))
    table.copy(rows)
    return nets


def _organisations(profile, net: Net, table: Table, start) -> None:
    rng = rng_for(profile, "organisations", net.shape.index)
    sectors = list(Sector.values)
    ids = table.take_ids(net.shape.organisations)
    rows = []
    for n, pk in enumerate(ids):
        sector = sectors[n % len(sectors)] if n < len(sectors) else rng.choice(sectors)
        rows.append({"id": pk, "network_id": net.id, "sector": sector, "created_at": start,
                     "name": f"{names.SECTOR_WORDS[sector]} {names.town(n)} {n + 1}"})
    table.copy(rows)
    net.organisations = list(ids)


def _people(profile, nets, users: Table, memberships: Table, password: str, start) -> None:
    user_rows, membership_rows = [], []
    for net in nets:
        rng = rng_for(profile, "people", net.shape.index)
        user_ids = users.take_ids(net.shape.members)
        membership_ids = memberships.take_ids(net.shape.members)
        for n, (user_id, membership_id) in enumerate(zip(user_ids, membership_ids, strict=True)):
            name = names.person(rng)
            organisation = net.organisations[n % len(net.organisations)]
            user_rows.append({
                "id": user_id, "email": f"person{user_id}@bench.example", "full_name": name,
                "password": password, "language": LANGUAGES[rng.randrange(4)],
                "is_active": True, "is_staff": False, "is_superuser": False,
                "date_joined": start, "last_login": None,
            })
            roles = _roles(n, rng)  # drawn where it always was: the same seed, the same data
            membership_rows.append({
                "id": membership_id, "user_id": user_id, "network_id": net.id,
                "organisation_id": organisation, "roles": roles,
                "active_from": start + timedelta(days=rng.randrange(60)), "active_until": None,
            })
            net.people.append(Person(membership_id, user_id, organisation, name, roles))
    users.copy(user_rows)
    memberships.copy(membership_rows)


def _roles(n: int, rng) -> list[str]:
    """Person 0 coordinates, person 1 is the privacy officer; the rest are members."""
    if n == 0:
        return [Role.COORDINATOR, Role.MEMBER]
    if n == 1:
        return [Role.PRIVACY_OFFICER]
    return [Role.MEMBER, Role.CASE_WORKER] if rng.random() < 0.3 else [Role.MEMBER]


def _bodies(profile, net: Net, bodies: Table, seats: Table, start) -> None:
    rng = rng_for(profile, "bodies", net.shape.index)
    kinds = [BodyKind.STRATEGIC, BodyKind.OPERATIONAL, BodyKind.WORKING_GROUP]
    body_rows, seat_rows = [], []
    candidates = [p for n, p in enumerate(net.people) if n != 1]  # no privacy officer
    for n, pk in enumerate(bodies.take_ids(net.shape.bodies)):
        kind = kinds[n % 3] if n < 3 else rng.choice(kinds[1:])
        size = min(len(candidates), rng.randint(6, 14))
        chosen = rng.sample(candidates, size)
        if n == 0 and net.coordinator not in chosen:
            chosen[0] = net.coordinator  # the coordinator sits on the steering group
        body_rows.append({"id": pk, "network_id": net.id, "kind": kind, "created_at": start,
                          "name": f"{names.BODY_NAMES[kind]} {n + 1}",
                          "description": names.sentence(rng)})
        info = BodyInfo(pk, kind, [])
        for seat_no, (person, seat_id) in enumerate(zip(chosen, seats.take_ids(size),
                                                        strict=True)):
            role = (BodyRole.CHAIR, BodyRole.SECRETARY)[seat_no] if seat_no < 2 else (
                BodyRole.ADVISER if rng.random() < 0.1 else BodyRole.MEMBER)
            voting = role != BodyRole.ADVISER
            seat_rows.append({"id": seat_id, "network_id": net.id, "body_id": pk,
                              "membership_id": person.membership_id, "role": role,
                              "voting_right": voting})
            info.seats.append(Seat(person.membership_id, role, voting))
        net.bodies.append(info)
    bodies.copy(body_rows)
    seats.copy(seat_rows)
