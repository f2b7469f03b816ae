"""MS Project's task flags in MSPDI (issue 16, point 9): ``<Estimated>``, ``<Manual>`` and the
elapsed / estimated ``<DurationFormat>`` codes (MS Project's PjFormatUnit: 39 = d?, 8 = ed,
40 = ed?, 6 = eh) are written from the document and read back, an elapsed duration stays
wall-clock minutes, and a file that marks a task estimated only by its format is read so."""

from __future__ import annotations

import io
import re
from datetime import datetime

from defusedxml import ElementTree as SafeET

from infradesk.interchange import document as d
from infradesk.interchange.mspdi import read_mspdi, write_mspdi

NS = {"p": "http://schemas.microsoft.com/project"}
START = datetime(2026, 3, 2, 8)


def _document() -> d.Document:
    tasks = (
        d.Task(id=1, name="Plain", duration_minutes=2400, start=START),
        d.Task(id=2, name="Guess", duration_minutes=2400, start=START, estimated=True),
        d.Task(id=3, name="Curing", duration_minutes=3 * 1440, start=START, elapsed=True),
        d.Task(
            id=4, name="Soak", duration_minutes=3 * 1440, start=START, elapsed=True, estimated=True
        ),
        d.Task(id=5, name="Burn-in", duration_minutes=4 * 60, start=START, elapsed=True),
        d.Task(
            id=6, name="Fixed", duration_minutes=960, start=datetime(2026, 3, 4, 8), manual=True
        ),
    )
    return d.Document(projects=(d.Project(name="Flags", start=START, tasks=tasks),))


def _written() -> bytes:
    stream = io.BytesIO()
    write_mspdi(_document(), stream)
    return stream.getvalue()


def _field(root: object, tag: str) -> dict[str, str]:
    out = {}
    for task in root.iterfind("p:Tasks/p:Task", NS):  # type: ignore[attr-defined]  # an Element
        name = task.findtext("p:Name", "", NS)
        out[name] = task.findtext(f"p:{tag}", "", NS)
    return out


def test_the_writer_uses_ms_projects_codes() -> None:
    root = SafeET.fromstring(_written())
    formats = _field(root, "DurationFormat")
    assert [formats[n] for n in ("Plain", "Guess", "Curing", "Soak", "Burn-in", "Fixed")] == [
        "7", "39", "8", "40", "6", "7",
    ]  # fmt: skip
    assert _field(root, "Estimated")["Guess"] == "1" and _field(root, "Estimated")["Plain"] == "0"
    assert _field(root, "Manual")["Fixed"] == "1" and _field(root, "Manual")["Plain"] == "0"
    # an elapsed duration is written in wall-clock hours: 3ed = 72 hours
    assert _field(root, "Duration")["Curing"] == "PT72H0M0S"


def test_the_round_trip_keeps_the_flags_and_the_wall_clock_minutes() -> None:
    result = read_mspdi(_written())
    tasks = {t.name: t for t in result.document.projects[0].tasks}
    original = {t.name: t for t in _document().projects[0].tasks}
    for name, task in original.items():
        back = tasks[name]
        assert (back.estimated, back.manual, back.elapsed, back.duration_minutes) == (
            task.estimated, task.manual, task.elapsed, task.duration_minutes,
        ), name  # fmt: skip
    assert tasks["Fixed"].start == datetime(2026, 3, 4, 8)
    assert not any("Elapsed duration" in str(m) for m in result.problems)


def test_an_estimated_format_alone_marks_the_task_estimated() -> None:
    text = _written().decode("utf-8")
    text = re.sub(r"\s*<Estimated>[01]</Estimated>", "", text)
    assert "<Estimated>" not in text
    tasks = {t.name: t for t in read_mspdi(text.encode("utf-8")).document.projects[0].tasks}
    assert (tasks["Guess"].estimated, tasks["Soak"].estimated, tasks["Plain"].estimated) == (
        True, True, False,
    )  # fmt: skip
