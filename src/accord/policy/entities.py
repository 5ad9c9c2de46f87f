"""How Accord's objects appear to Cedar: an entity type, its attributes, and for resources the
action that reveals that the object exists (for 404 versus 403) and the categories that make a
read of it worth recording.

Adapters are registered per model class by the app that owns the model (AppConfig.ready), so
the decision point knows no feature. Attribute builders take a list of objects and return one
attribute dict per object, so that a list page builds its entities with a constant number of
queries whatever its length.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

AttrsBuilder = Callable[[Sequence[Any]], list[dict[str, Any]]]


@dataclass(frozen=True)
class Adapter:
    type: str
    attrs: AttrsBuilder
    # The action whose permit means the reader may know the object exists; a denial of any
    # other action on it is then a 403 (with the reason), otherwise a 404.
    exists_action: str = ""
    categories: Callable[[Any], Sequence[str]] | None = None


_ADAPTERS: dict[type, Adapter] = {}


def register(model: type, *, type: str, attrs: AttrsBuilder, exists_action: str = "",
             categories: Callable[[Any], Sequence[str]] | None = None) -> None:
    _ADAPTERS[model] = Adapter(type=type, attrs=attrs, exists_action=exists_action,
                               categories=categories)


def adapter_for(obj: Any) -> Adapter:
    for cls in type(obj).__mro__:
        if cls in _ADAPTERS:
            return _ADAPTERS[cls]
    raise LookupError(f"No policy adapter is registered for {type(obj).__name__}.")


def ref(type: str, pk: Any) -> dict[str, dict[str, str]]:
    """A reference to another entity, as an attribute value."""
    return {"__entity": {"type": type, "id": str(pk)}}


def refs(type: str, pks: Any) -> list[dict[str, dict[str, str]]]:
    return [ref(type, pk) for pk in sorted({str(pk) for pk in pks if pk is not None})]


def uid(obj: Any) -> dict[str, str]:
    return {"type": adapter_for(obj).type, "id": str(obj.pk)}


def entities_of(objects: Sequence[Any]) -> list[dict[str, Any]]:
    """Cedar entities for `objects`, built in bulk per type."""
    by_type: dict[type, list[Any]] = {}
    for obj in objects:
        by_type.setdefault(type(obj), []).append(obj)
    entities = []
    for objs in by_type.values():
        adapter = adapter_for(objs[0])
        for obj, attrs in zip(objs, adapter.attrs(objs), strict=True):
            entities.append({"uid": {"type": adapter.type, "id": str(obj.pk)},
                             "attrs": attrs, "parents": []})
    return entities


# Principals ------------------------------------------------------------------------------

_PRINCIPALS: dict[type, Adapter] = {}


def register_principal(model: type, *, type: str, attrs: AttrsBuilder) -> None:
    _PRINCIPALS[model] = Adapter(type=type, attrs=attrs)


def principal_of(actor: Any) -> dict[str, Any] | None:
    """The acting membership (or guest) as a Cedar entity, built once per object: a request
    that asks many questions pays for its principal's attributes once."""
    if actor is None:
        return None
    cached = actor.__dict__.get("_policy_principal")
    if cached is not None:
        return cached
    for cls in type(actor).__mro__:
        if cls in _PRINCIPALS:
            adapter = _PRINCIPALS[cls]
            break
    else:
        raise LookupError(f"No policy principal is registered for {type(actor).__name__}.")
    principal_uid = {"type": adapter.type, "id": str(actor.pk)}
    principal = {"uid": principal_uid,
                 "entity": {"uid": principal_uid, "attrs": adapter.attrs([actor])[0],
                            "parents": []}}
    actor.__dict__["_policy_principal"] = principal
    return principal


def forget_principal(actor: Any) -> None:
    """After a change to the actor's roles or seats within the same request."""
    actor.__dict__.pop("_policy_principal", None)
