"""Issue 16's registrations, called once from MeetingsConfig.ready(): the policy adapters of
papers and speakers lists, the papers API router, the upload routes' size limit, the audit
page's words."""

from django.utils.translation import gettext_lazy as _

PAGE_UPLOAD = r"^/n/[^/]+/meetings/\d+/items/\d+/papers/(\d+/new-version/)?$"
API_UPLOAD = r"^/api/v1/n/[^/]+/meetings/\d+/agenda-items/\d+/papers(/\d+/versions)?$"


def register_papers_and_speakers() -> None:
    from accord.api.limits import register_upload_route
    from accord.api.routers import register_router
    from accord.audit import labels
    from accord.meetings.policy_entities_papers import register_papers
    from accord.meetings.services.papers import max_bytes

    register_papers()
    register_router("/", "accord.meetings.api_papers.router")
    register_upload_route(PAGE_UPLOAD, max_bytes)
    register_upload_route(API_UPLOAD, max_bytes)
    labels.register_object_types({
        "meetings.paper": _("Meeting paper"),
        "meetings.speakerrequest": _("Speaker request"),
    })
