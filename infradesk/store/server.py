"""A team workspace on PostgreSQL: connecting, creating or checking its schema, and what the
login may do.

- An empty database gets the schema at the current head in one transaction: the tables (their
  foreign keys ``DEFERRABLE``, so an undo may put rows back in any order), the row journal's
  triggers, and Alembic's stamp. Later versions upgrade it with the same Alembic migrations as
  a file; on a server the backup before an upgrade is the DBA's ``pg_dump``, which
  :class:`UpgradeNeeded` names instead of copying a file.
- A schema newer than this program is refused, as with a file.
- A login with only SELECT rights opens the workspace read-only.

Concurrent set-up (two programs connecting to one empty database) is serialised by an
advisory lock.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager

from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, Engine, MetaData, create_engine, inspect, text
from sqlalchemy.exc import DBAPIError, OperationalError, ProgrammingError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from infradesk.model.base import Base
from infradesk.store.inspection import WorkspaceError
from infradesk.store.journal_ddl import journaled_tables, schema_statements
from infradesk.store.location import ServerAddress
from infradesk.store.migrate import (
    alembic_config,
    head_revision,
    known_revisions,
    script_directory,
)

#: The first key of every advisory lock InfraDesk takes (the second names what is locked).
LOCK_SPACE = 0x1DE5
SCHEMA_LOCK = 0
CONNECT_TIMEOUT_S = 10


class UpgradeNeeded(WorkspaceError):
    """The team workspace has an older schema: back it up (the message says how), then open
    it again allowing the upgrade."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


def make_server_engine(address: ServerAddress) -> Engine:
    """A pooled engine on the team database (psycopg 3)."""
    return create_engine(
        address.engine_url(),
        pool_size=3,
        max_overflow=5,
        pool_pre_ping=True,
        connect_args={"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "InfraDesk"},
    )


def first_line(error: BaseException) -> str:
    """The driver's own message, first line (no SQL, no traceback)."""
    original = getattr(error, "orig", None) or error
    text = str(original).strip().splitlines()
    return text[0] if text else type(original).__name__


def open_schema(engine: Engine, address: ServerAddress, allow_upgrade: bool = True) -> None:
    """Create the schema in an empty database, upgrade an older one, refuse a newer one or a
    database that is not an InfraDesk workspace. Raises WorkspaceError (nothing changed)."""
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({LOCK_SPACE}, {SCHEMA_LOCK})")
            revision = MigrationContext.configure(connection).get_current_revision()
            if revision is None:
                _create(connection, address)
            elif revision not in known_revisions():
                raise WorkspaceError(
                    f"The team workspace {address.title} was written by a newer version of "
                    f"InfraDesk (schema {revision}); update InfraDesk to open it."
                )
            elif revision != head_revision():
                _upgrade(connection, address, revision, allow_upgrade)
    except OperationalError as error:
        raise WorkspaceError(
            f"Cannot connect to the team workspace {address.title}: {first_line(error)}"
        ) from error
    except ProgrammingError as error:  # permission denied, mostly
        raise WorkspaceError(
            f"The team workspace {address.title} cannot be set up with this login: "
            f"{first_line(error)}. Ask its owner to create the schema (see the user guide, "
            "'Setting up a team workspace')."
        ) from error


def _create(connection: Connection, address: ServerAddress) -> None:
    existing = set(inspect(connection).get_table_names())
    if existing:
        shown = ", ".join(sorted(existing)[:5])
        raise WorkspaceError(
            f"The database {address.title} is not empty and is not an InfraDesk workspace "
            f"(it holds {shown}{'…' if len(existing) > 5 else ''}); name an empty database."
        )
    schema = deferrable_metadata()
    schema.create_all(connection)
    # what the migrations seed in a new file (0011_resources)
    connection.execute(
        schema.tables["base_calendar"]
        .insert()
        .values(name="24 Hours", working_weekdays="0,1,2,3,4,5,6", working_hours="00:00-24:00")
    )
    install_journal(connection)
    MigrationContext.configure(connection).stamp(script_directory(), "head")


def deferrable_metadata() -> MetaData:
    """The workspace's tables with every foreign key ``DEFERRABLE INITIALLY IMMEDIATE``: checked
    per statement as usual, at commit inside an undo (``SET CONSTRAINTS ALL DEFERRED``)."""
    schema = MetaData(naming_convention=Base.metadata.naming_convention)
    for table in Base.metadata.sorted_tables:
        table.to_metadata(schema)
    for table in schema.tables.values():
        for constraint in table.foreign_key_constraints:
            constraint.deferrable = True
            constraint.initially = "IMMEDIATE"
    return schema


def install_journal(connection: Connection) -> None:
    """The row journal's trigger function and triggers (idempotent)."""
    for statement in schema_statements(journaled_tables()):
        connection.exec_driver_sql(statement)


def _upgrade(
    connection: Connection, address: ServerAddress, revision: str, allow_upgrade: bool
) -> None:
    head = head_revision()
    hint = address.dump_hint(f"before-{head}")
    if not allow_upgrade:
        raise UpgradeNeeded(
            f"The team workspace {address.title} has an older schema ({revision}) and must be "
            f"upgraded to {head} for this InfraDesk. Back it up first: {hint}",
            hint,
        )
    # lazy: alembic's command module is only needed for an upgrade
    from alembic import command

    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")
    install_journal(connection)


def can_write(engine: Engine) -> bool:
    """Whether this login may edit (INSERT, UPDATE and DELETE on the workspace's tables)."""
    checks = " AND ".join(
        f"has_table_privilege(current_user, '{table}', '{right}')"
        for table in ("task", "audit_entry", "audit_row")
        for right in ("INSERT", "UPDATE", "DELETE")
        if not (table.startswith("audit") and right != "INSERT")
    )
    with engine.connect() as connection:
        return bool(connection.exec_driver_sql(f"SELECT {checks}").scalar())


def login_name(engine: Engine) -> str:
    """The PostgreSQL role this workspace acts as."""
    with engine.connect() as connection:
        return str(connection.exec_driver_sql("SELECT current_user").scalar())


def local_login() -> str:
    """The operating system's user name (who edits a file workspace)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def lock_project(session: Session, project_id: int) -> None:
    """Wait for, then hold until the transaction ends, the lock on one project's plan."""
    session.execute(
        text("SELECT pg_advisory_xact_lock(:space, :key)"),
        {"space": LOCK_SPACE, "key": int(project_id)},
    )


@contextmanager
def server_errors(address: ServerAddress) -> Iterator[None]:
    """Turn the server's refusals inside the block into messages for the user (nothing was
    written: the transaction rolled back)."""
    try:
        yield
    except StaleDataError as error:
        raise WorkspaceError(
            f"Someone else changed the same record in {address.title} at the same moment; "
            "nothing was saved. The view shows their change: try again."
        ) from error
    except DBAPIError as error:
        state = getattr(error.orig, "sqlstate", None) or ""
        if state == "42501":  # insufficient_privilege
            raise WorkspaceError(
                f"Your login may not change {address.title} ({first_line(error)}); "
                "ask the workspace's owner for editing rights."
            ) from error
        if state in {"40001", "40P01"}:  # serialization failure, deadlock
            raise WorkspaceError(
                f"Another edit of {address.title} got in the way; nothing was saved. "
                "Try again."
            ) from error
        if is_disconnect(error):
            raise WorkspaceError(
                f"Lost the connection to the team workspace {address.title}: "
                f"{first_line(error)}. Nothing was saved from the last edit; reconnect "
                "with File > Open Team Workspace…"
            ) from error
        raise


def is_disconnect(error: BaseException) -> bool:
    """Whether ``error`` means the server went away (restart, network, timeout)."""
    if isinstance(error, OperationalError):
        return True
    return isinstance(error, DBAPIError) and bool(error.connection_invalidated)
