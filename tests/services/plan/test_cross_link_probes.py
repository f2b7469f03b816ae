"""The cross-link probes every edit makes walk the (few) cross links and look their tasks up by
id: on a big project with no cross link they must not walk the project's tasks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, insert, select
from sqlalchemy.orm import Session

from infradesk.model import CrossLink, Project, Task
from infradesk.services.plan import cross_links
from infradesk.store.workspace import Workspace


@pytest.fixture
def two_projects(tmp_path: Path) -> Iterator[tuple[Workspace, int, int, list[int]]]:
    """A workspace with a 2,000-task project and a second one; no cross link yet."""
    workspace = Workspace.create(tmp_path / "probes.infradesk")
    with workspace.session() as session:
        big = Project(name="Big", start=datetime(2026, 3, 2, 8))
        other = Project(name="Other", start=datetime(2026, 3, 2, 8))
        session.add_all([big, other])
        session.flush()
        session.execute(
            insert(Task),
            [
                {"project_id": big.id, "name": f"T{i}", "position": i, "duration_minutes": 480}
                for i in range(2000)
            ],
        )
        session.add(Task(project_id=other.id, name="Theirs", position=0, duration_minutes=480))
        ids = list(session.scalars(select(Task.id).where(Task.project_id == big.id)))
        big_id, other_id = big.id, other.id
    yield workspace, big_id, other_id, ids
    workspace.close()


def _plans(session: Session, probe: Callable[[], object]) -> list[str]:
    """SQLite's plan of each statement ``probe`` runs (one line per step)."""
    statements: list[tuple[str, Any]] = []

    def seen(_conn: Any, _cursor: Any, sql: str, parameters: Any, *_rest: Any) -> None:
        if sql.lstrip().upper().startswith("SELECT"):  # not the transaction's BEGIN
            statements.append((sql, parameters))

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", seen)
    try:
        probe()
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    run = session.connection().exec_driver_sql
    return [
        "\n".join(str(row[-1]) for row in run(f"EXPLAIN QUERY PLAN {sql}", parameters))
        for sql, parameters in statements
    ]


def test_the_probes_walk_the_links_not_the_tasks(two_projects) -> None:
    workspace, big_id, _other, _ids = two_projects
    with workspace.read_session() as session:
        for probe in (cross_links.has_external_predecessors, cross_links.has_cross_successors):
            (plan,) = _plans(session, lambda probe=probe: probe(session, big_id))
            first = plan.splitlines()[0]
            assert first.startswith("SCAN") and "cross_link" in first, plan
            assert "project_id" not in plan, plan


def test_the_probes_still_answer_right(two_projects) -> None:
    workspace, big_id, other_id, ids = two_projects
    with workspace.read_session() as session:
        assert not cross_links.has_external_predecessors(session, big_id)
        assert not cross_links.has_cross_successors(session, big_id)
        theirs = session.scalar(select(Task.id).where(Task.project_id == other_id))
    with workspace.session() as session:
        session.add(CrossLink(predecessor_id=theirs, successor_id=ids[1500]))
    with workspace.read_session() as session:
        assert cross_links.has_external_predecessors(session, big_id)
        assert not cross_links.has_cross_successors(session, big_id)
        assert cross_links.has_cross_successors(session, other_id)
        assert not cross_links.has_external_predecessors(session, other_id)
