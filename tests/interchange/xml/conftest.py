"""Fixtures for the MS Project XML, GanttProject and Planner tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

# <repo>/../shared/data/real-plans: the shared, read-only sample files (never copied here).
REAL_PLANS = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "real-plans"


@pytest.fixture
def real_plan() -> Callable[[str], Path]:
    """Path of one of the shared real-world plans; the test is skipped when it is absent."""

    def locate(name: str) -> Path:
        path = REAL_PLANS / name
        if not path.is_file():
            pytest.skip(f"shared sample {name} is not available")
        return path

    return locate


@pytest.fixture
def make_file(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a small text file into tmp_path and return its path."""

    def make(name: str, content: str) -> Path:
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        return path

    return make
