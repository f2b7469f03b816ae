"""Fixtures shared by every test: isolated settings and data folders, workspaces, the demo."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO_ROOT = Path(__file__).resolve().parents[1]
REAL_PLANS = REPO_ROOT.parent / "shared" / "data" / "real-plans"


@pytest.fixture(autouse=True)
def isolated_user_folders(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test gets its own data folder and its own Qt settings file."""
    home = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("INFRADESK_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("HOME", str(home))
    try:
        from PySide6.QtCore import QSettings
    except ImportError:  # the core is tested without Qt too
        return home
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(home / "config"))
    return home


@pytest.fixture
def workspace_path(tmp_path: Path) -> Path:
    return tmp_path / "test.infradesk"


@pytest.fixture
def workspace(workspace_path: Path) -> Iterator:
    from infradesk.store.workspace import Workspace

    ws = Workspace.create(workspace_path)
    yield ws
    ws.close()


@pytest.fixture
def demo_workspace(workspace) -> object:
    from infradesk.services.demo.seed import create_demo_project

    with workspace.session() as session:
        create_demo_project(session)
    return workspace


@pytest.fixture
def real_plans() -> Path:
    if not REAL_PLANS.is_dir():
        pytest.skip("the shared real-plans folder is not next to the repository")
    return REAL_PLANS
