"""The roles chart's warnings and its SVG layout.

Flags (issue 3, item 5): a task nobody is responsible for; a task that rests on one person
with no deputy; a party that carries far more than the others (more than twice the median
number of tasks it is responsible or accountable for, and at least three).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from statistics import median

from django.utils.translation import gettext as _

from accord.charter.models import Raci, Responsibility
from accord.tenancy.models import BodyMembership

OVERLOAD_FACTOR = 2
OVERLOAD_MINIMUM = 3


@dataclass
class RoleFlags:
    nobody_responsible: list[Responsibility] = field(default_factory=list)
    single_person: list[Responsibility] = field(default_factory=list)
    overloaded: list[tuple[str, int]] = field(default_factory=list)  # (party label, count)

    @property
    def any(self) -> bool:
        return bool(self.nobody_responsible or self.single_person or self.overloaded)


def _people_behind(assignment, holders: dict) -> set[int] | None:
    """Member ids a responsible party resolves to; None for an organisation (it has a bench)."""
    if assignment.organisation_id:
        return None
    if assignment.membership_id:
        return {assignment.membership_id}
    return holders.get((assignment.body_id, assignment.body_role), set())


def _body_role_holders(network) -> dict[tuple[int, str], set[int]]:
    holders: dict[tuple[int, str], set[int]] = defaultdict(set)
    for body_id, role, membership_id in BodyMembership.objects.filter(
            network=network).values_list("body_id", "role", "membership_id"):
        holders[(body_id, role)].add(membership_id)
    return holders


def _rests_on_one_person(task: Responsibility, holders: dict) -> bool:
    responsible = [a for a in task.assignments.all() if a.raci == Raci.RESPONSIBLE]
    people: set[int] = set()
    for assignment in responsible:
        behind = _people_behind(assignment, holders)
        if behind is None:
            return False
        people |= behind
    return len(people) == 1 and task.deputy_id is None


def role_flags(tasks: list[Responsibility], *, network) -> RoleFlags:
    holders = _body_role_holders(network)
    flags = RoleFlags()
    load: Counter = Counter()
    labels: dict[str, str] = {}
    for task in tasks:
        parts = list(task.assignments.all())
        if not any(a.raci == Raci.RESPONSIBLE for a in parts):
            flags.nobody_responsible.append(task)
        elif _rests_on_one_person(task, holders):
            flags.single_person.append(task)
        for key in {a.party_key for a in parts if a.raci in (Raci.RESPONSIBLE,
                                                            Raci.ACCOUNTABLE)}:
            load[key] += 1
        labels.update({a.party_key: a.party_label for a in parts})
    if len(load) > 1:
        middle = median(load.values())
        flags.overloaded = sorted(
            ((labels[key], count) for key, count in load.items()
             if count >= OVERLOAD_MINIMUM and count > OVERLOAD_FACTOR * middle),
            key=lambda pair: -pair[1])
    return flags


@dataclass
class Chart:
    width: int
    height: int
    columns: list[dict]
    rows: list[dict]
    title: str
    description: str
    cell: int = 0
    label_width: int = 0


# Text is laid out for FONT_PX (the stylesheet uses the same size); CHAR_PX is a generous
# average glyph width for it, so that labels are measured rather than clipped. Room is kept for
# a reader's own text spacing (WCAG 1.4.12: letter spacing 0.12 em, word spacing 0.16 em),
# which SVG text inherits: with it, a label must still end inside the chart.
FONT_PX, CHAR_PX = 14, 8.2
LETTER_SPACING_PX, WORD_SPACING_PX = 0.12 * FONT_PX, 0.16 * FONT_PX
CELL = 44
PARTY_CHARS, TASK_CHARS = 32, 40
SIN45 = 0.7072


def shorten(text: str, limit: int) -> str:
    """`text` cut to `limit` characters with an ellipsis; the full text goes into <title>."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def text_px(text: str) -> int:
    """The widest `text` can be drawn at FONT_PX, with the reader's text spacing applied."""
    text = str(text)
    return int(len(text) * (CHAR_PX + LETTER_SPACING_PX) + text.count(" ") * WORD_SPACING_PX
               + 0.999)


def chart_layout(tasks: list[Responsibility]) -> Chart:
    """A task-by-party matrix with the letters R, A, C, I in the cells (text, not colour).

    Party names stand at 45° above their columns; the chart is as tall and as wide as its
    longest (shortened) names need, so nothing is cut off at any zoom.
    """
    parties: dict[str, str] = {}
    for task in tasks:
        for a in task.assignments.all():
            parties.setdefault(a.party_key, a.party_label)
    keys = list(parties)
    task_labels = [shorten(t.task, TASK_CHARS) for t in tasks]
    label_width = max([text_px(label) for label in task_labels] + [120]) + 16
    party_labels = [shorten(parties[k], PARTY_CHARS) for k in keys]
    rise = [int(text_px(label) * SIN45) for label in party_labels]
    header = max(rise, default=0) + FONT_PX + 12
    columns = [{"label": label, "full": parties[k],
                "x": label_width + i * CELL + CELL // 2 - 4, "y": header - 8}
               for i, (k, label) in enumerate(zip(keys, party_labels, strict=True))]
    rows = []
    for r, task in enumerate(tasks):
        letters = defaultdict(str)
        for a in task.assignments.all():
            letters[a.party_key] += a.raci
        y = header + r * CELL
        rows.append({
            "label": task_labels[r], "full": task.task, "y": y,
            "text_y": y + CELL // 2 + FONT_PX // 3,
            "cells": [{"x": label_width + i * CELL, "text_x": label_width + i * CELL + CELL // 2,
                       "letters": "".join(sorted(letters[k], key="RACI".index))}
                      for i, k in enumerate(keys)],
        })
    grid_right = label_width + max(len(keys), 1) * CELL
    label_right = max([c["x"] + r for c, r in zip(columns, rise, strict=True)] + [0])
    return Chart(
        width=max(grid_right, label_right) + 12,
        height=header + max(len(tasks), 1) * CELL + 10,
        columns=columns, rows=rows, cell=CELL, label_width=label_width,
        title=_("Roles chart"),
        description=_("%(tasks)s tasks and %(parties)s parties. Each cell shows R "
                      "(responsible), A (accountable), C (consulted) or I (informed). The "
                      "same information follows as a table.")
        % {"tasks": len(tasks), "parties": len(keys)},
    )
