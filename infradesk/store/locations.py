"""Where InfraDesk keeps its files by default."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

DATA_DIR_ENV = "INFRADESK_DATA_DIR"
WORKSPACE_SUFFIX = ".infradesk"
DEFAULT_WORKSPACE_NAME = f"workspace{WORKSPACE_SUFFIX}"


def data_dir() -> Path:
    """The user data folder (``INFRADESK_DATA_DIR`` overrides it, for tests and portable use)."""
    override = os.environ.get(DATA_DIR_ENV)
    return Path(override) if override else Path(user_data_dir("InfraDesk", appauthor=False))


def default_workspace_path() -> Path:
    return data_dir() / DEFAULT_WORKSPACE_NAME
