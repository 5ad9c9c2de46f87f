"""The private calendar feed: /calendar/<token>.ics lists a person's meetings in every network
they belong to, with no agenda, case or minutes data (ics.py)."""


from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django_scopes import scope

from accord.core.tokens import token_digest
from accord.meetings.ics import feed_ics
from accord.meetings.models import CalendarFeed
from accord.meetings.visibility import meetings_seen_by
from accord.tenancy.selectors import memberships_of_user


@never_cache
def calendar_feed(request, token: str):
    if len(token) > 100:
        raise Http404
    feed = CalendarFeed.objects.select_related("user").filter(
        token_hash=token_digest(token)).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    meetings = []
    for membership in memberships_of_user(user=feed.user):
        # Each network's meetings are read inside that network's scope.
        with scope(network=membership.network_id):
            meetings += list(meetings_seen_by(membership)
                             .select_related("body", "network"))
    return HttpResponse(feed_ics(meetings, name="Accord"),
                        content_type="text/calendar; charset=utf-8")
