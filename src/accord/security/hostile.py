"""Hostile values into every form and every API body (issue 5, item 6).

Forms are found, not listed: every network page that A's coordinator can open is fetched, and
each <form method="post"> on it is parsed; its fields are filled with hypothesis-chosen hostile
values (scripts, SQL, RTL overrides, NUL and control characters, 1 MB strings, huge numbers,
wrong types) and posted back with the CSRF token. API bodies come from the OpenAPI schema's
request bodies. A finding is:

- a 5xx;
- a 4xx that changed the number of rows of any table (half-written);
- our script marker unescaped in an HTML response (the answer, or the page a redirect leads to).

Each form and each operation runs in a savepoint that is rolled back, so one example's delete
or sign-out cannot starve the rest.
"""

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser

import hypothesis
from django.apps import apps
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from accord.security.isolation import readable
from accord.security.routes import NATURAL_VALUES, Catalogue, Param
from accord.security.world import World

MARKER = "<script>alert('x5s')</script>"
MEGABYTE = "x" * 1_000_000
HOSTILE_TEXTS = [
    MARKER, f'"><{MARKER[1:]}', f"<img src=x onerror=alert(1)>{MARKER}",
    "' OR '1'='1", "1; DROP TABLE tenancy_network; --", "\\'; SELECT pg_sleep(0); --",
    "\u202eevil\u202c", "\u200f\u200e\u2066\u2069", "A\x00B", "\x00", "\x01\x02\x1b[31m\x7f",
    "\ufeff\ufffe", "e\u0301" * 200, "\U0001d54f" * 50, "\ufdfa" * 30, "=HYPERLINK(\"x\")",
    "{{ 7*7 }}{% debug %}", "${7*7}", "../../etc/passwd", "%00%0d%0a", "\r\nX-Injected: 1",
    "-1", "0", "99999999999999999999999999", "1e309", "NaN", "-Infinity", "true", "[]", "{}",
    "", " ", "2026-13-45", "24:61", "null", MEGABYTE,
]
HOSTILE_JSON = [2**63, -(2**63) - 1, 2**70, -1, 0, 1e308, -1e308, 0.5, True, False, None, [],
                {}, [2**70], {"$gt": ""}, ["x"] * 1000]
# Tables that change on every request whatever it does (sessions, the sign-in throttle).
UNCOUNTED = {"sessions.session", "axes.accesslog", "axes.accessattempt",
             "axes.accessfailurelog", "axes.accessattemptexpiration"}


def hostile_text() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(HOSTILE_TEXTS),
                     st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)),
                             max_size=40))


def hostile_json() -> st.SearchStrategy:
    return st.one_of(hostile_text(), st.sampled_from(HOSTILE_JSON))


@dataclass
class HostileReport:
    forms: int = 0
    operations: int = 0
    examples: int = 0
    findings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.forms} forms, {self.operations} API operations, {self.examples} "
                f"examples, {len(self.findings)} findings")


def row_counts() -> dict[str, int]:
    from django_scopes import scopes_disabled

    with scopes_disabled():
        return {m._meta.label_lower: m.objects.count() for m in apps.get_models()
                if m._meta.label_lower not in UNCOUNTED}


# --- forms -----------------------------------------------------------------------------------


@dataclass
class Form:
    page: str
    action: str
    fields: dict[str, list[str]]  # name → candidate valid values (select options, defaults)

    @property
    def key(self) -> tuple:
        return self.action, tuple(sorted(self.fields))


class _FormParser(HTMLParser):
    def __init__(self, page: str):
        super().__init__()
        self.page, self.forms, self._form = page, [], None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._form = Form(self.page, attrs.get("action") or self.page, {})
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag in ("input", "textarea") and attrs.get("name"):
            if attrs.get("type") == "file":
                return
            self._form.fields.setdefault(attrs["name"], []).append(attrs.get("value") or "")
        elif tag == "select" and attrs.get("name"):
            self._select = attrs["name"]
            self._form.fields.setdefault(self._select, [])
        elif tag == "option" and self._select:
            self._form.fields[self._select].append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def forms_of(world: World, catalogue: Catalogue, client: Client) -> list[Form]:
    """Every POST form on every network page A's coordinator can open, once each."""
    found: dict[tuple, Form] = {}
    for template in catalogue.templates:
        if template.is_api:
            continue
        page = template.fill(_own_values(world, catalogue, template))
        response = client.get(page)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = _FormParser(page)
        parser.feed(response.content.decode(errors="replace"))
        for form in parser.forms:
            if form.action.startswith("/") and set(form.fields) - {"csrfmiddlewaretoken"}:
                found.setdefault(form.key, form)
    return list(found.values())


def _own_values(world: World, catalogue: Catalogue, template) -> dict[int, str]:
    values = {}
    for number in template.params:
        param: Param = catalogue.param(number)
        if param.name == "network":
            values[number] = world.a.slug
        elif param.model is not None:
            ids = world.ids_a.get(param.model) or [1]
            values[number] = str(ids[-1])  # the newest: the upcoming meeting, the draft
        else:
            values[number] = NATURAL_VALUES.get(param.name, "x")
    return values


def _form_data(form: Form) -> st.SearchStrategy[dict]:
    per_field = {}
    for name, values in form.fields.items():
        if name == "csrfmiddlewaretoken":
            per_field[name] = st.just(values[0] if values else "")
        else:
            valid = st.sampled_from(values) if values else st.just("")
            per_field[name] = st.one_of(hostile_text(), hostile_text(), valid)
    return st.fixed_dictionaries(per_field)


def check_answer(where: str, response, client: Client, before: dict, report) -> None:
    status = response.status_code
    if status >= 500:
        report.findings.append(f"{where}: {status}")
        return
    if 400 <= status < 500:
        after = row_counts()
        changed = {k: (before[k], after[k]) for k in before if before[k] != after.get(k)}
        if changed:
            report.findings.append(f"{where}: {status} but rows changed {changed}")
    pages = [response]
    if 300 <= status < 400 and response.get("Location", "").startswith("/"):
        pages.append(client.get(response["Location"]))
    for page in pages:
        if page.status_code >= 500:
            report.findings.append(f"{where} → {page.request['PATH_INFO']}: {page.status_code}")
        elif "html" in page.get("Content-Type", "") and MARKER in page.content.decode(
                errors="replace"):
            report.findings.append(f"{where}: our <script> is on the page unescaped")


def run_forms(world: World, catalogue: Catalogue, *, max_examples: int,
              skip: Iterable[str] = ()) -> HostileReport:
    """`skip`: regular expressions of form actions with a known, reported bug."""
    report = HostileReport()
    client = world.session("a")
    for form in forms_of(world, catalogue, client):
        if any(re.search(pattern, form.action) for pattern in skip):
            continue
        report.forms += 1
        with transaction.atomic():
            _form_exerciser(form, client, report, max_examples)()
            transaction.set_rollback(True)
    return report


def _form_exerciser(form: Form, client: Client, report: HostileReport, max_examples: int):
    @_settings(max_examples)
    @given(data=_form_data(form))
    def exercise(data):
        report.examples += 1
        before = row_counts()
        response = client.post(form.action, data=data)
        check_answer(f"POST {form.action} (form on {form.page}) {_short(data)}", response,
                     client, before, report)

    return exercise


# --- API bodies ------------------------------------------------------------------------------


def _settings(max_examples: int):
    return hypothesis.settings(max_examples=max_examples, deadline=None, database=None,
                               derandomize=True, suppress_health_check=list(HealthCheck),
                               phases=[hypothesis.Phase.generate])


def _body_strategy(schema: dict, components: dict) -> st.SearchStrategy[dict]:
    ref = schema.get("$ref", "")
    if ref:
        schema = components.get(ref.rsplit("/", 1)[-1], {})
    properties = schema.get("properties", {})
    fields = {name: st.one_of(hostile_json(), hostile_json(), _plausible(spec))
              for name, spec in properties.items()}
    return st.fixed_dictionaries(fields) if fields else st.just({})


def _plausible(spec: dict) -> st.SearchStrategy:
    kind = spec.get("type")
    if "enum" in spec:
        return st.sampled_from(spec["enum"])
    return {"integer": st.just(1), "boolean": st.just(True), "array": st.just([])}.get(
        kind, st.just("Plausibler Text"))


def run_api_bodies(world: World, *, max_examples: int, skip=()) -> HostileReport:
    report = HostileReport()
    client = world.token_client("a")
    schema = client.get("/api/v1/openapi.json").json()
    components = schema.get("components", {}).get("schemas", {})
    for path, operations in schema["paths"].items():
        for method, spec in operations.items():
            content = spec.get("requestBody", {}).get("content", {})
            if "application/json" not in content or f"{method.upper()} {path}" in skip:
                continue
            report.operations += 1
            address = _api_address(world, path)
            strategy = _body_strategy(content["application/json"]["schema"], components)
            with transaction.atomic():
                _api_exerciser(client, method, address, strategy, report, max_examples)()
                transaction.set_rollback(True)
    return report


def _api_address(world: World, path: str) -> str:
    segments = path.split("/")
    for index, segment in enumerate(segments):
        if segment.startswith("{"):
            name = segment[1:-1]
            if name == "network":
                segments[index] = world.a.slug
            elif name in NATURAL_VALUES:
                segments[index] = NATURAL_VALUES[name]
            else:
                ids = world.ids_a.get(Param(name, "str", segments[index - 1]).model or "")
                segments[index] = str(ids[-1]) if ids else "1"
    return "/".join(segments)


def _api_exerciser(client, method, address, strategy, report, max_examples):
    @_settings(max_examples)
    @given(body=strategy)
    def exercise(body):
        report.examples += 1
        before = row_counts()
        response = client.generic(method.upper(), address, data=json.dumps(body),
                                  content_type="application/json")
        check_answer(f"{method.upper()} {address} {_short(body)}", response, client, before,
                     report)
        if response.status_code < 300 and MARKER in readable(response) and "html" in \
                response.get("Content-Type", ""):
            report.findings.append(f"{method.upper()} {address}: HTML with our script")

    return exercise


def _short(data) -> str:
    return repr({k: (v[:40] + "…" if isinstance(v, str) and len(v) > 40 else v)
                 for k, v in data.items()})[:300]
