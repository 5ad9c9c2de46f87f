"""The audit trail of one network: `/api/v1/n/{network}/audit/…`, for its coordinators and
privacy officers (others: 403; another network: 404, from the scope middleware).

`GET …/audit/reads?object_type=…&object_id=…` answers "who read this" exactly: every recorded
read of one object, folded into the chain or still waiting, newest first.
"""

from datetime import datetime
from typing import Annotated, Literal

from django.apps import apps
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from accord.api.pagination import Pages
from accord.api.schemas import NETWORK, OrganisationRef, PlainText
from accord.api.security import PolicyAuth
from accord.audit.models import Effect
from accord.audit.selectors import access_reads

router = Router(tags=["audit"])


def _object_types() -> tuple[str, ...]:
    """Every Accord model, named as the audit log names it (the page offers the same)."""
    return tuple(sorted(model._meta.label_lower for model in apps.get_models()
                        if model.__module__.startswith("accord.")))


# An enum in the description, so a client (and the schema fuzzer) knows exactly what is
# accepted; anything else is a 422 from the schema layer.
ObjectType = Annotated[Literal[_object_types()], Field(
    description="The object's type as the audit log names it: `app.model`, e.g. "
                "`meetings.minuteentry`.", examples=["meetings.minuteentry"])]


class ReadsQuery(Schema):
    object_type: ObjectType
    object_id: PlainText(80) = Field(..., description="The object's id, matched exactly.",
                                     examples=["12"])


class ReaderOut(Schema):
    member_id: int | None = Field(description="The membership that read (none for a guest).")
    full_name: str


class ReadOut(Schema):
    id: int
    at: datetime
    reader: ReaderOut
    organisation: OrganisationRef | None
    object_type: str
    object_id: str
    categories: list[str]
    purpose: str
    effect: Effect
    rule: str
    folded: bool = Field(description="Folded into the network's audit chain already.")

    @staticmethod
    def resolve_reader(record) -> dict:
        name = (record.user.full_name or record.user.email) if record.user else record.actor_label
        return {"member_id": record.membership_id, "full_name": name}

    @staticmethod
    def resolve_folded(record) -> bool:
        return record.batch_id is not None


@router.get("/audit/reads", response=list[ReadOut], auth=PolicyAuth("audit.view"),
            summary="Who read this: every recorded read of one object (auditors)")
@paginate(Pages)
def read_list(request, filters: Query[ReadsQuery], network: str = NETWORK):
    return access_reads(membership=request.membership, object_type=filters.object_type,
                        object_id=filters.object_id)
