from django.shortcuts import render

from accord.tenancy import selectors


def home(request, network: str):
    """The network's home: the user's bodies and what is next for them."""
    return render(request, "tenancy/home.html", {
        "body_memberships": selectors.bodies_of_membership(membership=request.membership),
    })


def members(request, network: str):
    return render(request, "tenancy/members.html", {
        "members": selectors.network_members(network=request.network),
    })


def organisations(request, network: str):
    return render(request, "tenancy/organisations.html", {
        "organisations": selectors.network_organisations(network=request.network),
    })


def bodies(request, network: str):
    return render(request, "tenancy/bodies.html", {
        "bodies": selectors.network_bodies(network=request.network),
    })
