"""The role table passes for every route and operation (issue 9, "Done when").

Every network page and API operation is requested as each actor of the role world (a
coordinator, the body's chair and secretary, a member of the body, a member outside it, the
privacy officer, an observer, the body's guest, another network's coordinator and an anonymous
visitor), and must answer what security/role_table.py says; a 403 must say why. A page or
operation without a row fails, named, so a new route cannot slip in untabled.
"""

import pytest

from accord.security import roles
from accord.security.role_table import ROWS
from accord.security.world import ACTORS

pytestmark = pytest.mark.django_db

ALLOWED = {"200", "201", "204", "302", "303"}


@pytest.fixture
def table(role_cells):
    return role_cells


def test_every_page_and_operation_has_a_row_and_every_row_a_route(table):
    assert not table["missing"], (
        "Add a row to security/role_table.py for each (and remove rows of routes that are "
        "gone):\n" + "\n".join(table["missing"]))


def test_a_page_or_operation_without_a_row_is_named(table):
    rows = {key: row for key, row in ROWS.items()
            if key[0] not in ("meetings:detail", "accord_charter_api_goal_patch")}

    _cells, missing = roles.cells(table["catalogue"], rows, {})

    assert any(line.startswith("page meetings:detail ") for line in missing), missing
    assert any(line.startswith("operation accord_charter_api_goal_patch PATCH")
               for line in missing), missing


def test_the_table_covers_what_the_issue_names(table):
    """So that a broken walk cannot pass by finding little: pages and API operations of every
    app, and each actor allowed somewhere and refused somewhere."""
    names = {cell.key[0] for cell in table["cells"]}
    for prefix in ("tenancy:", "audit:", "api:", "charter:", "meetings:", "guest:",
                   "accord_api_tenancy_", "accord_meetings_api_", "accord_charter_api_",
                   "cases:", "accord_cases_api_"):
        assert any(name.startswith(prefix) for name in names), prefix
    assert len(table["cells"]) >= 200
    for actor in ACTORS:
        statuses = {row[actor] for row in ROWS.values()}
        if actor in ("outsider", "anonymous"):
            assert not statuses & ALLOWED, f"{actor} is let in somewhere"
            continue
        assert statuses & ALLOWED, f"{actor} is let in nowhere"
        if actor != "coordinator":
            assert statuses - ALLOWED, f"{actor} is refused nowhere"


def test_each_actor_gets_the_status_the_table_says(table):
    """One pass over every cell; a failure lists each differing cell, then the rows as they
    stand today, ready to paste into the table once the change is meant."""
    failures, changed = [], []
    for cell in table["cells"]:
        expected = ROWS[cell.key]
        observed = {}
        for actor in ACTORS:
            answer = roles.ask(table["clients"][actor, cell.is_api], cell)
            observed[actor] = answer.status
            where = f"{cell.label} as {actor} ({cell.method} {cell.path})"
            if answer.status != expected[actor]:
                failures.append(f"{where}: {answer.status}, the table says {expected[actor]}"
                                + (f" ({answer.reason})" if answer.reason else ""))
            elif answer.status == "403" and len(answer.reason) < 10:
                failures.append(f"{where}: 403 without a reason")
        if observed != expected:
            changed.append(row_line(cell.key, observed))
    assert not failures, (f"{len(failures)} cells differ:\n" + "\n".join(failures)
                          + "\n\nThe rows as they are now:\n" + "\n".join(changed))


def row_line(key: tuple[str, ...], statuses: dict[str, str]) -> str:
    name, method, variant = (*key, "-")[:3]
    return (f"  {name:44} {method:6} {variant:24} "
            + " ".join(f"{statuses[actor]:5}" for actor in ACTORS).rstrip())


def test_a_method_an_api_path_does_not_have_is_405(table):
    """The API answers only the methods its description names (the pages: the test below)."""
    catalogue = table["catalogue"]
    client = table["clients"]["coordinator", True]
    failures, asked = [], 0
    for path, operations in catalogue.schema["paths"].items():
        if "{network}" not in path:
            continue
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            if method.lower() in operations:
                continue
            cell = roles.Cell((path, method), catalogue.api_path(path), method, True, {})
            answer = roles.ask(client, cell)
            asked += 1
            if answer.status != "405":
                failures.append(f"{method} {cell.path}: {answer.status}")
    assert asked >= 50
    assert not failures, "\n".join(failures)


def test_rows_as_they_are_now_paste_into_the_table_as_they_stand():
    from accord.security.role_table import TABLE

    rows = [line for line in TABLE.splitlines() if line.strip() and not line.startswith("#")]

    assert [row_line(key, statuses) for key, statuses in ROWS.items()] == rows


def test_a_network_page_answers_put_patch_and_delete_with_405(table):
    """A page is read with GET and written with POST; a PUT, PATCH or DELETE is refused with
    405 before the view runs, instead of being rendered like a GET."""
    client = table["clients"]["coordinator", False]
    failures, asked = [], 0
    pages = {cell.path: cell for cell in table["cells"]
             if not cell.is_api and cell.path.startswith("/n/")}
    for path, cell in sorted(pages.items()):
        for method in ("PUT", "PATCH", "DELETE"):
            answer = roles.ask(client, roles.Cell(cell.key, path, method, False, {}))
            asked += 1
            if answer.status != "405":
                failures.append(f"{method} {path} ({cell.label}): {answer.status}")
    assert asked >= 150
    assert not failures, "\n".join(failures)
