"""``infradesk restore BACKUP --workspace FILE``: put a backup back in place, safely."""

from __future__ import annotations

import argparse

from infradesk.cli.common import EXIT_OK, CliError
from infradesk.cli.workspaces import refuse_server
from infradesk.store.restore import list_backups, restore_backup


def run(args: argparse.Namespace) -> int:
    refuse_server(
        args.workspace,
        "restore",
        "a team workspace is backed up with pg_dump and restored with pg_restore (see the "
        "user guide, 'Setting up a team workspace').",
    )
    if args.list:
        if args.backup:
            raise CliError("give either --list or a backup file, not both")
        backups = list_backups(args.workspace)
        if not backups:
            print(f"No backups next to {args.workspace}")
        for backup in backups:
            label = f"  ({backup.label})" if backup.label else ""
            taken = backup.taken.strftime("%Y-%m-%d %H:%M:%S")
            print(f"{taken}  {backup.size_text:>9}  {backup.path}{label}")
        return EXIT_OK
    if not args.backup:
        raise CliError("name the backup to restore (see: infradesk restore --list -w FILE)")
    result = restore_backup(args.backup, args.workspace)
    print(f"Restored {result.workspace} from {result.restored_from.name}")
    if result.set_aside is not None:
        print(f"The workspace as it was is kept as {result.set_aside.name}")
    return EXIT_OK
