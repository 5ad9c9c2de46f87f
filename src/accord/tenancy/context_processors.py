from accord.tenancy.selectors import memberships_of_user


def network(request):
    """The active network and the networks the user may switch to, for the page header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "network": getattr(request, "network", None),
        "membership": getattr(request, "membership", None),
        "my_memberships": lambda: memberships_of_user(user=user),
    }
