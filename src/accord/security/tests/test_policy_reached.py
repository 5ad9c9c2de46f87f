"""Each view and API operation reaches accord.policy before it returns network data, and no
permission check remains outside it (issue 9, "Done when").

Every row of the role table is requested as the network's coordinator and as one other actor
the table lets in (only the guest on the guest area's routes), and the request must have asked the
decision point: accord.policy.engine.decide_many, which decide, require, read, read_many and
fetch all end in, is wrapped with a counter for the request (and so is the engine it loads,
for a caller that imported decide_many from the engine module before the patch). A page that
shows no network data is exempt only by name and reason in role_table.NO_NETWORK_DATA.

The grep reads every module of accord (tests and migrations aside) for the old helpers.
"""

import re
from pathlib import Path

import pytest

from accord.policy import engine
from accord.security import roles
from accord.security.role_table import NO_NETWORK_DATA, ROWS
from accord.security.world import ACTORS

pytestmark = pytest.mark.django_db

ALLOWED = {"200", "201", "204", "302", "303"}
SRC = Path(__file__).resolve().parents[2]  # src/accord


class Counter:
    """Counts calls of decide_many, and of the engine that every non-empty decide_many loads
    first: a module that imported decide_many before the patch is still seen."""

    def __init__(self, monkeypatch):
        self.calls = 0
        monkeypatch.setattr(engine, "decide_many", self.wrap(engine.decide_many))
        monkeypatch.setattr(engine, "engine", self.wrap(engine.engine))

    def wrap(self, original):
        def counted(*args, **kwargs):
            self.calls += 1
            return original(*args, **kwargs)

        return counted


@pytest.fixture
def table(role_cells):
    assert not role_cells["missing"], role_cells["missing"]
    return role_cells


# The guest area's principal is the guest session, not a membership: a member without one is
# refused there before there is anyone to ask the policy about, as the anonymous visitor is on
# the network's pages (and is not asked either). Those routes are asked as the guest.
GUEST_AREA = ("guest:", "accord_meetings_api_guest_")


def _askers(key) -> list[str]:
    """The coordinator, and the first other member (or the guest) whom the table lets in; for
    the guest area, the guest only."""
    row = ROWS[key]
    others = [actor for actor in ACTORS[1:8] if row[actor] in ALLOWED]
    if key[0].startswith(GUEST_AREA):
        return others[:1]
    return ["coordinator", *others[:1]]


def test_every_page_and_operation_asks_the_decision_point(table, monkeypatch):
    counter = Counter(monkeypatch)
    silent = []
    asked = 0
    for cell in table["cells"]:
        if cell.key[0] in NO_NETWORK_DATA:
            continue
        for actor in _askers(cell.key):
            before = counter.calls
            answer = roles.ask(table["clients"][actor, cell.is_api], cell)
            asked += 1
            if counter.calls == before:
                silent.append(f"{cell.label} as {actor} ({cell.method} {cell.path}): "
                              f"{answer.status} without asking accord.policy")
    assert asked >= 250
    assert not silent, f"{len(silent)} requests never asked accord.policy:\n" + "\n".join(silent)


# The case register's pages and operations (issue 10, Deliver 8): each must ask the decision
# point about the case itself (case.*, or case_data.* for a category of its data), not merely
# about the network, before it shows or changes anything of it.
CASE_ROUTES = ("cases:", "accord_cases_api_")


def test_every_case_page_and_operation_asks_about_the_case(table, monkeypatch):
    actions: list[str] = []
    original = engine.decide_many

    def recorded(membership, action, resources, *, purpose):
        actions.append(action)
        return original(membership, action, resources, purpose=purpose)

    monkeypatch.setattr(engine, "decide_many", recorded)
    cells = [cell for cell in table["cells"] if cell.key[0].startswith(CASE_ROUTES)]
    assert len(cells) >= 14, "the case routes are missing from the role table"
    silent = []
    for cell in cells:
        for actor in _askers(cell.key):
            actions.clear()
            answer = roles.ask(table["clients"][actor, cell.is_api], cell)
            if not any(a.startswith(("case.", "case_data.")) for a in actions):
                silent.append(f"{cell.label} as {actor}: {answer.status}, asked only "
                              f"{sorted(set(actions)) or 'nothing'}")
    assert not silent, "case routes that never asked about a case:\n" + "\n".join(silent)


def test_the_counter_sees_a_decision(role_world, monkeypatch):
    """The control: a request that does decide is counted, so silence above is real."""
    from django_scopes import scope

    from accord import policy

    counter = Counter(monkeypatch)
    with scope(network=role_world.world.a.pk):
        decision = policy.decide(role_world.members["coordinator"], "network.view",
                                 role_world.world.a, purpose="view")
    assert decision.allowed
    assert counter.calls >= 1
    assert NO_NETWORK_DATA.keys() <= {key[0] for key in ROWS}


# --- no old helpers ---------------------------------------------------------------------------

OLD_HELPERS = re.compile(
    r"\b(require_audit_role|can_view_audit|CoordinatorAuth|NotPermitted|CharterRead|"
    r"charter_access)\b"
    r"|accord\.meetings\.permissions|from accord\.meetings import permissions"
    r"|accord\.charter\.permissions|from accord\.charter import permissions"
    r"|raise PermissionDenied\b|raise Http404\b|\bget_object_or_404\b|\bget_list_or_404\b")
# Where a PermissionDenied or Http404 is no permission check, by file (or "file::function",
# the function the line is in), with the reason.
NOT_PERMISSION_CHECKS = {
    "api/security.py": ("raise PermissionDenied", "CsrfRefused is a PermissionDenied: a missing "
                        "or wrong CSRF token is no question of roles"),
    "tenancy/middleware.py": ("raise Http404", "an unknown network slug, or one the caller "
                              "holds no membership of: the tenant scope is resolved here, "
                              "before there is a membership to ask the policy about"),
    "meetings/calendar.py": ("raise Http404", "a calendar feed token that names no feed: a "
                             "missing URL object, outside any network"),
    "meetings/api.py::_guest": ("raise Http404", "no guest session (or one whose rules are not "
                                "acknowledged yet): there is no guest to ask the policy about; "
                                "what the guest then reads goes through minute_entry.read"),
    "accounts/views_passkeys.py::_passkey": ("raise Http404", "the person's own passkeys, "
                                             "outside any network: one not theirs is missing"),
    "accounts/views_security.py::session_end": ("raise Http404", "the person's own sessions, "
                                                "outside any network: one not theirs is "
                                                "missing"),
    "accounts/views_sso.py": ("raise Http404", "an unknown identity provider in the address: a "
                              "missing URL object, before anyone is signed in"),
    "charter/api.py::practice_set": ("raise Http404", "a practice code that is not in the "
                                     "roadmap's fixed list: a missing URL object, whoever "
                                     "asks (charter.edit is asked by the route's auth)"),
    "charter/views/roadmap.py::practice_update": ("raise Http404", "a practice code not in the "
                                                  "roadmap's fixed list: a missing page, "
                                                  "after charter.edit was asked"),
    "charter/views/documents.py::version_diff": ("raise Http404", "a malformed comparison "
                                                 "address; each version is then fetched "
                                                 "through the policy"),
}

FUNCTION = re.compile(r"^\s*(?:async\s+)?def\s+(\w+)")


def old_helper_uses(root: Path = SRC) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if "/tests/" in f"/{relative}" or "/migrations/" in relative:
            continue
        if relative.startswith("policy/"):
            continue  # the decision point itself turns Denied into 403/404
        function = ""
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if defined := FUNCTION.match(code):
                function = defined.group(1)
            for match in OLD_HELPERS.finditer(code):
                allowed = (NOT_PERMISSION_CHECKS.get(f"{relative}::{function}")
                           or NOT_PERMISSION_CHECKS.get(relative))
                if allowed and match.group(0) == allowed[0]:
                    continue
                found.append(f"src/accord/{relative}:{number}: {match.group(0)}")
    return found


def test_no_permission_check_remains_outside_the_decision_point():
    found = old_helper_uses()
    assert not found, (f"{len(found)} uses of the old permission helpers (move each behind "
                       "accord.policy):\n" + "\n".join(found))


def test_the_grep_finds_an_old_helper(tmp_path):
    (tmp_path / "views.py").write_text(
        "def view(request):\n    raise Http404\n"
        "def other(request):\n    return get_object_or_404(Body, pk=1)\n")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text("raise Http404\n")

    assert old_helper_uses(tmp_path) == ["src/accord/views.py:2: raise Http404",
                                         "src/accord/views.py:4: get_object_or_404"]


def test_an_exemption_by_function_covers_that_function_only(tmp_path, monkeypatch):
    monkeypatch.setitem(NOT_PERMISSION_CHECKS, "views.py::missing", ("raise Http404", "x"))
    (tmp_path / "views.py").write_text("def missing(request):\n    raise Http404\n"
                                       "def refused(request):\n    raise Http404\n")

    assert old_helper_uses(tmp_path) == ["src/accord/views.py:4: raise Http404"]
