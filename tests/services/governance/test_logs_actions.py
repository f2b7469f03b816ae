"""The action log's closed date follows its status, and undo puts it back exactly."""

from __future__ import annotations

from datetime import date

import pytest

from infradesk.model import ActionItem
from infradesk.services.governance.actions import CreateAction, EditAction
from infradesk.services.governance.logs import load_actions
from infradesk.services.risks.fields import RaidEditError
from tests.services.risks.helpers import apply, make_project

TODAY = date(2026, 3, 10)


def _action(workspace, action_id: int) -> tuple[str, date | None]:
    with workspace.read_session() as s:
        row = s.get(ActionItem, action_id)
        assert row is not None
        return row.status, row.closed


def _new(workspace, project_id: int, **values) -> int:
    values.setdefault("title", "Send the rack plan to facilities")
    command = apply(workspace, CreateAction(project_id, values, on=date(2026, 3, 2)))
    assert isinstance(command, CreateAction) and command.record_id is not None
    return command.record_id


def test_done_sets_the_closed_date_and_undo_clears_it(workspace) -> None:
    project_id, _ = make_project(workspace)
    action_id = _new(workspace, project_id, owner="Dana", due=date(2026, 3, 6))
    with workspace.read_session() as s:
        (row,) = load_actions(s, project_id, today=TODAY)
    assert row.raised == date(2026, 3, 2)  # raised today by default
    assert row.overdue and row.is_open

    done = apply(workspace, EditAction(project_id, action_id, {"status": "done"}, on=TODAY))
    assert _action(workspace, action_id) == ("done", TODAY)
    with workspace.read_session() as s:
        (row,) = load_actions(s, project_id, today=TODAY)
    assert not row.overdue and not row.is_open

    done.revert(workspace)
    assert _action(workspace, action_id) == ("open", None)
    done.apply(workspace)  # redo
    assert _action(workspace, action_id) == ("done", TODAY)


def test_reopening_clears_the_date_and_a_given_date_wins(workspace) -> None:
    project_id, _ = make_project(workspace)
    action_id = _new(workspace, project_id)
    given = date(2026, 3, 8)
    apply(
        workspace, EditAction(project_id, action_id, {"status": "done", "closed": given}, on=TODAY)
    )
    assert _action(workspace, action_id) == ("done", given)
    # done -> cancelled keeps the first closing date
    apply(workspace, EditAction(project_id, action_id, {"status": "cancelled"}, on=TODAY))
    assert _action(workspace, action_id) == ("cancelled", given)
    reopen = apply(workspace, EditAction(project_id, action_id, {"status": "open"}, on=TODAY))
    assert _action(workspace, action_id) == ("open", None)
    reopen.revert(workspace)
    assert _action(workspace, action_id) == ("cancelled", given)


def test_a_bad_status_changes_nothing(workspace) -> None:
    project_id, _ = make_project(workspace)
    action_id = _new(workspace, project_id)
    with pytest.raises(RaidEditError, match="Status: 'finished' is not one of"):
        apply(workspace, EditAction(project_id, action_id, {"status": "finished"}, on=TODAY))
    assert _action(workspace, action_id) == ("open", None)


def test_an_action_created_done_is_closed_on_the_day(workspace) -> None:
    project_id, _ = make_project(workspace)
    action_id = _new(workspace, project_id, status="done")
    assert _action(workspace, action_id) == ("done", date(2026, 3, 2))
