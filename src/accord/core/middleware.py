import re
import uuid

from accord.core.request_context import (
    reset_request,
    reset_request_id,
    set_request,
    set_request_id,
)

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Tags each request with an id that the audit trail and the logs share.

    A proxy's X-Request-ID is kept when it is well-formed, so one id follows a request
    through the proxy, the app and the audit log.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.id = incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token, current = set_request_id(request.id), set_request(request)
        try:
            response = self.get_response(request)
        finally:
            reset_request(current)
            reset_request_id(token)
        response["X-Request-ID"] = request.id
        return response


# Browser features no Accord page uses: a page (or a script injected despite the CSP) cannot
# switch on a camera, microphone or location, nor embed something that could. Passkeys
# (WebAuthn) and fullscreen stay allowed for our own origin, which sign-in and PDFs may need.
PERMISSIONS_POLICY = ", ".join((
    "accelerometer=()", "ambient-light-sensor=()", "attribution-reporting=()", "autoplay=()",
    "bluetooth=()", "browsing-topics=()", "camera=()", "compute-pressure=()",
    "display-capture=()", "encrypted-media=()", "fullscreen=(self)", "gamepad=()",
    "geolocation=()", "gyroscope=()", "hid=()", "identity-credentials-get=()",
    "idle-detection=()", "local-fonts=()", "magnetometer=()",
    "microphone=()", "midi=()", "otp-credentials=()", "payment=()", "picture-in-picture=()",
    "publickey-credentials-create=(self)", "publickey-credentials-get=(self)",
    "screen-wake-lock=()", "serial=()", "storage-access=()",
    "usb=()", "web-share=()", "window-management=()", "xr-spatial-tracking=()",
))


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header to every response, static files and errors included
    (it sits before WhiteNoise), the way SecurityMiddleware adds the other security headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
