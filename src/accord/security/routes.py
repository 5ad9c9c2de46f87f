"""Every network address of Accord as a template whose parameters the suite fills itself.

The walk is the route matrix's (accord/core/tests/test_route_matrix.py): it asks a sampler for
each path parameter's value; ours answers with a numbered placeholder and remembers the
parameter's name, converter and the path segment before it, so one template can be filled with
any network's slug and any object's id.
"""

import re
from dataclasses import dataclass

from django.test import Client

from accord.core.tests.test_route_matrix import schema_routes, url_routes

_PLACEHOLDER = re.compile(r"__(\d+)__")

# How a path names a model, where the words differ from the model's name.
MODEL_ALIASES = {
    "member": "membership", "seat": "bodymembership", "token": "apitoken",
    "document": "charterdocument", "glossary": "glossaryterm", "role": "responsibility",
    "item": "agendaitem", "entry": "minuteentry", "action": "actionitem",
    "call": "calllog", "guest": "guestinvitation", "version": "charterversion",
    "sery": "meetingseries",  # "series", singularised by the rule below
    "breakglas": "breakglass",  # "break-glass", likewise
}
# Parameters that are not ids: a fixed, valid value (a version number, a practice code).
NATURAL_VALUES = {"number": "1", "code": "basics", "practice": "basics"}


@dataclass(frozen=True)
class Param:
    name: str
    converter: str
    before: str  # the path segment before it, e.g. "meetings" for /meetings/<pk>/

    @property
    def model(self) -> str | None:
        """The model name this parameter points at, or None if it is no object id."""
        if self.name in ("pk", "id"):
            hint = self.before
        elif self.name.endswith(("_id", "_pk")):
            hint = self.name[:-3]
        elif self.converter == "int" and self.name not in NATURAL_VALUES:
            hint = self.name
        else:
            return None
        hint = hint.replace("-", "").replace("_", "").lower()
        if hint.endswith("ies"):
            hint = hint[:-3] + "y"
        elif hint.endswith("s"):
            hint = hint[:-1]
        return MODEL_ALIASES.get(hint, hint)


@dataclass(frozen=True)
class Template:
    route: str  # as written, e.g. "n/<slug:network>/meetings/<int:pk>/"
    path: str  # with placeholders, e.g. "/n/__3__/meetings/__4__/"
    params: tuple[int, ...]  # the placeholders, in order

    @property
    def is_api(self) -> bool:
        return self.path.startswith("/api/")

    def fill(self, values: dict[int, str]) -> str:
        return _PLACEHOLDER.sub(lambda m: values[int(m[1])], self.path)


class _Recorder:
    """The route matrix's sampler interface: value(name, converter, previous segment)."""

    def __init__(self):
        self.params: dict[int, Param] = {}

    def value(self, name: str, converter: str, previous_segment: str) -> tuple[str, bool]:
        number = len(self.params)
        self.params[number] = Param(name, converter, previous_segment)
        return f"__{number}__", True


class Catalogue:
    """The network routes (pages and API), their parameters, and how to fill them."""

    def __init__(self, client: Client | None = None):
        self._recorder = _Recorder()
        found = url_routes(self._recorder)
        if client is not None:
            found += schema_routes(client, self._recorder)
        by_path: dict[str, Template] = {}
        for route in found:
            if "network" not in route.params:
                continue
            numbers = tuple(int(n) for n in _PLACEHOLDER.findall(route.path))
            template = Template(route.route, route.path, numbers)
            key = _PLACEHOLDER.sub("#", route.path)
            by_path.setdefault(key, template)
        self.templates = list(by_path.values())
        for template in self.templates:  # the segment before a parameter, over the whole path
            for number in template.params:
                param = self._recorder.params[number]
                if param.name != "network":
                    before = re.split(r"__\d+__", template.path.split(f"__{number}__")[0])
                    segments = [s for s in re.split(r"[/]", before[-1]) if s]
                    if not param.before or param.name in ("pk", "id"):
                        self._recorder.params[number] = Param(
                            param.name, param.converter,
                            segments[-1] if segments else param.before)

    def param(self, number: int) -> Param:
        return self._recorder.params[number]

    def id_params(self, template: Template) -> list[int]:
        return [n for n in template.params if self.param(n).model is not None]

    def with_ids(self) -> list[Template]:
        return [t for t in self.templates if self.id_params(t)]
