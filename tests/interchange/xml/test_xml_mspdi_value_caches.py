"""The MSPDI task and link passes read each distinct text of a duration, percentage, amount,
lag and code once (issue 22: 100,000 tasks share a few hundred): a value read from the cache
is the value read afresh, and a text with a problem still gets its message on every row that
holds it. Tasks out of ID order are read in ID order (file order among equal IDs)."""

from __future__ import annotations

from pathlib import Path

from infradesk.interchange.mspdi.reader import read_mspdi
from infradesk.interchange.problems import ImportResult


def task(uid: int, row: int | str, name: str, extra: str = "", links: str = "") -> str:
    return (
        f"<Task><UID>{uid}</UID><ID>{row}</ID><Name>{name}</Name>"
        f"<OutlineLevel>1</OutlineLevel>{extra}{links}</Task>"
    )


def link(uid: int, lag: str = "", lag_format: str = "", kind: str = "") -> str:
    return (
        f"<PredecessorLink><PredecessorUID>{uid}</PredecessorUID>"
        + (f"<Type>{kind}</Type>" if kind else "")
        + (f"<LinkLag>{lag}</LinkLag>" if lag else "")
        + (f"<LagFormat>{lag_format}</LagFormat>" if lag_format else "")
        + "</PredecessorLink>"
    )


def read(tmp_path: Path, tasks: list[str]) -> ImportResult:
    path = tmp_path / "plan.xml"
    path.write_text(
        '<?xml version="1.0"?><Project xmlns="http://schemas.microsoft.com/project">'
        "<Name>P</Name><StartDate>2026-03-02T08:00:00</StartDate>"
        f"<Tasks>{''.join(tasks)}</Tasks></Project>",
        encoding="utf-8",
    )
    return read_mspdi(path)


def test_repeated_values_read_alike_and_bad_ones_are_reported_on_every_row(
    tmp_path: Path,
) -> None:
    good = (
        "<Duration>PT16H0M0S</Duration><DurationFormat>7</DurationFormat>"
        "<PercentComplete>25</PercentComplete><Cost>120050</Cost>"
        "<ConstraintType>4</ConstraintType><ConstraintDate>2026-03-04T08:00:00</ConstraintDate>"
    )
    bad = "<Duration>PT-5H</Duration><PercentComplete>150</PercentComplete><Cost>x</Cost>"
    tasks = [task(1, 1, "First", good), task(2, 2, "Second", good)]
    tasks += [task(3, 3, "Bad 1", bad, link(1, "abc")), task(4, 4, "Bad 2", bad, link(2, "abc"))]
    tasks += [
        task(5, 5, "Lagged 1", "", link(1, "4800", "7", "3")),
        task(6, 6, "Lagged 2", "", link(2, "4800", "7", "3") + link(3, "4800", "", "")),
    ]
    result = read(tmp_path, tasks)
    (project,) = result.document.projects
    first, second, bad_1, bad_2, lagged_1, lagged_2 = project.tasks
    for field in ("duration_minutes", "percent_complete", "cost", "constraint_type"):
        assert getattr(first, field) == getattr(second, field), field
    assert (first.duration_minutes, first.percent_complete, str(first.cost)) == (
        960,
        25.0,
        "1200.50",
    )
    assert first.constraint_type == "SNET" and first.constraint_date is not None
    assert bad_1.duration_minutes == bad_2.duration_minutes == 0
    assert bad_1.percent_complete == bad_2.percent_complete == 100.0  # kept, clamped, reported
    for row in (3, 4):
        messages = " ".join(p.message for p in result.problems if p.row == row)
        for tag in ("<Duration>", "<PercentComplete>", "<Cost>", "<LinkLag>"):
            assert tag in messages, (row, tag)
        assert f"to UID {row - 2}" in messages  # the link's place named in its message
    assert [(lk.type, lk.lag_minutes) for lk in lagged_1.predecessors] == [("SS", 480)]
    assert [(lk.type, lk.lag_minutes) for lk in lagged_2.predecessors] == [
        ("SS", 480),
        ("FS", 480),
    ]


def test_tasks_out_of_id_order_are_read_in_id_order(tmp_path: Path) -> None:
    tasks = [task(1, 3, "C"), task(2, 1, "A"), task(3, "", "No ID"), task(4, 2, "B 1")]
    tasks += [task(5, 2, "B 2"), task(6, "x", "Unreadable ID")]
    result = read(tmp_path, tasks)
    names = [t.name for t in result.document.projects[0].tasks]
    assert names == ["A", "B 1", "B 2", "C", "No ID", "Unreadable ID"]
    in_order = read(tmp_path, [task(1, 1, "A"), task(2, 2, "B")])
    assert [t.name for t in in_order.document.projects[0].tasks] == ["A", "B"]
