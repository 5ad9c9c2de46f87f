"""The measured part of docs/benchmarks.md, written between two markers so the prose around
it (analysis, what would close a missed target) survives a new run."""

from pathlib import Path

START, END = "<!-- bench:results:start -->", "<!-- bench:results:end -->"


def _mark(value) -> str:
    return {True: "yes", False: "**no**", None: "n/a"}[value]


def render(result: dict) -> str:
    profiles = result["profiles"]
    env = next(iter(profiles.values()))["environment"]
    lines = [
        START, "",
        f"Measured with `{result['command']}`.", "",
        f"- Machine: {env['cpu']}, {env['cores']} cores, {env['ram_gib']} GiB RAM",
        f"- Python {env['python']}, Django {env['django']}, PostgreSQL {env['postgresql']}",
    ]
    for name, profile in profiles.items():
        sizes = ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in profile["sizes"].items())
        lines.append(f"- Profile **{name}** (`{profile['database']}`): {sizes}; load average "
                     f"at the start {profile['environment']['load_average_1m']}")
    names = list(profiles)
    lines += ["", "| target | status | queries (" + " / ".join(names) + ") | median ms ("
              + " / ".join(names) + ") | p95 ms (" + " / ".join(names)
              + ") | growth | floor median ms | vs_floor | bytes |",
              "|---|---|---|---|---|---|---|---|---|"]
    for name, row in result["results"].items():
        checks = row["checks"]
        queries = " / ".join(str(row["queries"].get(p, "n/a")) for p in names)
        if not (checks["queries_constant"] and checks["queries_at_most_20"]):
            queries = f"**{queries}**"
        growth = "n/a" if row["growth"] is None else f"{row['growth']:.2f}"
        if checks["growth_at_most_1_5"] is False:
            growth = f"**{growth}**"
        vs = "n/a" if row["vs_floor"] is None else f"{row['vs_floor']:.2f}"
        if checks["vs_floor_at_most_3"] is False:
            vs = f"**{vs}**"
        lines.append(
            f"| {name} (`{row['path']}`) | {row['status']} | {queries} | "
            + " / ".join(f"{row['median_ms'][p]:.1f}" for p in names) + " | "
            + " / ".join(f"{row['p95_ms'][p]:.1f}" for p in names)
            + f" | {growth} | {row['floor_median_ms']:.1f} ({row['floor_rows']} rows) | {vs} "
            f"| {row['bytes']:,} |")
    audit = result["audit_verify"]
    lines += [
        "", "Bold: a target missed (queries constant and ≤ 20; growth ≤ 1.5; vs_floor ≤ 3).", "",
        f"**Audit verify** (chain of the measured network, {audit['events']:,} events, "
        f"intact: {_mark(audit['intact'])}): {audit['verify_events_per_second']:,} events/s "
        f"against raw hashlib over the same canonical bytes "
        f"{audit['raw_hashlib_events_per_second']:,} events/s = "
        f"{audit['share_of_raw']:.1%} (target ≥ 25 %: "
        f"{_mark(audit['at_least_25_percent_of_raw'])}).", "",
        *_audited_read(result.get("audited_read")),
        *_policy_lines(result), "",
        f"**Re-identification guard**: {result['reidentification']}.", "",
        f"**PII scan**: {result['pii_scan']}.", "", END,
    ]
    return "\n".join(lines)


def _audited_read(read: dict | None) -> list[str]:
    if read is None:
        return []
    return [
        f"**Audited read** (`access_record`, what recording a read adds to a request): one "
        f"object {read['one']['median_ms']:.2f} ms median, {read['one']['p95_ms']:.2f} ms p95; "
        f"a list page of 50 {read['page_of_50']['median_ms']:.2f} ms median, "
        f"{read['page_of_50']['p95_ms']:.2f} ms p95; {read['queries']} query, {read['locks']} "
        f"locks (target ≤ 1 ms p95 and no lock: {_mark(read['within_target'])}).", ""]


def _policy_lines(result: dict) -> list[str]:
    """One decision, 50 in bulk, and an audited read's access-log record, per profile."""
    lines = []
    for name, cost in (result.get("policy") or {}).items():
        if not cost:
            continue
        one, many = cost["decide"], cost["decide_many"]
        lines.append(
            f"**Policy decision point** ({name}, `{cost['action']}`): one decision "
            f"{one['median_ms']:.3f} ms median, {one['p95_ms']:.3f} ms p95 (target ≤ 0.2 ms: "
            f"{_mark(one['p95_ms'] <= 0.2)}); {many['objects']} in bulk {many['median_ms']:.2f} "
            f"ms median, {many['p95_ms']:.2f} ms p95, {many['queries']} queries.")
    return lines


def write_report(result: dict, *, path: str) -> None:
    target = Path(path)
    block = render(result)
    if target.exists():
        text = target.read_text(encoding="utf-8")
        if START in text and END in text:
            before, rest = text.split(START, 1)
            after = rest.split(END, 1)[1]
            target.write_text(before + block + after, encoding="utf-8")
            return
        target.write_text(text.rstrip() + "\n\n" + block + "\n", encoding="utf-8")
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("# Benchmarks\n\n" + block + "\n", encoding="utf-8")
