"""The demo project: a data-center migration built from resources/demo's recipe.

The recipe writes dates relative to an anchor Monday a few weeks before today, so the demo
always shows some work done, some in progress and a cutover weekend ahead. The workspace's
resource pool gets the demo's people, crews and rates with their assignments (``pool``). Progress is
recorded as of the recipe's status date (a Friday 17:00, the latest one on or before today):
finished tasks carry their actual dates, started ones their actual start, every task its
planned and actual cost, and the baseline "Approved plan" (the estimates before the slips, with
costs) is the one earned value is measured against. So the first report a new user sees is a
real one: a few late tasks, SPI and CPI a little under 1, nothing finished in the future.
The cutover weekend also comes as a runbook (``runbook_content``) with its recorded rehearsal,
the plan's dry run (dated, like the dry run itself, after the status date).
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from infradesk.interchange.document import Document
from infradesk.interchange.isodates import datetime_to_iso
from infradesk.interchange.json_document import document_from_json
from infradesk.model import Project, Task
from infradesk.resources import resource_path
from infradesk.schedule.durations import parse_duration
from infradesk.services.demo.governance_content import add_governance
from infradesk.services.demo.pool import add_demo_pool, set_cutover_calendar
from infradesk.services.demo.raid import resolve_raid
from infradesk.services.demo.runbook_content import TIME_ZONE, demo_runbook_json
from infradesk.services.demo.wave2 import add_wave2
from infradesk.services.documents.io import FORMAT_NAME, FORMAT_VERSION, import_document
from infradesk.services.plan import scheduling
from infradesk.services.plan.baselines import save_baseline

RECIPE = ("demo", "datacenter_migration.json")
RUNBOOK_TASK = "5"  # the runbook drives the summary "Production cutover weekend"
RUNBOOK_OUTAGE_TASK = "5.2"  # "Announce maintenance window, freeze changes": the outage starts
# no change request of the demo approves the window yet (its RAID log is pinned by reports)
RUNBOOK_CHANGE = ""
_RELATIVE = re.compile(r"^([+-]\d+)(?:T(\d\d:\d\d))?$")
_LINK = re.compile(r"^\s*([\d.]+)\s*(FS|SS|FF|SF)?\s*(?:([+-])\s*(\S+))?\s*$", re.IGNORECASE)


def anchor_monday(today: date, weeks_before: int, status_day: int | None = None) -> date:
    """The Monday ``weeks_before`` weeks before today's week; with ``status_day`` (days from
    the anchor to the status date), moved by whole weeks so that the status date is the latest
    such day on or before ``today``: the demo looks the same whatever the weekday."""
    monday = today - timedelta(days=today.weekday())
    anchor = monday - timedelta(weeks=weeks_before)
    if status_day is not None:
        while anchor + timedelta(days=status_day + 7) <= today:
            anchor += timedelta(weeks=1)
        while anchor + timedelta(days=status_day) > today:
            anchor -= timedelta(weeks=1)
    return anchor


def _status_day(recipe: dict[str, Any]) -> int | None:
    text = recipe.get("status_date")
    match = _RELATIVE.match(text) if text else None
    return int(match.group(1)) if match else None


def _resolve(text: str, anchor: date, with_time: bool) -> str:
    match = _RELATIVE.match(text)
    if not match:
        raise ValueError(f"demo recipe: '{text}' is not a relative date like +12 or +12T08:00")
    day = anchor + timedelta(days=int(match.group(1)))
    if not with_time:
        return day.isoformat()
    return f"{day.isoformat()}T{match.group(2) or '08:00'}"


def _links(text: str, ids: dict[str, int]) -> list[dict[str, Any]]:
    links = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        match = _LINK.match(part)
        if not match:
            raise ValueError(f"demo recipe: cannot read link '{part}'")
        code, kind, sign, lag = match.groups()
        links.append(
            {
                "task": ids[code],
                "type": (kind or "FS").upper(),
                "lag": f"{sign}{lag}" if lag else "0d",
            }
        )
    return links


def demo_document(recipe_path: Path | None = None, today: date | None = None) -> dict[str, Any]:
    """The recipe turned into an interchange document with absolute dates (its JSON shape:
    the recipe is JSON; ``document_from_json`` types it)."""
    recipe = json.loads((recipe_path or resource_path(*RECIPE)).read_text(encoding="utf-8"))
    anchor = anchor_monday(
        today or date.today(), recipe["anchor_weeks_before_today"], _status_day(recipe)
    )
    project = dict(recipe["project"])
    project["start"] = datetime_to_iso(
        datetime.combine(anchor, datetime.min.time()).replace(hour=8)
    )
    calendar = dict(project["calendar"])
    calendar["exceptions"] = [
        {**e, "date": _resolve(e["date"], anchor, False)} for e in calendar["exceptions"]
    ]
    calendar["freeze_windows"] = [
        {
            **f,
            "start": _resolve(f["start"], anchor, False),
            "finish": _resolve(f["finish"], anchor, False),
        }
        for f in calendar["freeze_windows"]
    ]
    project["calendar"] = calendar
    if recipe.get("status_date"):
        project["status_date"] = _resolve(recipe["status_date"], anchor, True)
    ids = {row["wbs"]: index + 1 for index, row in enumerate(recipe["tasks"])}
    tasks = []
    for row in recipe["tasks"]:
        wbs = row["wbs"]
        parent = wbs.rsplit(".", 1)[0] if "." in wbs else None
        is_summary = "duration" not in row
        tasks.append(
            {
                "id": ids[wbs],
                "wbs": wbs,
                "name": row["name"],
                "parent": ids[parent] if parent else None,
                "duration": row.get("duration", "0d" if is_summary else "1d"),
                "milestone": row.get("duration") == "0d",
                "owner": row.get("owner", ""),
                "percent_complete": row.get("done", 0),
                "production_change": row.get("production_change", False),
                "constraint_type": row.get("constraint_type", "ASAP"),
                "constraint_date": _resolve(row["constraint_date"], anchor, True)
                if row.get("constraint_date")
                else None,
                "deadline": _resolve(row["deadline"], anchor, True)
                if row.get("deadline")
                else None,
                "predecessors": _links(row.get("after", ""), ids),
            }
        )
    project["tasks"] = tasks
    project.update(resolve_raid(recipe, lambda text: _resolve(text, anchor, False), ids))
    vendors = []
    for vendor in recipe["vendors"]:
        vendors.append(
            {
                **vendor,
                "contracts": [
                    {
                        **c,
                        "start": _resolve(c["start"], anchor, False),
                        "end": _resolve(c["end"], anchor, False),
                    }
                    for c in vendor["contracts"]
                ],
                "deliverables": [
                    {
                        **d,
                        "promised": _resolve(d["promised"], anchor, False),
                        "actual": _resolve(d["actual"], anchor, False) if d.get("actual") else None,
                        "task": ids[d["task"]] if d.get("task") else None,
                    }
                    for d in vendor["deliverables"]
                ],
                "orders": [
                    {
                        **o,
                        "order_date": _resolve(o["order_date"], anchor, False),
                        "due_date": _resolve(o["due_date"], anchor, False),
                    }
                    for o in vendor.get("orders", [])
                ],
                "scores": [
                    {**s, "date": _resolve(s["date"], anchor, False)}
                    for s in vendor.get("scores", [])
                ],
            }
        )
    project["vendors"] = vendors
    project["budget"] = recipe.get("budget", [])
    project["runbooks"] = [_runbook(tasks, project.get("status_date"))]
    document = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "projects": [project]}
    return add_governance(document, anchor, ids)


def _runbook(tasks: list[dict[str, Any]], status_date: str | None) -> dict[str, Any]:
    """The cutover weekend's runbook (``runbook_content``), dated from the plan: the window
    opens at 18:00 on the eve of the plan's cutover start (the announcement task's
    start-no-earlier-than, the "Cutover Saturday" 00:00) and closes at 22:00 that Saturday, as
    the plan's cutover does; it belongs to the summary "Production cutover weekend" (its
    window, not its actuals: a summary's come from its subtasks). Its first rehearsal, in the
    test environment, ran on a Friday evening already past at the status date (a recorded
    run is history), so the live view and the comparison show it at once."""
    by_wbs = {task["wbs"]: task for task in tasks}
    outage = datetime.fromisoformat(by_wbs[RUNBOOK_OUTAGE_TASK]["constraint_date"])
    paris = ZoneInfo(TIME_ZONE)
    window_start = datetime.combine(outage.date() - timedelta(days=1), time(18), paris)
    recorded_by = (
        datetime.fromisoformat(status_date).date() if status_date else outage.date()
    ) - timedelta(days=3)  # the rehearsal's 28 hours end before the status date
    friday = recorded_by - timedelta(days=(recorded_by.weekday() - 4) % 7 + 7)
    rehearsal = datetime.combine(friday, time(18), paris)
    return demo_runbook_json(window_start, by_wbs[RUNBOOK_TASK]["id"], RUNBOOK_CHANGE, rehearsal)


def create_demo_project(session: Session, today: date | None = None) -> int:
    """Add the demo project to the workspace and return its id.

    The plan is first scheduled with the approved estimates and planned costs and saved as
    the baseline "Approved plan" (the earned-value baseline); then the tasks that slipped get
    their current durations, progress is recorded as of the status date (actual dates, actual
    costs) and the plan is rescheduled from it.
    """
    recipe = json.loads(resource_path(*RECIPE).read_text(encoding="utf-8"))
    document = demo_document(today=today)
    typed = document_from_json(document)
    project = typed.projects[0]
    per_day = project.minutes_per_day
    current: dict[str, int] = {}
    approved_tasks = []
    for row, task in zip(recipe["tasks"], project.tasks, strict=True):
        if "baseline_duration" in row:
            current[task.name] = task.duration_minutes
            task = replace(task, duration_minutes=parse_duration(row["baseline_duration"], per_day))
        approved_tasks.append(task)
    # the approved plan is scheduled without the status date: it is the plan before any work
    approved_plan = replace(project, tasks=tuple(approved_tasks), status_date=None)
    shared = Document(
        projects=(approved_plan,),
        change_windows=typed.change_windows,  # the workspace's change calendar (issue 20)
        handover_template=typed.handover_template,
    )
    project_id = import_document(session, shared)[0]
    rows = _rows_in_recipe_order(session, project_id)
    by_wbs = {row["wbs"]: stored for row, stored in zip(recipe["tasks"], rows, strict=True)}
    set_cutover_calendar(session, by_wbs)  # the approved plan has the cutover round the clock
    for row, stored in zip(recipe["tasks"], rows, strict=True):
        assert stored.name == row["name"], (stored.name, row["name"])
        stored.cost = Decimal(row.get("cost", "0"))
        stored.percent_complete = 0.0  # progress is recorded below, once the plan slipped
    session.flush()
    assert project.start is not None  # the recipe's anchor Monday
    approved = project.start + timedelta(weeks=4)
    save_baseline(session, project_id, "Approved plan", created_at=approved)  # the current one
    for stored in rows:
        if stored.name in current:
            stored.duration_minutes = current[stored.name]
    session.flush()
    scheduling.reschedule(session, project_id)
    status_date = datetime.fromisoformat(document["projects"][0]["status_date"])
    record_progress(recipe["tasks"], rows, status_date)
    owner = session.get(Project, project_id)
    assert owner is not None
    owner.status_date = status_date
    session.flush()
    add_demo_pool(session, project_id, by_wbs, status_date.date())
    scheduling.reschedule(session, project_id)
    return project_id


def _rows_in_recipe_order(session: Session, project_id: int) -> list[Task]:
    """The imported tasks in the recipe's order (the importer keeps it in the ids)."""
    return list(
        session.scalars(select(Task).where(Task.project_id == project_id).order_by(Task.id))
    )


def record_progress(recipe_tasks: list[dict[str, Any]], rows: list[Task], status: datetime) -> None:
    """The recipe's progress as of ``status``: a finished task gets its scheduled dates as
    actual dates, a started one its scheduled start as actual start (as MS Project records
    "done as planned"), and every started task its actual cost. A recipe whose progress lies
    after the status date is a mistake in the recipe: refused, never shown as done work in
    the future."""
    for row, task in zip(recipe_tasks, rows, strict=True):
        done = float(row.get("done", 0))
        if "duration" not in row or done <= 0:
            continue
        if task.start is None or task.finish is None or task.start > status:
            raise ValueError(
                f"demo recipe: '{row['name']}' is done but starts after the status date"
            )
        task.percent_complete = done
        task.actual_start = task.start
        if done >= 100:
            if task.finish > status:
                raise ValueError(
                    f"demo recipe: '{row['name']}' is finished but ends after the status date"
                )
            task.actual_finish = task.finish
        task.actual_cost = Decimal(row.get("actual_cost", "0"))


CUTOVER_NAME = "Production cutover weekend"


def create_demo_projects(session: Session, today: date | None = None) -> list[int]:
    """The demo workspace: the data-center migration (first, the one a view opens) and its
    second wave, the DR site move, linked to the migration's cutover across projects."""
    first = create_demo_project(session, today)
    cutover = session.scalar(
        select(Task.id).where(Task.project_id == first, Task.name == CUTOVER_NAME)
    )
    if cutover is None:  # a recipe without the cutover: the demo has one project
        return [first]
    return [first, add_wave2(session, first, cutover)]
