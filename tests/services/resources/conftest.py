"""A small workspace with a pool: one project (three tasks, a vendor), three resources and
their assignments, written with the ORM so that the tests start from known rows.

  Design   (5d)  Ann Lee (primary) + Crew[300%]
  Install  (3d)  Crew (primary)
  Test     (2d)  Ann Lee
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from infradesk.model import Assignment, Resource, Task, Vendor
from infradesk.services.documents.io import FORMAT_NAME, FORMAT_VERSION, import_document
from infradesk.store.workspace import Workspace
from tests.rows import content, undone_tables

DOCUMENT = {
    "format": FORMAT_NAME,
    "version": FORMAT_VERSION,
    "projects": [
        {
            "name": "Pool test",
            "currency": "EUR",
            "start": "2026-03-02T08:00",
            "tasks": [
                {"id": 1, "name": "Design", "duration": "5d", "owner": "Ann Lee"},
                {
                    "id": 2,
                    "name": "Install",
                    "duration": "3d",
                    "owner": "Crew",
                    "predecessors": [{"task": 1}],
                },
                {"id": 3, "name": "Test", "duration": "2d", "owner": "Ann Lee"},
            ],
            "vendors": [{"name": "NetSource", "category": "hardware"}],
        }
    ],
}


def dump(workspace: Workspace) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, ids included."""
    with workspace.session() as session:
        return {
            table.name: [tuple(r) for r in session.execute(content(table))]
            for table in undone_tables()
        }


@pytest.fixture
def pool(workspace: Workspace) -> Workspace:
    with workspace.session() as session:
        import_document(session, DOCUMENT)
        # the importer may already have made resources of the owners: start from none
        for assignment in session.scalars(select(Assignment)):
            session.delete(assignment)
        for resource in session.scalars(select(Resource)):
            session.delete(resource)
        session.flush()
        vendor = session.scalars(select(Vendor)).one()
        ann = Resource(name="Ann Lee", role="Network engineer", rate_per_hour=Decimal("80"))
        crew = Resource(name="Crew", max_units=3.0, vendor_id=vendor.id)
        fibre = Resource(name="Fibre", kind="material", material_label="m")
        session.add_all([ann, crew, fibre])
        session.flush()
        tasks = {t.name: t for t in session.scalars(select(Task))}
        session.add_all(
            [
                Assignment(task_id=tasks["Design"].id, resource_id=ann.id, position=0),
                Assignment(
                    task_id=tasks["Design"].id, resource_id=crew.id, units=3.0, position=1
                ),
                Assignment(task_id=tasks["Install"].id, resource_id=crew.id, position=0),
                Assignment(task_id=tasks["Test"].id, resource_id=ann.id, position=0),
            ]
        )
    return workspace


def ids(workspace: Workspace) -> dict[str, int]:
    """Resource and task name -> id."""
    with workspace.session() as session:
        found = {r.name: r.id for r in session.scalars(select(Resource))}
        found.update({t.name: t.id for t in session.scalars(select(Task))})
        return found
