"""Fixtures for the browser journeys: a live server on 127.0.0.1, Debian's Chromium driven by
Playwright, axe-core on every page, and a screenshot plus the HTML of the page on failure.

Where Chromium or axe-core is missing the journeys are skipped with a clear message locally,
and fail in CI (CI=true), which installs both: CI never skips them.
"""

import os
import re
from pathlib import Path

import pytest
from pytest_django.live_server_helper import LiveServer

from accord.e2e import axe

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
VIEWPORT = {"width": 1280, "height": 900}
# WCAG 1.4.10: content reflows at 320 CSS px (a 1280 px screen at 400 % zoom).
PHONE = {"width": 320, "height": 720}
# Short enough that a missing label fails in seconds, long enough for a 2-core CI machine.
TIMEOUT_MS = 10_000
ARTIFACTS = "test-artifacts"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def unavailable(message: str):
    """Skip locally; in CI a missing tool is a failure, never a silent skip."""
    if in_ci():
        pytest.fail(f"{message} (CI=true: browser journeys must run)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, bound to 127.0.0.1 (its default is `localhost`).

    It serves /static/ through staticfiles' handler (finders), so no collectstatic is needed.
    """
    server = LiveServer(request.config.getvalue("liveserver") or "127.0.0.1")
    yield server
    server.stop()


@pytest.fixture(scope="package")
def browser():
    """One Chromium for all journeys of this package.

    Package-scoped, not session-scoped: Playwright's sync API keeps an asyncio loop registered
    as running on the main thread while it lives, and Django refuses ORM calls under a running
    loop. The journeys create their data with the ORM on this thread, so for exactly as long as
    the browser lives (this package) Django is told the loop is not serving anything; the tests
    of the other apps run without the browser and with Django's check intact.
    """
    if not CHROMIUM.exists():
        unavailable("Chromium not installed: apt-get install chromium (CI installs it)")
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        unavailable("Playwright for Python is not installed: pip install -e '.[test]'")
    expect.set_options(timeout=TIMEOUT_MS)

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def axe_script(request) -> str:
    cache = Path(request.config.rootpath) / ".cache" / "axe"
    try:
        return axe.axe_source(cache)
    except axe.AxeUnavailable as error:
        unavailable(f"axe-core could not be installed from npm: {error}")


# A page without its stylesheet or script would pass axe's contrast rules on browser defaults.
SUBRESOURCES = frozenset({"stylesheet", "script", "image", "font"})


class Visits:
    """Every document the page loads, which of them axe has checked, and what went wrong."""

    def __init__(self, origin: str):
        self.origin = origin
        self.urls: list[str] = []
        self.checked: set[int] = set()
        self.errors: list[str] = []

    def loaded(self, url: str) -> None:
        if url.startswith(self.origin):
            self.urls.append(url)

    def responded(self, response) -> None:
        kind = response.request.resource_type
        if response.status >= 500 or (response.status >= 400 and kind in SUBRESOURCES):
            self.errors.append(f"{response.status} for {kind} {response.url}")

    def mark_checked(self) -> None:
        if self.urls:
            self.checked.add(len(self.urls) - 1)

    def unchecked(self) -> list[str]:
        return [url for i, url in enumerate(self.urls) if i not in self.checked]


def _sqlite_audit_guard(operation: str) -> None:
    """Create or drop the SQLite append-only triggers (PostgreSQL's flush is a TRUNCATE, which
    its row triggers do not refuse)."""
    from django.db import connection

    from accord.audit.guard import sqlite_install, sqlite_remove

    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        (sqlite_install if operation == "create" else sqlite_remove)(cursor.execute)


@pytest.fixture(scope="package")
def _audit_guard_restored(django_db_setup, django_db_blocker):
    """After the last journey the test database refuses audit deletes again, for other apps."""
    yield
    with django_db_blocker.unblock():
        _sqlite_audit_guard("create")


@pytest.fixture
def _flushable_audit(transactional_db, _audit_guard_restored):
    """A live-server journey commits its rows, so the database is emptied after it (flush). On
    SQLite the audit app's triggers refuse that DELETE of audit rows; they stand while the
    journey runs and are lifted only for the flush."""
    _sqlite_audit_guard("create")
    yield
    _sqlite_audit_guard("drop")


@pytest.fixture
def page(request, browser, live_server, _flushable_audit):
    """A fresh browser context per test: no cookies, CSP bypassed for axe, a 1280 x 900 window.

    When the journey passed, every page it loaded must have been checked by axe, no script on
    them may have thrown, no request may have answered 5xx, and every stylesheet, script, image
    and font must have loaded.
    """
    if request.node.get_closest_marker("browser") is None:
        pytest.fail("mark the journey @pytest.mark.browser, so `-m 'not browser'` leaves it out")
    context = browser.new_context(
        base_url=live_server.url, bypass_csp=True, viewport=VIEWPORT, locale="en-GB",
    )
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    visits = Visits(live_server.url)
    tab.on("load", lambda loaded: visits.loaded(loaded.url))
    tab.on("pageerror", lambda error: visits.errors.append(f"script error: {error}"))
    tab.on("response", visits.responded)
    tab.visits = visits
    yield tab
    try:
        report = getattr(request.node, "report_call", None)
        if report is not None and report.passed:
            assert not visits.unchecked(), (
                "pages visited without an accessibility check (call assert_accessible(page) "
                f"after each page load): {visits.unchecked()}"
            )
            assert not visits.errors, f"the pages went wrong: {visits.errors}"
    finally:
        context.close()


@pytest.fixture
def other_browser(request, browser, live_server, page):
    """`other_browser(user)`: that person's own signed-in browser, next to `page`."""
    from accord.e2e.steps import close_tabs, open_tab  # steps imports this module

    tabs = []

    def open_(user=None):
        tabs.append(open_tab(browser, origin=live_server.url, user=user))
        return tabs[-1]

    yield open_
    report = getattr(request.node, "report_call", None)
    close_tabs(tabs, passed=report is not None and report.passed)


@pytest.fixture
def assert_accessible(axe_script):
    """`assert_accessible(page)`: no WCAG 2.1 A/AA violation of any impact on this page."""

    def check(tab) -> None:
        violations = axe.blocking(axe.run_axe(tab, axe_script))
        tab.visits.mark_checked()
        assert not violations, (
            f"axe found violations on {tab.url}:\n"
            f"{axe.describe(violations)}"
        )
        # Every page a journey checks is also checked on a phone (issue 17): at 320 CSS px
        # nothing scrolls sideways but a table inside its own region, and axe still finds
        # nothing. Then the journey goes on at the size it had.
        size = tab.viewport_size
        tab.set_viewport_size(PHONE)
        try:
            width = tab.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], (
                f"{tab.url} is {width} CSS px wide at {PHONE['width']}: it scrolls sideways")
            narrow = axe.blocking(axe.run_axe(tab, axe_script))
            assert not narrow, (
                f"axe found violations at {PHONE['width']} px on {tab.url}:\n"
                f"{axe.describe(narrow)}")
        finally:
            tab.set_viewport_size(size)

    return check


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep the outcome for the `page` fixture, and save what the browser showed on failure."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    tab = getattr(item, "funcargs", {}).get("page")
    if report.when == "call" and report.failed and tab is not None:
        saved = _save_artifacts(item, tab)
        if saved:
            report.sections.append(("browser artifacts", "\n".join(saved)))
    return report


def _save_artifacts(item, tab) -> list[str]:
    folder = Path(item.config.rootpath) / ARTIFACTS
    folder.mkdir(exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.name)
    saved = []
    try:
        tab.screenshot(path=str(folder / f"{stem}.png"), full_page=True)
        saved.append(str(folder / f"{stem}.png"))
        (folder / f"{stem}.html").write_text(tab.content(), encoding="utf-8")
        saved.append(str(folder / f"{stem}.html"))
    except Exception as error:  # a dead page must not hide the real failure
        saved.append(f"could not save the page: {error}")
    return saved
