"""Which sheet is the plan, when several sheets hold one (issue 16, point 8).

A workbook becomes one project, so one task sheet is its schedule. The most complete one wins:
the one whose mapped columns hold the most values (more tasks, more columns, more links and
dates all count), and the notes say which and why. When two differ but come close (within
:data:`CLOSE`), the pick is uncertain: the wizard asks (its sheet page preselects the best and
shows why) and ``read_workbook`` refuses with the candidates (:class:`SheetChoiceNeeded`);
nothing is guessed silently. Identical copies are no question: the first is taken.
"""

from __future__ import annotations

from dataclasses import dataclass

from infradesk.interchange.excel.layout import Table
from infradesk.interchange.excel.mapping import ColumnInfo, column_values
from infradesk.interchange.excel.source import SheetData
from infradesk.interchange.excel.values import read_text
from infradesk.interchange.problems import UnreadableFileError

CLOSE = 0.9  # a runner-up with at least 90% of the best plan's values makes the pick uncertain
SAME_PLAN = 0.6  # sheets sharing this share of their task names hold the same plan


@dataclass(frozen=True)
class PlanCandidate:
    """One sheet holding a task plan, measured."""

    sheet: str
    tasks: int  # rows with a name
    columns: int  # mapped columns with values
    links: int  # rows with predecessors
    dates: int  # start and finish values
    values: int  # every value in a mapped column: the completeness score
    names: tuple[str, ...] = ()

    def describe(self) -> str:
        return (
            f"'{self.sheet}' ({self.tasks} tasks, {self.columns} columns, {self.links} links, "
            f"{self.dates} dates)"
        )


@dataclass(frozen=True)
class SheetChoice:
    """The plan sheet picked among ``candidates`` (best first) and why."""

    chosen: str
    candidates: tuple[PlanCandidate, ...]
    uncertain: bool
    reason: str


class SheetChoiceNeeded(UnreadableFileError):
    """Several sheets hold a plan of about the same completeness: the user must choose."""

    def __init__(self, message: str, choice: SheetChoice) -> None:
        super().__init__(message)
        self.choice = choice


def measure(
    name: str, sheet: SheetData, table: Table, columns: list[ColumnInfo]
) -> PlanCandidate:
    """How complete the task plan of one sheet is."""
    filled = {c.field: c.filled for c in columns if c.field and c.filled}
    name_column = next((c for c in columns if c.field == "name"), None)
    names: tuple[str, ...] = ()
    if name_column is not None:
        texts = (read_text(v).strip().lower() for v in column_values(sheet, table,
                                                                      name_column.index))
        names = tuple(text for text in texts if text)
    return PlanCandidate(
        sheet=name,
        tasks=filled.get("name", 0),
        columns=len(filled),
        links=filled.get("predecessors", 0),
        dates=filled.get("start", 0) + filled.get("finish", 0),
        values=sum(filled.values()),
        names=names,
    )


def choose(candidates: list[PlanCandidate]) -> SheetChoice:
    """The most complete plan; uncertain when a different plan comes close."""
    ranked = sorted(candidates, key=lambda c: (-c.values, -c.columns, -c.tasks))
    best = ranked[0]
    close = [
        other
        for other in ranked[1:]
        if other.values >= CLOSE * best.values and not _identical(best, other)
    ]
    others = ", ".join(other.describe() for other in ranked[1:])
    if close:
        reason = (
            f"{len(close) + 1} sheets hold a task plan of about the same completeness: "
            + ", ".join(c.describe() for c in [best, *close])
            + f"; '{best.sheet}' has the most values, but say which one is the plan"
        )
        return SheetChoice(best.sheet, tuple(ranked), True, reason)
    same = [other for other in ranked[1:] if _shared(best, other) >= SAME_PLAN]
    if same and len(same) == len(ranked) - 1:
        what = "hold the same plan" if len(same) > 1 or not _identical(best, same[0]) else (
            "hold identical copies of the plan")  # fmt: skip
        reason = (
            f"Sheets {', '.join(repr(c.sheet) for c in ranked)} {what}; "
            f"{best.describe()} is imported as the most complete (the others: {others})"
        )
    else:
        reason = (
            f"{len(ranked)} sheets hold a task plan; {best.describe()} is imported as the most "
            f"complete (the others: {others})"
        )
    return SheetChoice(best.sheet, tuple(ranked), False, reason)


def _shared(one: PlanCandidate, other: PlanCandidate) -> float:
    """The share of task names the two plans have in common."""
    if not one.names or not other.names:
        return 0.0
    common = len(set(one.names) & set(other.names))
    return common / max(len(set(one.names)), len(set(other.names)))


def _identical(one: PlanCandidate, other: PlanCandidate) -> bool:
    return (one.names, one.values, one.columns) == (other.names, other.values, other.columns)
