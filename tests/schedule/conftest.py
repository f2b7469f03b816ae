"""Fixtures for the schedule tests: a real SQLite workspace file per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event
from sqlalchemy.orm import Session

import infradesk.model  # noqa: F401 - registers every table
from infradesk.model import Base


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    """A session on a fresh SQLite file with every table (foreign keys enforced)."""
    engine = create_engine(f"sqlite:///{tmp_path / 'workspace.infradesk'}")

    @event.listens_for(engine, "connect")
    def _foreign_keys(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.execute("PRAGMA foreign_keys=ON")

    Base.metadata.create_all(engine)
    with Session(engine) as s:
        yield s
    engine.dispose()
