"""The row journal's schema on PostgreSQL: one trigger function and a trigger per journaled
table, installed by the schema's owner when a team workspace is created or upgraded (PostgreSQL
has no temporary triggers). What the triggers write and how it is read back is
:mod:`infradesk.services.row_journal_pg`.
"""

from __future__ import annotations

from collections.abc import Iterable

from infradesk.model.audit import AUDIT_TABLES
from infradesk.model.base import Base

FUNCTION = "infradesk_journal"
#: The temporary table (one per connection) the triggers write into.
TEMP_TABLE = "infradesk_journal"


def journaled_tables() -> list[str]:
    """Every table the journal covers: all but the audit, which undo never rewrites."""
    return [name for name in Base.metadata.tables if name not in AUDIT_TABLES]


def schema_statements(tables: Iterable[str]) -> list[str]:
    """The DDL that journals ``tables`` (idempotent; run by the schema's owner)."""
    statements = [
        f"""CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('infradesk.journal', true), '') <> 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO pg_temp.{TEMP_TABLE} (tbl, id, existed, image)
      VALUES (TG_TABLE_NAME, NEW.id, false, NULL) ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO pg_temp.{TEMP_TABLE} (tbl, id, existed, image)
      VALUES (TG_TABLE_NAME, OLD.id, true, to_jsonb(OLD)) ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$"""
    ]
    for name in tables:
        trigger = f'"{FUNCTION}_{name}"'
        statements.append(f'DROP TRIGGER IF EXISTS {trigger} ON "{name}"')
        statements.append(
            f'CREATE TRIGGER {trigger} AFTER INSERT OR UPDATE OR DELETE ON "{name}" '
            f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
        )
    return statements
