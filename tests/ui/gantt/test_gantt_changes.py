"""The Gantt updates from the Changes an edit returns: one notice per do, undo and redo, and
the edited row is not read again on the way back."""

from __future__ import annotations

from sqlalchemy import event

from infradesk.services.changes import Changes
from infradesk.services.plan.field_edits import UpdateTask
from infradesk.services.plan.task_edit import TaskChanges
from tests.ui.gantt.test_gantt_outline import cell, edit_cell


def test_one_notice_per_do_undo_and_redo(gantt, plan_ids) -> None:
    context = gantt.context
    notices: list[Changes] = []
    kinds: list[frozenset[str]] = []
    context.changed.connect(notices.append)
    context.dataChanged.connect(lambda k, _p: kinds.append(k))
    pid, survey = plan_ids["project"], plan_ids["Survey"]
    context.execute(UpdateTask(pid, survey, {"duration_minutes": 2400}, "Edit duration"))
    assert context.undo() and context.redo()
    assert len(notices) == 3 and kinds == [frozenset({"tasks"})] * 3
    assert all(isinstance(n, TaskChanges) and n.changed_ids == {survey} for n in notices)
    durations = [(n.rows or ())[0].duration_minutes for n in notices]
    assert durations == [2400, 960, 2400]
    assert cell(gantt, "Survey", "duration").data() == "1w"  # best fit: whole weeks in weeks


def test_a_duration_edit_reaches_the_repaint_without_reading_the_task_again(
    qtbot, gantt, workspace
) -> None:
    statements: list[str] = []
    engine = workspace.engine

    def executed(_conn, _cursor, statement, _params, _context, _many) -> None:
        statements.append(statement)

    def committed(_conn) -> None:
        statements.append("COMMIT")

    event.listen(engine, "before_cursor_execute", executed)
    event.listen(engine, "commit", committed)
    try:
        edit_cell(qtbot, gantt, "Survey", "duration", "5d")
    finally:
        event.remove(engine, "before_cursor_execute", executed)
        event.remove(engine, "commit", committed)
    assert cell(gantt, "Survey", "duration").data() == "1w"  # best fit: whole weeks in weeks
    assert cell(gantt, "Plan", "start").data() == "Mon 2026-03-09"  # the successor moved
    assert "COMMIT" in statements
    after = statements[statements.index("COMMIT") + 1 :]
    assert not [s for s in after if "FROM task" in s], after  # the view read nothing again
