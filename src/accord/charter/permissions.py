"""Who may do what with the charter (issue 3, "Who may do what"), in one place.

Coordinators and the chair or secretary of a strategic body edit; members read adopted texts
and comment on proposed ones; observers read adopted texts; anyone else does not see the charter
at all (404, existence is information).
"""

from enum import IntEnum

from accord.charter.models import CharterVersion, VersionStatus
from accord.tenancy.models import BodyKind, BodyMembership, BodyRole, Membership, Role


class Access(IntEnum):
    NONE = 0
    READ = 1  # observers: adopted texts only
    COMMENT = 2  # members: adopted texts, proposed texts and comments on them
    EDIT = 3  # coordinators, chair and secretary of a strategic body


def _leads_strategic_body(membership: Membership) -> bool:
    return BodyMembership.objects.filter(
        membership=membership, body__kind=BodyKind.STRATEGIC,
        role__in=[BodyRole.CHAIR, BodyRole.SECRETARY],
    ).exists()


def charter_access(membership: Membership | None) -> Access:
    if membership is None or not membership.is_active:
        return Access.NONE
    if membership.is_coordinator or _leads_strategic_body(membership):
        return Access.EDIT
    if membership.has_role(Role.MEMBER, Role.CASE_WORKER, Role.PRIVACY_OFFICER):
        return Access.COMMENT
    if membership.has_role(Role.OBSERVER):
        return Access.READ
    return Access.NONE


def visible_statuses(access: Access) -> list[str]:
    if access >= Access.EDIT:
        return list(VersionStatus.values)
    if access >= Access.COMMENT:
        return [VersionStatus.PROPOSED, VersionStatus.ADOPTED, VersionStatus.SUPERSEDED]
    if access >= Access.READ:
        return [VersionStatus.ADOPTED]
    return []


def may_see_version(access: Access, version: CharterVersion) -> bool:
    return version.status in visible_statuses(access)


def may_comment(access: Access, version: CharterVersion) -> bool:
    return access >= Access.COMMENT and version.status == VersionStatus.PROPOSED
