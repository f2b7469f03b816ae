"""The bench's engine plans (``bench_schedule.make_plan``) as interchange documents and MS
Project XML files, so that another scheduler (MPXJ) can be timed on the very same network."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from infradesk.interchange import document as d
from infradesk.interchange.mspdi import write_mspdi
from infradesk.schedule.engine import PlanInput


def document_of_plan(plan: PlanInput, name: str = "Bench plan") -> d.Document:
    """One project holding the plan's tasks (parents, durations, milestones, production-change
    flags), links (type and lag) and calendar (weekdays, hours, holidays, freezes)."""
    predecessors: dict[int, list[d.Link]] = defaultdict(list)
    for link in plan.links:
        predecessors[link.successor_id].append(
            d.Link(link.predecessor_id, link.type, link.lag_minutes)
        )
    tasks = tuple(
        d.Task(
            id=task.id,
            name=task.name or f"Task {task.id}",
            parent=task.parent_id,
            duration_minutes=task.duration_minutes,
            milestone=task.milestone,
            production_change=task.production_change,
            predecessors=tuple(predecessors.get(task.id, ())),
        )
        for task in plan.tasks
    )
    calendar = plan.calendar
    document_calendar = d.Calendar(
        working_weekdays=tuple(sorted(calendar.weekdays)),
        working_hours=tuple(calendar.hours),
        holiday_country=calendar.holiday_country,
        holiday_region=calendar.holiday_region,
        holidays=tuple(d.Holiday(day) for day in sorted(calendar.holidays)),
        freeze_windows=tuple(
            d.FreezeWindow(freeze.start, freeze.finish, freeze.name) for freeze in calendar.freezes
        ),
    )
    project = d.Project(
        name=name, start=plan.project_start, calendar=document_calendar, tasks=tasks
    )
    return d.Document(projects=(project,))


def write_plan_mspdi(plan: PlanInput, path: Path) -> Path:
    """The plan as an MSPDI file written by our exporter; returns ``path``."""
    write_mspdi(document_of_plan(plan), path)
    return path
