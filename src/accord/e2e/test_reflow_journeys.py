"""Issue 17 in a browser, on the demo networks, in English and German: a coordinator walks the
navigation at 320 CSS px and no page scrolls sideways (only a table inside its own region may);
axe finds nothing at 320 and at 1280 px; one invalid submit per kind of form is announced (an
error summary that takes the focus, links to controls that exist, "Error:" before the title);
chart labels stay inside their charts under the WCAG 1.4.12 text spacing; moving an agenda item
keeps the focus on the moved item and says where it is now; the error pages are Accord's own.
"""

from collections import deque

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from accord.accounts.models import User
from accord.demo.loader import demo_load
from accord.e2e import axe
from accord.e2e.conftest import PHONE
from accord.e2e.steps import enter_signed_in, in_language, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
# Enough pages to reach every section and a detail page of each; the walk is breadth first.
PAGES_PER_LANGUAGE = 45
SKIP = ("/export", ".ics", ".pdf", "sign-out", "/download", "/calendar/feed")
# WCAG 1.4.12, as the audit applied it.
TEXT_SPACING = """* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
                     word-spacing: 0.16em !important; }
                  p { margin-bottom: 2em !important; }"""
CHARTS = "svg.bar-chart, svg.roles-chart, svg.review-chart"
FORMS = [  # (path under the network, the form's submit button in English)
    "members/invite/", "organisations/new/", "bodies/new/", "meetings/new/",
    "meetings/series/new/", "meetings/decisions/new/", "api-tokens/",
]
COORDINATORS = {"en": "sanne.devries.polderwijk@example.org",
                "de": "anna.keller.rheinhafen@example.org"}


@pytest.fixture
def demo(page):
    with override_settings(ACCORD_ENV="dev"):
        demo_load()


def network_home(page, user: User, live_server, axe_script: str, language: str) -> str:
    """Signed in as `user`, on their network's overview, in `language`."""
    from django_scopes import scopes_disabled

    with scopes_disabled():
        slug = user.memberships.select_related("network").first().network.slug
    enter_signed_in(page, user, origin=live_server.url)
    page.goto(f"/n/{slug}/")
    check_axe(page, axe_script)
    switch_language(page, current=page.locator("html").get_attribute("lang"), to=language)
    check_axe(page, axe_script)
    return slug


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def wider_than_viewport(page) -> list[str]:
    """Elements that end right of the viewport and are not inside a table's scroll region."""
    return page.evaluate("""() => [...document.querySelectorAll('body *')].filter(e => {
        if (e.getBoundingClientRect().right <= innerWidth + 0.5) return false;
        return !e.closest('.table-scroll');
    }).slice(0, 5).map(e => `${e.tagName.toLowerCase()}.${e.className} ${
        Math.round(e.getBoundingClientRect().right)}px`)""")


def check_axe(page, source: str, *, every_rule: bool = False) -> None:
    """No violation of any impact (WCAG 2.1 A/AA rules; every rule of axe for error pages)."""
    options = {"resultTypes": ["violations"]} if every_rule else axe.AXE_OPTIONS
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=source)
    violations = page.evaluate("options => window.axe.run(document, options)",
                               options)["violations"]
    page.visits.mark_checked()
    assert not violations, f"axe on {page.url} at {page.viewport_size}:\n{axe.describe(violations)}"


def check_both_widths(page, source: str, **kwargs) -> None:
    page.set_viewport_size(DESKTOP)
    check_axe(page, source, **kwargs)
    page.set_viewport_size(PHONE)
    check_axe(page, source, **kwargs)
    assert page_width(page) <= PHONE["width"], (page.url, wider_than_viewport(page))


def chart_labels_clipped(page) -> list[str]:
    """Under the text-spacing override, SVG chart labels that end outside their chart."""
    if not page.locator(CHARTS).count():
        return []
    style = page.add_style_tag(content=TEXT_SPACING)
    clipped = page.evaluate("""selector => {
        const out = [];
        for (const svg of document.querySelectorAll(selector)) {
            const box = svg.getBoundingClientRect();
            for (const text of svg.querySelectorAll('text')) {
                const r = text.getBoundingClientRect();
                if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1
                    || r.bottom > box.bottom + 1) out.push(text.textContent);
            }
        }
        return out;
    }""", CHARTS)
    style.evaluate("element => element.remove()")
    return clipped


def walk(page, start: str, limit: int):
    """The pages reachable from `start` through links in the navigation and the content."""
    origin = page.url.split("/n/")[0] if "/n/" in page.url else ""
    queue, seen = deque([start]), set()
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = page.goto(url)
        assert response is not None and response.status < 400, url
        yield url
        hrefs = page.evaluate("""() => [...document.querySelectorAll(
            'nav a[href], main a[href]')].map(a => a.href.split('#')[0])""")
        for href in hrefs:
            if "/n/" in href and href.startswith(origin) and href not in seen \
                    and not any(part in href for part in SKIP):
                queue.append(href)


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_coordinator_reads_every_page_on_a_phone_without_scrolling_sideways(
    page, live_server, axe_script, demo, language,
):
    coordinator = User.objects.get(email=COORDINATORS[language])
    page.set_viewport_size(PHONE)
    network_home(page, coordinator, live_server, axe_script, language)
    home = page.url
    clipped, visited = {}, []
    for url in walk(page, home, PAGES_PER_LANGUAGE):
        visited.append(url)
        check_both_widths(page, axe_script)
        if labels := chart_labels_clipped(page):
            clipped[url] = labels
    assert not clipped, f"chart labels cut off under text spacing: {clipped}"
    sections = {"/meetings/", "/charter/", "/members/", "/organisations/", "/bodies/", "/audit/"}
    assert all(any(section in url for url in visited) for section in sections), visited
    assert len(visited) >= 30, visited


@pytest.mark.parametrize("language", ["en", "de"])
def test_each_kind_of_form_announces_its_errors(page, live_server, axe_script, demo, language):
    coordinator = User.objects.get(email=COORDINATORS[language])
    network = network_home(page, coordinator, live_server, axe_script, language)
    check_axe(page, axe_script)
    error = in_language(language, "Error:")
    for path in FORMS:
        page.goto(f"/n/{network}/{path}")
        check_axe(page, axe_script)
        form = page.locator("main form[method='post']").last
        form.locator("input:not([type=hidden]), textarea").evaluate_all(
            "fields => fields.forEach(f => { if (f.type !== 'checkbox') f.value = ''; })")
        form.locator("button[type=submit], button:not([type])").last.click()
        page.wait_for_load_state("load")

        summary = page.locator("[data-error-summary]")
        expect(summary).to_have_attribute("role", "alert")
        expect(summary).to_be_focused()
        assert page.title().startswith(f"{error} "), (path, page.title())
        for href in summary.locator("a").evaluate_all("links => links.map(a => a.hash)"):
            expect(page.locator(href)).to_have_count(1)
        first = summary.locator("a").first
        if first.count():
            target = first.get_attribute("href")
            first.click()
            expect(page.locator(target)).to_be_focused()
        check_both_widths(page, axe_script)


def test_moving_an_agenda_item_keeps_focus_on_it_and_says_where_it_is(
    page, live_server, axe_script, demo,
):
    from django_scopes import scopes_disabled

    from accord.meetings.models import Meeting, MeetingState

    with scopes_disabled():
        meeting = next(m for m in Meeting.objects.filter(
            network__slug="polderwijk", state__in=[MeetingState.SCHEDULED,
                                                   MeetingState.AGENDA_PUBLISHED],
        ).select_related("network", "chair__user").order_by("starts_at")
            if m.items.count() >= 2 and m.chair_id)
        titles = list(meeting.items.values_list("title", flat=True))
        chair = meeting.chair.user
    network_home(page, chair, live_server, axe_script, "en")
    check_axe(page, axe_script)
    page.goto(f"/n/{meeting.network.slug}/meetings/{meeting.pk}/agenda/")
    check_axe(page, axe_script)

    page.locator("#agenda-items tbody tr").first.get_by_role("button", name="Move down").click()

    expect(page.locator("#announcer")).to_have_text(f"“{titles[0]}” is now item 2 of "
                                                    f"{len(titles)}.")
    expect(page.locator("#agenda-items tbody tr").nth(1)).to_contain_text(titles[0])
    focused = page.locator("#agenda-items tbody tr").nth(1).get_by_role("button", name="Move down")
    expect(focused).to_be_focused()
    check_axe(page, axe_script)


def test_the_error_pages_are_accords_own_and_clean(page, live_server, axe_script):
    response = page.goto("/no-such-page/")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("Page not found")
    expect(page.get_by_role("link", name="Go to the start page")).to_be_visible()
    check_both_widths(page, axe_script, every_rule=True)
