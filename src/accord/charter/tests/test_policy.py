"""Who may do what with the charter, as accord.policy answers it (policies/charter.cedar):
the same matrix as before the decision point, each answer naming its rule, and each refusal
saying what is missing on the 403 page and in the API's problem."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from accord import policy
from accord.api.tests.helpers import assert_problem, post_json, token_client, token_for
from accord.charter import selectors, services
from accord.charter.models import GlossaryTerm, VersionComment
from accord.charter.policy_entities import Charter
from accord.charter.tests.helpers import adopted_document
from accord.tenancy.models import BodyRole, Membership, Role
from accord.testing import factories

API = "/api/v1/n/rheinstadt"
EDITORS_ONLY = ("Only coordinators and the steering group's chair or secretary may change "
                "the charter.")


@pytest.fixture
def actors(network_a, coordinator, member, observer, chair, steering_group, outsider):
    """Everyone the charter tells apart, by name."""
    secretary = factories.make_member(network_a, roles=(Role.CASE_WORKER,))
    factories.add_to_body(steering_group, secretary, role=BodyRole.SECRETARY)
    # Leading a body that is not strategic gives no charter rights beyond the roles.
    operational_chair = factories.make_member(network_a, roles=(Role.OBSERVER,))
    factories.add_to_body(factories.make_body(network_a), operational_chair,
                          role=BodyRole.CHAIR)
    ended = factories.make_member(network_a, roles=(Role.COORDINATOR,))
    with scopes_disabled():
        Membership.objects.filter(pk=ended.pk).update(
            active_until=timezone.now() - timedelta(days=1))
        ended.refresh_from_db()
    return {
        "coordinator": coordinator, "chair": chair, "secretary": secretary,
        "member": member, "case worker": factories.make_member(network_a,
                                                               roles=(Role.CASE_WORKER,)),
        "privacy officer": factories.make_member(network_a, roles=(Role.PRIVACY_OFFICER,)),
        "observer": observer, "operational chair": operational_chair,
        "no charter role": factories.make_member(network_a, roles=()),
        "ended": ended, "outsider": outsider,
    }


@pytest.fixture
def texts(network_a, coordinator, steering_group):
    with scope(network=network_a.pk):
        old = adopted_document(coordinator, steering_group, text="Old words")
        draft = services.version_draft(membership=coordinator, document=old.document)
        services.version_edit(membership=coordinator, version=draft, body="New words",
                              lock_version=draft.lock_version)
        services.version_propose(membership=coordinator, version=draft)
        adopted = services.version_adopt(membership=coordinator, version=draft,
                                         body=steering_group, adopted_on=timezone.localdate())
        proposed = services.version_propose(
            membership=coordinator, version=services.document_create(
                membership=coordinator, kind="custom", title="Proposed", body="Proposal"))
        draft = services.document_create(membership=coordinator, kind="custom",
                                         title="Draft", body="Draft words")
        old.refresh_from_db()
    return {"superseded": old, "adopted": adopted, "proposed": proposed, "draft": draft}


EDIT, COMMENT, VIEW, NONE = "edit", "comment", "view", "none"
# Who gets which level of the charter: the matrix of permissions.py before the decision point.
LEVELS = {
    "coordinator": EDIT, "chair": EDIT, "secretary": EDIT, "member": COMMENT,
    "case worker": COMMENT, "privacy officer": COMMENT, "observer": VIEW,
    "operational chair": VIEW, "no charter role": NONE, "ended": NONE, "outsider": NONE,
}
SEES = {EDIT: {"superseded", "adopted", "proposed", "draft"},
        COMMENT: {"superseded", "adopted", "proposed"}, VIEW: {"adopted"}, NONE: set()}


@pytest.mark.parametrize("who", list(LEVELS))
def test_each_actor_may_do_what_they_could_before(who, actors, texts, network_a):
    level = LEVELS[who]
    actor = actors[who]
    charter = Charter(network=network_a)
    with scope(network=network_a.pk):
        on_charter = {action: policy.decide(actor, action, charter, purpose="view").allowed
                      for action in ("charter.view", "charter.comment", "charter.edit",
                                     "charter.survey.answer")}
        assert on_charter == {"charter.view": level != NONE,
                              "charter.comment": level in (EDIT, COMMENT),
                              "charter.survey.answer": level in (EDIT, COMMENT),
                              "charter.edit": level == EDIT}
        for status, version in texts.items():
            seen = status in SEES[level]
            assert policy.decide(actor, "charter_version.view", version,
                                 purpose="view").allowed is seen, status
            assert policy.decide(actor, "charter_version.comment", version,
                                 purpose="view").allowed is (seen and level != VIEW)
            for action in ("charter_version.edit", "charter_version.propose",
                           "charter_version.adopt"):
                assert policy.decide(actor, action, version,
                                     purpose="view").allowed is (level == EDIT)
        # The list pre-filter agrees (the full agreement test is test_policy_agreement.py).
        assert set(selectors.versions_seen_by(actor, network_a).values_list(
            "status", flat=True)) == {texts[s].status for s in SEES[level]}


def test_every_decision_names_its_rule(actors, texts, network_a):
    charter = Charter(network=network_a)
    with scope(network=network_a.pk):
        def rule(who, action, resource):
            return policy.decide(actors[who], action, resource, purpose="view").rule

        assert rule("coordinator", "charter.edit", charter) == "charter.editor.coordinator"
        assert rule("chair", "charter.edit", charter) == "charter.editor.strategic_lead"
        assert rule("privacy officer", "charter_version.view",
                    texts["proposed"]) == "charter.member.version"
        assert rule("observer", "charter_version.view",
                    texts["adopted"]) == "charter.observer.version"
        assert rule("member", "charter.edit", charter) == "explain.charter.edit"
        assert rule("observer", "charter.comment", charter) == "explain.charter.comment"
        assert rule("member", "charter_version.view",
                    texts["draft"]) == "explain.charter.draft_hidden"
        assert rule("outsider", "charter.view", charter) == "limit.same_network"
        assert rule("ended", "charter.view", charter) == "limit.membership_active"


def test_a_refused_page_says_why_and_changes_nothing(member_client, network_a):
    response = member_client.post(reverse("charter:glossary", kwargs={"network": "rheinstadt"}),
                                  {"term": "Signal", "definition": "A first hint"})
    assert response.status_code == 403
    page = response.content.decode()
    assert EDITORS_ONLY.replace("'", "&#x27;") in page
    with scope(network=network_a.pk):
        assert not GlossaryTerm.objects.exists()


def test_a_refused_api_call_names_what_is_missing_and_the_rule(member, observer, texts,
                                                               network_a):
    refused = assert_problem(post_json(token_client(token_for(member)), f"{API}/levels",
                                       {"number": 1, "name": "Core", "admits": "Members"}), 403)
    assert refused["detail"] == EDITORS_ONLY
    assert refused["rule"] == "explain.charter.edit"
    proposed = texts["proposed"]
    comment = assert_problem(post_json(
        token_client(token_for(observer)),
        f"{API}/charter-documents/{proposed.document_id}/versions/1/comments", {"text": "Hi"}),
        403)
    assert comment["rule"] == "explain.charter.comment"
    assert comment["detail"] == ("Only members of the network read and write comments on "
                                 "proposed versions.")
    with scope(network=network_a.pk):
        assert not VersionComment.objects.exists()


def test_another_networks_document_is_404_on_pages_and_in_the_api(outsider, texts):
    client = factories.signed_in_client(outsider.user)
    api = token_client(token_for(outsider))
    adopted = texts["adopted"]
    # In A's address, and smuggled into the outsider's own network's address.
    for slug in ("rheinstadt", "polderdam"):
        for name, kwargs in (("document", {"pk": adopted.document_id}),
                             ("version", {"pk": adopted.document_id,
                                          "number": adopted.number}),
                             ("version-pdf", {"pk": adopted.document_id,
                                              "number": adopted.number})):
            page = client.get(reverse(f"charter:{name}", kwargs={"network": slug, **kwargs}))
            assert page.status_code == 404, (slug, name)
            assert b"Old words" not in page.content and b"New words" not in page.content
        problem = assert_problem(api.get(f"/api/v1/n/{slug}/charter-documents/"
                                         f"{adopted.document_id}"), 404)
        assert "rule" not in problem  # a 404 names no rule: the rules would tell it exists
    with scope(network=outsider.network_id), pytest.raises(policy.Denied) as denied:
        selectors.document_for(outsider, adopted.document_id)
    assert denied.value.status == 404


def test_observer_reads_adopted_texts_only_and_takes_no_part(observer, texts):
    api = token_client(token_for(observer))
    titles = {d["title"]: [v["status"] for v in d["versions"]]
              for d in api.get(f"{API}/charter-documents").json()["items"]}
    assert titles == {"Geschäftsordnung": ["adopted"]}
    client = factories.signed_in_client(observer.user)
    adopted = texts["adopted"]
    page = client.get(reverse("charter:version", kwargs={
        "network": "rheinstadt", "pk": adopted.document_id, "number": adopted.number}))
    assert b"New words" in page.content
    assert b'name="text"' not in page.content  # no comment form
    survey = client.post(reverse("charter:survey", kwargs={"network": "rheinstadt"}),
                         {"time": "hour"})
    assert survey.status_code == 403
    assert "Only members of the network answer the needs survey." in survey.content.decode()


def test_privacy_officer_reads_and_comments_on_proposals_as_a_member_does(network_a, texts):
    officer = factories.make_member(network_a, roles=(Role.PRIVACY_OFFICER,))
    api = token_client(token_for(officer))
    titles = {d["title"]: sorted(v["status"] for v in d["versions"])
              for d in api.get(f"{API}/charter-documents").json()["items"]}
    assert titles == {"Geschäftsordnung": ["adopted", "superseded"], "Proposed": ["proposed"]}
    proposed = texts["proposed"]
    url = f"{API}/charter-documents/{proposed.document_id}/versions/1/comments"
    assert post_json(api, url, {"text": "Name the retention period."}).status_code == 201
    assert [c["text"] for c in api.get(url).json()] == ["Name the retention period."]
    draft = texts["draft"]
    assert_problem(api.get(f"{API}/charter-documents/{draft.document_id}"), 404)
    assert_problem(post_json(api, f"{API}/goals", {"statement": "More"}), 403)
