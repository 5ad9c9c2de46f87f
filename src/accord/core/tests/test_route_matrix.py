"""The route matrix: every address of Accord, found by introspection, against the people who
must not get in (after pretix's permission matrix: "404 to prevent information leakage").

Routes are collected from the URL configuration (recursively) and from the API's OpenAPI
schema, so a route added tomorrow joins the matrix without anyone touching this file. For each
route with a `network` parameter, pointed at network A:

- the outsider (a member of network B only), signed in, and for API routes also with a valid
  token of network B, never gets a 2xx for GET, POST, PUT, PATCH or DELETE, and never sees
  network A's name;
- an anonymous visitor is sent to the sign-in page (pages) or gets a 401 problem (API);
- network A's coordinator does get in (so the outsider's 404 is not an artefact of a broken
  sample address).

A route without a `network` parameter must be listed below as public or personal: a new
un-scoped route fails this test until someone decides what it is.
"""

import re
import uuid
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern, RoutePattern
from django_scopes import scope, scopes_disabled

from accord.api.services import api_token_create
from accord.tenancy.models import BodyRole, Role
from accord.testing import factories

NETWORK_A_SLUG = "rheinstadt"
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
SIGN_IN = "/accounts/sign-in/"

# Routes without a network: who may reach them, decided one by one.
# "public": anyone (sign-in, reset, health, the API's description, invitation links).
# "personal": the signed-in person's own things; anonymous visitors are sent to sign in.
# "guest": an external guest's own session, opened by a link token (meetings app, which tests
#   what a guest sees in meetings/tests); and personal calendar feeds behind a secret token.
# None of them may show an anonymous visitor anything of network A (tested below).
UNSCOPED_ROUTES = {
    "healthz": "public",
    "healthz/live": "public",
    "robots.txt": "public",
    "i18n/setlang/": "public",
    "accounts/sign-in/": "public",
    "accounts/sign-in/verify/": "public",
    "accounts/sign-in/enrol/": "public",
    "accounts/sign-in/recovery-codes/": "public",
    "accounts/sign-out/": "public",
    "accounts/password-reset/": "public",
    "accounts/password-reset/sent/": "public",
    "accounts/reset/<uidb64>/<token>/": "public",
    "accounts/reset/done/": "public",
    "invitations/<str:token>/": "public",
    # Single sign-on: the flow's start and callback, and the provider's back-channel logout
    # (a server-to-server POST checked by its signature).
    "accounts/oidc/start/<slug:provider>/": "public",
    "accounts/oidc/callback/": "public",
    "accounts/oidc/backchannel-logout/<slug:provider>/": "public",
    # django-otp-webauthn's JSON endpoints: registration refuses anyone not signed in (401/403
    # JSON); authentication is the password-less sign-in.
    "accounts/webauthn/registration/begin/": "public",
    "accounts/webauthn/registration/complete/": "public",
    "accounts/webauthn/authentication/begin/": "public",
    "accounts/webauthn/authentication/complete/": "public",
    "accounts/webauthn/jsi18n/": "public",
    "api/v1/openapi.json": "public",
    "api/v1/docs": "public",
    "api/v1/": "public",  # the API root: a 404 problem that points nowhere
    "api/v1/(?P<rest>.*)$": "public",  # any unknown API address: a 404 problem
    "": "personal",
    "accounts/security/": "personal",
    "accounts/security/recovery-codes/": "personal",
    "accounts/security/authenticator-reset/": "personal",
    "accounts/security/sessions-end/": "personal",
    "accounts/security/language/": "personal",
    "accounts/security/password/": "personal",
    "accounts/security/sessions/": "personal",
    "accounts/security/sessions/<int:session_id>/end/": "personal",
    "accounts/security/passkeys/": "personal",
    "accounts/security/passkeys/<int:passkey_id>/rename/": "personal",
    "accounts/security/passkeys/<int:passkey_id>/remove/": "personal",
    "accounts/step-up/": "personal",
    "api/v1/me": "personal",
    "guest/code/": "guest",
    "guest/confidentiality/": "guest",
    "guest/meeting/": "guest",
    "guest/meeting/minutes.pdf": "guest",
    "guest/meeting/papers/": "guest",
    "guest/meeting/papers/<int:paper_id>/": "guest",
    "guest/leave/": "guest",
    "guest/language/": "guest",
    "guest/<str:token>/": "guest",
    "api/v1/guest/meeting/agenda-items": "guest",
    "api/v1/guest/meeting/minute-entries": "guest",
    "calendar/<str:token>.ics": "guest",
    # The planning e-mails' answer links (issue 16): the signed link names the member.
    "planning/poll/<str:token>/": "guest",
    "planning/reply/<str:token>/": "guest",
    "planning/itip/<str:token>/": "guest",
}

# Routes that must be found, so that a broken walker cannot pass by finding nothing.
KNOWN_ROUTES = {
    "n/<slug:network>/",
    "n/<slug:network>/members/",
    "n/<slug:network>/organisations/",
    "n/<slug:network>/bodies/",
    "n/<slug:network>/audit/",
    "n/<slug:network>/api-tokens/",
    "n/<slug:network>/api-tokens/<int:token_id>/revoke/",
    "api/v1/n/<network>/organisations",
    "api/v1/n/<network>/organisations/<id>",
    "api/v1/n/<network>/members",
    "api/v1/n/<network>/members/<id>",
    "api/v1/n/<network>/bodies",
    "api/v1/n/<network>/bodies/<id>",
    "api/v1/me",
}
KNOWN_SCHEMA_PATHS = {
    "/api/v1/n/{network}/organisations",
    "/api/v1/n/{network}/members/{id}",
    "/api/v1/n/{network}/bodies/{id}",
    "/api/v1/me",
}

# Path parameters whose name does not say which model they point at.
MODEL_ALIASES = {"member": "membership", "seat": "bodymembership", "token": "apitoken"}

_ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")
_SCHEMA_PARAM = re.compile(r"\{(?P<name>[^}]+)\}")


@dataclass
class Route:
    """One concrete address built from a route, and where it came from."""

    route: str  # the pattern as written, e.g. "n/<slug:network>/members/<int:pk>/"
    path: str  # a sample address, e.g. "/n/rheinstadt/members/3/"
    params: set[str] = field(default_factory=set)
    resolved_ids: bool = True  # every id parameter points at a real object of network A

    @property
    def is_api(self) -> bool:
        return self.path.startswith("/api/")

    @property
    def is_scoped(self) -> bool:
        return "network" in self.params


# --- collecting the routes -------------------------------------------------------------------


class Samples:
    """Values for path parameters: network A's slug and real ids of network A's objects."""

    def __init__(self, network):
        self.network = network

    def value(self, name: str, converter: str, previous_segment: str) -> tuple[str, bool]:
        """(sample value, whether it names a real object of network A or needs none)."""
        if name == "network":
            return NETWORK_A_SLUG, True
        if converter == "uuid":
            return str(uuid.uuid4()), False
        model_hint = self._model_hint(name, converter, previous_segment)
        if converter == "int" or model_hint is not None:
            found = self.object_id(model_hint) if model_hint else None
            return (str(found), True) if found else ("1", False)
        return "x", True

    @staticmethod
    def _model_hint(name: str, converter: str, previous_segment: str) -> str | None:
        if name in ("pk", "id"):
            hint = previous_segment
        elif name.endswith(("_id", "_pk")):
            hint = name[:-3]
        elif converter == "int":  # e.g. <int:seat>; a <str:token> is a secret, not an id
            hint = name
        else:
            return None
        hint = hint.replace("-", "").replace("_", "").lower()
        if hint.endswith("ies"):
            hint = hint[:-3] + "y"
        elif hint.endswith("s"):
            hint = hint[:-1]
        return MODEL_ALIASES.get(hint, hint)

    def object_id(self, model_name: str) -> int | None:
        for model in apps.get_models():
            if model._meta.model_name != model_name:
                continue
            if any(f.name == "network" for f in model._meta.fields):
                with scope(network=self.network.pk):
                    return model.objects.filter(network=self.network).values_list(
                        "pk", flat=True).order_by("pk").first()
        return None


def _segments_before(text: str, position: int) -> str:
    parts = [p for p in re.split(r"[/^$]", text[:position]) if p]
    return parts[-1] if parts else ""


def _fill_route(route: str, converters: dict, samples: Samples) -> tuple[str, set, bool]:
    params, resolved = set(), True

    def replace(match):
        nonlocal resolved
        name = match["name"]
        converter = match["converter"] or "str"
        params.add(name)
        value, ok = samples.value(name, converter, _segments_before(route, match.start()))
        resolved = resolved and ok
        return value

    return _ROUTE_PARAM.sub(replace, route), params, resolved


def _fill_regex(regex: str, samples: Samples) -> tuple[str, set, bool]:
    params, resolved = set(), True

    def replace(match):
        nonlocal resolved
        params.add(match["name"])
        value, ok = samples.value(match["name"], "str", _segments_before(regex, match.start()))
        resolved = resolved and ok
        return value

    filled = _REGEX_GROUP.sub(replace, regex).lstrip("^").rstrip("$")
    return filled.replace("\\", ""), params, resolved


def _walk(patterns, prefix_route: str, prefix_path: str, samples: Samples, found: list,
          params=frozenset(), resolved=True) -> None:
    for entry in patterns:
        pattern = entry.pattern
        if isinstance(pattern, RoutePattern):
            text = str(pattern)
            piece, more, ok = _fill_route(text, pattern.converters, samples)
        elif isinstance(pattern, RegexPattern):
            text = str(pattern).lstrip("^")
            piece, more, ok = _fill_regex(str(pattern), samples)
        else:  # LocalePrefixPattern and the like: not used by Accord yet
            raise AssertionError(f"The route matrix cannot read {pattern!r}; teach it.")
        route, path = prefix_route + text, prefix_path + piece
        if isinstance(entry, URLResolver):
            _walk(entry.url_patterns, route, path, samples, found, params | more, resolved and ok)
        elif isinstance(entry, URLPattern):
            found.append(Route(route=route, path="/" + path, params=set(params | more),
                               resolved_ids=resolved and ok))


def url_routes(samples: Samples) -> list[Route]:
    found: list[Route] = []
    _walk(get_resolver().url_patterns, "", "", samples, found)
    return found


def schema_routes(client: Client, samples: Samples) -> list[Route]:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200, (
        f"/api/v1/openapi.json answered {response.status_code}: the API description must build "
        "for the matrix to see the API's routes (the log above names the failing operation)")
    schema = response.json()
    found = []
    for schema_path in schema["paths"]:
        params, resolved = set(), True

        def replace(match, schema_path=schema_path):
            nonlocal resolved
            params.add(match["name"])
            value, ok = samples.value(match["name"], "str",
                                      _segments_before(schema_path, match.start()))
            resolved = resolved and ok
            return value

        path = _SCHEMA_PARAM.sub(replace, schema_path)
        found.append(Route(route=schema_path, path=path, params=params, resolved_ids=resolved))
    return found


# --- the people and the data ------------------------------------------------------------------


@pytest.fixture
def world(network_a, network_b, coordinator, member, outsider):
    """Network A with one of everything the tenancy knows, and a token for each actor."""
    body = factories.make_body(network_a, name="Lenkungskreis Rheinstadt")
    factories.add_to_body(body, coordinator, role=BodyRole.CHAIR)
    factories.add_to_body(body, member)
    factories.make_member(network_a, roles=(Role.OBSERVER,))
    with scope(network=network_a.pk):
        _token, coordinator_token = api_token_create(membership=coordinator, name="matrix", days=1)
    with scope(network=network_b.pk):
        _token, outsider_token = api_token_create(membership=outsider, name="matrix", days=1)
    with scopes_disabled():
        secrets_of_a = [network_a.name, *network_a.organisations.values_list("name", flat=True),
                        body.name]
    return {
        "samples": Samples(network_a),
        "coordinator_session": factories.signed_in_client(coordinator.user),
        "coordinator_token": Client(headers={"Authorization": f"Bearer {coordinator_token}"}),
        "outsider_session": factories.signed_in_client(outsider.user),
        "outsider_token": Client(headers={"Authorization": f"Bearer {outsider_token}"}),
        "anonymous": Client(),
        "secrets_of_a": secrets_of_a,
    }


@pytest.fixture
def routes(world, client) -> list[Route]:
    by_path: dict[str, Route] = {}
    for route in url_routes(world["samples"]) + schema_routes(client, world["samples"]):
        by_path.setdefault(route.path, route)
    return list(by_path.values())


def _call(client: Client, method: str, path: str):
    return client.generic(method, path, data=b"{}", content_type="application/json")


# --- the matrix -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_walker_finds_every_known_route(world, client):
    url_walk = url_routes(world["samples"])
    walked = {r.route for r in url_walk}
    schema = {r.route for r in schema_routes(client, world["samples"])}

    assert walked >= KNOWN_ROUTES, sorted(KNOWN_ROUTES - walked)
    assert schema >= KNOWN_SCHEMA_PATHS, sorted(KNOWN_SCHEMA_PATHS - schema)
    assert len([r for r in url_walk if r.is_scoped]) >= 10


@pytest.mark.django_db
def test_every_schema_path_is_a_real_address(world, client):
    """The OpenAPI description and the URL configuration agree, so neither hides a route."""
    failures = []
    for route in schema_routes(client, world["samples"]):
        match = resolve(route.path)
        if match.url_name == "not-found":
            failures.append(route.route)
    assert not failures


@pytest.mark.django_db
def test_every_route_without_a_network_is_deliberately_public_or_personal(world):
    unscoped = {r.route for r in url_routes(world["samples"]) if not r.is_scoped}

    undecided = sorted(unscoped - set(UNSCOPED_ROUTES))

    assert not undecided, (
        "These routes have no `network` parameter: add each to UNSCOPED_ROUTES as public or "
        f"personal, or move it under /n/<network>/: {undecided}"
    )


@pytest.mark.django_db
def test_outsider_never_gets_into_another_networks_routes(world, routes):
    failures = []
    for route in (r for r in routes if r.is_scoped):
        clients = ["outsider_session", "outsider_token"] if route.is_api else ["outsider_session"]
        for who in clients:
            for method in METHODS:
                response = _call(world[who], method, route.path)
                body = response.content.decode(errors="replace")
                leaked = [s for s in world["secrets_of_a"] if s in body]
                if 200 <= response.status_code < 300 or response.status_code >= 500 or leaked:
                    failures.append(f"{who} {method} {route.path}: {response.status_code} "
                                    f"{leaked or ''}")
                elif (route.is_api and response.status_code == 404
                      and response["Content-Type"] != "application/problem+json"):
                    failures.append(f"{who} {method} {route.path}: 404 is not a problem")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in_or_get_401(world, routes):
    """Every method is turned away (a 405 reveals nothing), and at least one is sent to sign in."""
    failures = []
    guarded = [r for r in routes
               if r.is_scoped or UNSCOPED_ROUTES.get(_route_key(r)) == "personal"]
    for route in guarded:
        answers = {method: _call(world["anonymous"], method, route.path) for method in METHODS}
        sent_to_sign_in = {method for method, response in answers.items()
                           if _asks_to_sign_in(route, response)}
        refused = {method for method, response in answers.items() if response.status_code == 405}
        if not sent_to_sign_in or sent_to_sign_in | refused != set(METHODS):
            failures.append(route.path + ": " + ", ".join(
                f"{method} {response.status_code}" for method, response in answers.items()))
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_routes_without_a_network_show_anonymous_visitors_nothing_of_a_network(world, routes):
    failures = []
    for route in (r for r in routes if not r.is_scoped):
        response = _call(world["anonymous"], "GET", route.path)
        body = response.content.decode(errors="replace")
        leaked = [s for s in world["secrets_of_a"] if s in body]
        if leaked or response.status_code >= 500:
            failures.append(f"GET {route.path}: {response.status_code} {leaked}")
    assert not failures, "\n".join(failures)


def _asks_to_sign_in(route: Route, response) -> bool:
    if route.is_api:
        return (response.status_code == 401
                and response["Content-Type"] == "application/problem+json")
    return response.status_code == 302 and response["Location"].startswith(SIGN_IN)


@pytest.mark.django_db
def test_the_networks_coordinator_does_get_in(world, routes):
    """The control: the outsider's 404s above are about the outsider, not a broken address."""
    failures = []
    for route in (r for r in routes if r.is_scoped and r.resolved_ids):
        who = "coordinator_token" if route.is_api else "coordinator_session"
        response = _call(world[who], "GET", route.path)
        if response.status_code in (401, 404) or response.status_code >= 500:
            failures.append(f"GET {route.path}: {response.status_code}")
    assert not failures, "\n".join(failures)


def _route_key(route: Route) -> str:
    # Schema routes are keyed by their Django route, so both walks share the allow-list.
    if route.route.startswith("/"):
        return resolve(route.path).route
    return route.route

