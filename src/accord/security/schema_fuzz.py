"""schemathesis against /api/v1/openapi.json, through the WSGI application (no server), signed in
with a real API token of network A's coordinator.

Each operation gets `max_examples` generated requests: half with the network's slug and real ids
of A's objects in the path (so the handler runs, not only its 404), half with generated ids.
Every response is checked: no 5xx, and the body conforms to the schema for its status code.
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
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from accord.security.routes import NATURAL_VALUES, Param
from accord.security.world import World

CHECKS = [not_a_server_error, response_schema_conformance]
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
    return "; ".join(f"{type(e).__name__}: {str(e).strip().splitlines()[0][:300]}"
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
        strategy = st.one_of(operation.as_strategy(path_parameters=real),
                             operation.as_strategy(path_parameters={"network": world.a.slug}))
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
            case.validate_response(response, checks=CHECKS)
        except (Exception, BaseExceptionGroup) as exc:  # keep the first failure
            report.findings.setdefault(
                label, f"{response.status_code} path={case.path_parameters} "
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
                case.validate_response(response, checks=CHECKS)
            except (Exception, BaseExceptionGroup) as exc:
                report.findings.setdefault(
                    f"stateful {case.method.upper()} {case.path}",
                    f"{response.status_code} {_failure_text(exc)}")

    with same_connection(), transaction.atomic():
        Machine.run(settings=hypothesis.settings(
            max_examples=max_examples, stateful_step_count=steps, deadline=None,
            database=None, derandomize=True, suppress_health_check=list(HealthCheck)))
        transaction.set_rollback(True)
