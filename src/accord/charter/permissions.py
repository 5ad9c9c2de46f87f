"""COMPATIBILITY ONLY, for meetings/services/charter_link.py (check_adoptable), which another
change moves to accord.policy (`policy.decide(membership, "charter_version.adopt", version,
purpose="charter")`). Nothing in the charter app uses this module: who may do what with the
charter is policies/charter.cedar. Delete this module together with that change."""

from enum import IntEnum


class Access(IntEnum):
    NONE = 0
    READ = 1
    COMMENT = 2
    EDIT = 3


def charter_access(membership) -> Access:
    """The old levels, read from the policy's answers on the network's charter."""
    from accord.charter.policy_entities import Charter
    from accord.charter.selectors import charter_permits

    if membership is None:
        return Access.NONE
    permits = charter_permits(membership, Charter(network=membership.network), "charter.edit",
                              "charter.comment", "charter.view", purpose="charter")
    if permits["charter.edit"]:
        return Access.EDIT
    if permits["charter.comment"]:
        return Access.COMMENT
    return Access.READ if permits["charter.view"] else Access.NONE
