"""Where a workspace lives: a file path, or a PostgreSQL database named by a URL.

A team workspace is named ``postgresql://user@host:port/dbname`` (``postgres://`` too). The
password is never part of what we keep: libpq reads it from ``PGPASSWORD`` or ``~/.pgpass``;
a password typed into a URL is used for that connection only and left out of
:attr:`ServerAddress.location`, which is what recent-file lists, titles and logs show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from infradesk.store.inspection import WorkspaceError

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
DRIVER = "postgresql+psycopg"


def is_server_url(text: str) -> bool:
    """Whether ``text`` names a PostgreSQL database rather than a file."""
    scheme, sep, _rest = str(text).strip().partition("://")
    return bool(sep) and scheme.lower() in _SCHEMES


@dataclass(frozen=True)
class ServerAddress:
    """A parsed team workspace URL."""

    database: str
    host: str | None = None
    port: int | None = None
    user: str | None = None
    query: tuple[tuple[str, str], ...] = ()
    # typed into the URL: used to connect, never shown or stored
    password: str | None = field(default=None, repr=False, compare=False)

    @classmethod
    def parse(cls, text: str) -> ServerAddress:
        """Parse a ``postgresql://`` URL, or raise WorkspaceError saying what is wrong."""
        # lazy: SQLAlchemy only for a team workspace's address (the desktop application asks
        # is_server_url before its first paint)
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        raw = str(text).strip()
        if not is_server_url(raw):
            raise WorkspaceError(
                f"'{raw}' is not a team workspace address; it must start with postgresql://"
            )
        try:
            url = make_url("postgresql://" + raw.split("://", 1)[1])
        except (ArgumentError, ValueError) as error:
            raise WorkspaceError(f"'{raw}' is not a valid PostgreSQL address: {error}") from error
        if not url.database:
            raise WorkspaceError(
                f"'{raw}' names no database; add it after the server: postgresql://user@host/dbname"
            )
        query = tuple(
            sorted(
                (key, value if isinstance(value, str) else value[-1])
                for key, value in url.query.items()
            )
        )
        return cls(url.database, url.host, url.port, url.username, query, url.password)

    def _url(self, drivername: str, password: str | None) -> URL:
        # lazy: see parse
        from sqlalchemy.engine import URL

        return URL.create(
            drivername,
            username=self.user,
            password=password,
            host=self.host,
            port=self.port,
            database=self.database,
            query=dict(self.query),
        )

    @property
    def location(self) -> str:
        """The address as the user may see and we may store it: no password."""
        return self._url("postgresql", None).render_as_string(hide_password=False)

    def engine_url(self) -> URL:
        """The SQLAlchemy URL to connect with (psycopg 3)."""
        return self._url(DRIVER, self.password)

    def libpq_uri(self) -> str:
        """The address for a plain psycopg connection (the change listener)."""
        return self._url("postgresql", self.password).render_as_string(hide_password=False)

    @property
    def server(self) -> str:
        """The server as a title shows it: ``host`` or ``host:port``."""
        host = self.host or dict(self.query).get("host") or "localhost"
        if host.startswith("/"):
            host = "localhost"
        return f"{host}:{self.port}" if self.port else host

    @property
    def title(self) -> str:
        """``dbname on host``."""
        return f"{self.database} on {self.server}"

    def dump_hint(self, suffix: str) -> str:
        """The ``pg_dump`` command that backs this database up to a file."""
        parts = ["pg_dump", "-Fc"]
        host = self.host or dict(self.query).get("host")
        if host:
            parts += ["-h", host]
        if self.port:
            parts += ["-p", str(self.port)]
        if self.user:
            parts += ["-U", self.user]
        parts += ["-f", f"{self.database}-{suffix}.dump", self.database]
        return " ".join(parts)
