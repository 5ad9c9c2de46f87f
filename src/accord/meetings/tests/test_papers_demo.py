"""The demo's papers (issue 16, "Done when"): two items carry papers of different
visibilities, each member sees exactly the papers they may, a guest only their item's."""

from django.utils import timezone
from django_scopes import scope

from accord import policy
from accord.meetings.demo import load_meetings_demo
from accord.meetings.models import Meeting, Paper
from accord.meetings.papers_demo import demo_pdf
from accord.meetings.services import papers as paper_services
from accord.meetings.tests.conftest import person
from accord.meetings.tests.papers_world import papers_dir_fixture  # noqa: F401 (fixture)


def test_the_demo_pdf_is_a_pdf():
    content = demo_pdf("Lagebild (Schulen)")
    assert content.startswith(b"%PDF-1.4") and content.rstrip().endswith(b"%%EOF")
    assert b"startxref" in content


def test_the_demo_carries_papers_of_different_visibilities(cast, papers_dir):
    c = cast
    outside = person(c.network, "outside")
    load_meetings_demo(network=c.network)
    load_meetings_demo(network=c.network)  # a second call adds nothing
    with scope(network=c.network.pk):
        upcoming = Meeting.objects.filter(body=c.body, starts_at__gt=timezone.now()).order_by(
            "starts_at").first()
        papers = list(Paper.objects.filter(item__meeting=upcoming).select_related("item"))
        assert len({p.item_id for p in papers}) == 2
        assert {p.visibility for p in papers} == {"network", "body", "invited", "guests"}
        assert len(papers) == 5

        def readable(actor, purpose="view"):
            decisions = policy.decide_many(actor, "paper.read", papers, purpose=purpose)
            return {p.visibility for p, d in zip(papers, decisions, strict=True) if d.allowed}

        assert readable(c.chair) == {"network", "body", "invited", "guests"}
        assert readable(c.member) == {"network", "body", "guests"}  # not in the case's room
        assert readable(outside) == {"network"}
        guest = upcoming.guests.get()
        assert readable(guest, "guest") == {"guests"}
        for paper in papers:
            if paper.kind == "upload":
                with paper_services.paper_open(paper) as handle:
                    assert handle.read(5) == b"%PDF-"
