"""Property: any sequence of edits, undone all, gives back the start exactly (every table's rows,
ids included, and the JSON export); redone all, gives back the end exactly (issue 13).

The edits are the real service Commands the UI pushes on its undo stack. The CI variant runs 6
sequences of up to 100 edits (about 35 s on a 2-core machine); the ``slow`` variant (run by hand:
``pytest -m long tests/services/test_undo_property.py``) runs 20 of up to 300 (about 6 min).
A failure names the table, id and columns (and JSON paths) that differ and the commands applied;
to shrink one, add ``Phase.shrink`` to ``phases`` in ``_run`` for a debugging run.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule
from sqlalchemy import select

from infradesk.errors import InfraDeskError
from infradesk.model import Dependency, Project, Task
from infradesk.model.risk import ChangeRisk, IssueTask, RiskTask
from infradesk.schedule.engine import CycleError
from infradesk.services.commands import Command
from infradesk.services.demo.seed import create_demo_project
from infradesk.services.documents.io import export_document
from infradesk.services.plan.baselines import BaselineError, SaveBaseline
from infradesk.services.plan.errors import TaskEditError
from infradesk.services.plan.field_edits import UpdateTask
from infradesk.services.plan.link_edits import LinkTasks, SetPredecessors, UnlinkTasks
from infradesk.services.plan.outline_edits import (
    DeleteTasks,
    IndentTasks,
    InsertTask,
    MoveTasks,
    MoveTasksTo,
    OutdentTasks,
)
from infradesk.services.plan.projects import ProjectError, RenameProject
from infradesk.services.risks import fields as raid_fields
from infradesk.services.risks.actions import RiskOccurred
from infradesk.services.risks.commands import CreateRecord, DeleteRecords, EditRecord, SetLinks
from infradesk.services.status.rules import SaveStatusUpdate, StatusError, draft_status
from infradesk.services.vendors import fields as vendor_fields
from infradesk.services.vendors.commands import (
    AddVendorRecord,
    DeleteVendorRecords,
    EditVendorField,
)
from infradesk.store.workspace import Workspace
from tests.rows import content, undone_tables

REFUSED = (
    InfraDeskError,
    TaskEditError,
    raid_fields.RaidEditError,
    vendor_fields.VendorEditError,
    BaselineError,
    ProjectError,
    StatusError,
    CycleError,
    ValueError,
)


def dump_tables(workspace: Workspace) -> dict[str, list[tuple[Any, ...]]]:
    with workspace.session() as session:
        return {
            table.name: [tuple(r) for r in session.execute(content(table))]
            for table in undone_tables()
        }


def export(workspace: Workspace) -> str:
    with workspace.session() as session:
        document = export_document(session)
    document.pop("generator", None)
    return json.dumps(document, sort_keys=True, default=str)


def state(workspace: Workspace) -> tuple[dict, str]:
    return dump_tables(workspace), export(workspace)


def table_differences(
    want: dict[str, list[tuple[Any, ...]]], have: dict[str, list[tuple[Any, ...]]], limit: int = 8
) -> str:
    """The rows that differ, named by table, id and column: ``task 12: finish '2026-05-04' !=
    '2026-05-05'``, ``risk 3: missing``, ``risk 4: unexpected``."""
    lines: list[str] = []
    for table in undone_tables():
        columns = [c.name for c in table.columns if c.name != "version"]  # as content() reads
        wanted = {row[0]: row for row in want.get(table.name, [])}
        found = {row[0]: row for row in have.get(table.name, [])}
        for row_id in sorted(wanted.keys() | found.keys()):
            a, b = wanted.get(row_id), found.get(row_id)
            if a == b:
                continue
            if b is None:
                lines.append(f"{table.name} {row_id}: missing (expected {a})")
            elif a is None:
                lines.append(f"{table.name} {row_id}: unexpected {b}")
            else:
                cells = ", ".join(
                    f"{c} {x!r} != {y!r}" for c, x, y in zip(columns, a, b, strict=True) if x != y
                )
                lines.append(f"{table.name} {row_id}: {cells} (expected != found)")
    shown = lines[:limit]
    if len(lines) > limit:
        shown.append(f"... and {len(lines) - limit} more rows")
    return "\n  ".join(shown)


def json_differences(want: str, have: str, limit: int = 8) -> str:
    """The JSON paths whose values differ between two exports."""
    lines: list[str] = []

    def walk(a: Any, b: Any, path: str) -> None:
        if len(lines) > limit:
            return
        if isinstance(a, dict) and isinstance(b, dict):
            for key in sorted(a.keys() | b.keys()):
                walk(a.get(key), b.get(key), f"{path}.{key}")
        elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
            for i, (x, y) in enumerate(zip(a, b, strict=True)):
                walk(x, y, f"{path}[{i}]")
        elif a != b:
            lines.append(f"{path}: {a!r:.120} != {b!r:.120}")

    walk(json.loads(want), json.loads(have), "$")
    return "\n  ".join(lines[:limit])


def check_same(want: tuple[dict, str], have: tuple[dict, str], what: str, steps: list[str]) -> None:
    """Assert that two states are equal; on failure name the rows, columns and JSON paths that
    differ and the commands that led there."""
    history = "\n  ".join(steps) or "(none)"
    assert have[0] == want[0], (
        f"{what}: the tables differ\n  {table_differences(want[0], have[0])}"
        f"\ncommands applied:\n  {history}"
    )
    assert have[1] == want[1], (
        f"{what}: the JSON export differs\n  {json_differences(want[1], have[1])}"
        f"\ncommands applied:\n  {history}"
    )


def describe(command: Command) -> str:
    """A command and its arguments, for a failure message."""
    fields = {k: v for k, v in vars(command).items() if not k.startswith("_journal")}
    shown = ", ".join(f"{k}={v!r:.80}" for k, v in fields.items())
    return f"{type(command).__name__}({shown})"


class UndoMachine(RuleBasedStateMachine):
    workspace: Workspace  # set by the test before the machine runs

    def __init__(self) -> None:
        super().__init__()
        ws = self.workspace
        with ws.session() as session:
            for project in session.scalars(select(Project)):  # a fresh demo per example
                session.delete(project)
        with ws.session() as session:
            self.project_id = create_demo_project(session)
        self.start = state(ws)
        self.done: list[Command] = []
        self.counter = 0

    # ------------------------------------------------------------------ helpers
    def ids(self, model: Any, **where: Any) -> list[int]:
        table = model.__table__
        query = select(table.c.id).order_by(table.c.id)
        if "project_id" in table.c:
            query = query.where(table.c.project_id == self.project_id)
        for name, value in where.items():
            query = query.where(table.c[name] == value)
        with self.workspace.session() as session:
            return list(session.scalars(query))

    def pick(self, data: st.DataObject, model: Any, **where: Any) -> int | None:
        found = self.ids(model, **where)
        return data.draw(st.sampled_from(found)) if found else None

    def run(self, command: Command) -> None:
        try:
            command.apply(self.workspace)
        except REFUSED:
            return
        self.done.append(command)

    # ------------------------------------------------------------------ plan
    @rule(data=st.data())
    def edit_task(self, data: st.DataObject) -> None:
        task = self.pick(data, Task)
        if task is None:
            return
        changes = data.draw(
            st.sampled_from(
                [
                    {"duration_minutes": data.draw(st.integers(0, 10)) * 480},
                    {"percent_complete": float(data.draw(st.integers(0, 100)))},
                    {"name": f"Task {data.draw(st.integers(0, 999))}"},
                    {"notes": "note", "owner": "Kim"},
                ]
            )
        )
        self.run(UpdateTask(self.project_id, task, changes))

    @rule(data=st.data())
    def insert_task(self, data: st.DataObject) -> None:
        after = self.pick(data, Task) if data.draw(st.booleans()) else None
        self.run(InsertTask(self.project_id, after, as_child=data.draw(st.booleans())))

    @rule(data=st.data())
    def delete_task(self, data: st.DataObject) -> None:
        task = self.pick(data, Task)
        if task is not None:
            self.run(DeleteTasks(self.project_id, [task]))

    @rule(data=st.data(), kind=st.sampled_from(["indent", "outdent", "up", "down", "to"]))
    def move_task(self, data: st.DataObject, kind: str) -> None:
        task = self.pick(data, Task)
        if task is None:
            return
        if kind == "indent":
            self.run(IndentTasks(self.project_id, [task]))
        elif kind == "outdent":
            self.run(OutdentTasks(self.project_id, [task]))
        elif kind == "to":
            self.run(MoveTasksTo(self.project_id, [task], self.pick(data, Task), None))
        else:
            self.run(MoveTasks(self.project_id, [task], -1 if kind == "up" else 1))

    @rule(data=st.data(), kind=st.sampled_from(["link", "unlink", "predecessors"]))
    def links(self, data: st.DataObject, kind: str) -> None:
        a, b = self.pick(data, Task), self.pick(data, Task)
        if a is None or b is None or a == b:
            return
        if kind == "link":
            self.run(LinkTasks(self.project_id, a, b, data.draw(st.sampled_from(["FS", "SS"]))))
        elif kind == "unlink":
            link = self.pick(data, Dependency)
            if link is not None:
                with self.workspace.session() as session:
                    row = session.get(Dependency, link)
                    pair = (row.predecessor_id, row.successor_id)
                self.run(UnlinkTasks(self.project_id, [pair]))
        else:
            self.run(SetPredecessors(self.project_id, b, [(a, "FS", 480)]))

    @rule()
    def baseline(self) -> None:
        self.counter += 1
        self.run(SaveBaseline(self.project_id, f"Baseline {self.counter}"))

    @rule()
    def rename_project(self) -> None:
        self.counter += 1
        self.run(RenameProject(self.project_id, f"Renamed {self.counter}"))

    # ------------------------------------------------------------------ RAID
    @rule(
        data=st.data(), key=st.sampled_from(["risk", "issue", "assumption", "decision", "change"])
    )
    def raid_record(self, data: st.DataObject, key: str) -> None:
        model = raid_fields.entity(key).model
        action = data.draw(st.sampled_from(["create", "edit", "delete"]))
        record = self.pick(data, model)
        if action == "create" or record is None:
            self.run(CreateRecord(key, self.project_id, {"title": f"New {key}"}))
        elif action == "edit":
            self.run(EditRecord(key, self.project_id, record, {"title": f"Edited {key}"}))
        else:
            self.run(DeleteRecords(key, self.project_id, {record}))

    @rule(data=st.data())
    def risk_workflows(self, data: st.DataObject) -> None:
        risk = self.pick(data, raid_fields.entity("risk").model)
        if risk is None:
            return
        what = data.draw(st.sampled_from(["score", "action", "occurred"]))
        if what == "score":
            changes = {"probability": data.draw(st.integers(1, 5))}
            self.run(EditRecord("risk", self.project_id, risk, changes))
        elif what == "action":
            values = {"description": "Call vendor"}
            self.run(CreateRecord("action", self.project_id, values, parent_id=risk))
        else:
            self.run(RiskOccurred(self.project_id, risk))

    @rule(data=st.data(), which=st.sampled_from(["risk_task", "issue_task", "change_risk"]))
    def raid_links(self, data: st.DataObject, which: str) -> None:
        model, owner_key, other_model, spec = {
            "risk_task": (RiskTask, "risk_id", Task, "risk"),
            "issue_task": (IssueTask, "issue_id", Task, "issue"),
            "change_risk": (ChangeRisk, "change_id", raid_fields.entity("risk").model, "change"),
        }[which]
        owner = self.pick(data, raid_fields.entity(spec).model)
        others = self.ids(other_model)
        if owner is None or not others:
            return
        chosen = set(data.draw(st.lists(st.sampled_from(others), max_size=3)))
        other_column = "risk_id" if which == "change_risk" else "task_id"
        self.run(SetLinks(model, owner_key, owner, other_column, chosen, self.project_id))

    # ------------------------------------------------------------------ vendors, status
    @rule(
        data=st.data(),
        entity=st.sampled_from(["vendor", "contact", "contract", "order", "deliverable", "budget"]),
    )
    def vendor_record(self, data: st.DataObject, entity: str) -> None:
        model = vendor_fields.ENTITIES[entity]
        vendors = self.ids(vendor_fields.ENTITIES["vendor"])
        action = data.draw(st.sampled_from(["add", "edit", "delete"]))
        if entity in ("vendor", "budget"):
            records = self.ids(model)
        else:
            records = [r for v in vendors for r in self.ids(model, vendor_id=v)]
        if action == "add" or not records:
            parent = data.draw(st.sampled_from(vendors)) if vendors else None
            if entity not in ("vendor", "budget") and parent is None:
                return
            values: dict[str, Any] = {}
            if entity == "deliverable" and data.draw(st.booleans()):
                task = self.pick(data, Task)
                values = {"task_id": task} if task else {}
            self.run(AddVendorRecord(self.project_id, entity, parent, values))
            return
        record = data.draw(st.sampled_from(records))
        if action == "delete":
            self.run(DeleteVendorRecords(self.project_id, entity, [record]))
            return
        field, value = {
            "vendor": ("name", "Renamed vendor"),
            "contact": ("account_manager", True),
            "contract": ("title", "Renamed contract"),
            "order": ("amount", "1234.50"),
            "deliverable": (
                "promised",
                str(date(2026, 6, 1) + timedelta(days=data.draw(st.integers(0, 60)))),
            ),
            "budget": ("amount", "99.99"),
        }[entity]
        self.run(EditVendorField(self.project_id, entity, record, field, value))

    @rule(days=st.integers(0, 3))
    def status_update(self, days: int) -> None:
        with self.workspace.session() as session:
            draft = draft_status(session, self.project_id, date(2026, 5, 4) + timedelta(days=days))
        draft.executive_summary = f"Summary {self.counter}"
        self.counter += 1
        try:
            command = SaveStatusUpdate(self.project_id, draft)
        except REFUSED:
            return
        self.run(command)

    # ------------------------------------------------------------------ the property
    def teardown(self) -> None:
        ws = self.workspace
        end = state(ws)
        for command in reversed(self.done):
            command.revert(ws)
        steps = [describe(command) for command in self.done]
        check_same(self.start, state(ws), "undo all (compared with the start)", steps)
        for command in self.done:
            command.apply(ws)
        check_same(end, state(ws), "redo all (compared with the end)", steps)


def _run(workspace: Workspace, examples: int, steps: int) -> None:
    UndoMachine.workspace = workspace
    machine = UndoMachine.TestCase
    machine.settings = settings(
        max_examples=examples,
        stateful_step_count=steps,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],  # shrinking 300-step runs takes too long
        print_blob=False,
    )
    machine().runTest()


def test_undo_all_and_redo_all_are_exact(workspace: Workspace) -> None:
    _run(workspace, examples=6, steps=100)


@pytest.mark.long
def test_undo_all_and_redo_all_are_exact_long(workspace: Workspace) -> None:
    _run(workspace, examples=20, steps=300)
