"""A meeting's outcome (its decisions and actions) and the people who can attend it."""

from __future__ import annotations

from datetime import date

from infradesk.model import Resource
from infradesk.services.governance.meetings import (
    attendee_options,
    join_names,
    meeting_outcome,
    split_names,
)
from infradesk.services.risks.commands import CreateRecord
from tests.services.risks.helpers import add, apply, make_project


def stakeholder(workspace, project_id: int, **values) -> None:
    apply(workspace, CreateRecord("stakeholder", project_id, values))


def test_the_outcome_lists_what_the_meeting_decided_and_raised(workspace) -> None:
    project_id, _ = make_project(workspace)
    steering = add(workspace, "meeting", project_id, title="Steering 3", held_on=date(2026, 3, 4))
    other = add(workspace, "meeting", project_id, title="Weekly")
    add(
        workspace,
        "decision",
        project_id,
        title="Go for the weekend cutover",
        decided_on=date(2026, 3, 4),
        decided_by="Sponsor",
        meeting_id=steering,
    )
    add(
        workspace,
        "decision",
        project_id,
        title="Second site?",
        decided_by="CIO",
        needed_by=date(2026, 3, 20),
        meeting_id=steering,
    )
    add(workspace, "decision", project_id, title="Not this meeting's", meeting_id=other)
    add(
        workspace,
        "action_item",
        project_id,
        title="Book the movers",
        owner="Dana",
        due=date(2026, 3, 9),
        meeting_id=steering,
    )
    add(workspace, "action_item", project_id, title="Unrelated", owner="Eve")
    with workspace.read_session() as s:
        outcome = meeting_outcome(s, project_id, steering)
    assert [d.title for d in outcome.decisions] == ["Go for the weekend cutover", "Second site?"]
    assert [d.pending for d in outcome.decisions] == [False, True]
    assert [(a.title, a.owner, a.is_open) for a in outcome.actions] == [
        ("Book the movers", "Dana", True)
    ]


def test_attendees_come_from_the_register_then_the_pool(workspace) -> None:
    project_id, _ = make_project(workspace)
    stakeholder(workspace, project_id, name="Maria Keller", role="Sponsor", organisation="Finance")
    stakeholder(workspace, project_id, name="Tom Berg", role="Service owner")
    with workspace.session() as s:
        s.add_all(
            [
                Resource(name="Tom Berg", kind="work"),  # already a stakeholder: once
                Resource(name="Ana Lopez", kind="work", role="Network engineer", team="NetOps"),
                Resource(name="Fibre cable", kind="material"),
            ]
        )
    with workspace.read_session() as s:
        options = attendee_options(s, project_id)
    assert [(o.name, o.source, o.detail) for o in options] == [
        ("Maria Keller", "stakeholder", "Sponsor, Finance"),
        ("Tom Berg", "stakeholder", "Service owner"),
        ("Ana Lopez", "resource", "Network engineer, NetOps"),
    ]


def test_names_split_and_join_without_repeats() -> None:
    assert split_names(" Ana ; Tom,\nana, ,Bo ") == ["Ana", "Tom", "Bo"]
    assert join_names(["Ana", "Tom, Ana", "Eve"]) == "Ana, Tom, Eve"
