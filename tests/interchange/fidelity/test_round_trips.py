"""Export -> import -> export is the identity (issue 16, point 11): the demo workspace written
as xlsx, MS Project XML and JSON, imported into a new workspace and written again gives the
same file content on tasks, links, calendars, constraints, actuals, baselines and the RAID
and vendor records each format holds, and the import says nothing is wrong (no warning, no
date listed as differing from the file)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, select, update

from infradesk.interchange import document as d
from infradesk.interchange.json_document import document_to_json
from infradesk.interchange.mspdi import write_mspdi
from infradesk.interchange.readers import read_any
from infradesk.interchange.xlsx_export import write_workbook
from infradesk.model import Project, Resource, ResourceDay
from infradesk.services.demo.commands import add_demo_project
from infradesk.services.documents.io import import_document, workspace_document
from infradesk.services.plan import scheduling
from infradesk.store.workspace import Workspace


def _write_json(document: d.Document, path: Path) -> None:
    path.write_text(json.dumps(document_to_json(document)), encoding="utf-8")


WRITERS: dict[str, Callable[[d.Document, Path], None]] = {
    "xlsx": write_workbook,
    "xml": write_mspdi,
    "json": _write_json,
}


def _plain(project: d.Project) -> dict[str, Any]:
    """A project as JSON values without what a new workspace or the clock changes (its
    name, the export's computed values)."""
    data = document_to_json(d.Document(projects=(project,)))["projects"][0]
    data.pop("name", None)
    data.pop("earned_value", None)
    for task in data.get("tasks", []):
        task.pop("computed", None)
    for risk in data.get("risks", []):
        risk.pop("computed", None)
    return data


def _file_content(path: Path) -> dict[str, Any]:
    """What the file holds, as our reader sees it. MS Project XML has no baseline date: the
    reader dates a baseline by the file's LastSaved, which is the writer's clock, so two
    writes a minute apart differ there and nowhere else."""
    (project,) = read_any(path).document.projects
    data = _plain(project)
    if path.suffix == ".xml":
        for baseline in data.get("baselines", []):
            baseline.pop("created", None)
    return data


def _export(workspace: Workspace) -> d.Document:
    """The whole workspace: its project with the pool (people on leave, part-time calendars)
    that places its tasks."""
    with workspace.read_session() as session:
        return workspace_document(session)


def _without_resource_calendars(workspace: Workspace) -> None:
    """The pool as a workbook holds it: the Resources sheet has no resource calendars and
    no leave (a known limit of the Excel format), so the demo's people lose theirs."""
    with workspace.session() as session:
        session.execute(delete(ResourceDay))
        session.execute(update(Resource).values(calendar_id=None))
        for project_id in session.scalars(select(Project.id)):
            scheduling.reschedule(session, project_id)


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_export_import_export_is_the_identity(
    workspace: Workspace, tmp_path: Path, fmt: str
) -> None:
    add_demo_project(workspace)
    if fmt == "xlsx":
        _without_resource_calendars(workspace)
    first_document = _export(workspace)
    (first,) = first_document.projects
    assert first_document.resources and first_document.base_calendars
    assert first.baselines and first.risks and first.vendors and first.calendar is not None
    assert any(task.actual_start for task in first.tasks)
    assert any(task.constraint_type != "ASAP" for task in first.tasks)
    path = tmp_path / f"demo.{fmt}"
    WRITERS[fmt](first_document, path)

    result = read_any(path)
    assert not result.errors and not result.warnings, [str(p) for p in result.problems]
    fidelity = result.dates[0] if result.dates else None
    if fidelity is not None:  # readers of other programs' files compare dates
        assert not fidelity.differences
        assert fidelity.equal == fidelity.compared == len(first.tasks)
    assert not [p for p in result.problems if "differ" in p.message]

    again = Workspace.create(tmp_path / "again.infradesk")
    try:
        with again.session() as session:
            import_document(session, result.document, schedules=result.schedules)
        second_document = _export(again)
        (second,) = second_document.projects
    finally:
        again.close()
    again_path = tmp_path / f"again.{fmt}"
    WRITERS[fmt](second_document, again_path)
    assert _file_content(again_path) == _file_content(path)
    # what every format holds is the workspace's, not only the file's
    for kept, was in zip(second.tasks, first.tasks, strict=True):
        assert (kept.name, kept.duration_minutes, kept.predecessors) == (
            was.name, was.duration_minutes, was.predecessors,
        )  # fmt: skip
        assert (kept.start, kept.finish, kept.actual_start, kept.actual_finish) == (
            was.start, was.finish, was.actual_start, was.actual_finish,
        )  # fmt: skip
        assert kept.percent_complete == was.percent_complete
    assert [len(b.tasks) for b in second.baselines] == [len(b.tasks) for b in first.baselines]
    assert second.baselines[0].tasks == first.baselines[0].tasks
    if fmt != "xml":  # MS Project holds a delivery's gate as the task's SNET
        assert second.calendar == first.calendar
        assert [(t.constraint_type, t.constraint_date) for t in second.tasks] == [
            (t.constraint_type, t.constraint_date) for t in first.tasks
        ]
    if fmt == "json":  # the whole workspace
        assert _plain(second) == _plain(first)


def test_an_xlsx_export_with_its_own_working_hours_reads_back_in_them(tmp_path: Path) -> None:
    """The Calendar sheet is read before the plan, wherever it stands: a 10-hour day makes
    `5d` 3,000 minutes, and a 16:00 finish written back stays 16:00."""
    from datetime import datetime

    calendar = d.Calendar(working_hours=((420, 1020),))  # 07:00-17:00, 600 minutes a day
    project = d.Project(
        name="Ten-hour days",
        start=datetime(2026, 3, 2, 7),
        calendar=calendar,
        tasks=(
            d.Task(id=1, name="Rack", start=datetime(2026, 3, 2, 7), duration_minutes=3000),
            d.Task(
                id=2, name="Cable", start=datetime(2026, 3, 9, 7), duration_minutes=540,
                predecessors=(d.Link(1),),
            ),
        ),
    )  # fmt: skip
    path = tmp_path / "ten-hours.xlsx"
    write_workbook(d.Document(projects=(project,)), path)
    result = read_any(path)
    (read,) = result.document.projects
    assert [task.duration_minutes for task in read.tasks] == [3000, 540]
    assert read.calendar is not None and read.calendar.working_hours == ((420, 1020),)
    assert not result.warnings
    assert result.dates[0].differences == ()


@pytest.mark.parametrize("suffix", ["xlsx", "xml", "json"])
def test_estimated_elapsed_and_manual_tasks_come_back_as_they_left(
    tmp_path: Path, suffix: str
) -> None:
    """MS Project's task flags survive each format: a `5d?` estimate, a `3ed` elapsed task
    (wall-clock minutes, never read back as working days) and a manually scheduled task."""
    from datetime import datetime

    project = d.Project(
        name="Flags",
        start=datetime(2026, 3, 2, 8),
        tasks=(
            d.Task(id=1, name="Guess", start=datetime(2026, 3, 2, 8), duration_minutes=2400,
                   estimated=True),
            d.Task(id=2, name="Burn-in", start=datetime(2026, 3, 9, 8), duration_minutes=4320,
                   elapsed=True, predecessors=(d.Link(1),)),
            d.Task(id=3, name="Vendor visit", start=datetime(2026, 3, 4, 8),
                   duration_minutes=480, manual=True),
        ),
    )  # fmt: skip
    path = tmp_path / f"flags.{suffix}"
    WRITERS[suffix](d.Document(projects=(project,)), path)
    result = read_any(path)
    (read,) = result.document.projects
    assert [(t.name, t.duration_minutes, t.estimated, t.elapsed, t.manual) for t in read.tasks] == [
        ("Guess", 2400, True, False, False),
        ("Burn-in", 4320, False, True, False),
        ("Vendor visit", 480, False, False, True),
    ]
    assert not result.warnings
