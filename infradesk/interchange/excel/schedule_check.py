"""Compare a plan's imported dates with the schedule the workspace will give it.

The check runs the engine on exactly the input the workspace will schedule when the project
is stored (``document_schedule.schedule_project``) and hands that run on: the import does not
schedule the same plan twice. The comparison itself is ``interchange/fidelity.py``: every task
whose scheduled start or finish is not the sheet's own, to the minute, is listed at its row
with the reason found; tasks that agree (or only write the same working moment the other way)
are never listed, so no line reads "the file says 2026-02-05, InfraDesk 2026-02-05". A loop
in the links is an error: such a plan cannot be scheduled.
"""

from __future__ import annotations

from infradesk.interchange import document as d
from infradesk.interchange.document_schedule import (
    DocumentPool,
    DocumentSchedule,
    schedule_project,
)
from infradesk.interchange.fidelity import DateFidelity, compare_dates
from infradesk.interchange.fidelity_notes import difference_problems, summary_note
from infradesk.interchange.problems import Problem
from infradesk.schedule.engine import CycleError


def check_dates(
    project: d.Project,
    sheet: str | None,
    rows: dict[int, int],
    pool: DocumentPool | None = None,
) -> tuple[list[Problem], list[str], DocumentSchedule | None, DateFidelity | None]:
    """Problems (an ``info`` per task whose dates differ, at its row; ``rows`` maps task id ->
    sheet row), notes, the engine run (None when the plan cannot be scheduled) and the
    comparison itself (for ``ImportResult.dates``)."""
    if not project.tasks:
        return [], [], None, None
    try:
        run = schedule_project(project, pool=pool)
    except d.DocumentError:  # no start anywhere: nothing to compare
        return [], [], None, None
    except CycleError as error:
        return [Problem(f"the predecessors form a loop: {error}", "error", sheet)], [], None, None
    except ValueError as error:
        problem = Problem(f"the plan cannot be scheduled: {error}", "error", sheet)
        return [problem], [], None, None
    fidelity = compare_dates(project, run)
    note = summary_note(fidelity)
    return difference_problems(fidelity, sheet, rows), [note] if note else [], run, fidelity
