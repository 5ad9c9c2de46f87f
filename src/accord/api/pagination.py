"""The API's one paginator: every list of a network is paged the same way."""

from ninja import Field
from ninja.pagination import LimitOffsetPagination


class Pages(LimitOffsetPagination):
    """Bounded limit and offset: a huge number is a 422, not a database overflow."""

    class Input(LimitOffsetPagination.Input):
        limit: int = Field(50, ge=1, le=200)
        offset: int = Field(0, ge=0, le=1_000_000)
