"""Compare a plan's imported dates with the schedule its links produce.

Like MS Project, an imported task keeps its start as a start-no-earlier-than constraint; the
engine then recomputes the plan. Rows whose links push them later than the file says (or
whose finish differs by more than a day) are listed so the user can check them before
importing. A loop in the links is an error: such a plan cannot be scheduled.

The check runs the engine on exactly the input the workspace will schedule when the project
is stored (``document_schedule.schedule_project``), and hands that run on: the import does not
schedule the same plan twice.
"""

from __future__ import annotations

from infradesk.interchange import document as d
from infradesk.interchange.document_schedule import DocumentSchedule, schedule_project
from infradesk.interchange.problems import Problem
from infradesk.schedule.engine import CycleError

MAX_LISTED = 50


def check_imported_dates(
    project: d.Project, sheet: str | None, rows: dict[int, int]
) -> tuple[list[Problem], list[str], DocumentSchedule | None]:
    """Problems (one per disagreeing row, capped), notes and the engine run (None when the
    plan cannot be scheduled). ``rows`` maps task id -> sheet row."""
    tasks = project.tasks
    if not tasks:
        return [], [], None
    try:
        run = schedule_project(project)
    except d.DocumentError:  # no start anywhere: nothing to compare
        return [], [], None
    except CycleError as error:
        return [Problem(f"the predecessors form a loop: {error}", "error", sheet)], [], None
    except ValueError as error:
        return [Problem(f"the plan cannot be scheduled: {error}", "error", sheet)], [], None
    result = run.result
    parents = {task.parent for task in tasks}
    problems: list[Problem] = []
    disagreeing = 0
    axis = result.axis
    minutes_per_day = axis.calendar.minutes_per_day
    for task in tasks:
        if task.id in parents or task.start is None:
            continue
        # compare on the working-time axis: no date-time is built for rows that agree
        early_start, early_finish, _, _ = result.positions(task.id)
        moved_start = axis.position_of(task.start) != early_start
        moved_finish = False
        if task.finish is not None:
            moved_finish = abs(axis.position_of(task.finish) - early_finish) > minutes_per_day
        if not (moved_start or moved_finish):
            continue
        disagreeing += 1
        if disagreeing > MAX_LISTED:
            continue
        computed = result[task.id]
        finish = f"{task.finish:%Y-%m-%d}" if task.finish is not None else "?"
        problems.append(
            Problem(
                f"'{task.name}': the file says {task.start:%Y-%m-%d} to {finish}, the "
                f"recomputed schedule gives {computed.early_start:%Y-%m-%d} to "
                f"{computed.early_finish:%Y-%m-%d}",
                "warning",
                sheet,
                rows.get(task.id),
            )
        )
    notes = []
    if disagreeing:
        notes.append(
            f"{disagreeing} task(s) have imported dates that differ from the schedule "
            "recomputed from durations and links"
            + (f" (the first {MAX_LISTED} are listed)" if disagreeing > MAX_LISTED else "")
        )
    else:
        notes.append("Imported dates agree with the schedule recomputed from the links")
    return problems, notes, run
