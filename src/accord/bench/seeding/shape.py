"""The shape of the data: how many of what, per network (a few large cities, many small ones).

Network sizes follow a Zipf-like law (weight 1/rank^0.9): with 200 networks the largest holds
about a seventh of all meetings and the smallest a few dozen, as in a country where a few big
cities run many bodies and most towns run one or two.
"""

import random
from dataclasses import dataclass

ZIPF_EXPONENT = 0.9
LARGE = {"networks": 200, "meetings": 40_000, "audit_events": 5_000_000, "cases": 100_000}


@dataclass(frozen=True)
class Profile:
    networks: int
    meetings: int
    audit_events: int
    seed: int = 1
    # None: two and a half cases a meeting (100,000 in the large profile).
    cases: int | None = None

    @classmethod
    def small(cls, seed: int = 1) -> "Profile":
        """1 % of the large profile."""
        return cls(networks=LARGE["networks"] // 100, meetings=LARGE["meetings"] // 100,
                   audit_events=LARGE["audit_events"] // 100, seed=seed,
                   cases=LARGE["cases"] // 100)

    @property
    def case_total(self) -> int:
        return self.cases if self.cases is not None else self.meetings * 5 // 2

    @property
    def members(self) -> int:
        # One member for every two meetings: 20,000 people in the large profile.
        return max(self.meetings // 2, 6 * self.networks)


@dataclass(frozen=True)
class NetworkShape:
    index: int
    meetings: int
    members: int
    organisations: int
    bodies: int
    audit_events: int
    cases: int = 0


def zipf_shares(count: int) -> list[float]:
    weights = [1 / (rank ** ZIPF_EXPONENT) for rank in range(1, count + 1)]
    total = sum(weights)
    return [w / total for w in weights]


def apportion(total: int, shares: list[float], minimum: int = 0) -> list[int]:
    """Split `total` by `shares` (largest remainder), giving each at least `minimum`."""
    base = [max(minimum, int(total * s)) for s in shares]
    rest = total - sum(base)
    order = sorted(range(len(shares)), key=lambda i: total * shares[i] - int(total * shares[i]),
                   reverse=True)
    for i in order[:max(rest, 0)]:
        base[i] += 1
    return base


def network_shapes(profile: Profile) -> list[NetworkShape]:
    shares = zipf_shares(profile.networks)
    meetings = apportion(profile.meetings, shares, minimum=1)
    members = apportion(profile.members, shares, minimum=6)
    # The installation's own chain (sign-ins) takes 5 %; the networks share the rest.
    audit = apportion(profile.audit_events - installation_events(profile), shares, minimum=1)
    cases = apportion(profile.case_total, shares, minimum=1)
    return [
        NetworkShape(index=i, meetings=meetings[i], members=members[i],
                     organisations=max(3, members[i] // 15), bodies=max(2, members[i] // 40),
                     audit_events=audit[i], cases=cases[i])
        for i in range(profile.networks)
    ]


def installation_events(profile: Profile) -> int:
    return profile.audit_events // 20


def rng_for(profile: Profile, *parts: object) -> random.Random:
    """A generator per part of the data, so adding one kind of row never shifts another."""
    # Reproducible fictional data, not secrets: a seeded generator is the point.
    return random.Random("/".join(str(p) for p in (profile.seed, *parts)))  # noqa: S311
