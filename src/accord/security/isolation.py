"""Tenant isolation fuzz: B's coordinator asks, on every network route with an object id, for
the objects of network A.

For each route and each id parameter, every sampled id of A's objects of the model that the
parameter names is put in (the route's other ids are B's own, so a parent of B with a child of A
is tried too), under B's slug and under A's slug, with every method and a plausible body
(what A's coordinator's own form or JSON looks like). A finding is any of:

- a 2xx (B reached A's object), or a 5xx;
- A's content (names, titles, minutes) in the body, or in the page a redirect leads to;
- under A's slug, anything but a 404 (or a 405, which reveals nothing);
- any change to A's rows afterwards (a write that crossed the border).
"""

import hashlib
import html
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.test import Client
from django_scopes import scopes_disabled

from accord.security.routes import NATURAL_VALUES, Catalogue, Template
from accord.security.world import World, network_models

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


@dataclass
class Report:
    requests: int = 0
    tried: dict[str, int] = field(default_factory=dict)  # route → ids tried
    findings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{len(self.tried)} routes with ids, {sum(self.tried.values())} (route, id) pairs, "
                f"{self.requests} requests, {len(self.findings)} findings")


def sample(ids: list[int], limit: int | None) -> list[int]:
    """Up to `limit` ids spread over the list (first, last and between), or all of them."""
    if limit is None or len(ids) <= limit:
        return list(ids)
    if limit == 1:
        return [ids[0]]
    step = (len(ids) - 1) / (limit - 1)
    return sorted({ids[round(i * step)] for i in range(limit)})


def snapshot(network) -> dict[str, str]:
    """A digest of every row of `network`, per model, to prove that nothing of it changed."""
    digests = {}
    with scopes_disabled():
        for model in network_models():
            rows = list(model.objects.filter(network=network).order_by("pk").values())
            digests[model._meta.model_name] = hashlib.sha256(
                repr(rows).encode()).hexdigest()
    return digests


def readable(response) -> str:
    """The body as a person would read it: HTML entities and JSON escapes undone."""
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    text = raw.decode(errors="replace")
    if "json" in response.get("Content-Type", ""):
        try:
            return json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            return text
    return html.unescape(text)


class _PostForms(HTMLParser):
    """The fields of the first <form method="post"> of a page: name → value."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._open = {}
            self.forms.append(self._open)
        elif self._open is not None and tag in ("input", "textarea", "select") and attrs.get(
                "name"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                self._open.setdefault(attrs["name"], None)
                return
            self._open[attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._open = None


def plausible_body(response) -> dict:
    """What a real request to this address would carry, judged from A's own view of it."""
    if response.status_code != 200 or response.streaming:
        return {}  # a download (a paper, a consent's written form) carries no form
    if "json" in response.get("Content-Type", ""):
        data = response.json()
        return data if isinstance(data, dict) else {}
    parser = _PostForms()
    parser.feed(response.content.decode(errors="replace"))
    for form in parser.forms:
        fields = {k: v for k, v in form.items() if v is not None}
        if set(fields) - {"csrfmiddlewaretoken"}:
            return fields
    return {}


class IsolationFuzz:
    def __init__(self, world: World, catalogue: Catalogue, *, per_model: int | None,
                 methods: Iterable[str] = METHODS, foreign_slug_methods: Iterable[str] = METHODS,
                 api_by_session: bool = False):
        self.world, self.catalogue = world, catalogue
        self.per_model, self.methods = per_model, tuple(methods)
        self.foreign_slug_methods = tuple(foreign_slug_methods)
        self.api_by_session = api_by_session
        self.report = Report()
        self.clients = {"a_session": world.session("a"), "a_token": world.token_client("a"),
                        "b_session": world.session("b"), "b_token": world.token_client("b")}
        self._secrets = world.secrets_of_a

    def run(self) -> Report:
        self._drop_common_texts()
        # A's coordinator's own requests (for the bodies) touch A's token and audit trail.
        bodies = {template: self._body(template) for template in self.catalogue.with_ids()}
        before = snapshot(self.world.a)
        for template, body in bodies.items():
            self._route(template, body)
        after = snapshot(self.world.a)
        changed = sorted(m for m in before if before[m] != after[m])
        if changed:
            self.report.findings.append(f"network A's rows changed: {changed}")
        return self.report

    def _drop_common_texts(self) -> None:
        """A text of A that B's own pages show too (a template title, a label) proves nothing."""
        seen = []
        for template in self.catalogue.templates:
            path = template.fill(self._values(template, self.world.b.slug, None, None))
            response = self.clients["b_token" if template.is_api else "b_session"].get(path)
            seen.append(readable(response))
        everything = "\n".join(seen)
        self._secrets = [s for s in self._secrets if s not in everything]

    # --- one route ---------------------------------------------------------------------------

    def _route(self, template: Template, body: dict) -> None:
        who = ["b_token", "b_session"] if template.is_api and self.api_by_session else (
            ["b_token"] if template.is_api else ["b_session"])
        for number in self.catalogue.id_params(template):
            model = self.catalogue.param(number).model
            for candidate in sample(self.world.ids_a.get(model, []), self.per_model):
                self.report.tried[template.route] = self.report.tried.get(template.route, 0) + 1
                for slug in (self.world.b.slug, self.world.a.slug):
                    path = template.fill(self._values(template, slug, number, candidate))
                    foreign = slug == self.world.a.slug
                    for client in who:
                        for method in self.foreign_slug_methods if foreign else self.methods:
                            self._try(client, method, path, body, foreign_slug=foreign)

    def _values(self, template: Template, slug: str, varied: int | None,
                candidate: int | None, own: str = "b") -> dict[int, str]:
        values = {}
        ids = self.world.ids_b if own == "b" else self.world.ids_a
        for number in template.params:
            param = self.catalogue.param(number)
            if param.name == "network":
                values[number] = slug
            elif number == varied:
                values[number] = str(candidate)
            elif param.model is not None:
                mine = ids.get(param.model) or self.world.ids_a.get(param.model) or [1]
                values[number] = str(mine[0])
            else:
                values[number] = NATURAL_VALUES.get(param.name, "x")
        return values

    def _body(self, template: Template) -> dict:
        """A's coordinator's view of the same address with A's own first ids."""
        path = template.fill(self._values(template, self.world.a.slug, None, None, own="a"))
        client = self.clients["a_token" if template.is_api else "a_session"]
        return plausible_body(client.get(path))

    def _try(self, who: str, method: str, path: str, body: dict, *, foreign_slug: bool) -> None:
        client: Client = self.clients[who]
        if path.startswith("/api/"):
            response = client.generic(method, path, data=json.dumps(body),
                                      content_type="application/json")
        elif method == "POST":
            response = client.post(path, data=body)
        else:
            response = client.generic(method, path)
        self.report.requests += 1
        status = response.status_code
        where = f"{who} {method} {path}"
        if status >= 500 or 200 <= status < 300:
            self.report.findings.append(f"{where}: {status}")
        elif foreign_slug and status not in (404, 405):
            self.report.findings.append(f"{where}: {status} under A's slug, not 404")
        self._leaks(where, response)
        if 300 <= status < 400 and response.get("Location", "").startswith("/"):
            followed = client.get(response["Location"])
            self.report.requests += 1
            if followed.status_code >= 500:
                self.report.findings.append(f"{where} → {response['Location']}: "
                                            f"{followed.status_code}")
            self._leaks(f"{where} → {response['Location']}", followed)

    def _leaks(self, where: str, response) -> None:
        text = readable(response)
        leaked = [s for s in self._secrets if s in text]
        if leaked:
            self.report.findings.append(f"{where}: shows A's {leaked[:3]}")
