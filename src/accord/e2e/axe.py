"""axe-core, fetched from the npm registry into a git-ignored cache at test time, never committed.

The pages send a strict CSP with nonces, so the browser context bypasses CSP (conftest.py) for
the injected script only; the pages' own CSP is tested in core/tests/test_security_headers.py.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

AXE_PACKAGE = "axe-core@4"
# WCAG 2.1 A and AA (issue 5, item 2). Only violations are reported in full: listing every
# passing node as well costs time on each page and is never read.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
# Every impact blocks (issue 17: 0 violations of any impact on every journey page); a
# "moderate" finding is a barrier to someone too.
BLOCKING_IMPACTS = frozenset({"minor", "moderate", "serious", "critical"})


class AxeUnavailable(Exception):
    """npm or the registry could not provide axe-core."""


def axe_source(cache_dir: Path) -> str:
    """The text of axe.min.js, installed into `cache_dir` by npm on first use."""
    script = cache_dir / "node_modules" / "axe-core" / "axe.min.js"
    if not script.exists():
        _npm_install(cache_dir)
    if not script.exists():
        raise AxeUnavailable(f"npm ran but {script} is missing")
    return script.read_text(encoding="utf-8")


def _npm_install(cache_dir: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise AxeUnavailable("npm is not installed (apt-get install nodejs npm)")
    cache_dir.parent.mkdir(parents=True, exist_ok=True)
    # Installed beside the cache and moved into place in one step, so that two test runs
    # starting at once never read a half-written package.
    staging = Path(tempfile.mkdtemp(prefix="axe-", dir=cache_dir.parent))
    command = [npm, "install", "--prefix", str(staging), "--no-audit", "--no-fund",
               "--no-save", "--silent", AXE_PACKAGE]
    try:
        # Fixed arguments, no shell: nothing from outside reaches the command line.
        subprocess.run(command, check=True, capture_output=True, text=True, timeout=180)  # noqa: S603
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
        shutil.rmtree(staging, ignore_errors=True)
        output = getattr(error, "stderr", "") or ""
        raise AxeUnavailable(f"`{' '.join(command)}` failed: {output.strip()[-500:]}") from error
    script = cache_dir / "node_modules" / "axe-core" / "axe.min.js"
    try:
        if cache_dir.exists() and not script.exists():
            shutil.rmtree(cache_dir)  # left half-written by an interrupted older version
        staging.replace(cache_dir)
    except OSError:
        if not script.exists():  # else another run put it in place first
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def run_axe(page, source: str) -> list[dict]:
    """All violations axe finds in the page's current document, for the WCAG 2.1 A/AA rules."""
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=source)
    return page.evaluate("options => window.axe.run(document, options)", AXE_OPTIONS)[
        "violations"
    ]


def blocking(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]


def describe(violations: list[dict]) -> str:
    """Rule id, impact, help and the offending nodes' targets, one block per rule."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation.get('helpUrl', '')}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"       {summary[:300]}")
    return "\n".join(lines)
