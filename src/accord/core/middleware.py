import re
import uuid

from accord.core.request_context import reset_request_id, set_request_id

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
        token = set_request_id(request.id)
        try:
            response = self.get_response(request)
        finally:
            reset_request_id(token)
        response["X-Request-ID"] = request.id
        return response
