"""The decision point answers with the rule that decided and, for a denial, what is missing;
policies that do not parse or validate refuse to load, naming file, line and reason."""

from pathlib import Path

import pytest
from django.utils import translation
from django_scopes import scope

from accord.policy import Denied, Effect, decide, decide_many, require
from accord.policy.loading import POLICY_DIR, PolicyFileError, load
from accord.tenancy.models import Role
from accord.testing import factories


@pytest.fixture
def world(db):
    network = factories.make_network()
    other = factories.make_network()
    coordinator = factories.make_member(network, roles=[Role.COORDINATOR])
    member = factories.make_member(network, roles=[Role.MEMBER])
    outsider = factories.make_member(other, roles=[Role.COORDINATOR])
    with scope(network=network.pk):
        yield network, other, coordinator, member, outsider


def test_a_permit_names_its_rule(world):
    network, _, coordinator, _, _ = world
    decision = decide(coordinator, "network.administer", network, purpose="administer")
    assert decision.effect == Effect.PERMIT
    assert decision.rule == "network.administer.coordinator"
    assert decision.reason == ""


def test_a_denial_says_what_is_missing_in_the_readers_language(world):
    network, _, _, member, _ = world
    decision = decide(member, "network.administer", network, purpose="administer")
    assert decision.effect == Effect.DENY
    assert decision.rule == "explain.network.administer"
    english = decision.reason
    assert "coordinators" in english
    with translation.override("de"):
        assert decision.reason not in ("", english)


def test_another_networks_object_is_denied_by_the_absolute_limit(world):
    network, _, _, _, outsider = world
    decision = decide(outsider, "network.administer", network, purpose="administer")
    assert decision.rule == "limit.same_network"
    with pytest.raises(Denied) as denied:
        require(outsider, "network.administer", network, purpose="administer")
    assert denied.value.status == 404


def test_a_member_who_may_see_the_object_gets_403_with_the_reason(world):
    network, _, _, member, _ = world
    with pytest.raises(Denied) as denied:
        require(member, "network.administer", network, purpose="administer")
    assert denied.value.status == 403


def test_an_ended_membership_opens_nothing(world):
    from django.utils import timezone

    network, _, coordinator, _, _ = world
    coordinator.active_until = timezone.now()
    coordinator.save()
    coordinator.__dict__.pop("_policy_principal", None)
    decision = decide(coordinator, "network.view", network, purpose="view")
    assert decision.rule == "limit.membership_active"


def test_unknown_action_and_unknown_purpose_are_denied_with_the_reason(world):
    network, _, coordinator, _, _ = world
    assert decide(coordinator, "network.explode", network, purpose="view").rule == \
        "policy.unknown_action"
    decision = decide(coordinator, "network.view", network, purpose="curiosity")
    assert (decision.effect, decision.rule) == (Effect.DENY, "policy.unknown_purpose")
    assert decision.reason


def test_anonymous_is_denied(world):
    network = world[0]
    assert decide(None, "network.view", network, purpose="view").rule == "policy.anonymous"


def test_decide_many_answers_each_resource_in_order(world, django_assert_max_num_queries):
    network, other, coordinator, _, _ = world
    with django_assert_max_num_queries(1):
        decisions = decide_many(coordinator, "network.view", [network, other, network],
                                purpose="view")
    assert [d.effect for d in decisions] == [Effect.PERMIT, Effect.DENY, Effect.PERMIT]


def _policies(tmp_path: Path, policy: str) -> Path:
    (tmp_path / "explain").mkdir(parents=True)
    (tmp_path / "base.cedarschema").write_text((POLICY_DIR / "base.cedarschema").read_text())
    (tmp_path / "rules.cedar").write_text(policy)
    return tmp_path


def test_a_policy_that_does_not_validate_names_file_line_and_reason(tmp_path):
    directory = _policies(tmp_path, '@id("a")\npermit (principal, action, resource);\n\n'
                                    '@id("b")\npermit (principal is Member, action, resource)\n'
                                    'when { principal.shoe_size > 3 };\n')
    with pytest.raises(PolicyFileError) as error:
        load(directory)
    assert (error.value.path.name, error.value.line) == ("rules.cedar", 4)
    assert "shoe_size" in error.value.reason


def test_a_policy_that_does_not_parse_names_its_line(tmp_path):
    directory = _policies(tmp_path, '// a comment; with a semicolon\n@id("a")\n'
                                    'permit (principal, action, resource) when { 1 + };\n')
    with pytest.raises(PolicyFileError) as error:
        load(directory)
    assert error.value.line == 2
    assert "parse" in error.value.reason


def test_a_policy_without_an_id_or_with_a_duplicate_id_refuses_to_load(tmp_path):
    with pytest.raises(PolicyFileError, match="@id"):
        load(_policies(tmp_path / "one", "permit (principal, action, resource);"))
    with pytest.raises(PolicyFileError, match="already used"):
        load(_policies(tmp_path / "two", '@id("a")\npermit (principal, action, resource);\n'
                                         '@id("a")\nforbid (principal, action, resource);'))


def test_a_forbid_without_a_reason_and_an_unknown_message_refuse_to_load(tmp_path):
    with pytest.raises(PolicyFileError, match="forbid"):
        load(_policies(tmp_path / "one", '@id("a")\nforbid (principal, action, resource);'))
    with pytest.raises(PolicyFileError, match="names no message"):
        load(_policies(tmp_path / "two", '@id("a")\n@missing("shrug")\n'
                                         'forbid (principal, action, resource);'))


def test_the_installed_policies_load(db):
    engine = load()
    assert "network.view" in engine.actions
    assert {rule.id for rule in engine.decisions.rules.values()} >= {"limit.same_network"}
