"""External tasks on the Gantt: a predecessor in another project, typed in the Predecessors
cell, shows greyed with its project's name in both projects' charts; one undo removes it."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtGui import QImage, QPainter
from sqlalchemy import insert

from infradesk.model import Project, Task
from infradesk.services.plan import scheduling
from tests.ui.gantt.test_gantt_outline import cell, edit_cell


def _other_project(workspace) -> int:
    """'Wave 1' with one task, Cutover (2 days from Mon 2 Mar 2026)."""
    with workspace.session() as s:
        project = Project(name="Wave 1", start=datetime(2026, 3, 2, 8, 0))
        s.add(project)
        s.flush()
        s.execute(
            insert(Task).values(
                project_id=project.id, position=0, name="Cutover", duration_minutes=960
            )
        )
        scheduling.reschedule(s, project.id)
        s.commit()
        return project.id


def _painted(tab) -> QImage:
    image = QImage(1400, 400, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    tab.painter.paint(painter, tab.chart.horizontalScrollBar().value(), 0, 1400, 400)
    painter.end()
    return image


def test_an_external_predecessor_shows_greyed_in_both_gantts(qtbot, gantt, workspace) -> None:
    other = _other_project(workspace)
    edit_cell(qtbot, gantt, "Test", "predecessors", "Wave 1!1FS+1d")
    assert gantt.last_message == ""
    o = gantt.model.outline
    test = o.ids[o.name.index("Test")]
    assert cell(gantt, "Test", "predecessors").data() == "Wave 1!1FS+1d"
    # Cutover finishes Tue 3 Mar 17:00, + 1d: Test starts Thu 5 Mar
    assert o.start[o.name.index("Test")] == datetime(2026, 3, 5, 8, 0)
    [bar] = o.external[test]
    assert (bar.label, bar.incoming, bar.type) == ("Wave 1: Cutover", True, "FS")
    rect = gantt.painter.external_rect(bar, o.name.index("Test") * gantt.painter.row_height)
    assert rect is not None and rect.right() < gantt.painter.x_of(datetime(2026, 3, 5, 8, 0))
    _painted(gantt).save("/tmp/gantt_external_successor_side.png")
    # the predecessor's project shows its external successor
    gantt.context.set_project(other)
    qtbot.waitUntil(lambda: gantt.model.outline.project_id == other)
    [successor] = gantt.model.outline.external[gantt.model.outline.ids[0]]
    assert (successor.label, successor.incoming) == ("Gantt test: Test", False)
    _painted(gantt).save("/tmp/gantt_external_predecessor_side.png")
    # one undo removes the link in both
    gantt.context.undo_stack.undo()
    qtbot.waitUntil(lambda: not gantt.model.outline.external)
    gantt.context.set_project(o.project_id)
    qtbot.waitUntil(lambda: gantt.model.outline.project_id == o.project_id)
    assert cell(gantt, "Test", "predecessors").data() == ""
    assert gantt.model.outline.start[o.name.index("Test")] == datetime(2026, 3, 2, 8, 0)


def test_the_task_dialog_edits_predecessors_in_other_projects(gantt, workspace) -> None:
    _other_project(workspace)
    r = gantt.model.outline.name.index("Test")
    dialog = gantt.make_dialog(r)
    assert dialog.external.text() == ""
    dialog.external.setText("Wave 1!1SS+4h")
    dialog.accept()
    assert dialog.command is not None and gantt.run(dialog.command)
    o = gantt.model.outline
    assert o.predecessors[r] == "Wave 1!1SS+4h"
    assert o.start[r] == datetime(2026, 3, 2, 13, 0)  # Cutover starts Mon 08:00, + 4h (lunch)
    again = gantt.make_dialog(r)
    assert again.external.text() == "Wave 1!1SS+4h"
    again.external.setText("Wave 9!1")  # refused with the reason, nothing changes
    again.accept()
    assert again.result() != again.DialogCode.Accepted or not gantt.run(again.command)
    assert gantt.model.outline.predecessors[r] == "Wave 1!1SS+4h"
    gantt.context.undo_stack.undo()
    assert gantt.model.outline.predecessors[r] == ""
