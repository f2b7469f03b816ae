"""Both storage backends for the store, services and CLI tests.

Every test that asks for the ``workspace`` fixture (directly or through ``demo_workspace``,
``pool``, ...) runs twice: on a SQLite file (id ``sqlite``) and on a team workspace on a real
PostgreSQL server (id ``pg``). The server is the ``pgserver`` wheel's, started once per test
session; a template database gets the schema once and every test gets its own database copied
from it (``CREATE DATABASE ... TEMPLATE``), dropped after the test.

Tests that are about the SQLite file itself (its bytes, WAL, backups, PRAGMAs, two processes on
one file) are marked ``@pytest.mark.sqlite_only("why")`` and run on SQLite only. A test asking
for both ``workspace`` and ``workspace_path`` without that mark is a collection error: the path
means nothing to a server workspace.

The conftest of each test folder imports what is here (fixtures and the two hooks).
"""

from __future__ import annotations

import itertools
import os
import shutil
import time
import warnings
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

BACKENDS = ("sqlite", "postgresql")
IDS = {"sqlite": "sqlite", "postgresql": "pg"}
#: Short (a unix socket's path is limited) and this process's own.
PG_DATA = Path(f"/tmp/infradesk_tests_pg_{os.getpid()}")
TEMPLATE = "infradesk_template"
#: The server is only for tests: durability is not what they check.
FAST_SETTINGS = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}

_numbers = itertools.count(1)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "sqlite_only(reason): the test is about the SQLite file; it does not run on PostgreSQL",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run every ``workspace`` test on both backends, but the ``sqlite_only`` ones."""
    if "workspace" not in metafunc.fixturenames:
        return
    only = metafunc.definition.get_closest_marker("sqlite_only")
    if only is None and "workspace_path" in metafunc.fixturenames:
        raise pytest.UsageError(
            f"{metafunc.definition.nodeid} uses workspace_path with the workspace fixture: "
            "mark it @pytest.mark.sqlite_only('why') or stop using the file's path"
        )
    backends = ["sqlite"] if only is not None else list(BACKENDS)
    metafunc.parametrize("backend", backends, ids=[IDS[b] for b in backends], indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """Which backend this run of the test uses: ``sqlite`` or ``postgresql``."""
    return str(getattr(request, "param", "sqlite"))


class PgCluster:
    """The session's PostgreSQL server, an admin connection, and the template database."""

    def __init__(self, data: Path) -> None:
        with warnings.catch_warnings():
            # platformdirs warns (at import) that XDG_RUNTIME_DIR is unset: harmless here
            warnings.simplefilter("ignore")
            import pgserver
            import psycopg

        self.data = data
        try:
            self.server = pgserver.get_server(str(data), cleanup_mode="stop")
        except Exception as error:
            log = data / "log"
            detail = log.read_text(errors="replace")[-2000:] if log.is_file() else ""
            pytest.fail(
                f"Cannot start the test PostgreSQL server (pgserver, data in {data}): "
                f"{type(error).__name__}: {error}\n{detail}",
                pytrace=False,
            )
        self.uri = self.server.get_uri()
        self.admin = psycopg.connect(self.uri, autocommit=True)
        for name, value in FAST_SETTINGS.items():
            self.admin.execute(f"ALTER SYSTEM SET {name} = '{value}'")
        self.admin.execute("SELECT pg_reload_conf()")
        self._make_template()
        # the next test's database is copied while this test runs (its own connection)
        self._maker = psycopg.connect(self.uri, autocommit=True)
        self._ahead = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pg-template")
        self._next: Future[str] = self._ahead.submit(self._copy_template)

    def url(self, database: str) -> str:
        """A ``postgresql://`` URL of one database on this server (unix socket)."""
        return self.server.get_uri(database)

    def _make_template(self) -> None:
        # lazy: the store is imported by the tests, not when pytest loads the conftest
        from infradesk.store.workspace import Workspace

        self.admin.execute(f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)")
        self.admin.execute(f"CREATE DATABASE {TEMPLATE}")
        Workspace.open_location(self.url(TEMPLATE)).close()  # creates the schema

    def _copy_template(self) -> str:
        name = f"t_{next(_numbers)}"
        self._maker.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
        return name

    def new_database(self) -> str:
        """A new database with the schema and nothing else (the one made ahead), and the
        next one started."""
        name = self._next.result()
        self._next = self._ahead.submit(self._copy_template)
        return name

    def drop_database(self, name: str) -> None:
        self.admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def stop(self) -> None:
        spare = self._next.result()
        self._ahead.shutdown()
        self._maker.close()
        self.drop_database(spare)
        self.admin.close()
        self.server.cleanup()
        shutil.rmtree(self.data, ignore_errors=True)


_started: list[PgCluster] = []
_failed: list[str] = []


@pytest.fixture(scope="session")
def pg_cluster(request: pytest.FixtureRequest) -> PgCluster:
    """A real PostgreSQL server for the whole session (never skipped: it fails if it cannot
    start). One per session although each test folder's conftest names the fixture: it is
    stopped when pytest ends."""
    if _failed:
        pytest.fail(_failed[0], pytrace=False)
    if not _started:
        try:
            _started.append(PgCluster(PG_DATA))
        except pytest.fail.Exception as failure:
            _failed.append(str(failure.msg))
            raise
        request.config.add_cleanup(_started[0].stop)
    return _started[0]


@pytest.fixture
def pg_url(pg_cluster: PgCluster) -> Iterator[str]:
    """The URL of a fresh team workspace database (schema at head, no projects) for this
    test; dropped afterwards, whoever is still connected."""
    name = pg_cluster.new_database()
    try:
        yield pg_cluster.url(name)
    finally:
        pg_cluster.drop_database(name)


@pytest.fixture
def pg_workspace(pg_url: str) -> Iterator[Any]:
    """A team workspace of its own on the test server."""
    from infradesk.store.workspace import Workspace

    ws = Workspace.open_location(pg_url)
    try:
        yield ws
    finally:
        ws.close()


@pytest.fixture
def workspace(backend: str, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A new, empty workspace: a SQLite file, or a team workspace on PostgreSQL."""
    if backend == "postgresql":
        yield request.getfixturevalue("pg_workspace")
        return
    from infradesk.store.workspace import Workspace

    ws = Workspace.create(request.getfixturevalue("workspace_path"))
    yield ws
    ws.close()


def measure_overhead(cluster: PgCluster, rounds: int = 10) -> float:
    """Seconds per fresh database (create, open, close, drop): the PostgreSQL half's cost
    per test."""
    from infradesk.store.workspace import Workspace

    began = time.perf_counter()
    for _ in range(rounds):
        name = cluster.new_database()
        Workspace.open_location(cluster.url(name)).close()
        cluster.drop_database(name)
    return (time.perf_counter() - began) / rounds


@pytest.fixture
def cli_location(workspace: Any) -> str:
    """What a CLI test passes as ``--workspace``: the file's path or the server's URL."""
    return str(workspace.location)


def schema_of(workspace: Any) -> Any:
    """The models' metadata as the workspace's schema is meant to be: a team workspace's
    foreign keys are DEFERRABLE (an undo puts rows back in any order), a file's are not."""
    from infradesk.model.base import Base
    from infradesk.store.server import deferrable_metadata

    return deferrable_metadata() if workspace.is_server else Base.metadata


__all__ = [
    "backend",
    "cli_location",
    "pg_cluster",
    "pg_url",
    "pg_workspace",
    "pytest_configure",
    "pytest_generate_tests",
    "workspace",
]
