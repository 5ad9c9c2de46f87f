"""What the benchmark measures: a registry of pages and API endpoints.

A new page or endpoint joins by one `register(Target(...))` call (cases, for example, in their
own issue): a name, how to build its address from the benchmark's context, and its floor, one
hand-written SQL query that fetches the same rows the page shows. The floor's parameters are
the context's fields: %(network)s, %(meeting)s, %(membership)s, %(organisation)s, %(user)s.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Context:
    """Who is signed in and what they look at: the same choice at every profile."""

    slug: str
    network: int
    membership: int
    user: int
    organisation: int
    meeting: int
    # The case register is measured as a case worker who is not the case's coordinator
    # (issue 10): their membership, organisation and a case they work on.
    case_worker: int = 0
    case_worker_organisation: int = 0
    case: int = 0

    def params(self) -> dict[str, int | str]:
        return {"network": self.network, "membership": self.membership, "user": self.user,
                "organisation": self.organisation, "meeting": self.meeting,
                "case_worker": self.case_worker,
                "case_worker_organisation": self.case_worker_organisation, "case": self.case}


@dataclass(frozen=True)
class Target:
    name: str
    kind: str  # "page" or "api"
    path: Callable[[Context], str]
    floor_sql: str
    actor: str = "coordinator"  # or "case_worker": who is signed in for it


TARGETS: list[Target] = []


def register(target: Target) -> Target:
    if any(t.name == target.name for t in TARGETS):
        raise ValueError(f"a benchmark target named {target.name!r} exists already")
    TARGETS.append(target)
    return target


def _n(ctx: Context) -> str:
    return f"/n/{ctx.slug}"


def _api(ctx: Context) -> str:
    return f"/api/v1/n/{ctx.slug}"


_MEMBERS = """
    SELECT m.id, u.full_name, u.email, o.name, m.roles, b.name, b.kind, bm.role
    FROM (SELECT m.* FROM tenancy_membership m JOIN accounts_user u ON u.id = m.user_id
          WHERE m.network_id = %(network)s AND m.active_until IS NULL
          ORDER BY u.full_name, m.id LIMIT 50) m
    JOIN accounts_user u ON u.id = m.user_id
    JOIN tenancy_organisation o ON o.id = m.organisation_id
    LEFT JOIN tenancy_bodymembership bm ON bm.membership_id = m.id
    LEFT JOIN tenancy_body b ON b.id = bm.body_id
    ORDER BY u.full_name, m.id"""
_MEETINGS = """
    SELECT mt.id, mt.title, mt.starts_at, mt.ends_at, mt.state, mt.place, b.name
    FROM meetings_meeting mt JOIN tenancy_body b ON b.id = mt.body_id
    WHERE mt.network_id = %(network)s ORDER BY mt.starts_at DESC LIMIT {limit}"""
_DECISIONS = """
    SELECT d.id, d.title, d.motion, d.procedure, d.outcome, d.rationale, d.created_at, b.name,
           mt.title, mt.starts_at
    FROM meetings_decision d JOIN tenancy_body b ON b.id = d.body_id
    LEFT JOIN meetings_meeting mt ON mt.id = d.meeting_id
    WHERE d.network_id = %(network)s ORDER BY d.created_at DESC LIMIT {limit}"""
_AGENDA_WITH_MINUTES = """
    SELECT mt.title, mt.starts_at, b.name, i.id, i.title, i.kind, i.confidential, e.id,
           e.text, e.visibility, e.status, p.membership_id
    FROM meetings_meeting mt JOIN tenancy_body b ON b.id = mt.body_id
    JOIN meetings_agendaitem i ON i.meeting_id = mt.id
    LEFT JOIN meetings_minuteentry e ON e.item_id = i.id
    LEFT JOIN meetings_itempresence p ON p.item_id = i.id AND p.membership_id = %(membership)s
    WHERE mt.id = %(meeting)s ORDER BY i."order", i.id, e.created_at"""
_ACTIONS = """
    SELECT a.id, a.title, a.status, a.due_on, a.owner_id, a.owner_organisation_id, b.name,
           mt.title
    FROM meetings_actionitem a JOIN tenancy_body b ON b.id = a.body_id
    LEFT JOIN meetings_meeting mt ON mt.id = a.meeting_id
    WHERE a.network_id = %(network)s AND (a.owner_id = %(membership)s
          OR (a.owner_id IS NULL AND a.owner_organisation_id = %(organisation)s))
    ORDER BY a.status, a.due_on"""

for target in (
    Target("network home", "page", lambda c: f"{_n(c)}/", """
        SELECT b.id, b.name, b.kind, bm.role,
               (SELECT COUNT(*) FROM tenancy_invitation i WHERE i.network_id = %(network)s
                AND i.accepted_at IS NULL AND i.revoked_at IS NULL)
        FROM tenancy_bodymembership bm JOIN tenancy_body b ON b.id = bm.body_id
        WHERE bm.membership_id = %(membership)s ORDER BY b.kind, b.name"""),
    Target("members", "page", lambda c: f"{_n(c)}/members/", _MEMBERS),
    Target("meeting list", "page", lambda c: f"{_n(c)}/meetings/",
           _MEETINGS.format(limit=200)),
    Target("meeting page (agenda and minutes)", "page",
           lambda c: f"{_n(c)}/meetings/{c.meeting}/", _AGENDA_WITH_MINUTES),
    Target("minutes PDF", "page", lambda c: f"{_n(c)}/meetings/{c.meeting}/minutes.pdf",
           _AGENDA_WITH_MINUTES),
    Target("decision register", "page", lambda c: f"{_n(c)}/meetings/decisions/",
           _DECISIONS.format(limit=200)),
    Target("my actions", "page", lambda c: f"{_n(c)}/meetings/actions/", _ACTIONS),
    Target("audit page", "page", lambda c: f"{_n(c)}/audit/", """
        SELECT e.id, e.created_at, e.actor_label, e.action, e.object_type, e.object_id,
               e.summary, e.purpose
        FROM audit_auditevent e WHERE e.network_id = %(network)s
        ORDER BY e.created_at DESC, e.id DESC LIMIT 50"""),
    Target("charter documents", "page", lambda c: f"{_n(c)}/charter/documents/", """
        SELECT d.id, d.kind, d.title, v.number, v.status, v.adopted_on
        FROM charter_charterdocument d
        LEFT JOIN charter_charterversion v ON v.document_id = d.id
        WHERE d.network_id = %(network)s ORDER BY d.kind, d.title, v.number DESC"""),
    Target("API organisations", "api", lambda c: f"{_api(c)}/organisations", """
        SELECT id, name, sector FROM tenancy_organisation WHERE network_id = %(network)s
        ORDER BY name LIMIT 50"""),
    Target("API members", "api", lambda c: f"{_api(c)}/members", """
        SELECT m.id, u.full_name, o.name, m.roles FROM tenancy_membership m
        JOIN accounts_user u ON u.id = m.user_id
        JOIN tenancy_organisation o ON o.id = m.organisation_id
        WHERE m.network_id = %(network)s AND m.active_until IS NULL
        ORDER BY u.full_name LIMIT 50"""),
    Target("API bodies", "api", lambda c: f"{_api(c)}/bodies", """
        SELECT b.id, b.name, b.kind, bm.role, u.full_name FROM tenancy_body b
        LEFT JOIN tenancy_bodymembership bm ON bm.body_id = b.id
        LEFT JOIN tenancy_membership m ON m.id = bm.membership_id
        LEFT JOIN accounts_user u ON u.id = m.user_id
        WHERE b.id IN (SELECT id FROM tenancy_body WHERE network_id = %(network)s
                       ORDER BY kind, name LIMIT 50)
        ORDER BY b.kind, b.name, bm.role, u.full_name"""),
    Target("API meetings", "api", lambda c: f"{_api(c)}/meetings", _MEETINGS.format(limit=500)),
    Target("API minute entries", "api",
           lambda c: f"{_api(c)}/meetings/{c.meeting}/minute-entries", _AGENDA_WITH_MINUTES),
    Target("API decisions", "api", lambda c: f"{_api(c)}/decisions",
           _DECISIONS.format(limit=500)),
    Target("API action items", "api", lambda c: f"{_api(c)}/action-items", _ACTIONS),
    Target("API charter documents", "api", lambda c: f"{_api(c)}/charter-documents", """
        SELECT id, kind, title, created_at FROM charter_charterdocument
        WHERE network_id = %(network)s ORDER BY kind, title"""),
    Target("API goals", "api", lambda c: f"{_api(c)}/goals", """
        SELECT id, statement, indicators, next_review_on FROM charter_goal
        WHERE network_id = %(network)s ORDER BY next_review_on, id"""),
    Target("API glossary terms", "api", lambda c: f"{_api(c)}/glossary-terms", """
        SELECT id, term, definition, translations FROM charter_glossaryterm
        WHERE network_id = %(network)s ORDER BY term"""),
):
    register(target)


# The case list: the first page of the cases the worker may open (their organisation's, those
# they work on), with concern type, lead organisation and coordinator.
_CASES = """
    SELECT c.id, c.reference, c.state, c.concern_level, c.next_review_on, t.code, o.name,
           u.full_name
    FROM cases_case c
    LEFT JOIN cases_concerntype t ON t.id = c.concern_type_id
    LEFT JOIN tenancy_organisation o ON o.id = c.lead_organisation_id
    LEFT JOIN tenancy_membership m ON m.id = c.coordinator_id
    LEFT JOIN accounts_user u ON u.id = m.user_id
    WHERE c.network_id = %(network)s AND (
        c.lead_organisation_id = %(case_worker_organisation)s
        OR c.coordinator_id = %(case_worker)s OR c.chair_id = %(case_worker)s
        OR EXISTS (SELECT 1 FROM cases_caseparticipant p WHERE p.case_id = c.id
                   AND p.organisation_id = %(case_worker_organisation)s)
        OR EXISTS (SELECT 1 FROM cases_caseworker w WHERE w.case_id = c.id
                   AND w.membership_id = %(case_worker)s))
    ORDER BY c.signal_received_on DESC, c.id DESC LIMIT 50"""
_CASE = """
    SELECT c.id, c.reference, c.state, c.signal_summary, o.name, p.tier, po.name, w.membership_id,
           tr.to_state, tr.at
    FROM cases_case c
    LEFT JOIN tenancy_organisation o ON o.id = c.lead_organisation_id
    LEFT JOIN cases_caseparticipant p ON p.case_id = c.id
    LEFT JOIN tenancy_organisation po ON po.id = p.organisation_id
    LEFT JOIN cases_caseworker w ON w.case_id = c.id
    LEFT JOIN cases_casetransition tr ON tr.case_id = c.id
    WHERE c.id = %(case)s"""

for target in (
    Target("case list", "page", lambda c: f"{_n(c)}/cases/", _CASES, actor="case_worker"),
    Target("case page", "page", lambda c: f"{_n(c)}/cases/{c.case}/", _CASE,
           actor="case_worker"),
    Target("API cases", "api", lambda c: f"{_api(c)}/cases", _CASES, actor="case_worker"),
    Target("API case", "api", lambda c: f"{_api(c)}/cases/{c.case}", _CASE,
           actor="case_worker"),
):
    register(target)
