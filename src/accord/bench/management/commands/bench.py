"""`accord bench seed | run | measure | load | faults | paper | security`: scale data,
the benchmark, the load test, the fault suite, the peak memory of serving a paper and the
full security suite.

Thin: the work is in accord.bench.seeding, accord.bench.measure, accord.bench.load and
accord.bench.security.
"""

import json
import os
import sys

from django.core.management.base import BaseCommand, CommandError

from accord.bench import security as bench_security
from accord.bench.faults.run import FAULTS
from accord.bench.seeding.shape import LARGE, Profile


class Command(BaseCommand):
    help = "Benchmark tools: seed scale data, measure pages and endpoints, run a load test."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="subcommand", required=True, metavar="COMMAND")
        seed = commands.add_parser(
            "seed", help="fill an empty, migrated PostgreSQL database with fictional networks")
        seed.add_argument("--networks", type=int, default=LARGE["networks"])
        seed.add_argument("--meetings", type=int, default=LARGE["meetings"])
        seed.add_argument("--audit-events", type=int, default=LARGE["audit_events"])
        seed.add_argument("--seed", type=int, default=1, help="random seed (same seed, same data)")
        seed.add_argument("--small", action="store_true",
                          help="1 %% of the large profile (overrides the three sizes)")
        seed.add_argument("--quiet", action="store_true", help="no progress bars")

        run = commands.add_parser(
            "run", help="measure every target at one or two profiles; write docs/benchmarks.md")
        run.add_argument("--json", action="store_true", help="print the results as JSON")
        run.add_argument("--profile-small", metavar="URL", help="DATABASE_URL of the small profile")
        run.add_argument("--profile-large", metavar="URL", help="DATABASE_URL of the large profile")
        run.add_argument("--requests", type=int, default=30, help="timed requests per target")
        run.add_argument("--report", default="docs/benchmarks.md",
                         help="Markdown report to write ('' for none)")

        measure = commands.add_parser(
            "measure", help="measure the database DATABASE_URL names (one profile) as JSON")
        measure.add_argument("--requests", type=int, default=30)
        measure.add_argument("--out", default="-", help="file for the JSON (default stdout)")

        load = commands.add_parser(
            "load", help="gunicorn on 127.0.0.1 and simulated members: 80 %% reads, 20 %% writes")
        load.add_argument("--users", type=int, default=50)
        load.add_argument("--minutes", type=float, default=3.0)
        load.add_argument("--max-requests", type=int, default=200_000,
                          help="stop after this many requests even before the time is up")
        load.add_argument("--port", type=int, default=8765)
        load.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker")
        load.add_argument("--json", action="store_true")

        faults = commands.add_parser(
            "faults", help="faults survived: PostgreSQL restarted under load, a killed worker, "
                           "a dead mail server (127.0.0.1 only)")
        faults.add_argument("--fault", default=",".join(FAULTS),
                            help=f"comma-separated, of {', '.join(FAULTS)} (default: all)")
        faults.add_argument("--cluster", metavar="VERSION/NAME",
                            default=os.environ.get("ACCORD_FAULTS_CLUSTER"),
                            help="the PostgreSQL cluster to restart (pg_ctlcluster); must be "
                                 "the one DATABASE_URL names (env ACCORD_FAULTS_CLUSTER)")
        faults.add_argument("--allow-default-port", action="store_true",
                            help="allow restarting a cluster on port 5432 (only if nobody "
                                 "else uses it)")
        faults.add_argument("--users", type=int, default=50)
        faults.add_argument("--seconds", type=float, default=60.0,
                            help="length of the database-restart run")
        faults.add_argument("--port", type=int, default=8766)
        faults.add_argument("--meetings", type=int, default=12,
                            help="meetings whose invitations make the e-mail batch")
        faults.add_argument("--down-seconds", type=float, default=20.0,
                            help="how long the mail server refuses connections")
        faults.add_argument("--report", default="docs/benchmarks.md",
                            help="Markdown report to write ('' for none)")
        faults.add_argument("--json", action="store_true")

        paper = commands.add_parser(
            "paper", help="peak memory while serving a large meeting paper (it must stream)")
        paper.add_argument("--megabytes", type=int, default=20)
        paper.add_argument("--json", action="store_true")

        security = commands.add_parser(
            "security", help="the full security suite in a throwaway test database")
        bench_security.add_arguments(security)

    def handle(self, *args, subcommand: str, **options):
        return getattr(self, f"_{subcommand}")(**options)

    def _seed(self, *, networks, meetings, audit_events, seed, small, quiet, **_):
        from accord.bench.seeding.run import SeedRefused
        from accord.bench.seeding.run import seed as run_seed

        profile = (Profile.small(seed=seed) if small else
                   Profile(networks=networks, meetings=meetings, audit_events=audit_events,
                           seed=seed))
        if min(profile.networks, profile.meetings, profile.audit_events) < 1:
            raise CommandError("--networks, --meetings and --audit-events must be 1 or more.")
        self.stdout.write(f"Seeding {profile} …")
        try:
            result = run_seed(profile, show=not quiet, log=self.stdout.write)
        except SeedRefused as refused:
            raise CommandError(str(refused)) from refused
        for label, count in result["counts"].items():
            self.stdout.write(f"  {label}: {count:,}")
        total = sum(result["seconds"].values())
        self.stdout.write(self.style.SUCCESS(f"Seeded in {total:.0f} s."))

    def _measure(self, *, requests, out, **_):
        from accord.bench.measure import measure_profile

        result = measure_profile(requests=requests, log=lambda m: print(m, file=sys.stderr))
        text = json.dumps(result, indent=2, default=str)
        if out == "-":
            self.stdout.write(text)
        else:
            with open(out, "w", encoding="utf-8") as handle:
                handle.write(text)

    def _run(self, *, json: bool, profile_small, profile_large, requests, report, **_):
        from accord.bench.run import run_benchmark

        result = run_benchmark(small_url=profile_small, large_url=profile_large,
                               requests=requests, report=report,
                               log=lambda m: print(m, file=sys.stderr))
        if json:
            self.stdout.write(_json.dumps(result, indent=2, default=str))
        else:
            self.stdout.write(f"Report written to {report}." if report else "Done.")

    def _load(self, *, users, minutes, max_requests, port, threads, json: bool, **_):
        from accord.bench.load import run_load

        result = run_load(users=users, minutes=minutes, max_requests=max_requests, port=port,
                          threads=threads, log=lambda m: print(m, file=sys.stderr))
        self.stdout.write(_json.dumps(result, indent=2, default=str) if json
                          else _summary(result))
        if result["errors"] or not result["data_check"]["passed"]:
            raise CommandError("The load test had errors or its data check failed.")

    def _faults(self, *, fault, cluster, allow_default_port, users, seconds, port, meetings,
                down_seconds, report, json: bool, **_):
        from accord.bench.faults.report import write_report
        from accord.bench.faults.run import FaultRefused, run_faults

        chosen = [f.strip() for f in fault.split(",") if f.strip()]
        if unknown := set(chosen) - set(FAULTS):
            raise CommandError(f"Unknown fault(s): {', '.join(sorted(unknown))}.")
        target = tuple(cluster.split("/", 1)) if cluster else None
        if target is not None and len(target) != 2:
            raise CommandError("--cluster is VERSION/NAME, e.g. 15/faults.")
        try:
            result = run_faults(faults=chosen, cluster=target, users=users, seconds=seconds,
                                port=port, meetings=meetings, down_seconds=down_seconds,
                                allow_default_port=allow_default_port,
                                log=lambda m: print(m, file=sys.stderr))
        except FaultRefused as refused:
            raise CommandError(str(refused)) from refused
        if report:
            write_report(result, path=report)
        self.stdout.write(_json.dumps(result, indent=2, default=str) if json
                          else "\n".join(_fault_line(n, r) for n, r in result["faults"].items()))
        if not all(_fault_passed(r) for r in result["faults"].values()):
            raise CommandError("A fault lost or duplicated something, or a chain broke.")

    def _paper(self, *, megabytes: int, json: bool, **_):
        import json as json_module

        from accord.bench import paper_memory

        result = paper_memory.measure(megabytes)
        self.stdout.write(json_module.dumps(result, indent=2) if json
                          else paper_memory.summary(result))
        if not result["passed"]:
            raise CommandError("Serving the paper did not stream it (see above).")

    def _security(self, **options):
        options = {k: options[k] for k in ("ids_per_model", "examples", "stateful_examples",
                                           "json")}
        if bench_security.run(**options, log=self.stdout.write):
            raise CommandError("The security suite found something (see above).")


_json = json


def _fault_passed(r: dict) -> bool:
    return (not r["lost_writes"] and not r["duplicated_side_effects"] and r["chains_verify"]
            and not r.get("unclean_failures") and not r.get("sender_errors"))


def _fault_line(name: str, r: dict) -> str:
    return (f"{name}: lost {r['lost_writes']}, duplicated {r['duplicated_side_effects']}, "
            f"unclean {r.get('unclean_failures', r.get('sender_errors', 0))}, chains "
            f"{'verify' if r['chains_verify'] else 'BROKEN'}")


def _summary(result: dict) -> str:
    return (f"{result['requests']} requests in {result['seconds']:.0f} s: "
            f"{result['requests_per_second']:.1f}/s, p50 {result['p50_ms']:.0f} ms, "
            f"p95 {result['p95_ms']:.0f} ms, p99 {result['p99_ms']:.0f} ms, "
            f"{result['errors']} errors; data check "
            f"{'passed' if result['data_check']['passed'] else 'FAILED'}")
