"""Every test here that uses a workspace runs on SQLite and on PostgreSQL (tests/backends.py)."""

from tests.backends import (
    backend,
    pg_cluster,
    pg_url,
    pg_workspace,
    pytest_configure,
    pytest_generate_tests,
    workspace,
)

__all__ = [
    "backend",
    "pg_cluster",
    "pg_url",
    "pg_workspace",
    "pytest_configure",
    "pytest_generate_tests",
    "workspace",
]
