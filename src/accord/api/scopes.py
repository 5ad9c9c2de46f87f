"""What a scoped API token may reach (issue 13): `read` (safe methods only) or `write`, and
optionally a list of named resource kinds. An app names the kinds of its own routes in its
AppConfig.ready() (the API knows no app by name):

    from accord.api.scopes import register_resource_kind
    register_resource_kind("charter", label=_("The charter"), segments=("goals", ...))

A kind covers the first path segments under `/api/v1/n/{network}/` that its routes use.
"""

import re

from django.utils.translation import gettext_lazy as _

READ, WRITE = "read", "write"
SCOPES = [(WRITE, _("Read and change")), (READ, _("Read only"))]
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

_kinds: dict[str, tuple[object, frozenset[str]]] = {}
_NETWORK_ROUTE = re.compile(r"^/api/v1/n/[^/]+/([^/]+)")


def register_resource_kind(kind: str, *, label, segments: tuple[str, ...]) -> None:
    _kinds[kind] = (label, frozenset(segments))


def resource_kinds() -> list[tuple[str, object]]:
    """(kind, label) for every registered kind, in registration order."""
    return [(kind, label) for kind, (label, _segments) in _kinds.items()]


def kind_label(kind: str) -> str:
    return str(_kinds[kind][0]) if kind in _kinds else kind


def kind_of_path(path: str) -> str | None:
    """The resource kind of a network route; None for a route outside any network (/me) and
    "" for a network route no kind names (a token limited to kinds does not reach it)."""
    match = _NETWORK_ROUTE.match(path)
    if match is None:
        return None
    segment = match.group(1)
    return next((kind for kind, (_label, segments) in _kinds.items() if segment in segments),
                "")


READ_ONLY_REFUSED = _("This token is read-only: it may read, not change anything. Create a "
                      "token that may read and change on the API tokens page.")
OUT_OF_SCOPE = _("This token may reach only %(kinds)s, not this part of the network.")


def scope_refusal(token, method: str, path: str) -> tuple[str, str] | None:
    """(code, detail) when the token's scope does not cover this request, else None."""
    if token.scope == READ and method not in SAFE_METHODS:
        return "token_read_only", str(READ_ONLY_REFUSED)
    if token.resources:
        kind = kind_of_path(path)
        if kind is not None and kind not in token.resources:
            kinds = ", ".join(kind_label(k) for k in token.resources)
            return "token_out_of_scope", str(OUT_OF_SCOPE % {"kinds": kinds})
    return None
