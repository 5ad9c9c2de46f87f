"""`/api/v1/me`: the caller and the networks they may enter (no network in the path)."""

from ninja import Router

from accord.api.schemas import MeOut
from accord.tenancy.selectors import memberships_entering

router = Router(tags=["me"])


@router.get("/me", response=MeOut, summary="The signed-in person and their networks")
def me(request):
    memberships = memberships_entering(user=request.user, purpose="api")
    token = getattr(request, "api_token", None)
    if token is not None:
        # A token belongs to one membership and says nothing about the person's other networks.
        memberships = [m for m in memberships if m.pk == token.membership_id]
    user = request.user
    return {"id": user.pk, "email": user.email, "full_name": user.full_name,
            "language": user.language, "networks": memberships}
