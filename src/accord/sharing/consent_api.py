"""The API of consents and the disclosure register: /api/v1/n/{network}/cases/{id}/consents,
…/consents/{consent_id}/withdraw, …/cases/{id}/disclosures and /api/v1/n/{network}/disclosures.
Same selectors, services and policy as the pages; strict inputs (unknown fields refused);
another network's case is a 404."""

import base64
import binascii
from datetime import date, datetime
from typing import Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from accord import policy
from accord.api.pagination import Pages
from accord.api.schemas import ObjectId, OrganisationRef, PlainText, StrictInput
from accord.cases import selectors as case_selectors
from accord.sharing import consent_selectors as selectors
from accord.sharing import consent_services as services
from accord.sharing import disclosures
from accord.sharing.consent_facets import network_today
from accord.sharing.models import Consent
from accord.tenancy.models import Membership

router = Router()
network_router = Router(tags=["consents and disclosures"])

class WrittenFormIn(StrictInput):
    name: str = Field(..., min_length=1, max_length=120, description="e.g. consent.pdf")
    content_base64: str = Field(..., min_length=4, max_length=3_000_000,
                                description="The file, base64: a PDF, PNG or JPEG.")


class ConsentIn(StrictInput):
    given_by: Literal["person", "guardian"]
    organisation_ids: list[ObjectId] = Field(..., min_length=1, max_length=100)
    categories: list[str] = Field(..., min_length=1, max_length=20)
    purposes: list[str] = Field(..., min_length=1, max_length=10)
    given_on: date
    expires_on: date | None = None
    written_form: WrittenFormIn | None = None


class WithdrawIn(StrictInput):
    reason: PlainText(2000, multiline=True)


class ConsentOut(Schema):
    id: int
    case_id: int
    given_by: str
    organisation_ids: list[int]
    categories: list[str]
    purposes: list[str]
    given_on: date
    expires_on: date | None
    active: bool
    withdrawn_at: datetime | None
    withdrawal_reason: str
    has_written_form: bool
    recorded_at: datetime


class DisclosureOut(Schema):
    id: int
    case_id: int
    case_reference: str
    category: str
    source_organisation: OrganisationRef
    recipient_id: int
    recipient_organisation: OrganisationRef
    purpose: str
    channel: str
    rule: str
    basis: str
    effect: str
    day: date
    first_at: datetime
    last_at: datetime
    count: int

    @staticmethod
    def resolve_case_reference(obj) -> str:
        return obj.case.reference


def _consent_out(consent: Consent, today: date) -> dict:
    return {"id": consent.pk, "case_id": consent.case_id, "given_by": consent.given_by,
            "organisation_ids": consent.organisations, "categories": consent.categories,
            "purposes": consent.purposes, "given_on": consent.given_on,
            "expires_on": consent.expires_on, "active": consent.is_active(today),
            "withdrawn_at": consent.withdrawn_at,
            "withdrawal_reason": consent.withdrawal_reason,
            "has_written_form": bool(consent.written_form), "recorded_at": consent.recorded_at}


def _case(request, case_id: int):
    return case_selectors.case_for(request.membership, case_id, action="case.view", purpose="api")


def _written_form(payload: WrittenFormIn | None):
    if payload is None:
        return None
    try:
        content = base64.b64decode(payload.content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise DjangoValidationError({"written_form": _("The file is not valid base64.")},
                                    code="file_encoding") from None
    return services.check_written_form(payload.name, content)


@network_router.get("/cases/{case_id}/consents", response=list[ConsentOut],
                    summary="A case's consents")
def consent_list(request, network: Path[str], case_id: ObjectId):
    case = _case(request, case_id)
    lines = selectors.consents_for_case(request.membership, case, purpose="api")
    today = network_today(case.network.time_zone)
    return [_consent_out(line.consent, today) for line in lines]


@network_router.post("/cases/{case_id}/consents", response={201: ConsentOut},
                     summary="Record a consent")
def consent_create(request, network: Path[str], case_id: ObjectId, payload: ConsentIn):
    case = _case(request, case_id)
    policy.require(request.membership, "case.manage", case, purpose="case_work")
    consent = services.consent_record(
        membership=request.membership, case=case, given_by=payload.given_by,
        organisation_ids=payload.organisation_ids, categories=payload.categories,
        purposes=payload.purposes, given_on=payload.given_on, expires_on=payload.expires_on,
        written_form=_written_form(payload.written_form))
    return Status(201, _consent_out(consent, network_today(case.network.time_zone)))


@network_router.post("/cases/{case_id}/consents/{consent_id}/withdraw", response=ConsentOut,
                     summary="Withdraw a consent, at once")
def consent_withdraw(request, network: Path[str], case_id: ObjectId, consent_id: ObjectId,
                     payload: WithdrawIn):
    case = _case(request, case_id)
    consent = selectors.consent_for(request.membership, case, consent_id, purpose="api")
    consent = services.consent_withdraw(membership=request.membership, consent=consent,
                                        reason=payload.reason)
    return _consent_out(consent, network_today(case.network.time_zone))


@network_router.get("/cases/{case_id}/disclosures", response=list[DisclosureOut],
                    summary="Who was shown this case's data")
@paginate(Pages)
def case_disclosures(request, network: Path[str], case_id: ObjectId):
    case = case_selectors.case_for(request.membership, case_id, action="case.see", purpose="api")
    return disclosures.disclosures_for_case(request.membership, case, purpose="api")


@network_router.get("/disclosures", response=list[DisclosureOut],
                    summary="The network's disclosure register")
@paginate(Pages)
def disclosure_list(request, network: Path[str], case: str = Query("", max_length=40),
                    member: ObjectId | None = None, category: str = Query("", max_length=40),
                    date_from: date | None = None, date_to: date | None = None):
    recipient = None
    if member is not None:
        recipient = Membership.objects.filter(network=request.network, pk=member).first()
        if recipient is None:
            raise DjangoValidationError({"member": _("No member of this network has this id.")})
    filters = disclosures.DisclosureFilters(case_reference=case, recipient=recipient,
                                            category=category, date_from=date_from,
                                            date_to=date_to)
    return disclosures.disclosures_of_network(request.membership, filters, purpose="api")


router.add_router("/n/{network}/", network_router)
