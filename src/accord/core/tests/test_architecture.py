"""The foundation knows no feature, and no two apps import each other (issue 9, item 4).

Read from the source with `ast`, never by importing, so that an import inside a function (the
usual way to hide a cycle) counts as much as one at the top of a module.

Three kinds of package under src/accord:
- the foundation (FOUNDATION): what every feature builds on. It learns of features only through
  the registries and signals features fill in their AppConfig.ready(): tenancy.signals
  (member_joined, membership_ended), tenancy.panels (home-page panels), audit.labels (the audit
  page's words), core.schedule.register_periodic (periodic tasks), api.routers
  (API routers);
- features (every other app): may import the foundation and, without a cycle, each other;
- the harness (HARNESS, and every `tests` package): tests, browser journeys, the demo loader,
  benchmarks and the security suite. It may import anything, because it exercises everything;
  nothing outside the harness may import it.

The project's own top-level modules (settings, urls, wsgi, cli, conftest) compose the apps and
are not an app. Imports under `if TYPE_CHECKING:` exist only for type hints and load nothing:
they count against the foundation rule (a foundation module may not even name a feature's
type) but not as a cycle.
"""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]  # src/accord
FOUNDATION = {"core", "accounts", "tenancy", "audit", "policy", "api"}
HARNESS = {"tests", "e2e", "demo", "bench", "security", "testing"}


def _modules():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if len(parts) < 2 or "migrations" in parts:
            continue
        yield path, parts


def _is_harness(parts: tuple[str, ...]) -> bool:
    return parts[0] in HARNESS or "tests" in parts[:-1]


def _type_checking_lines(tree: ast.AST) -> set[int]:
    lines = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def _imported_apps(tree: ast.AST):
    """(app, line) for every `accord.<app>` a module imports, wherever the import stands."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = ([f"accord.{alias.name}" for alias in node.names]
                     if node.module == "accord" else [node.module])
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "accord" and len(parts) > 1:
                yield parts[1], node.lineno


def _apps() -> set[str]:
    return {p.name for p in ROOT.iterdir() if (p / "__init__.py").exists()}


def _graph():
    """Import edges between apps outside the harness: {(from, to): ["path:line", ...]}."""
    apps = _apps()
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    type_only: dict[tuple[str, str], list[str]] = defaultdict(list)
    harness_imports = []
    for path, parts in _modules():
        if _is_harness(parts):
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        hints = _type_checking_lines(tree)
        for target, line in _imported_apps(tree):
            if target == parts[0] or target not in apps:
                continue
            where = f"{'/'.join(parts)}:{line}"
            if target in HARNESS:
                harness_imports.append(f"{where} imports accord.{target}")
            (type_only if line in hints else edges)[(parts[0], target)].append(where)
    return edges, type_only, harness_imports


def _cycles(edges) -> list[list[str]]:
    """Every strongly connected group of more than one app (Tarjan), as sorted names."""
    graph = defaultdict(set)
    for a, b in edges:
        graph[a].add(b)
    index, low, stack, on_stack, groups, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in list(graph):
        if node not in index:
            visit(node)
    return groups


def test_the_scan_sees_the_apps_and_their_imports():
    # Guards the test itself: a scan that found nothing would pass everything.
    edges, _type_only, _harness = _graph()
    assert {"core", "tenancy", "charter", "meetings"} <= _apps()
    assert ("charter", "tenancy") in edges
    assert ("meetings", "tenancy") in edges


def test_no_foundation_app_imports_a_feature():
    edges, type_only, _harness = _graph()
    found = [f"{where} imports accord.{b}"
             for (a, b), places in {**edges, **type_only}.items()
             if a in FOUNDATION and b not in FOUNDATION for where in places]
    assert found == [], (
        "The foundation must learn of features through registries or signals filled in the "
        "features' AppConfig.ready(), never by importing them:\n" + "\n".join(sorted(found)))


def test_nothing_outside_the_harness_imports_it():
    _edges, _type_only, harness_imports = _graph()
    assert harness_imports == [], "\n".join(harness_imports)


def test_no_import_cycle_between_apps():
    edges, _type_only, _harness = _graph()
    cycles = _cycles(edges)
    details = []
    for group in cycles:
        for (a, b), places in sorted(edges.items()):
            if a in group and b in group:
                details.append(f"{a} -> {b}: {', '.join(places[:3])}")
    assert cycles == [], f"Import cycles between apps {cycles}:\n" + "\n".join(details)


@pytest.mark.parametrize("source, expected", [
    ("import accord.meetings.models", [("meetings", 1)]),
    ("from accord import charter", [("charter", 1)]),
    ("def f():\n    from accord.meetings.selectors import x", [("meetings", 2)]),
    ("from . import models", []),
    ("import accordion", []),
])
def test_the_scan_reads_every_form_of_import(source, expected):
    assert list(_imported_apps(ast.parse(source))) == expected


def test_the_cycle_finder_finds_a_cycle_of_three():
    edges = {("a", "b"): [], ("b", "c"): [], ("c", "a"): [], ("c", "d"): []}
    assert _cycles(edges) == [["a", "b", "c"]]
