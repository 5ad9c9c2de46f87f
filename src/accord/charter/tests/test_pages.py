"""The charter pages as each actor sees them (issue 3, "Who may do what")."""

from datetime import date

import pytest
from django.urls import reverse
from django_scopes import scope

from accord.charter import services
from accord.charter.models import CharterVersion, GlossaryTerm, Goal, SurveyResponse
from accord.charter.tests.helpers import adopted_document


def url(name, **kwargs):
    return reverse(f"charter:{name}", kwargs={"network": "rheinstadt", **kwargs})


@pytest.fixture
def texts(network_a, coordinator, steering_group):
    """One adopted, one proposed and one draft document."""
    with scope(network=network_a.pk):
        adopted = adopted_document(coordinator, steering_group, text="Adopted words")
        proposed = services.version_propose(
            membership=coordinator, version=services.document_create(
                membership=coordinator, kind="custom", title="Proposed doc",
                body="Proposed words"))
        draft = services.document_create(membership=coordinator, kind="custom",
                                         title="Draft doc", body="Draft words")
    return {"adopted": adopted, "proposed": proposed, "draft": draft}


def version_url(v, name="version"):
    return url(name, pk=v.document_id, number=v.number)


PAGES = ["overview", "roadmap", "documents", "goals", "glossary", "roles", "levels", "survey",
         "onboarding"]


@pytest.mark.parametrize("page", PAGES)
def test_outsider_gets_404_for_every_charter_page_of_another_network(outsider_client, page):
    assert outsider_client.get(url(page)).status_code == 404


def test_outsider_gets_404_for_another_networks_documents_and_pdfs(outsider_client, texts):
    for v in texts.values():
        assert outsider_client.get(version_url(v)).status_code == 404
        assert outsider_client.get(version_url(v, "version-pdf")).status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_every_charter_page_opens_for_the_coordinator(coordinator_client, texts, page):
    response = coordinator_client.get(url(page))
    assert response.status_code == 200


def test_member_reads_adopted_and_proposed_but_not_drafts(member_client, texts):
    assert b"Adopted words" in member_client.get(version_url(texts["adopted"])).content
    assert b"Proposed words" in member_client.get(version_url(texts["proposed"])).content
    assert member_client.get(version_url(texts["draft"])).status_code == 404
    listing = member_client.get(url("documents")).content
    assert b"Proposed doc" in listing and b"Draft doc" not in listing


def test_observer_reads_adopted_documents_only(observer_client, texts):
    assert b"Adopted words" in observer_client.get(version_url(texts["adopted"])).content
    assert observer_client.get(version_url(texts["proposed"])).status_code == 404
    assert observer_client.get(version_url(texts["draft"])).status_code == 404
    comment = observer_client.post(version_url(texts["proposed"], "version-comment"),
                                   {"text": "Hi"})
    assert comment.status_code == 404


def test_member_comments_on_a_proposed_version_only(member_client, texts, network_a):
    ok = member_client.post(version_url(texts["proposed"], "version-comment"),
                            {"text": "Please add the deputy rule."})
    assert ok.status_code == 302
    # Members may comment; an adopted text no longer takes comments (a refusal, not a denial).
    refused = member_client.post(version_url(texts["adopted"], "version-comment"),
                                 {"text": "Too late"}, follow=True)
    assert "Comments are open only while a version is proposed." in refused.content.decode()
    with scope(network=network_a.pk):
        comments = list(texts["proposed"].comments.values_list("text", flat=True))
        assert comments == ["Please add the deputy rule."]
        assert texts["adopted"].comments.count() == 0
    page = member_client.get(version_url(texts["proposed"])).content.decode()
    assert "Please add the deputy rule." in page


EDITORS_ONLY = "Only coordinators and the steering group&#x27;s chair or secretary may change"


def test_member_cannot_edit_propose_or_adopt(member_client, texts, network_a):
    # A draft is not open to members: as if it did not exist.
    assert member_client.get(version_url(texts["draft"], "version-edit")).status_code == 404
    assert member_client.post(version_url(texts["draft"], "version-propose")).status_code == 404
    # What they may read but not change: 403, saying who may.
    adopt = member_client.post(version_url(texts["proposed"], "version-adopt"), {})
    assert adopt.status_code == 403 and EDITORS_ONLY in adopt.content.decode()
    goal = member_client.post(url("goals"), {"statement": "x", "review_interval_months": 6})
    assert goal.status_code == 403 and EDITORS_ONLY in goal.content.decode()
    with scope(network=network_a.pk):
        assert CharterVersion.objects.get(pk=texts["proposed"].pk).status == "proposed"
        assert not Goal.objects.exists()


def test_coordinator_adopts_a_template_edits_proposes_and_adopts_it(coordinator_client,
                                                                   steering_group, network_a):
    response = coordinator_client.post(url("document-from-starter"),
                                       {"kind": "goals_values", "language": "nl"})
    assert response.status_code == 302
    with scope(network=network_a.pk):
        version = CharterVersion.objects.get()
    assert version.document.title == "Doelen en waarden"
    edit = coordinator_client.post(version_url(version, "version-edit"),
                                   {"body": version.body + "\nExtra regel.\n",
                                    "lock_version": version.lock_version})
    assert edit.status_code == 302
    coordinator_client.post(version_url(version, "version-propose"))
    adopt = coordinator_client.post(version_url(version, "version-adopt"),
                                    {"body": steering_group.pk,
                                     "adopted_on": date.today().isoformat()})
    assert adopt.status_code == 302
    page = coordinator_client.get(version_url(version)).content.decode()
    assert "Extra regel." in page and "This text is in force." in page
    again = coordinator_client.post(version_url(version, "version-adopt"),
                                    {"body": steering_group.pk,
                                     "adopted_on": date.today().isoformat()})
    assert again.status_code == 400 and "already been adopted" in again.content.decode()


def test_editing_an_adopted_version_sends_the_editor_to_make_a_new_draft(coordinator_client,
                                                                        texts, network_a):
    adopted = texts["adopted"]
    response = coordinator_client.post(version_url(adopted, "version-edit"),
                                       {"body": "sneaky", "lock_version": adopted.lock_version},
                                       follow=True)
    assert "Start a new draft" in response.content.decode()
    with scope(network=network_a.pk):
        adopted.refresh_from_db()
    assert adopted.body == "Adopted words"


def test_a_giant_text_is_refused_with_a_clear_form_error(coordinator_client, texts, network_a):
    draft = texts["draft"]
    response = coordinator_client.post(version_url(draft, "version-edit"),
                                       {"body": "x" * 100_001,
                                        "lock_version": draft.lock_version})
    assert response.status_code == 400
    assert "The text is too long" in response.content.decode()
    with scope(network=network_a.pk):
        draft.refresh_from_db()
    assert draft.body == "Draft words"


def test_a_script_in_a_document_never_reaches_the_page(coordinator_client, coordinator,
                                                       network_a):
    with scope(network=network_a.pk):
        v = services.document_create(
            membership=coordinator, kind="custom", title="Hostile",
            body="<script>alert('x')</script>\n\n[a](javascript:alert(1))\n\n<iframe src=x>")
    page = coordinator_client.get(version_url(v)).content.decode()
    body = page.split('<article class="charter-text"', 1)[1].split("</article>", 1)[0]
    assert "<script" not in body and "javascript:" not in body and "<iframe" not in body


def test_a_review_dated_before_the_goal_shows_a_form_error(coordinator_client, coordinator,
                                                          network_a):
    with scope(network=network_a.pk):
        goal = services.goal_create(membership=coordinator, statement="Shared reporting")
    response = coordinator_client.post(url("goal", pk=goal.pk), {
        "assessment": "on_track", "reviewed_on": "2001-01-01", "evidence": ""})
    assert response.status_code == 400
    assert "before the goal was agreed" in response.content.decode()


def test_glossary_terms_explain_themselves_in_documents(coordinator_client, coordinator, texts,
                                                        network_a):
    with scope(network=network_a.pk):
        services.term_create(membership=coordinator, term="words",
                             definition="What we write down")
        assert GlossaryTerm.objects.count() == 1
    page = coordinator_client.get(version_url(texts["adopted"])).content.decode()
    assert 'tabindex="0"' in page and "What we write down" in page


def test_the_diff_page_labels_changes_in_words(coordinator_client, coordinator, texts,
                                               network_a):
    with scope(network=network_a.pk):
        new = services.version_draft(membership=coordinator, document=texts["adopted"].document)
        services.version_edit(membership=coordinator, version=new, body="New words",
                              lock_version=new.lock_version)
    page = coordinator_client.get(url("version-diff", pk=new.document_id) + "?from=1&to=2")
    html = page.content.decode()
    assert "<del>Adopted words</del>" in html and "<ins>New words</ins>" in html
    assert "Removed" in html and "Added" in html


def test_the_needs_survey_shows_results_only_after_three_answers(network_a, coordinator_client):
    from accord.tenancy.models import Role
    from accord.testing import factories

    clients = [factories.signed_in_client(factories.make_member(network_a,
                                                                roles=(Role.MEMBER,)).user)
               for _ in range(3)]
    for i, client in enumerate(clients):
        client.post(url("survey"), {"time": "hour", "clarity": "clear"})
        page = coordinator_client.get(url("survey")).content.decode()
        assert ("3 members have answered." in page) == (i == 2)
        assert ("Results are shown once" in page) == (i < 2)
    again = clients[0].post(url("survey"), {"time": "none"})
    assert again.status_code == 400
    assert "You have already answered the survey." in again.content.decode()
    with scope(network=network_a.pk):
        assert SurveyResponse.objects.count() == 3


def test_coordinator_renames_a_glossary_term_on_its_edit_page(coordinator_client, coordinator,
                                                              network_a):
    with scope(network=network_a.pk):
        term = services.term_create(membership=coordinator, term="Signal",
                                    definition="A first hint")
    response = coordinator_client.post(url("term-edit", pk=term.pk), {
        "term": "Early signal", "definition": "A first hint that someone may be at risk",
        "definition_nl": "Een eerste aanwijzing"})
    assert response.status_code == 302
    with scope(network=network_a.pk):
        term.refresh_from_db()
    assert term.term == "Early signal"
    assert term.translations == {"nl": {"term": "", "definition": "Een eerste aanwijzing"}}
