"""The demo's governance (issue 20): a realistic register, plan, meetings, action log, pending
decisions, CAB fields with one change in the year-end freeze, the shared change calendar and a
partly signed-off acceptance checklist, all relative to the demo's status date."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import pairwise

import pytest

from infradesk.interchange import document as d
from infradesk.services.demo.governance_content import (
    CUTOVER_DAYS,
    FIRMWARE_CHANGE,
    demo_freeze,
    year_end_freeze,
)
from infradesk.services.documents.io import workspace_document
from infradesk.store.workspace import Workspace


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> d.Document:
    from infradesk.services.demo.seed import create_demo_project

    workspace = Workspace.create(tmp_path_factory.mktemp("demo") / "demo.infradesk")
    try:
        with workspace.session() as session:
            create_demo_project(session)
        with workspace.read_session() as session:
            return workspace_document(session, computed=False)
    finally:
        workspace.close()


def _status(project: d.Project) -> date:
    assert project.status_date is not None
    return project.status_date.date()


def test_stakeholders_and_communication_plan(demo: d.Document) -> None:
    project = demo.projects[0]
    people = {s.name: s for s in project.stakeholders}
    assert len(people) == 10
    assert people["Catherine Dubois"].role.startswith("CIO")
    assert {s.attitude for s in people.values()} >= {"champion", "supporter", "neutral", "critic"}
    assert all(s.needs and 1 <= (s.power or 0) <= 5 and 1 <= (s.interest or 0) <= 5
               for s in people.values())  # fmt: skip
    lines = project.communication_plan
    assert len(lines) == 6
    (report,) = [line for line in lines if line.status_report]
    assert (report.content, report.frequency, report.channel) == (
        "Weekly status report", "weekly", "e-mail",
    )  # fmt: skip
    # the distribution list names stakeholders of the register
    assert {name.strip() for name in (report.audience or "").split(",")} <= set(people)
    assert {line.frequency for line in lines} >= {"daily", "weekly", "monthly"}


def test_meetings_actions_and_decisions(demo: d.Document) -> None:
    project = demo.projects[0]
    status = _status(project)
    meetings = {m.code: m for m in project.meetings}
    assert {m.kind for m in meetings.values()} >= {"steering", "cab", "status", "workshop"}
    assert all(m.minutes and m.held_on and m.held_on <= status for m in meetings.values())
    actions = project.actions
    assert len(actions) == 12 and all(a.meeting in meetings for a in actions)
    done = [a for a in actions if a.status == "done"]
    assert len(done) >= 5 and all(a.closed for a in done)
    overdue = [a for a in actions if a.status in ("open", "in progress") and a.due < status]
    assert 2 <= len(overdue) <= 3, [a.code for a in overdue]
    decided = [x for x in project.decisions if x.date is not None]
    assert all(x.meeting in meetings for x in decided)
    pending = [x for x in project.decisions if x.date is None]
    assert len(pending) == 2
    register = {s.name for s in project.stakeholders}
    for decision in pending:
        assert decision.decided_by in register and decision.needed_by is not None
        assert decision.needed_by > status


def _inside(start: datetime, finish: datetime, window: d.ChangeWindow) -> bool:
    assert window.start is not None and window.finish is not None
    return window.start <= start and finish <= window.finish


def test_change_requests_cab_fields_and_the_freeze_conflict(demo: d.Document) -> None:
    project = demo.projects[0]
    changes = {c.code: c for c in project.change_requests}
    windows = demo.change_windows
    freezes = [w for w in windows if w.kind == "freeze"]
    maintenance = [w for w in windows if w.kind == "maintenance"]
    assert len(freezes) == 1 and freezes[0].name == "Year-end change freeze"
    assert project.start is not None
    start, finish = demo_freeze(project.start.date())
    assert (freezes[0].start, freezes[0].finish) == (start, finish)
    assert (start.month, start.day, finish.month, finish.day) == (12, 18, 1, 4)
    # weekly Sunday maintenance and Wednesday CAB windows over the demo's span
    assert len(maintenance) >= 20 and all(w.start.weekday() == 6 for w in maintenance)
    cabs = [w for w in windows if w.kind == "cab"]
    assert len(cabs) == len(maintenance) and all(w.start.weekday() == 2 for w in cabs)
    gaps = {b.start - a.start for a, b in pairwise(maintenance)}
    assert gaps == {timedelta(days=7)}
    tasks = {t.id: t.name for t in project.tasks}
    for code in ("CR-002", "CR-004", FIRMWARE_CHANGE):
        change = changes[code]
        assert change.cab_required and change.itil_class in ("normal", "emergency")
        assert change.window_start and change.window_finish and change.services
        assert change.implementation_plan and change.backout_plan and change.test_plan
        assert change.task in tasks
    loaners = changes["CR-002"]
    assert any(_inside(loaners.window_start, loaners.window_finish, w) for w in maintenance)
    firmware = changes[FIRMWARE_CHANGE]  # the conflict: a normal change inside the freeze
    assert _inside(firmware.window_start, firmware.window_finish, freezes[0])
    assert firmware.status == "submitted" and firmware.cab_outcome == ""
    assert changes["CR-004"].cab_outcome == "approved"


def test_acceptance_checklist_is_partly_signed_off_from_the_template(demo: d.Document) -> None:
    project = demo.projects[0]
    items = project.handover
    assert [t.title for t in demo.handover_template] == [i.title for i in items]
    closed = [i for i in items if i.status in ("done", "not applicable")]
    still_open = [i for i in items if i.status == "open"]
    assert closed and still_open
    assert all(i.signed_off_by and i.signed_off_on and i.evidence for i in closed)
    assert all(not i.signed_off_by and i.signed_off_on is None for i in still_open)
    assert [i.code for i in items] == [f"OA-{n:02d}" for n in range(1, len(items) + 1)]


def test_undoing_open_demo_removes_the_shared_calendar_it_added(workspace: Workspace) -> None:
    from sqlalchemy import func, select

    from infradesk.model import ChangeWindow, HandoverTemplateItem, Meeting
    from infradesk.services.demo.commands import CreateDemoProject

    def counts() -> tuple[int, int, int]:
        with workspace.read_session() as session:
            return tuple(  # type: ignore[return-value]
                int(session.scalar(select(func.count()).select_from(model)) or 0)
                for model in (ChangeWindow, HandoverTemplateItem, Meeting)
            )

    command = CreateDemoProject()
    command.apply(workspace)
    added = counts()
    assert added[0] > 40 and added[1] == 8 and added[2] == 6
    command.revert(workspace)
    assert counts() == (0, 0, 0)
    command.apply(workspace)  # redo: the same rows again
    assert counts() == added


@pytest.mark.parametrize("today", [date(2026, 6, 1), date(2026, 10, 1), date(2026, 12, 24)])
def test_the_freeze_is_year_end_and_never_on_the_cutover_weekend(today: date) -> None:
    from infradesk.services.demo.seed import anchor_monday

    anchor = anchor_monday(today, 7, 46)
    start, finish = demo_freeze(anchor)
    assert (start.month, start.day, finish.month, finish.day) == (12, 18, 1, 4)
    first, last = (datetime.combine(anchor + timedelta(days=n), datetime.min.time())
                   for n in CUTOVER_DAYS)  # fmt: skip
    assert finish <= first or last <= start
    status = anchor + timedelta(days=46)
    assert start >= year_end_freeze(status)[0]  # the one after the status date, or later
