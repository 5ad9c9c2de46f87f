"""A demo walker for tests: follow every same-origin link a person sees, and check each page
the way a screen reader meets it (references that resolve, unique ids, named controls, the
title) with the standard library's HTML parser, so no browser is needed.

The walk is bounded: a route with many instances (a meeting, a goal, a member) is visited at
most `per_route` times, which is enough to catch a template mistake and to compare titles of
different objects of the same kind.
"""

from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

from django.test import Client
from django.urls import Resolver404, resolve
from django.utils.translation import trans_real

# Attributes that name other elements by id (space-separated lists for the aria ones).
_ID_LISTS = ("aria-describedby", "aria-labelledby", "aria-controls", "aria-owns", "for", "list")
# Input types that name themselves (a browser gives submit/reset a default label).
_SELF_NAMED_INPUTS = {"hidden", "submit", "reset"}
# Routes that answer a file, not a page, or that change state on GET.
SKIPPED_ROUTES = {
    "audit:export", "charter:onboarding-pdf", "charter:version-pdf", "charter:roles-pdf",
    "meetings:pdf", "guest:pdf", "guest:leave", "guest:open", "calendar:feed",
    "accounts:sign-out", "set_language",
}


@dataclass
class Control:
    tag: str
    attrs: dict[str, str]
    in_label: bool
    text: str = ""


class PageParser(HTMLParser):
    """Collects ids, id references, form controls, labels, links and the title of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.references: list[tuple[str, str]] = []  # (attribute, id)
        self.label_targets: set[str] = set()
        self.label_texts: dict[str, str] = {}  # for= id → the label's text
        self._label_for: list[str] = []
        self.controls: list[Control] = []
        self.links: list[str] = []
        self.title = ""
        self._in_title = False
        self._labels = 0
        self._button: Control | None = None

    def handle_starttag(self, tag: str, attr_list: list) -> None:
        attrs = {name: value or "" for name, value in attr_list}
        if "id" in attrs:
            self.ids.append(attrs["id"])
        for name in _ID_LISTS:
            for ref in attrs.get(name, "").split():
                self.references.append((name, ref))
        href = attrs.get("href", "")
        if tag == "a" and href:
            self.links.append(href)
            if href.startswith("#") and len(href) > 1:
                self.references.append(("href", href[1:]))
        if tag == "title":
            self._in_title = True
        elif tag == "label":
            self._labels += 1
            self._label_for.append(attrs.get("for", ""))
            if attrs.get("for"):
                self.label_targets.add(attrs["for"])
                self.label_texts.setdefault(attrs["for"], "")
        elif tag in ("input", "select", "textarea", "button"):
            control = Control(tag, attrs, in_label=self._labels > 0)
            self.controls.append(control)
            if tag == "button":
                self._button = control

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag == "label":
            self._labels = max(0, self._labels - 1)
            if self._label_for:
                self._label_for.pop()
        elif tag == "button":
            self._button = None

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if self._button is not None:
            self._button.text += data
        if self._label_for and self._label_for[-1]:
            self.label_texts[self._label_for[-1]] += data

    def problems(self) -> list[str]:
        found = []
        counts = Counter(self.ids)
        found += [f"duplicate id {id_!r} ({n} times)" for id_, n in counts.items() if n > 1]
        found += [f"{attr}={ref!r} points to no id" for attr, ref in self.references
                  if ref not in counts]
        found += [f"{c.tag} {_describe(c)} has no accessible name" for c in self.controls
                  if not self._named(c)]
        return found

    def _named(self, control: Control) -> bool:
        attrs = control.attrs
        if control.tag == "input":
            kind = attrs.get("type", "text").lower()
            if kind in _SELF_NAMED_INPUTS or (kind == "image" and attrs.get("alt")):
                return True
        if attrs.get("aria-label", "").strip() or attrs.get("title", "").strip():
            return True
        if attrs.get("aria-labelledby", "").strip():
            return True  # whether the ids exist is checked as a reference
        if control.tag == "button":
            return bool(control.text.strip())
        return control.in_label or attrs.get("id", "") in self.label_targets


def _describe(control: Control) -> str:
    keys = ("id", "name", "type")
    return " ".join(f'{k}="{control.attrs[k]}"' for k in keys if control.attrs.get(k))


@dataclass
class Page:
    who: str
    language: str
    url: str
    status: int
    route: str = ""
    title: str = ""
    problems: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # control id → its label's text
    # False for a download (a CSV export, a meeting paper, a consent's written form).
    html: bool = True

    @property
    def path(self) -> str:
        return urlsplit(self.url).path


def route_of(url: str) -> str | None:
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return None


def crawl(client: Client, *, start: Iterable[str], allowed: Callable[[str], bool],
          who: str, language: str, per_route: int = 3,
          kind: Callable[[str, str], str] = lambda route, url: route) -> list[Page]:
    """Check every page reachable from `start` by GET links that `allowed` accepts, at most
    `per_route` pages per kind of page (by default its route name; `kind(route, url)` can
    tell apart, say, a meeting that is planned from one that is minuted)."""
    queue = deque(start)
    seen: set[str] = set(queue)
    visits: Counter[str] = Counter()
    pages: list[Page] = []
    while queue:
        url = queue.popleft()
        route = route_of(url)
        if route is None or route in SKIPPED_ROUTES:
            continue
        key = kind(route, url)
        if visits[key] >= per_route:
            continue
        page, parser = _fetch(client, url, who=who, language=language)
        if page.status == 302:
            continue  # an action's GET that sends you back: not a page of its own
        visits[key] += 1
        pages.append(page)
        for href in parser.links if parser else ():
            link = urldefrag(href).url
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not link.startswith("/"):
                continue
            if link not in seen and allowed(link):
                seen.add(link)
                queue.append(link)
    return pages


def check(client: Client, url: str, *, who: str, language: str) -> Page:
    """Fetch one page and list what a screen reader would stumble over."""
    return _fetch(client, url, who=who, language=language)[0]


def _fetch(client: Client, url: str, *, who: str,
           language: str) -> tuple[Page, PageParser | None]:
    response = client.get(url)
    page = Page(who=who, language=language, url=url, status=response.status_code,
                route=route_of(url) or "")
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        page.html = "html" in response.get("Content-Type", "")
        return page, None
    parser = PageParser()
    parser.feed(response.content.decode())
    page.title = " ".join(parser.title.split())
    page.problems = parser.problems()
    page.labels = {id_: " ".join(text.split()) for id_, text in parser.label_texts.items()}
    return page, parser


def duplicate_titles(pages: Iterable[Page]) -> dict[tuple[str, str, str], list[str]]:
    """(who, language, title) → the different paths that share it (same path = same object)."""
    paths: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for page in pages:
        if page.title:
            paths[(page.who, page.language, page.title)].add(page.path)
    return {key: sorted(found) for key, found in paths.items() if len(found) > 1}


@contextmanager
def untranslated_lookups(languages: Iterable[str]) -> Iterator[set[tuple[str, str]]]:
    """Record (language, msgid) of every gettext lookup the catalogue of `languages` lacks.

    Membership in the catalogue counts, not a changed output: a word that is the same in both
    languages ("Status", "OK") still needs its entry, or nobody can tell it was checked.
    """
    wanted = set(languages)
    missing: set[tuple[str, str]] = set()
    cls = trans_real.DjangoTranslation
    original_gettext, original_ngettext = cls.gettext, cls.ngettext

    def gettext(self, message):
        if self.language() in wanted and message not in self._catalog:
            missing.add((self.language(), message))
        return original_gettext(self, message)

    def ngettext(self, singular, plural, number):
        if self.language() in wanted and (singular, 0) not in self._catalog:
            missing.add((self.language(), singular))
        return original_ngettext(self, singular, plural, number)

    cls.gettext, cls.ngettext = gettext, ngettext
    try:
        yield missing
    finally:
        cls.gettext, cls.ngettext = original_gettext, original_ngettext
