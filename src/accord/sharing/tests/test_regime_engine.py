"""The decision point's side of the regime: network rules from a registered source, checked
like the files, cached per (network, version, action), asked only for their actions; a
denial's message filled from the rule's @detail_ annotations, in the reader's language."""

import pytest
from django.utils import translation
from django_scopes import scope

from accord.policy import decide, engine
from accord.policy.loading import PolicyFileError
from accord.policy.messages import message
from accord.tenancy.models import Role
from accord.testing import factories

PERMIT = '''@id("test.network.permit")
@basis("test basis")
@form("anonymised")
permit (principal is Member, action == Action::"network.administer", resource is Network)
when { principal.roles.contains("member") };'''


def test_a_message_is_filled_from_the_rules_details_in_the_readers_language():
    params = {"category": "health", "sector": "police"}
    assert str(message("sharing.no_consent", params)) == (
        "No consent covers \u201cHealth data\u201d for Police and security.")
    assert "{clearance}" in str(message("sharing.clearance_required", params))
    with translation.override("de"):
        german = str(message("sharing.no_consent", params))
    assert german and "{" not in german


@pytest.mark.parametrize("text, reason", [
    ('@id("x")\nforbid (principal, action, resource);', "@missing"),
    ('@id("x")\n@missing("no.such.key")\nforbid (principal, action, resource);', "no message"),
    ('@id("x")\npermit (principal is Member, action == Action::"case_data.read", '
     'resource is CaseRecord) when { resource.colour == "red" };', "validate"),
    ('permit (principal, action, resource);', "@id"),
])
def test_a_text_that_would_not_load_as_a_file_is_refused_with_the_reason(text, reason):
    with pytest.raises(PolicyFileError) as refused:
        engine.check_policy_text(text)
    assert reason in str(refused.value)


@pytest.fixture
def source(db):
    network = factories.make_network()
    member = factories.make_member(network, roles=(Role.MEMBER,))
    calls = []
    state = {"key": "v1", "text": PERMIT}

    def network_rules(network_id):
        calls.append(network_id)
        return (state["key"], state["text"], "") if network_id == network.pk else None

    engine.register_policy_source(network_rules, actions=["network.administer"])
    try:
        with scope(network=network.pk):
            yield network, member, calls, state
    finally:
        engine._policy_sources.remove((network_rules, frozenset(["network.administer"])))
        engine._network_sets.clear()


def test_a_network_rule_decides_with_its_id_basis_and_form(source):
    network, member, calls, _ = source
    decision = decide(member, "network.administer", network, purpose="administer")
    assert (decision.allowed, decision.rule, decision.basis, decision.form) == (
        True, "test.network.permit", "test basis", "anonymised")
    assert calls == [network.pk]
    # Another action never asks the source.
    decide(member, "network.view", network, purpose="view")
    assert calls == [network.pk]


def test_a_new_version_is_read_and_the_same_version_is_kept(source):
    network, member, _, state = source
    decide(member, "network.administer", network, purpose="administer")
    kept = len(engine._network_sets)
    decide(member, "network.administer", network, purpose="administer")
    assert len(engine._network_sets) == kept
    state["key"], state["text"] = "v2", ""
    refused = decide(member, "network.administer", network, purpose="administer")
    assert not refused.allowed and refused.rule == "explain.network.administer"


def test_a_network_text_that_no_longer_validates_refuses_everything(source):
    network, member, _, state = source
    state["key"], state["text"] = "broken", PERMIT.replace('"member"', "42")
    decision = decide(member, "network.administer", network, purpose="administer")
    assert not decision.allowed and decision.rule == "policy.error"
