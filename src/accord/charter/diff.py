"""A readable line diff between two versions, for a table that says in words what changed
(never by colour alone)."""

import difflib
from dataclasses import dataclass

CONTEXT = 2


@dataclass(frozen=True)
class DiffRow:
    kind: str  # "same", "removed", "added", "gap"
    old_number: int | None
    new_number: int | None
    text: str


def line_diff(old: str, new: str) -> list[DiffRow]:
    """Changed lines with a little context; long unchanged stretches collapse into one gap row."""
    old_lines, new_lines = (old or "").splitlines(), (new or "").splitlines()
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    rows: list[DiffRow] = []
    for group in matcher.get_grouped_opcodes(CONTEXT):
        if rows:
            rows.append(DiffRow("gap", None, None, ""))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                rows += [DiffRow("same", i + 1, j + 1, old_lines[i])
                         for i, j in zip(range(i1, i2), range(j1, j2), strict=True)]
                continue
            rows += [DiffRow("removed", i + 1, None, old_lines[i]) for i in range(i1, i2)]
            rows += [DiffRow("added", None, j + 1, new_lines[j]) for j in range(j1, j2)]
    return rows
