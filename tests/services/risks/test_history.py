"""History of probability / impact / status changes, trend since a date, a risk's timeline."""

from __future__ import annotations

from datetime import date

from infradesk.services.risks import queries as risk_service
from infradesk.services.risks.commands import EditRecord

from .helpers import add, apply, make_project


def edit(workspace, project_id: int, risk_id: int, on: date, **changes) -> EditRecord:
    command = EditRecord("risk", project_id, risk_id, changes, on=on)
    command.apply(workspace)
    return command


def test_each_tracked_change_is_recorded_with_its_date(workspace) -> None:
    project_id, _ = make_project(workspace)
    risk_id = add(workspace, "risk", project_id, on=date(2026, 3, 2), probability=2, impact=3)
    edit(workspace, project_id, risk_id, date(2026, 3, 9), probability=4)
    edit(workspace, project_id, risk_id, date(2026, 3, 16), status="monitoring")
    edit(workspace, project_id, risk_id, date(2026, 3, 17), owner="Someone")  # not tracked
    with workspace.session() as session:
        timeline = risk_service.risk_timeline(session, risk_id)
    assert [(e.changed_on, e.score, e.status) for e in timeline] == [
        (date(2026, 3, 2), 6, "identified"),
        (date(2026, 3, 9), 12, "identified"),
        (date(2026, 3, 16), 12, "monitoring"),
    ]
    assert timeline[1].note == "probability 2 → 4"


def test_an_edit_to_the_same_value_records_nothing(workspace) -> None:
    project_id, _ = make_project(workspace)
    risk_id = add(workspace, "risk", project_id, probability=2)
    edit(workspace, project_id, risk_id, date(2026, 3, 9), probability=2)
    with workspace.session() as session:
        assert len(risk_service.risk_timeline(session, risk_id)) == 1


def test_trend_since_a_date(workspace) -> None:
    project_id, _ = make_project(workspace)
    rising = add(workspace, "risk", project_id, on=date(2026, 3, 2), title="Up", probability=2)
    falling = add(workspace, "risk", project_id, on=date(2026, 3, 2), title="Down", impact=5)
    add(workspace, "risk", project_id, on=date(2026, 3, 2), title="Steady")
    add(workspace, "risk", project_id, on=date(2026, 3, 20), title="New")
    closed = add(workspace, "risk", project_id, on=date(2026, 3, 2), title="Closed")
    edit(workspace, project_id, rising, date(2026, 3, 12), probability=5)
    edit(workspace, project_id, falling, date(2026, 3, 4), probability=4)  # before the date
    edit(workspace, project_id, falling, date(2026, 3, 12), impact=1)
    edit(workspace, project_id, closed, date(2026, 3, 12), status="closed")
    with workspace.session() as session:
        trend = risk_service.trend_since(session, project_id, date(2026, 3, 10))
        rows = risk_service.load_risks(session, project_id, since=date(2026, 3, 10))
    by_title = {i.title: i for i in trend.items}
    assert by_title["Up"].direction == "up" and (by_title["Up"].before, by_title["Up"].now) == (
        6,
        15,
    )
    assert by_title["Down"].direction == "down" and by_title["Down"].before == 20
    assert by_title["Steady"].direction == "steady"
    assert by_title["New"].direction == "new" and by_title["New"].before is None
    assert by_title["Closed"].status == "closed"  # closed since the date: still reported
    assert trend.count("up") == 1 and trend.count("new") == 1
    assert {r.title: r.arrow for r in rows}["Up"] == "▲"
    assert {r.title: r.trend for r in rows}["Down"] == "down"


def test_trend_leaves_out_risks_closed_before_the_date(workspace) -> None:
    project_id, _ = make_project(workspace)
    risk_id = add(workspace, "risk", project_id, on=date(2026, 3, 2))
    edit(workspace, project_id, risk_id, date(2026, 3, 3), status="closed")
    with workspace.session() as session:
        assert risk_service.trend_since(session, project_id, date(2026, 3, 10)).items == []


def test_undo_of_an_edit_removes_its_history_entry(workspace) -> None:
    project_id, _ = make_project(workspace)
    risk_id = add(workspace, "risk", project_id, probability=2)
    command = edit(workspace, project_id, risk_id, date(2026, 3, 9), probability=5)
    command.revert(workspace)
    with workspace.session() as session:
        timeline = risk_service.risk_timeline(session, risk_id)
        (row,) = risk_service.load_risks(session, project_id)
    assert len(timeline) == 1 and row.probability == 2
    apply(workspace, command)  # redo
    with workspace.session() as session:
        assert [e.probability for e in risk_service.risk_timeline(session, risk_id)] == [2, 5]
