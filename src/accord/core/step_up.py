"""Step-up: sensitive acts need a second factor that is at most ACCORD_STEP_UP_MINUTES old.

Every strong proof sets the time (sign-in with a second factor or a phishing-resistant SSO
method, a passkey, or the step-up page itself). Which acts need it is the policy's business
(policies/step_up.cedar, rule `limit.step_up`, on `context.step_up`): `step_up_context`
tells the decision point whether the current request's proof is fresh, and a denial by that
rule becomes `step_up_refusal` where denials become responses (policy.middleware for pages,
api.errors for the API): the step-up page and back, or a problem (`type` "step_up_required").
"""

import time
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _

STEP_UP_AT = "accord_step_up_at"
STEP_UP_TITLE = _("Step-up required: confirm that it is you.")
STEP_UP_NEEDED = _("This needs a fresh confirmation that it is you: confirm with your second "
                   "factor on the step-up page, then try again.")


def step_up_mark(request: HttpRequest) -> None:
    request.session[STEP_UP_AT] = time.time()


def step_up_fresh(request: HttpRequest) -> bool:
    """True when the session's last strong proof is recent enough for a sensitive act."""
    at = request.session.get(STEP_UP_AT)
    return at is not None and time.time() - at <= settings.ACCORD_STEP_UP_MINUTES * 60


def step_up_url(next_url: str) -> str:
    return reverse("accounts:step-up") + "?" + urlencode({"next": next_url})


STEP_UP_RULE = "limit.step_up"


def step_up_context() -> dict[str, bool]:
    """The decision point's `context.step_up`. Outside a request (a command run at the
    installation, a worker) there is no session to prove anything and no browser to ask: the
    operator is already inside, so the condition holds there; in a request, only a fresh
    proof of this session counts (a token-authenticated API request has none)."""
    from accord.core.request_context import current_request

    request = current_request()
    if request is None:
        return {"step_up": True}
    return {"step_up": hasattr(request, "session") and step_up_fresh(request)}


def step_up_refusal(request: HttpRequest):
    """The answer to a denial by `limit.step_up`: a page request goes to the step-up page and
    comes back (a POST comes back to the page its form was on); an API request answers 401
    problem+json with `type` step_up_required. Nothing of the act has happened."""
    from accord.core.signals import step_up_refused

    user = request.user if request.user.is_authenticated else None
    step_up_refused.send(sender=step_up_refusal, user=user, path=request.path[:200])
    if request.path_info.startswith("/api/"):
        return _problem(request)
    return redirect(step_up_url(_back_to(request)))


def _back_to(request: HttpRequest) -> str:
    """Where to return after step-up: the page asked for, or for a refused form the page the
    form was on (its address may accept only POST), as its form must be sent again."""
    if request.method == "GET":
        return request.get_full_path()
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return request.path


def _problem(request: HttpRequest) -> JsonResponse:
    """RFC 9457 problem, in the API's shape (accord.api.errors, which accounts may not import),
    with RFC 9470's challenge so a client knows what to do."""
    max_age = settings.ACCORD_STEP_UP_MINUTES * 60
    response = JsonResponse({
        "type": "about:blank#step_up_required", "title": str(STEP_UP_TITLE), "status": 401,
        "detail": str(STEP_UP_NEEDED), "step_up_url": step_up_url(""),
        "max_age_seconds": max_age,
    }, status=401, content_type="application/problem+json")
    response["WWW-Authenticate"] = (
        f'Bearer realm="accord", error="insufficient_user_authentication", max_age="{max_age}"')
    response["Cache-Control"] = "no-store"
    return response
