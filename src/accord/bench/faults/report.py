"""The fault suite's block in docs/benchmarks.md, between its own markers (the load and page
figures keep theirs)."""

from pathlib import Path

START, END = "<!-- bench:faults:start -->", "<!-- bench:faults:end -->"


def _yes(value) -> str:
    return {True: "yes", False: "**no**", None: "n/a"}[value]


def _row(name: str, r: dict) -> str:
    if name == "database-restart":
        answered = f"{r['answered']:,} of {r['requests']:,}"
        clean = f"{r['failed_cleanly']:,} (503 + Retry-After)"
        unclean = str(r["unclean_failures"])
    else:
        emails = r["emails"]
        answered = f"{emails['delivered']:,} of {emails['expected']:,} e-mails delivered"
        clean = f"{r['attempts_total'] - emails['expected']:,} retried deliveries"
        unclean = str(r.get("sender_errors", 0))
    return (f"| {name} | {answered} | {clean} | {unclean} | {r['lost_writes']} | "
            f"{r['duplicated_side_effects']} | {_yes(r['chains_verify'])} |")


_SKIP = {"chains", "lost_writes", "duplicated_side_effects", "chains_verify"}


def _value(value) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k} {_value(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return f"{value:,}" if isinstance(value, int) else str(value)


def render(result: dict) -> str:
    lines = [START, "", f"Measured with `{result['command']}`.", "",
             "| fault | answered | failed cleanly | unclean (500, no answer, sender error) "
             "| lost writes | duplicated side effects | chains verify |",
             "|---|---|---|---|---|---|---|"]
    lines += [_row(name, r) for name, r in result["faults"].items()]
    lines.append("")
    for name, r in result["faults"].items():
        details = {k: v for k, v in r.items() if k not in _SKIP and v not in ([], {}, None)}
        lines.append(f"- **{name}**: " + "; ".join(f"{k.replace('_', ' ')}: {_value(v)}"
                                                    for k, v in details.items()))
    lines += ["", "Not run yet: " + "; ".join(f"{k} ({v})"
                                               for k, v in result["not_built"].items()) + ".",
              "", END]
    return "\n".join(lines)


def write_report(result: dict, *, path: str) -> None:
    target = Path(path)
    block = render(result)
    text = target.read_text(encoding="utf-8") if target.exists() else "# Benchmarks\n"
    if START in text and END in text:
        before, rest = text.split(START, 1)
        text = before + block + rest.split(END, 1)[1]
    else:
        text = text.rstrip() + "\n\n## Faults\n\n" + block + "\n"
    target.write_text(text, encoding="utf-8")
