"""The JSON export written from the stored columns (``json_export``, issue 22) is the text of
the typed document path (``workspace_document`` written by the generic writer), character for
character: on plans with every kind of field (summaries, milestones, links of every type with
lags, costs, baselines, progress, constraints, notes in hostile text, assignments, task
calendars, links to another project), stored out of outline order, with and without the
computed values, for the whole workspace and for one project."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select, update

from infradesk.interchange.json_document import document_to_json
from infradesk.interchange.json_task_text import document_text
from infradesk.interchange.json_text import indented_json
from infradesk.model import BaseCalendar, Dependency, Project, Task
from infradesk.services.demo.seed import demo_document
from infradesk.services.documents.io import import_document, workspace_document
from infradesk.services.documents.json_export import workspace_json
from infradesk.services.documents.plan import DocumentError
from infradesk.services.plan.baselines import save_baseline
from infradesk.store.workspace import Workspace
from infradesk.text_safety import utf8_safe
from tests.interchange.test_export_hostile_text import HOSTILE
from tests.interchange.test_resources_json import pool_document
from tests.services.documents.test_cross_links_io import _document as cross_document

# what the plan of _every_field writes (the test would pass on a plan without them)
WRITTEN = (
    '"type": "SS"', '"type": "FF"', '"type": "SF"', '"lag": "-2h"', '"assignments": [',
    '"calendar": "Early shift"', '"constraint_type": "MSO"', '"constraint_type": "ALAP"',
    '"start_no_earlier_than": "20', '"cost": "12.34"', '"actual_cost": "1234.50"',
    '"project": "Wave 1"', '"priority": 900', '"duration": "3ed"', '"wbs": "1.1"',
    '"baselines": [\n', '"critical": true', '"early_start": "2026-', '"earned_value"',
    "555\\t-tab", "東京",
)  # fmt: skip


def _both(workspace: Workspace, names: list[str] | None = None, computed: bool = True) -> str:
    with workspace.read_session() as session:
        parts, count = workspace_json(session, names, computed)
        document = workspace_document(session, names, computed)
    text = "".join(parts)
    assert count == len(document.projects)
    assert text == indented_json(document_to_json(document))
    assert text == document_text(document)
    return text


def _every_field(workspace: Workspace) -> None:
    """The demo with hostile texts, a pool with assignments and a task calendar, two projects linked
    across, then stored edits the importers do not make: every link type with lags,
    progress, costs (a negative one), flags, constraints, the old start-no-earlier-than
    column, scheduling fields, a baseline and a phase stored in reverse order."""
    with workspace.session() as session:
        import_document(session, demo_document())
        import_document(session, pool_document())
        import_document(
            session, cross_document({"project": "Wave 1", "task": 2, "type": "SS", "lag": "-1d"})
        )
        demo = session.scalar(select(Project.id).order_by(Project.id))
        ids = list(
            session.scalars(select(Task.id).where(Task.project_id == demo).order_by(Task.id))
        )
        leaves = [
            task_id
            for task_id in ids
            if not session.scalar(select(Task.id).where(Task.parent_id == task_id).limit(1))
        ]
        links = list(session.scalars(select(Dependency.id).where(Dependency.project_id == demo)))
        for number, (kind, lag) in enumerate(
            [("SS", 60), ("FF", -120), ("SF", 450), ("ss", 2400), ("Ff", 0), ("FS", 37)]
        ):
            session.execute(
                update(Dependency)
                .where(Dependency.id == links[number])
                .values(type=kind, lag_minutes=lag)
            )
        edits: list[dict[str, Any]] = [
            {"actual_start": datetime(2026, 1, 5, 8), "percent_complete": 40.0},
            {
                "actual_start": datetime(2026, 1, 5, 8),
                "actual_finish": datetime(2026, 1, 6, 12),
                "percent_complete": 100.0,
                "actual_cost": Decimal("1234.50"),
            },
            {"cost": Decimal("12.34"), "estimated": True, "notes": 'multi\nline "quoted"'},
            {"constraint_type": "MSO", "constraint_date": datetime(2026, 2, 2, 8)},
            {"constraint_type": "fnlt", "constraint_date": datetime(2026, 6, 1, 17)},
            {"constraint_type": "ALAP"},
            {"constraint_type": "ASAP", "start_no_earlier_than": datetime(2026, 3, 2, 8)},
            {"manual": True, "start": datetime(2026, 2, 9, 8)},
            {"elapsed": True, "duration_minutes": 4320},
            {"priority": 900, "task_type": "fixed_work", "leveling_delay_minutes": 960},
            {
                "deadline": datetime(2026, 1, 20, 17),
                "production_change": True,
                "external_ref": "CHG-1",
            },
            {"duration_minutes": 0, "milestone": True},
            {"percent_complete": 33.3, "cost": Decimal("0.00"), "actual_cost": Decimal("99")},
        ]
        storable = [text for text in HOSTILE if text == utf8_safe(text) and "\x00" not in text]
        for number, task_id in enumerate(ids[:16]):
            text = storable[number % len(storable)][:400]
            session.execute(
                update(Task).where(Task.id == task_id).values(name=text[:200], notes=text)
            )
        for task_id, values in zip(leaves[3:], edits, strict=False):
            session.execute(update(Task).where(Task.id == task_id).values(**values))
        calendar = session.scalar(select(BaseCalendar.id))
        session.execute(update(Task).where(Task.id == leaves[-1]).values(calendar_id=calendar))
        # a phase stored against its outline order
        parent = session.scalar(select(Task.parent_id).where(Task.id == leaves[-2]))
        session.execute(
            update(Task).where(Task.parent_id == parent).values(position=100 - Task.position)
        )
        save_baseline(session, demo, "Approved", datetime(2026, 1, 2, 9))
        session.commit()


def test_the_columns_path_writes_the_document_path_text(workspace: Workspace) -> None:
    _every_field(workspace)
    text = _both(workspace)
    for written in WRITTEN:
        assert written in text, written
    _both(workspace, computed=False)
    _both(workspace, ["Wave 2"])
    _both(workspace, ["Fibre ring", "Wave 1"])


def test_an_empty_workspace_and_a_project_without_tasks(workspace: Workspace) -> None:
    assert '"projects": []' in _both(workspace)
    with workspace.session() as session:
        session.add(Project(name="Empty", start=datetime(2026, 1, 5, 8)))
        session.commit()
    assert '"tasks": []' in _both(workspace)


def test_a_missing_project_is_named(workspace: Workspace) -> None:
    with workspace.read_session() as session, pytest.raises(DocumentError, match="Nowhere"):
        workspace_json(session, ["Nowhere"])


def test_tasks_outside_the_outline_are_left_out_alike(workspace: Workspace) -> None:
    """A linked pair of tasks whose parent is in another project (stored so by hand) is not
    reached from the top of the outline: without the computed values (the engine refuses
    such a parent) both paths leave them and their link out; a task left out that a written
    task follows fails both alike."""
    with workspace.session() as session:
        import_document(session, demo_document())
        import_document(session, pool_document())
        demo, other = session.scalars(select(Project.id).order_by(Project.id)).all()
        stranger = session.scalar(select(Task.id).where(Task.project_id == other).limit(1))
        links = session.execute(
            select(Dependency.predecessor_id, Dependency.successor_id).where(
                Dependency.project_id == demo
            )
        ).all()
        successors: dict[int, list[int]] = {}
        for predecessor, successor in links:
            successors.setdefault(predecessor, []).append(successor)
        first, then = next(
            (p, s[0]) for p, s in successors.items() if len(s) == 1 and s[0] not in successors
        )
        moved = update(Task).where(Task.id.in_([first, then])).values(parent_id=stranger)
        session.execute(moved)
        session.commit()
    text = _both(workspace, computed=False)
    assert text.count('"wbs": ') == 60 - 2 + 3
    with workspace.session() as session:
        session.execute(update(Task).where(Task.id == then).values(parent_id=None))
        session.commit()
    with workspace.read_session() as session:
        with pytest.raises(KeyError):
            workspace_json(session, computed=False)
        with pytest.raises(KeyError):
            workspace_document(session, computed=False)
