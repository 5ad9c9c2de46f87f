"""Routes of meeting papers and the speakers list (issue 16), joined into meetings.urls."""

from django.urls import path

from accord.meetings.views import papers

I = "<int:pk>/items/<int:item_id>/"  # noqa: E741 (one item of one meeting)

urlpatterns = [
    path(I + "papers/", papers.item_papers, name="papers"),
    path(I + "papers/<int:paper_id>/download/", papers.paper_download, name="paper-download"),
    path(I + "papers/<int:paper_id>/new-version/", papers.paper_supersede,
         name="paper-supersede"),
    path(I + "speakers/", papers.speakers, name="speakers"),
    path(I + "speakers/request/", papers.speakers_request, name="speakers-request"),
    path(I + "speakers/withdraw/", papers.speakers_withdraw, name="speakers-withdraw"),
    path(I + "speakers/next/", papers.speakers_next, name="speakers-next"),
    path(I + "speakers/done/", papers.speakers_done, name="speakers-done"),
]

# The guest area's (guest_urls).
guest_urlpatterns = [
    path("meeting/papers/", papers.guest_papers, name="papers"),
    path("meeting/papers/<int:paper_id>/", papers.guest_paper_download, name="paper-download"),
]
