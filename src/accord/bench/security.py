"""`accord bench security`: the full security suite, beyond what `make test` can afford.

The same checks as src/accord/core/tests/test_tenant_isolation.py, test_hostile_input.py and
src/accord/api/tests/test_schemathesis.py, with every id of every model and many more examples.
It runs in a throwaway test database (created, migrated and destroyed here, next to the one
DATABASE_URL names), so it never touches real data. Exit status 1 when anything is found.

To wire it in the bench command (owned by the bench helper):

    security = commands.add_parser("security", help="the full security suite")
    accord.bench.security.add_arguments(security)
    ...
    def _security(self, **options):
        return accord.bench.security.run(**options, log=self.stdout.write)
"""

import json
import time
from collections.abc import Callable

from django.db import connection
from django.test.utils import setup_test_environment, teardown_test_environment


def add_arguments(parser) -> None:
    parser.add_argument("--ids-per-model", type=int, default=0,
                        help="ids of each model per route (0: every id)")
    parser.add_argument("--examples", type=int, default=50,
                        help="hypothesis examples per form, API body and API operation")
    parser.add_argument("--stateful-examples", type=int, default=50)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")


def run(*, ids_per_model: int = 0, examples: int = 50, stateful_examples: int = 50,
        log: Callable[[str], None] = print, **options) -> int:
    """Run every part; `options["json"]` (the --json flag) prints the results as JSON."""
    from django.test import Client

    from accord.security.hostile import run_api_bodies, run_forms
    from accord.security.isolation import IsolationFuzz
    from accord.security.routes import Catalogue
    from accord.security.schema_fuzz import load_schema, run_operations, run_stateful
    from accord.security.world import build_world

    results: dict = {}
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.monotonic()
        world = build_world()
        catalogue = Catalogue(Client())
        log("Tenant isolation …")
        isolation = IsolationFuzz(world, catalogue, per_model=ids_per_model or None,
                                  api_by_session=True).run()
        results["isolation"] = {"summary": isolation.summary(), "findings": isolation.findings,
                                "routes": isolation.tried, "requests": isolation.requests}
        log(f"  {isolation.summary()}")
        log("schemathesis …")
        schema = load_schema()
        report = run_operations(world, max_examples=examples, schema=schema)
        run_stateful(world, max_examples=stateful_examples, steps=10, report=report,
                     schema=schema)
        results["schemathesis"] = {"summary": report.summary(), "findings": report.findings}
        log(f"  {report.summary()}")
        log("Hostile input …")
        forms = run_forms(world, catalogue, max_examples=examples)
        bodies = run_api_bodies(world, max_examples=examples)
        results["hostile"] = {"summary": f"{forms.summary()}; {bodies.summary()}",
                              "findings": forms.findings + bodies.findings}
        log(f"  {forms.summary()}; {bodies.summary()}")
        results["seconds"] = round(time.monotonic() - started)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    found = sum(len(part["findings"]) for part in results.values() if isinstance(part, dict))
    if options.get("json"):
        print(json.dumps(results, indent=2, default=str))
    else:
        for part, result in results.items():
            if isinstance(result, dict):
                for finding in result["findings"]:
                    log(f"{part}: {finding}")
    log(f"{found} findings in {results.get('seconds', '?')} s.")
    return 1 if found else 0
