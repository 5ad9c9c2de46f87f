from accord.tenancy.selectors import memberships_of_user


class NetworkPermissions:
    """`may.body_manage` in a template: does the policy permit body.manage on the active
    network? Asked of accord.policy on first use and kept for the page, so links and buttons
    follow the same rules as the views they lead to."""

    def __init__(self, membership, network):
        self._membership, self._network = membership, network
        self._decided: dict[str, bool] = {}

    def __getitem__(self, name: str) -> bool:
        if name not in self._decided:
            from accord import policy

            action = name.replace("_", ".", 1)
            self._decided[name] = (
                self._membership is not None and self._network is not None
                and policy.decide(self._membership, action, self._network,
                                  purpose="view").allowed)
        return self._decided[name]

    def __contains__(self, name: str) -> bool:
        return True


def network(request):
    """The active network and the networks the user may switch to, for the page header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    membership = getattr(request, "membership", None)
    active = getattr(request, "network", None)
    return {
        "network": active,
        "membership": membership,
        "may": NetworkPermissions(membership, active),
        "my_memberships": lambda: memberships_of_user(user=user),
    }
