"""`accord bench run`: measure the small and the large profile, each in its own process (a
process serves one DATABASE_URL), compare them, check the targets and write the report."""

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable

from accord.bench.report import write_report

TARGETS = {"max_queries": 20, "max_growth": 1.5, "max_vs_floor": 3.0,
           "min_audit_share_of_raw": 0.25, "max_decision_p95_ms": 0.2,
           "max_audited_read_p95_ms": 1.0}


def measure_in_subprocess(url: str, *, requests: int, log) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = handle.name
    command = [sys.executable, "-c", "from accord.cli import main; main()", "bench", "measure",
               "--requests", str(requests), "--out", out]
    log(f"Measuring {url.rsplit('/', 1)[-1]} …")
    subprocess.run(command, env={**os.environ, "DATABASE_URL": url}, check=True)  # noqa: S603
    try:
        with open(out, encoding="utf-8") as result:
            return json.load(result)
    finally:
        os.unlink(out)


def run_benchmark(*, small_url: str | None, large_url: str | None, requests: int,
                  report: str, log: Callable[[str], None] = print) -> dict:
    profiles = {}
    if small_url:
        profiles["small"] = measure_in_subprocess(small_url, requests=requests, log=log)
    if large_url:
        profiles["large"] = measure_in_subprocess(large_url, requests=requests, log=log)
    if not profiles:
        from accord.bench.measure import measure_profile

        profiles["current"] = measure_profile(requests=requests, log=log)
    result = compare(profiles)
    result["command"] = _command(small_url, large_url, requests)
    if report:
        write_report(result, path=report)
    return result


def compare(profiles: dict[str, dict]) -> dict:
    """Per target: queries at each profile, growth, vs_floor and which targets hold."""
    large = profiles.get("large") or next(iter(profiles.values()))
    small = profiles.get("small") if "large" in profiles else None
    rows = {}
    for name, big in large["targets"].items():
        little = small["targets"].get(name) if small else None
        queries = {p: data["targets"][name]["queries"] for p, data in profiles.items()
                   if name in data["targets"]}
        growth = (round(big["p95_ms"] / little["p95_ms"], 2)
                  if little and little["p95_ms"] else None)
        row = {
            "path": big["path"], "kind": big["kind"], "status": big["status"],
            "queries": queries, "bytes": big["bytes"],
            "median_ms": {p: d["targets"][name]["median_ms"] for p, d in profiles.items()},
            "p95_ms": {p: d["targets"][name]["p95_ms"] for p, d in profiles.items()},
            "floor_median_ms": big["floor"]["median_ms"], "floor_rows": big["floor"]["rows"],
            "growth": growth, "vs_floor": big["vs_floor"],
        }
        row["checks"] = {
            "queries_constant": len(set(queries.values())) == 1,
            "queries_at_most_20": max(queries.values()) <= TARGETS["max_queries"],
            "growth_at_most_1_5": None if growth is None else growth <= TARGETS["max_growth"],
            "vs_floor_at_most_3": (None if big["vs_floor"] is None
                                   else big["vs_floor"] <= TARGETS["max_vs_floor"]),
        }
        rows[name] = row
    audit = large["audit_verify"]
    audit["at_least_25_percent_of_raw"] = (
        None if audit["share_of_raw"] is None
        else audit["share_of_raw"] >= TARGETS["min_audit_share_of_raw"])
    read = large.get("audited_read")
    if read is not None:
        read["within_target"] = (read["one"]["p95_ms"] <= TARGETS["max_audited_read_p95_ms"]
                                 and read["locks"] == 0)
    return {
        "targets": TARGETS, "results": rows, "audit_verify": audit, "audited_read": read,
        "policy": {p: d.get("policy") for p, d in profiles.items()},
        "reidentification": large["reidentification"], "pii_scan": large["pii_scan"],
        "profiles": {p: {"database": d["database"], "sizes": d["sizes"],
                         "context": d["context"], "environment": d["environment"]}
                     for p, d in profiles.items()},
    }


def _command(small_url, large_url, requests: int) -> str:
    parts = ["accord bench run --json"]
    if small_url:
        parts.append(f"--profile-small {small_url}")
    if large_url:
        parts.append(f"--profile-large {large_url}")
    parts.append(f"--requests {requests}")
    return " ".join(parts)
