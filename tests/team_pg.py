"""A real PostgreSQL for the team workspace tests of the CLI and of two client processes: one
server (the pgserver wheel's binaries, no root, no install) per test session, a new database
per test."""

from __future__ import annotations

import shutil
import tempfile
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path


class Server:
    """One PostgreSQL server; :meth:`new_database` gives each test its own database."""

    def __init__(self, root: Path) -> None:
        with warnings.catch_warnings():
            # its platformdirs warns, on import, of a missing XDG_RUNTIME_DIR (unused here)
            warnings.simplefilter("ignore")
            import pgserver

        self.pg = pgserver.get_server(str(root), cleanup_mode="stop")
        self.uri = str(self.pg.get_uri())

    def url(self, database: str, user: str = "postgres") -> str:
        """The database's URL (a unix socket in the data folder), as ``user``."""
        return self.uri.replace("/postgres?", f"/{database}?").replace(
            "//postgres:@", f"//{user}:@"
        )

    def new_database(self) -> str:
        """A new, empty database; returns its URL."""
        name = "t_" + uuid.uuid4().hex[:12]
        self.pg.psql(f"CREATE DATABASE {name};")
        return self.url(name)

    def psql(self, database: str, sql: str) -> str:
        """Run ``sql`` in ``database`` as the superuser; psql's output."""
        return str(self.pg.psql(f"\\c {database}\n{sql}"))


def session_server() -> Iterator[Server]:
    """The body of a session fixture: start a server, stop it and remove its files after."""
    # not under pytest's tmp folder: as root, pgserver runs PostgreSQL as its own user, which
    # may not enter that (0700) folder
    root = Path(tempfile.mkdtemp(prefix="pg_team_"))
    root.chmod(0o755)
    server = Server(root / "data")
    try:
        yield server
    finally:
        server.pg.cleanup()
        shutil.rmtree(root, ignore_errors=True)


def database_name(url: str) -> str:
    """The database a test URL names."""
    return url.split("?", 1)[0].rsplit("/", 1)[1]
