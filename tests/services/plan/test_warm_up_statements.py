"""The warm-up at open compiles the statements an edit reads its tasks with, so the first edit
after opening a workspace (a new engine, an empty statement cache) does not (issue 22)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from infradesk.services.plan import incremental
from infradesk.store.workspace import Workspace


@contextmanager
def cache_misses(workspace: Workspace) -> Iterator[list[str]]:
    """The statements run in the block that SQLAlchemy compiled (not found in its cache)."""
    missed: list[str] = []
    engine = workspace.engine

    def after(_conn, _cursor, statement, _params, context, _many) -> None:
        if context.cache_hit == context.dialect.CACHE_MISS:
            missed.append(statement)

    event.listen(engine, "after_cursor_execute", after)
    try:
        yield missed
    finally:
        event.remove(engine, "after_cursor_execute", after)


def edit_reads_compiled(workspace: Workspace, pid: int, task_id: int) -> list[str]:
    with cache_misses(workspace) as missed, workspace.session() as session:
        incremental._task_inputs(session, pid, [task_id, task_id + 1])
    return missed


def test_the_warm_up_compiles_what_an_edit_reads(workspace, plan) -> None:
    pid, ids = plan
    workspace.engine.clear_compiled_cache()  # as a workspace just opened: nothing compiled
    assert edit_reads_compiled(workspace, pid, ids["C"])  # without a warm-up: compiled

    workspace.engine.clear_compiled_cache()
    incremental.forget()
    assert incremental.warm_scheduler(workspace, pid)
    assert edit_reads_compiled(workspace, pid, ids["C"]) == []
