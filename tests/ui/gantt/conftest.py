"""A Gantt tab on a small stored plan, built without the demo recipe."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlalchemy import insert

from infradesk.model import Dependency, Project, Task
from infradesk.services.plan import scheduling

# name, parent name, duration (days), owner
PLAN = [
    ("Design", None, 0, ""),
    ("Survey", "Design", 2, "Ana"),
    ("Plan", "Design", 3, "Ben"),
    ("Approve", "Design", 0, "Ana"),
    ("Build", None, 0, ""),
    ("Rack", "Build", 4, "Ben"),
    ("Cable", "Build", 2, "Cho"),
    ("Test", None, 1, "Ana"),
]
LINKS = [
    ("Survey", "Plan", "FS"),
    ("Plan", "Approve", "FS"),
    ("Approve", "Rack", "FS"),
    ("Rack", "Cable", "SS"),
]


@pytest.fixture
def plan_ids(workspace) -> dict[str, int]:
    with workspace.session() as s:
        project = Project(
            name="Gantt test",
            start=datetime(2026, 3, 2, 8, 0),
            status_date=datetime(2026, 3, 4, 8, 0),
            # the tests of drawing and editing see the plan as linked, not pushed past the
            # status date (the tests of progress switch the option on where they need it)
            reschedule_after_status=False,
        )
        s.add(project)
        s.flush()
        ids: dict[str, int] = {"project": project.id}
        positions: dict[str | None, int] = {}
        for name, parent, days, owner in PLAN:
            position = positions.get(parent, 0)
            positions[parent] = position + 1
            ids[name] = s.execute(
                insert(Task)
                .values(
                    project_id=project.id,
                    parent_id=ids[parent] if parent else None,
                    position=position,
                    name=name,
                    duration_minutes=days * 480,
                    milestone=days == 0 and parent is not None,
                    owner=owner,
                    deadline=datetime(2026, 3, 6, 17, 0) if name == "Cable" else None,
                )
                .returning(Task.id)
            ).scalar_one()
        s.execute(
            insert(Dependency),
            [
                {
                    "project_id": project.id,
                    "predecessor_id": ids[a],
                    "successor_id": ids[b],
                    "type": kind,
                    "lag_minutes": 0,
                }
                for a, b, kind in LINKS
            ],
        )
        scheduling.reschedule(s, project.id)
    return ids


@pytest.fixture
def gantt(qtbot, workspace, plan_ids) -> Iterator:
    from infradesk.ui.context import AppContext
    from infradesk.ui.gantt.tab import GanttTab

    context = AppContext(workspace)
    tab = GanttTab(context)
    qtbot.addWidget(tab)
    tab.resize(1500, 700)
    tab.show()
    qtbot.waitExposed(tab)
    context.set_project(plan_ids["project"])
    tab.set_zoom("day")
    tab.chart.scroll_to_time(datetime(2026, 2, 27), 0)
    yield tab
