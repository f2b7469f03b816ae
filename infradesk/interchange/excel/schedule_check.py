"""Compare a plan's imported dates with the schedule its links produce.

Like MS Project, an imported task keeps its start as a start-no-earlier-than constraint; the
engine then recomputes the plan. Rows whose links push them later than the file says (or
whose finish differs by more than a day) are listed so the user can check them before
importing. A loop in the links is an error: such a plan cannot be scheduled.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from infradesk.interchange.problems import Problem
from infradesk.schedule.calendar import WorkingCalendar
from infradesk.schedule.engine import CycleError, LinkInput, PlanInput, TaskInput, schedule

MAX_LISTED = 50


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def calendar_of(project: dict[str, Any]) -> WorkingCalendar:
    """The document's calendar (the default one when it has none or it is not valid)."""
    data = project.get("calendar") or {}
    if not data:
        return WorkingCalendar()
    hours = data.get("working_hours") or [["08:00", "12:00"], ["13:00", "17:00"]]
    days = [(date.fromisoformat(h["date"]), "holiday", h.get("name") or "", "")
            for h in data.get("holidays") or []]  # fmt: skip
    days += [
        (date.fromisoformat(e["date"]), "exception", e.get("name") or "",
         ",".join(f"{a}-{b}" for a, b in e.get("working_hours") or []))
        for e in data.get("exceptions") or []
    ]  # fmt: skip
    freezes = [
        (f.get("name") or "", date.fromisoformat(f["start"]), date.fromisoformat(f["finish"]))
        for f in data.get("freeze_windows") or []
    ]
    try:
        return WorkingCalendar.from_spec(
            weekdays=data.get("working_weekdays") or [0, 1, 2, 3, 4],
            hours=",".join(f"{a}-{b}" for a, b in hours),
            holiday_country=data.get("holiday_country"),
            holiday_region=data.get("holiday_region"),
            days=days,
            freezes=freezes,
        )
    except (ValueError, KeyError, TypeError):
        return WorkingCalendar()


def check_imported_dates(
    project: dict[str, Any], sheet: str | None, rows: dict[int, int]
) -> tuple[list[Problem], list[str]]:
    """Problems (one per disagreeing row, capped) and notes. ``rows`` maps task id -> sheet row."""
    tasks = project.get("tasks") or []
    if not tasks:
        return [], []
    parents = {t.get("parent") for t in tasks}
    inputs = [
        TaskInput(
            id=t["id"],
            parent_id=t.get("parent"),
            duration_minutes=int(t.get("duration_minutes") or 0),
            milestone=bool(t.get("milestone")),
            start_no_earlier_than=_when(t.get("start_no_earlier_than")),
            name=t.get("name", ""),
        )
        for t in tasks
    ]
    links = [
        LinkInput(link["task"], t["id"], link["type"], int(link.get("lag_minutes") or 0))
        for t in tasks
        for link in t.get("predecessors") or []
    ]
    start = _when(project.get("start")) or min(
        (_when(t["start"]) for t in tasks if t.get("start")), default=None
    )
    if start is None:
        return [], []
    try:
        result = schedule(PlanInput(start, calendar_of(project), tasks=inputs, links=links))
    except CycleError as error:
        return [Problem(f"the predecessors form a loop: {error}", "error", sheet)], []
    except ValueError as error:
        return [Problem(f"the plan cannot be scheduled: {error}", "error", sheet)], []
    problems: list[Problem] = []
    disagreeing = 0
    axis = result.axis
    minutes_per_day = result.axis.calendar.minutes_per_day
    for task in tasks:
        if task["id"] in parents or not task.get("start"):
            continue
        # compare on the working-time axis: no date-time is built for rows that agree
        early_start, early_finish, _, _ = result.positions(task["id"])
        moved_start = axis.position_of(_when(task["start"])) != early_start  # type: ignore[arg-type]
        moved_finish = False
        if task.get("finish"):
            finish_pos = axis.position_of(_when(task["finish"]))  # type: ignore[arg-type]
            moved_finish = abs(finish_pos - early_finish) > minutes_per_day
        if not (moved_start or moved_finish):
            continue
        disagreeing += 1
        if disagreeing > MAX_LISTED:
            continue
        computed = result[task["id"]]
        problems.append(
            Problem(
                f"'{task['name']}': the file says {task['start'][:10]} to "
                f"{(task.get('finish') or '?')[:10]}, the recomputed schedule gives "
                f"{computed.early_start:%Y-%m-%d} to {computed.early_finish:%Y-%m-%d}",
                "warning",
                sheet,
                rows.get(task["id"]),
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
    return problems, notes
