"""Typing a member's name: control characters (NUL above all) are a form error, never a query."""

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope

from accord.tenancy.fields import MemberField, MultiMemberField
from accord.tenancy.models import Membership


@pytest.mark.parametrize("typed", ["\x00", "Anna\x00", "\x1b[31m", "Beratung\x7f"])
def test_a_name_with_control_characters_is_not_found_and_never_queried(member, typed):
    with scope(network=member.network_id):
        members = Membership.objects.filter(network=member.network)
        single = MemberField(queryset=members)
        several = MultiMemberField(queryset=members)

        with pytest.raises(ValidationError):
            single.clean(typed)
        with pytest.raises(ValidationError) as several_error:
            several.clean(f"{member.user.email}, {typed}")

    assert "\x00" not in str(several_error.value.messages)


def test_a_typed_e_mail_address_still_finds_the_member(member):
    with scope(network=member.network_id):
        members = Membership.objects.filter(network=member.network)
        assert MemberField(queryset=members).clean(member.user.email) == member
        assert MultiMemberField(queryset=members).clean(member.user.email.upper()) == [member]
