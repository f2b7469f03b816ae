"""Fuzzing every reader and text parser: random bytes and random mutations of a small valid file
of each format either read, or raise UnreadableFileError / report Problems; nothing else
(issue 13). Bounded (max_examples, no deadline) so the whole file stays well under 40 s.
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infradesk.interchange.excel.dates import parse_date
from infradesk.interchange.excel.values import (
    read_duration,
    read_money,
    read_percent,
    read_predecessors,
)
from infradesk.interchange.problems import ImportResult, UnreadableFileError
from infradesk.interchange.readers import read_any
from infradesk.schedule.durations import parse_duration

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

JSON_SAMPLE = json.dumps(
    {
        "format": "infradesk",
        "version": 1,
        "projects": [
            {
                "name": "Fuzz",
                "start": "2026-03-02T08:00",
                "calendar": {"holidays": [{"date": "2026-12-24", "name": "Closed"}]},
                "tasks": [
                    {"id": 1, "name": "A", "duration": "5d", "percent_complete": 10},
                    {"id": 2, "name": "B", "duration_minutes": 960,
                     "predecessors": [{"task": 1, "type": "FS", "lag": "1d"}]},
                ],
            }
        ],
    }
).encode()  # fmt: skip

CSV_SAMPLE = b"Task;Duration;Start;Predecessors;% Complete\nA;5d;2026-03-02;;10%\nB;2d;;1FS+1d;0\n"

MSPDI_SAMPLE = b"""<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="http://schemas.microsoft.com/project"><Name>Fuzz</Name>
<StartDate>2026-03-02T08:00:00</StartDate><MinutesPerDay>480</MinutesPerDay>
<Tasks><Task><UID>1</UID><ID>1</ID><Name>A</Name><OutlineLevel>1</OutlineLevel>
<Start>2026-03-02T08:00:00</Start><Duration>PT40H0M0S</Duration></Task>
<Task><UID>2</UID><ID>2</ID><Name>B</Name><OutlineLevel>1</OutlineLevel>
<Duration>PT16H0M0S</Duration><PredecessorLink><PredecessorUID>1</PredecessorUID>
<Type>1</Type><LinkLag>4800</LinkLag></PredecessorLink></Task></Tasks></Project>"""

GAN_SAMPLE = b"""<?xml version="1.0" encoding="UTF-8"?>
<project name="Fuzz" version="3.2"><tasks>
<task id="0" name="A" start="2026-03-02" duration="5" complete="10">
<depend id="1" type="2" difference="1" hardness="Strong"/></task>
<task id="1" name="B" start="2026-03-09" duration="2" complete="0"/>
</tasks></project>"""

PLANNER_SAMPLE = b"""<?xml version="1.0"?>
<project name="Fuzz" project-start="20260302T000000Z"><tasks>
<task id="1" name="A" start="20260302T080000Z" end="20260306T170000Z" work="144000"
 duration="144000" percent-complete="10" type="normal" scheduling="fixed-work"/>
<task id="2" name="B" start="20260309T080000Z" end="20260310T170000Z" work="57600"
 duration="57600" type="normal" scheduling="fixed-work"><predecessors>
<predecessor id="1" predecessor-id="1" type="FS"/></predecessors></task>
</tasks></project>"""


def _xlsx_sample() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Tasks"
    for row in [
        ["Task", "Duration", "Start", "Predecessors", "% Complete", "Cost"],
        ["A", "5d", "2026-03-02", None, 0.1, 1200.5],
        ["B", 2, 46090, "2FS+1d", "50%", "1.200,00"],
    ]:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


SAMPLES = {
    ".json": JSON_SAMPLE,
    ".csv": CSV_SAMPLE,
    ".xml": MSPDI_SAMPLE,
    ".gan": GAN_SAMPLE,
    ".planner": PLANNER_SAMPLE,
    ".xlsx": _xlsx_sample(),
}


def _read(data: bytes, suffix: str) -> None:
    """Read ``data`` as a file of type ``suffix``; only the two allowed outcomes pass."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(data)
        try:
            result = read_any(path)
        except UnreadableFileError as error:
            assert str(error).strip()
            return
        assert isinstance(result, ImportResult)
        for problem in result.problems:
            assert str(problem).strip()


@st.composite
def mutated(draw: st.DrawFn, suffix: str) -> bytes:
    """The sample with a few bytes replaced, inserted or cut off."""
    data = bytearray(SAMPLES[suffix])
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        position = draw(st.integers(0, max(len(data) - 1, 0)))
        action = draw(st.sampled_from(["replace", "insert", "truncate", "digit"]))
        if action == "replace":
            data[position] = draw(st.integers(0, 255))
        elif action == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=8))
        elif action == "digit":
            data[position:position] = draw(st.sampled_from([b"9" * 30, b"-", b",5", b"1e300"]))
        else:
            del data[position:]
    return bytes(data)


def _fuzz_format(suffix: str):
    @FUZZ
    @given(data=st.data())
    def test(data: st.DataObject) -> None:
        if data.draw(st.booleans()):
            payload = data.draw(mutated(suffix))
        else:
            payload = data.draw(st.binary(max_size=300))
        _read(payload, suffix)

    return test


test_fuzz_json = _fuzz_format(".json")
test_fuzz_csv = _fuzz_format(".csv")
test_fuzz_mspdi = _fuzz_format(".xml")
test_fuzz_ganttproject = _fuzz_format(".gan")
test_fuzz_planner = _fuzz_format(".planner")
test_fuzz_xlsx = _fuzz_format(".xlsx")


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=8,
)


@FUZZ
@given(
    field=st.sampled_from(
        ["duration", "duration_minutes", "percent_complete", "start", "predecessors", "id",
         "parent", "name", "deadline", "milestone"]
    ),
    value=json_values,
)  # fmt: skip
def test_fuzz_json_task_fields(field: str, value: object) -> None:
    """Wrong types and values in any task field are refused with a message, never a crash."""
    document = json.loads(JSON_SAMPLE)
    document["projects"][0]["tasks"][1][field] = value
    _read(json.dumps(document).encode(), ".json")


text_or_number = (
    st.text(max_size=20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.integers(-(10**20), 10**20)
    | st.sampled_from(["1,5", "1e300", "-0", "9" * 40, "5d?", "2 semanas", "31/02/2026"])
)


@FUZZ
@given(value=text_or_number)
def test_fuzz_text_parsers(value: object) -> None:
    """Each cell parser reads a value or raises ValueError (its 'cannot read' signal)."""
    for parse in (read_duration, read_percent, read_money, parse_date):
        with contextlib.suppress(ValueError):
            parse(value)
    with contextlib.suppress(ValueError):
        read_predecessors(value)
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            parse_duration(value, allow_negative=True)
