"""Per-request values that deep layers (the audit writer) need without threading them through."""

from contextvars import ContextVar

_request_id: ContextVar[str] = ContextVar("accord_request_id", default="")
# The request being answered, for the decision point's context (core.step_up.step_up_context):
# None outside a request (a command, a worker).
_request: ContextVar = ContextVar("accord_request", default=None)


def current_request_id() -> str:
    return _request_id.get()


def set_request_id(value: str):
    return _request_id.set(value)


def reset_request_id(token) -> None:
    _request_id.reset(token)


def current_request():
    return _request.get()


def set_request(request):
    return _request.set(request)


def reset_request(token) -> None:
    _request.reset(token)
