"""What every charter view shares: the policy gate and turning refusals into messages."""

from functools import wraps

from django.core.exceptions import ValidationError

from accord.charter import selectors

PURPOSE = "view"


def charter_page(action: str = "charter.view"):
    """Let the request in only if the policy permits `action` on the network's charter;
    otherwise `accord.policy.Denied` propagates (policy.middleware answers: a 404 for somebody
    who may not read the charter, a 403 with the reason for a reader who may not do this).

    Sets `request.charter` for the selectors and the page's offers (`context`).
    """
    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            request.charter = selectors.charter_for(request.membership, request.network,
                                                    action=action, purpose=PURPOSE)
            return view(request, *args, **kwargs)
        return wrapper
    return decorate


def require_charter(request, action: str) -> None:
    """A write that the page itself offers (e.g. the form under a list): `action` on the
    charter, or `Denied` (a 403 with the reason)."""
    selectors.charter_for(request.membership, request.network, action=action, purpose=PURPOSE)


def add_service_errors(form, error: ValidationError) -> None:
    """Put a service's refusal on the form: on its field when the form has one, else on top."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def permits(request) -> dict[str, bool]:
    """What the page may offer this reader, decided once per request."""
    cached = getattr(request, "_charter_permits", None)
    if cached is None:
        cached = selectors.charter_permits(request.membership, request.charter, "charter.edit",
                                           "charter.comment", purpose=PURPOSE)
        request._charter_permits = cached
    return cached


def context(request, **extra) -> dict:
    offers = permits(request)
    return {"can_edit": offers["charter.edit"], "can_comment": offers["charter.comment"],
            **extra}
