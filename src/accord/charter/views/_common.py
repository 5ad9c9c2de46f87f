"""What every charter view shares: the access gate and turning refusals into messages."""

from functools import wraps

from django.http import Http404

from accord.charter.permissions import Access, charter_access
from accord.charter.services import NotPermitted


def charter_view(level: Access = Access.READ):
    """Let the request in only with `level` access; anything less is a 404, like a missing page.

    Sets `request.charter_access` for the templates and the selectors.
    """
    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            access = charter_access(request.membership)
            if access < level:
                raise Http404
            request.charter_access = access
            try:
                return view(request, *args, **kwargs)
            except NotPermitted:
                raise Http404 from None
        return wrapper
    return decorate


def context(request, **extra) -> dict:
    access = request.charter_access
    return {"access": access, "can_edit": access >= Access.EDIT,
            "can_comment": access >= Access.COMMENT, **extra}
