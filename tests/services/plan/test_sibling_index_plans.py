"""Every query the outline edits run for a parent's children (the sibling above or below, the
last position, the children in order) is answered by the task table's sibling index, at the
top level (``parent_id`` NULL) and under a real parent, with no sort of its own: without it
an indent on a flat plan of 100,000 tasks scans the whole level (25 ms, against 0.1).

SQLite's ``EXPLAIN QUERY PLAN`` of each statement the edits send, captured as sent."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, inspect

from infradesk.model.project import TASK_SIBLING_INDEX
from infradesk.services.plan.outline_edits import IndentTasks, InsertTask, OutdentTasks

_BY_PARENT = re.compile(r"\bFROM task\b.*\bWHERE\b.*\btask\.parent_id (IS NULL|= \?)", re.S)


@pytest.fixture
def sent(workspace) -> Iterator[list[tuple[str, Any]]]:
    """The SELECTs on the task table that pick rows by their parent, as the edits send them."""
    statements: list[tuple[str, Any]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        if statement.lstrip().startswith("SELECT") and _BY_PARENT.search(statement):
            statements.append((statement, parameters))

    event.listen(workspace.engine, "before_cursor_execute", capture)
    yield statements
    event.remove(workspace.engine, "before_cursor_execute", capture)


def _query_plan(workspace, statement: str, parameters: Any) -> str:
    with workspace.engine.connect() as connection:
        cursor = connection.connection.driver_connection.cursor()
        rows = cursor.execute(f"EXPLAIN QUERY PLAN {statement}", parameters).fetchall()
    return "\n".join(str(row[-1]) for row in rows)


@pytest.mark.sqlite_only("SQLite's EXPLAIN QUERY PLAN of the statements as sent")
def test_the_outline_edits_find_siblings_by_the_sibling_index(workspace, plan, sent) -> None:
    project_id, names = plan
    InsertTask(project_id, names["A"], "A2", 480).apply(workspace)  # children of Phase
    InsertTask(project_id, None, "E", 480).apply(workspace)  # the top level's children
    IndentTasks(project_id, [names["C"]]).apply(workspace)  # the sibling above under Phase
    OutdentTasks(project_id, [names["C"]]).apply(workspace)  # the siblings below, under Phase
    IndentTasks(project_id, [names["D"]]).apply(workspace)  # the sibling above at the top

    kinds = {m.group(1) for s, _p in sent if (m := _BY_PARENT.search(s))}
    assert kinds == {"IS NULL", "= ?"}  # both the top level and a real parent were asked for
    for statement, parameters in sent:
        query_plan = _query_plan(workspace, statement, parameters)
        assert TASK_SIBLING_INDEX in query_plan, f"{statement}\n{query_plan}"
        assert "TEMP B-TREE" not in query_plan, f"{statement}\n{query_plan}"


def test_the_index_is_on_a_new_workspace(workspace) -> None:
    """On a new SQLite file and a new PostgreSQL team schema alike."""
    with workspace.engine.connect() as connection:
        indexes = {i["name"]: i["column_names"] for i in inspect(connection).get_indexes("task")}
    assert indexes[TASK_SIBLING_INDEX] == ["project_id", "parent_id", "position"]
