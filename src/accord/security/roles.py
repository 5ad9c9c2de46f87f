"""The role table's cells (issue 9, Deliver 5): every network page and API operation, requested
as each actor of the role world, with the status each one gets.

A page is keyed by its route name ("meetings:detail") and a method: GET, or POST for a page
that only takes posts (its GET is a 405). An API operation is keyed by its operationId and
method. A key may carry a third part, the world object to put in instead of the model's
default (e.g. "minuteentry:present" for the entry of "present" visibility).

Each cell runs in a savepoint that is rolled back, so a write leaves the world as it was.
"""

import json
import re
from dataclasses import dataclass
from datetime import timedelta
from html.parser import HTMLParser

from django.db import transaction
from django.test import Client
from django.urls import resolve
from django.utils import timezone

from accord.security.hostile import _FormParser
from accord.security.routes import NATURAL_VALUES, Catalogue, Param, Template
from accord.security.world import ACTORS, RoleWorld

SIGN_IN = "/accounts/sign-in/"
# The guest's own pages and API that show network data (the sign-in steps show none).
GUEST_PAGES = ("/guest/meeting/", "/guest/meeting/minutes.pdf", "/guest/meeting/papers/")
GUEST_API = ("/api/v1/guest/",)
# Sentences every 403 page carries, whatever the reason: not a reason themselves.
GENERIC_403 = ("You may not open this page with your role.",
               "Ask your coordinator if you think you should.", "Not allowed",
               "Go to the start page", "Back to the overview")


@dataclass(frozen=True)
class Cell:
    key: tuple[str, ...]  # (route name or operationId, method[, object variant])
    path: str
    method: str
    is_api: bool
    body: object = None  # a dict of form fields (pages) or a JSON body (API)

    @property
    def label(self) -> str:
        return " ".join(self.key)


@dataclass
class Answer:
    status: str  # "200", "302", "login", "403", …
    reason: str = ""  # what a 403 says is missing
    location: str = ""


# --- the routes --------------------------------------------------------------------------------


class RoleCatalogue:
    """Every page and API operation of network A, filled with the role world's objects."""

    def __init__(self, roles: RoleWorld):
        self.roles = roles
        self.catalogue = Catalogue(None)
        self.schema = Client().get("/api/v1/openapi.json").json()

    def value(self, param: Param, variant: str = "") -> str:
        if param.name == "network":
            return self.roles.world.a.slug
        model = param.model
        if model is None:
            return NATURAL_VALUES.get(param.name, "x")
        if variant and variant.split(":")[0] == model:
            return str(self.roles.objects[variant].pk)
        if model in self.roles.objects:
            return str(self.roles.objects[model].pk)
        ids = self.roles.world.ids_a.get(model) or [0]
        return str(ids[0])

    def page_path(self, template: Template, variant: str = "") -> str:
        return template.fill({n: self.value(self.catalogue.param(n), variant)
                              for n in template.params})

    def pages(self) -> list[tuple[str, Template | None, str]]:
        """(route name, template, a sample path) of every network page and guest page."""
        found = []
        for template in self.catalogue.templates:
            if template.is_api:
                continue
            path = self.page_path(template)
            found.append((resolve(path).view_name, template, path))
        found += [(resolve(path).view_name, None, path) for path in GUEST_PAGES]
        return found

    def operations(self) -> list[tuple[str, str, str, dict]]:
        """(operationId, METHOD, schema path, spec) of every network and guest operation."""
        found = []
        for path, operations in self.schema["paths"].items():
            if "{network}" not in path and not path.startswith(GUEST_API):
                continue
            for method, spec in operations.items():
                found.append((spec["operationId"], method.upper(), path, spec))
        return found

    def api_path(self, path: str, variant: str = "") -> str:
        segments = path.split("/")
        for index, segment in enumerate(segments):
            if segment.startswith("{"):
                param = Param(segment[1:-1], "str", segments[index - 1])
                segments[index] = self.value(param, variant)
        return "/".join(segments)

    # --- bodies ------------------------------------------------------------------------------

    def form_bodies(self, *clients: Client) -> dict[str, dict]:
        """Every POST form the given people are shown on the network's pages (the coordinator
        first, then a meeting's officers for the forms only they see): action → fields."""
        bodies: dict[str, dict] = {}
        for client in clients:
            for _name, template, path in self.pages():
                if template is None:
                    continue
                response = client.get(path)
                if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                    continue
                parser = _FormParser(path)
                parser.feed(response.content.decode(errors="replace"))
                for form in parser.forms:
                    fields = {k: next((v for v in values if v), values[0] if values else "")
                              for k, values in form.fields.items()
                              if k != "csrfmiddlewaretoken"}
                    bodies.setdefault(form.action.split("?")[0], fields)
        return bodies

    def json_body(self, spec: dict) -> dict | None:
        content = spec.get("requestBody", {}).get("content", {})
        if "application/json" not in content:
            return None
        return self._plausible(content["application/json"]["schema"], "")

    def query_string(self, spec: dict) -> str:
        """The required query parameters with plausible values (e.g. who read which object)."""
        from urllib.parse import urlencode

        return urlencode({p["name"]: self._plausible(p.get("schema", {}), p["name"])
                          for p in spec.get("parameters", ())
                          if p.get("in") == "query" and p.get("required")})

    def _resolve(self, schema: dict) -> dict:
        components = self.schema.get("components", {}).get("schemas", {})
        while "$ref" in schema:
            schema = components.get(schema["$ref"].rsplit("/", 1)[-1], {})
        for key in ("anyOf", "oneOf", "allOf"):
            if key in schema:
                options = [self._resolve(s) for s in schema[key]]
                return next((s for s in options if s.get("type") != "null"), options[0])
        return schema

    def _plausible(self, schema: dict, name: str):
        """A value a real client would send: the required fields only (an optional link or
        quorum is where a made-up value fails), ids of the role world, dates in the past
        (a call, a review) or ahead (a meeting, its end after its start), short text."""
        schema = self._resolve(schema)
        kind = schema.get("type")
        if "enum" in schema:
            return schema["enum"][0]
        if kind == "object" or "properties" in schema:
            required = set(schema.get("required", ())) | {"confirm"}
            return {key: self._plausible(spec, key)
                    for key, spec in schema.get("properties", {}).items() if key in required}
        if kind == "array":
            # A list the schema requires to be non-empty gets one plausible item.
            if schema.get("minItems", 0) >= 1:
                return [self._plausible(schema.get("items", {}), name)]
            return []
        if kind == "boolean":
            return True
        if kind == "integer":
            return schema.get("maximum", 9) if name == "number" else self._id_for(name)
        choices = re.fullmatch(r"\^\(([\w|]+)\)\$", schema.get("pattern", ""))
        if choices:
            return choices[1].split("|")[0]
        fmt = schema.get("format", "")
        now = timezone.now().replace(microsecond=0)
        if fmt == "date":
            return (now - timedelta(days=1)).date().isoformat()
        if fmt == "date-time":
            later = timedelta(days=1, hours=2 if name.startswith("end") else 0)
            return (now + later).isoformat()
        return "Rollenprobe der Sicherheitsrunde"

    def _id_for(self, name: str) -> int:
        hint = re.sub(r"(_id|_ids)$", "", name)
        model = {"body": "body", "owner": "membership", "membership": "membership",
                 "person": "membership", "meeting": "meeting", "item": "agendaitem",
                 "goal": "goal", "level": "level",
                 # The network's first organisation, as in a path: a bare 1 names it only in
                 # a fresh database (PostgreSQL's sequences move on across a whole run).
                 "organisation": "organisation", "to_organisation": "organisation",
                 "chosen_option": "dateoption"}.get(hint)
        if model is not None and model in self.roles.objects:
            return self.roles.objects[model].pk
        if model and self.roles.world.ids_a.get(model):
            return self.roles.world.ids_a[model][0]
        return 1


def cells(catalogue: RoleCatalogue, rows: dict,
          form_bodies: dict[str, dict]) -> tuple[list[Cell], list[str]]:
    """The cells of the table's rows, and the routes and operations that have no row."""
    pages = {name: (template, path) for name, template, path in catalogue.pages()}
    operations = {(op, method): (path, spec)
                  for op, method, path, spec in catalogue.operations()}
    found, missing = [], []
    for name in sorted(pages):
        if not any(key[0] == name for key in rows):
            missing.append(f"page {name} ({pages[name][1]})")
    for op, method in sorted(operations):
        if (op, method) not in rows:
            missing.append(f"operation {op} {method} ({operations[op, method][0]})")
    for key in rows:
        name, method, variant = (*key, "")[:3]
        if name in pages:
            template, path = pages[name]
            if template is not None:
                path = catalogue.page_path(template, variant)
            body = form_bodies.get(path, {}) if method == "POST" else None
            found.append(Cell(key, path, method, False, body))
        elif (name, method) in operations:
            path, spec = operations[name, method]
            query = catalogue.query_string(spec)
            found.append(Cell(key, catalogue.api_path(path, variant) + (f"?{query}" if query
                                                                           else ""),
                              method, True, catalogue.json_body(spec)))
        else:
            missing.append(f"the table's row {key} names no route or operation")
    return found, missing


# --- asking -------------------------------------------------------------------------------------


def ask(client: Client, cell: Cell) -> Answer:
    """The answer to one cell, the request's writes rolled back."""
    with transaction.atomic():
        if cell.is_api:
            data = json.dumps(cell.body) if cell.body is not None else None
            response = client.generic(cell.method, cell.path, data=data or "",
                                      content_type="application/json")
        elif cell.method == "POST":
            response = client.post(cell.path, data=cell.body or {})
        else:
            response = client.generic(cell.method, cell.path)
        answer = answer_of(response)
        transaction.set_rollback(True)
    return answer


def answer_of(response) -> Answer:
    status = response.status_code
    location = response.get("Location", "")
    if status == 302 and location.startswith(SIGN_IN):
        return Answer("login", location=location)
    reason = reason_of(response) if status == 403 else ""
    return Answer(str(status), reason=reason, location=location)


class _Text(HTMLParser):
    """The text of <main>, each element's text on its own."""

    def __init__(self):
        super().__init__()
        self.depth, self.texts = 0, []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "main":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and data.strip():
            self.texts.append(" ".join(data.split()))


def reason_of(response) -> str:
    """What a 403 says is missing: the problem's detail, or the page's own sentence."""
    if "json" in response.get("Content-Type", ""):
        try:
            return str(response.json().get("detail") or "")
        except ValueError:
            return ""
    parser = _Text()
    parser.feed(response.content.decode(errors="replace"))
    text = " ".join(parser.texts)
    for generic in GENERIC_403:
        text = text.replace(generic, "")
    return " ".join(text.split())


def clients(roles: RoleWorld) -> dict[tuple[str, bool], Client]:
    """(actor, is_api) → a client: a browser session for pages, a token for the API."""
    found = {}
    for actor in ACTORS:
        found[actor, False] = roles.session(actor)
        found[actor, True] = roles.token_client(actor)
    return found
