"""`GET /api/v1/n/{network}/cases/{case_id}/identity`: the decrypted identity, through the
same decision point, access log and disclosure register as the page. Refused: the policy's
403 with its reason; another network's case: 404; erased: 410."""

from django.utils.translation import gettext as _
from ninja import Path, Router, Schema

from accord.api.errors import problem_response
from accord.api.schemas import ObjectId
from accord.policy import Denied
from accord.vault import selectors

router = Router(tags=["vault"])


class GuardianOut(Schema):
    name: str
    relationship: str
    phone: str
    address: str


class IdentityOut(Schema):
    names: list[str]
    aliases: list[str]
    birth_date: str | None
    addresses: list[str]
    phones: list[str]
    identifiers: list[str]
    is_minor: bool
    guardian: GuardianOut | None = None


@router.get("/cases/{case_id}/identity", response=IdentityOut,
            summary="The identity of a case's person, if the sharing regime allows it")
def identity_get(request, network: Path[str], case_id: ObjectId):
    case = selectors.case_for(request.membership, case_id, purpose="api")
    reading = selectors.identity_read(request.membership, case, channel="api")
    if not reading.allowed:
        raise Denied(reading.decision, hidden=False)
    if reading.erased:
        return problem_response(request, 410, "erased", detail=_(
            "This identity was erased: its key was destroyed."))
    if reading.identity is None:
        return problem_response(request, 404, "not_found", detail=_(
            "No identity has been recorded for this case."))
    return {**reading.identity, "is_minor": reading.subject.is_minor,
            "guardian": reading.guardian}
