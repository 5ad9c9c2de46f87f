"""What the decision point answers: an effect, the rule that decided, and why."""

from dataclasses import dataclass
from enum import StrEnum


class Effect(StrEnum):
    PERMIT = "permit"
    DENY = "deny"
    # Permitted only after a person looks (e.g. break-glass access): a page asks first.
    REVIEW = "review"


@dataclass(frozen=True, slots=True)
class Decision:
    effect: Effect
    action: str
    purpose: str
    # The @id of the Cedar policy that decided; for a denial no policy permitted, the id of
    # the explanation rule that says what was missing (or "default.deny").
    rule: str
    # The legal basis a permitting rule names (@basis), e.g. a decree's article.
    basis: str = ""
    # For a denial: the key of the message that says what is missing (policy.messages).
    missing: str = ""
    resource_type: str = ""
    resource_id: str = ""
    # For a denial by a rule that forbids until a condition is met (e.g. "step_up"): the
    # condition. The act is otherwise permitted, so a page may offer it and ask on the way.
    awaits: str = ""
    # For a permit: the form the data may be shown in (identified / pseudonymised /
    # anonymised), as the permitting rule says (@form); empty when the rule says nothing.
    form: str = ""
    # For a denial: the parameters of its message, from the rule's @detail_<name>
    # annotations, e.g. (("category", "health"), ("sector", "police")).
    details: tuple[tuple[str, str], ...] = ()

    @property
    def allowed(self) -> bool:
        return self.effect == Effect.PERMIT

    @property
    def reason(self) -> str:
        """What is missing, in the active language (empty for a permit)."""
        from accord.policy.messages import message

        if self.allowed:
            return ""
        if self.effect == Effect.REVIEW:
            # Nothing is missing that the reader could supply: a person must look first.
            return str(message("review_needed", {"basis": self.basis}))
        return str(message(self.missing, dict(self.details)))


class Denied(Exception):
    """A `require` that did not permit. `hidden` when the reader may not know the object
    exists: then the answer is a 404, otherwise a 403 that says what is missing."""

    def __init__(self, decision: Decision, *, hidden: bool):
        super().__init__(decision.rule)
        self.decision = decision
        self.hidden = hidden

    @property
    def status(self) -> int:
        return 404 if self.hidden else 403
