"""One InfraDesk client of a team workspace, in a process of its own, for
``test_team_clients.py``: ``python -m tests.robustness.team_client ACTION URL ARGS...``.

It opens the workspace, prints ``{"ready": ...}`` and waits for a ``go`` line on stdin (so
that two clients start their edits together), then prints one JSON line saying what happened.
A refusal (any UserError) is a result, not a crash: its class and message are printed.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from sqlalchemy import update

from infradesk.errors import UserError
from infradesk.model import Task
from infradesk.services.plan.field_edits import UpdateTask
from infradesk.store.workspace import Workspace


def say(**values: Any) -> None:
    print(json.dumps(values), flush=True)


def wait_for_go() -> None:
    line = sys.stdin.readline()
    if line.strip() != "go":
        raise SystemExit(f"expected 'go', got {line!r}")


def refusal(error: UserError) -> dict[str, Any]:
    return {"ok": False, "error": type(error).__name__, "message": str(error)}


def edit(workspace: Workspace, args: list[str]) -> dict[str, Any]:
    """One edit of one task, built from the version the parent read: ``PID TASK VERSION
    FIELD VALUE`` (an integer value for a duration, text for a name)."""
    pid, task_id, version, field, value = args
    new: Any = int(value) if field == "duration_minutes" else value
    command = UpdateTask(int(pid), int(task_id), {field: new}, f"Set {field}")
    command.expect("task", int(task_id), int(version))
    wait_for_go()
    try:
        command.apply(workspace)
    except UserError as error:
        return {**refusal(error), "record": list(getattr(error, "record", ()))}
    return {"ok": True}


def many(workspace: Workspace, args: list[str]) -> dict[str, Any]:
    """``PID ROUNDS TASK...``: each round sets each task's duration (the round's value)."""
    pid, rounds, *tasks = (int(a) for a in args)
    wait_for_go()
    last: dict[int, int] = {}
    for round_ in range(rounds):
        for task_id in tasks:
            minutes = 480 + 60 * ((task_id + round_) % 9)
            UpdateTask(pid, task_id, {"duration_minutes": minutes}, "Set duration").apply(workspace)
            last[task_id] = minutes
    return {"ok": True, "last": {str(k): v for k, v in last.items()}}


def read_only(workspace: Workspace, args: list[str]) -> dict[str, Any]:
    """``PID TASK``: try the edit as the UI would, then a write behind its back."""
    pid, task_id = (int(a) for a in args)
    wait_for_go()
    result: dict[str, Any] = {"read_only": workspace.read_only, "user": workspace.user_name}
    try:
        UpdateTask(pid, task_id, {"name": "Reader was here"}).apply(workspace)
        result["command"] = {"ok": True}
    except UserError as error:
        result["command"] = refusal(error)
    try:
        with workspace.session() as session:
            session.execute(update(Task).where(Task.id == task_id).values(name="Sneaky"))
        result["direct"] = {"ok": True}
    except UserError as error:
        result["direct"] = refusal(error)
    return result


ACTIONS = {"edit": edit, "many": many, "read_only": read_only}


def main(argv: list[str]) -> int:
    action, url, *args = argv
    workspace = Workspace.open_location(url)
    try:
        say(ready=True, user=workspace.user_name, read_only=workspace.read_only)
        say(**ACTIONS[action](workspace, args))
    finally:
        workspace.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
