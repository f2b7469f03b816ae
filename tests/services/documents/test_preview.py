"""The import wizard's preview rows come from the typed document (issue 14, point 1)."""

from __future__ import annotations

from datetime import datetime

from infradesk.interchange import document as d
from infradesk.services.documents.preview import found_text, new_project_text, preview_tasks


def _project() -> d.Project:
    return d.Project(
        name="Move",
        calendar=d.Calendar(working_hours=((420, 780),)),  # 6 h days
        tasks=(
            d.Task(id=1, wbs="1", name="Phase", duration_minutes=0),
            d.Task(
                id=2,
                wbs="1.1",
                name="Racks",
                parent=1,
                duration_minutes=720,
                start=datetime(2026, 1, 5, 7, 0),
                finish=datetime(2026, 1, 6, 13, 0),
            ),
            d.Task(
                id=3,
                wbs="1.2",
                name="Cable",
                parent=1,
                duration_minutes=360,
                predecessors=(d.Link(2), d.Link(1, "SS", 60)),
            ),
        ),
        risks=(d.Risk(code="R-001", title="Late"),),
        dependencies=(d.ExternalDependency(code="DEP-001"), d.ExternalDependency(code="DEP-2")),
    )


def test_rows_show_the_text_forms_of_typed_values() -> None:
    rows = preview_tasks(_project())
    assert [(r.id, r.parent, r.wbs, r.name) for r in rows] == [
        (1, None, "1", "Phase"),
        (2, 1, "1.1", "Racks"),
        (3, 1, "1.2", "Cable"),
    ]
    assert rows[1].duration == "2d"  # 720 minutes of a 6-hour day
    assert (rows[1].start, rows[1].finish) == ("2026-01-05 07:00", "2026-01-06 13:00")
    assert rows[2].predecessors == "2,1SS"
    assert rows[0].start == ""


def test_counts_in_words() -> None:
    project = _project()
    assert found_text(project) == "3 tasks, 1 risks, 2 external dependencies"
    assert new_project_text(project) == (
        "3 tasks, 2 links, 1 risk and 2 external dependencies will be created in a new project."
    )
