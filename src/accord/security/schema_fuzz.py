"""schemathesis against /api/v1/openapi.json, through the WSGI application (no server), signed in
with a real API token of network A's coordinator.

Each operation gets `max_examples` generated requests: valid ones with the network's slug and
real ids of A's objects in the path (so the handler runs, not only its 404), valid ones with
generated ids, and invalid ones to real objects. Every response goes through every check of
`schemathesis run --checks all`: no 5xx, no undocumented status or content type, the body
conforms to the schema, invalid data is refused, the token is required.
Then a stateful run chains operations along the links schemathesis infers from the schema.
Each operation runs in a savepoint that is rolled back, so a DELETE of the coordinator's own
membership cannot starve the operations after it.
"""

from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field

import hypothesis
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, given
from hypothesis import strategies as st
from schemathesis.checks import CHECKS as REGISTERED_CHECKS
from schemathesis.checks import load_all_checks
from schemathesis.generation.modes import GenerationMode

from accord.security.routes import NATURAL_VALUES, Param
from accord.security.world import World

# Statuses a schema-valid request may still get: the description cannot say which ids exist
# (404, or 422 naming the field), which state allows a step (409) or who may take it (403).
ACCEPTABLE_FOR_VALID_DATA = {401, 403, 404, 409, 422}
# Pydantic codes that mean "the description allows more than the schema layer accepts", i.e. a
# lie; what services refuse (unknown id in this network, a date in the future) is "invalid".
# "out_of_range": a date and time too close to the calendar's ends (documented on the field).
# confirmation_required: an irreversible step (cancel, mark held, approve) sent without
# {"confirm": true}; the body is optional in the schema on purpose, so that the refusal can say
# what to send rather than only that a field is missing.
REFUSED_FOR_A_REASON = {"invalid", "out_of_range", "confirmation_required"}


def valid_data_is_refused_only_for_a_reason(ctx, response, case) -> bool | None:
    """Stricter than schemathesis' positive_data_acceptance, which it replaces: a valid request
    may be refused by a service (422 "invalid", 409, 404), never by the schema layer, which
    would mean the description does not say what the API accepts."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return None
    status = response.status_code
    if 200 <= status < 300:
        return None
    assert status in ACCEPTABLE_FOR_VALID_DATA, f"Schema-valid request answered {status}"
    if status == 422:
        errors = (response.json() or {}).get("errors", [])
        lies = [f"{e.get('field')}: {e.get('code')}" for e in errors
                if e.get("code") not in REFUSED_FOR_A_REASON]
        assert not lies, f"Schema-valid request refused by the schema layer: {lies}"
    return None


def all_checks() -> list:
    """What `schemathesis run --checks all` runs: every registered check, among them
    status_code_conformance (no undocumented status), content_type_conformance,
    response_schema_conformance (no schema violation), negative_data_rejection and
    ignored_auth; positive_data_acceptance in the stricter form above."""
    load_all_checks()
    checks = [check for check in REGISTERED_CHECKS.get_all()
              if callable(check) and not isinstance(check, type)
              and check.__name__ != "positive_data_acceptance"]
    return [*checks, valid_data_is_refused_only_for_a_reason]


CHECKS = all_checks()
# Reads first, deletions last: an operation's writes are rolled back anyway, but its order
# decides what the stateful run finds in the database.
METHOD_ORDER = {"GET": 0, "POST": 1, "PUT": 2, "PATCH": 3, "DELETE": 4}


@dataclass
class SchemaReport:
    operations: int = 0
    examples: int = 0
    stateful_steps: int = 0
    findings: dict[str, str] = field(default_factory=dict)  # operation → first failure

    def summary(self) -> str:
        return (f"{self.operations} operations, {self.examples} examples, "
                f"{self.stateful_steps} stateful steps, {len(self.findings)} failing operations")


def load_schema():
    with same_connection():
        return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@contextmanager
def same_connection():
    """Keep the database connection across WSGI requests, as Django's test client does.

    schemathesis calls the WSGI application itself, whose request signals would close the
    connection (and with it a test's transaction) on PostgreSQL.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _real_path_parameters(operation, world: World) -> dict[str, str]:
    values = {}
    segments = [s for s in operation.path.split("/") if s]
    for index, segment in enumerate(segments):
        if not (segment.startswith("{") and segment.endswith("}")):
            continue
        name = segment[1:-1]
        before = segments[index - 1] if index else ""
        if name == "network":
            values[name] = world.a.slug
        elif name in NATURAL_VALUES:
            values[name] = NATURAL_VALUES[name]
        else:
            model = Param(name, "str", before).model
            ids = world.ids_a.get(model or "")
            if ids:
                values[name] = str(ids[-1])
    return values


def _failure_text(exc: BaseException) -> str:
    inner = getattr(exc, "exceptions", None) or [exc]
    # A custom check's own assertion is in `message`; its str() is only the check's title.
    return "; ".join(f"{type(e).__name__}: {str(e).strip().splitlines()[0][:300]}"
                     f"{' ' + str(e.message)[:300] if getattr(e, 'message', None) else ''}"
                     for e in inner)


def run_operations(world: World, *, max_examples: int, schema=None,
                   skip: Iterable[str] = ()) -> SchemaReport:
    """`skip`: "METHOD /path" of operations with a known, reported bug (tested on their own)."""
    schema = schema or load_schema()
    report = SchemaReport()
    headers = {"Authorization": f"Bearer {world.a_token}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    operations.sort(key=lambda op: (METHOD_ORDER.get(op.method.upper(), 9), op.path))
    for operation in operations:
        if f"{operation.method.upper()} {operation.path}" in skip:
            continue
        report.operations += 1
        real = _real_path_parameters(operation, world)
        # Both of `schemathesis run`'s modes: valid requests, and invalid ones (to A's real
        # objects, so that the refusal comes from the validation and not a 404).
        strategy = st.one_of(
            operation.as_strategy(path_parameters=real),
            operation.as_strategy(path_parameters={"network": world.a.slug}),
            operation.as_strategy(GenerationMode.NEGATIVE, path_parameters=real))
        label = f"{operation.method.upper()} {operation.path}"

        exercise = _exerciser(strategy, label, headers, max_examples, report)
        with same_connection(), transaction.atomic():
            exercise()
            transaction.set_rollback(True)
    return report


def _exerciser(strategy, label: str, headers: dict, max_examples: int, report: SchemaReport):
    @hypothesis.settings(max_examples=max_examples, deadline=None, database=None,
                         suppress_health_check=list(HealthCheck), derandomize=True,
                         phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate])
    @given(case=strategy)
    def exercise(case):
        report.examples += 1
        response = case.call(headers=headers)
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except (Exception, BaseExceptionGroup) as exc:  # keep the first failure
            report.findings.setdefault(
                label, f"{response.status_code} path={case.path_parameters} query={case.query} "
                       f"body={repr(case.body)[:200]} {_failure_text(exc)}")

    return exercise


def run_stateful(world: World, *, max_examples: int, steps: int, report: SchemaReport,
                 schema=None) -> None:
    """Chains of calls along the schema's inferred links (create, then read, change, delete)."""
    schema = schema or load_schema()
    headers = {"Authorization": f"Bearer {world.a_token}"}
    base = schema.as_state_machine()

    class Machine(base):
        def get_call_kwargs(self, case):
            return {"headers": headers}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            report.stateful_steps += 1
            try:
                case.validate_response(response, checks=CHECKS, headers=headers)
            except (Exception, BaseExceptionGroup) as exc:
                report.findings.setdefault(
                    f"stateful {case.method.upper()} {case.path}",
                    f"{response.status_code} {_failure_text(exc)}")

    with same_connection(), transaction.atomic():
        Machine.run(settings=hypothesis.settings(
            max_examples=max_examples, stateful_step_count=steps, deadline=None,
            database=None, derandomize=True, suppress_health_check=list(HealthCheck)))
        transaction.set_rollback(True)
