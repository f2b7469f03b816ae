"""The XML plan readers refuse the values the GUI and the JSON schema refuse (issue 13).

Each impossible value becomes an error located in the file (task, element or attribute), so the
CLI blocks the import; a value that is merely odd but valid still imports. A bounded property
test checks the promise both ways: whatever number a field holds, either the reader reports an
error, or the document it returns passes the JSON schema.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infradesk.interchange import json_schema
from infradesk.interchange.ganttproject import read_gan
from infradesk.interchange.json_document import document_to_json
from infradesk.interchange.mspdi import read_mspdi
from infradesk.interchange.planner import read_planner
from infradesk.interchange.problems import ImportResult, UnreadableFileError
from infradesk.interchange.readers import read_any
from infradesk.interchange.value_rules import (
    MAX_OUTLINE_LEVELS,
    day_problem,
    duration_problem,
    lag_problem,
    located,
    minutes_per_day_problem,
    parse_number,
    percent_problem,
)

from .helpers import by_name, links_of, project_of

# --- Small files, one value replaced ------------------------------------------------------------


def mspdi(
    *,
    duration: str = "PT40H0M0S",
    start: str = "2026-03-02T08:00:00",
    percent: str = "0",
    minutes_per_day: str = "480",
    lag: str = "0",
    lag_format: str = "7",
    project_start: str = "2026-03-02T08:00:00",
    constraint: str = "",
) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="http://schemas.microsoft.com/project">
 <Name>Rules</Name><StartDate>{project_start}</StartDate>
 <MinutesPerDay>{minutes_per_day}</MinutesPerDay>
 <Tasks>
  <Task><UID>7</UID><ID>1</ID><Name>Design</Name><Start>{start}</Start>
   <Duration>{duration}</Duration><OutlineLevel>1</OutlineLevel>
   <PercentComplete>{percent}</PercentComplete>{constraint}</Task>
  <Task><UID>8</UID><ID>2</ID><Name>Build</Name><Start>2026-03-09T08:00:00</Start>
   <Duration>PT80H0M0S</Duration><OutlineLevel>1</OutlineLevel>
   <PredecessorLink><PredecessorUID>7</PredecessorUID><Type>1</Type>
    <LinkLag>{lag}</LinkLag><LagFormat>{lag_format}</LagFormat></PredecessorLink></Task>
 </Tasks>
</Project>
""".encode()


def gan(
    *,
    duration: str = "3",
    start: str = "2026-03-02",
    complete: str = "10",
    difference: str = "0",
) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<project name="Rules" version="3.2">
  <tasks>
    <task id="1" name="Pack" start="{start}" duration="{duration}" complete="{complete}">
      <depend id="2" type="2" difference="{difference}" hardness="Strong"/>
    </task>
    <task id="2" name="Load truck" start="2026-03-06" duration="1"/>
  </tasks>
</project>
""".encode()


def gan_nested(depth: int) -> bytes:
    opening = "".join(
        f'<task id="{i}" name="Level {i}" start="2026-03-02" duration="1">' for i in range(depth)
    )
    return (
        '<?xml version="1.0"?>\n<project name="Deep" version="3.2"><tasks>'
        + opening
        + "</task>" * depth
        + "</tasks></project>\n"
    ).encode()


def planner(
    *,
    start: str = "20260302T080000Z",
    work: str = "28800",
    percent: str = "0",
    lag: str = "0",
    project_start: str = "20260302T000000Z",
    calendars: str = "",
    tasks: str = "",
) -> bytes:
    calendars = (
        calendars
        or """
    <calendar id="1" name="Default">
      <default-week mon="0" tue="0" wed="0" thu="0" fri="0" sat="1" sun="1"/>
      <overridden-day-types><overridden-day-type id="0">
        <interval start="0800" end="1200"/><interval start="1300" end="1700"/>
      </overridden-day-type></overridden-day-types>
    </calendar>"""
    )
    tasks = (
        tasks
        or f"""
    <task id="1" name="Prepare" work="{work}" start="20260302T000000Z" end="20260303T170000Z"
          work-start="{start}" percent-complete="{percent}" type="normal"/>
    <task id="2" name="Verify" work="28800" start="20260304T000000Z" end="20260304T170000Z"
          work-start="20260304T080000Z" percent-complete="0" type="normal">
      <predecessors><predecessor id="1" predecessor-id="1" type="FS" lag="{lag}"/></predecessors>
    </task>"""
    )
    return f"""<?xml version="1.0"?>
<project name="Rules" project-start="{project_start}" calendar="1" mrproject-version="2">
  <calendars>
    <day-types><day-type id="0" name="Working"/><day-type id="1" name="Nonworking"/></day-types>
    {calendars}
  </calendars>
  <tasks>{tasks}
  </tasks>
</project>
""".encode()


def only_error(result: ImportResult) -> str:
    """The one error the reader reported, as the CLI prints it (location included)."""
    assert [str(p) for p in result.errors] and len(result.errors) == 1, [
        str(p) for p in result.problems
    ]
    return str(result.errors[0])


# --- The rules ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "value", "why"),
    [
        (duration_problem, -1, "is negative"),
        (duration_problem, math.inf, "is not a finite number"),
        (duration_problem, math.nan, "is not a finite number"),
        (duration_problem, 52_560_001, "longer than 100 years"),
        (lag_problem, math.inf, "is not a finite number"),
        (lag_problem, -52_560_001, "longer than 100 years"),
        (percent_problem, 150, "is more than 100%"),
        (percent_problem, -1, "is below 0%"),
        (percent_problem, math.nan, "is not a finite number"),
        (minutes_per_day_problem, 0, "between 1 and 1440"),
        (minutes_per_day_problem, 1441, "between 1 and 1440"),
        (minutes_per_day_problem, math.inf, "between 1 and 1440"),
        (day_problem, date(9999, 12, 31), "1 Jan 1900 to 31 Dec 2199"),
        (day_problem, datetime(1899, 12, 31, 8), "1 Jan 1900 to 31 Dec 2199"),
    ],
)
def test_each_rule_refuses_its_impossible_values(
    rule: Callable[[object], str | None], value: object, why: str
) -> None:
    assert why in (rule(value) or "")


@pytest.mark.parametrize(
    ("rule", "value"),
    [
        (duration_problem, 0),
        (duration_problem, 52_560_000),
        (lag_problem, -4800),
        (percent_problem, 0),
        (percent_problem, 100),
        (minutes_per_day_problem, 1),
        (minutes_per_day_problem, 1440),
        (day_problem, date(1900, 1, 1)),
        (day_problem, datetime(2199, 12, 31, 17)),
    ],
)
def test_each_rule_accepts_the_values_at_its_limits(
    rule: Callable[[object], str | None], value: object
) -> None:
    assert rule(value) is None


def test_numbers_and_messages() -> None:
    assert parse_number(" 1e400 ") == math.inf
    assert parse_number("1,5") is None and parse_number(None) is None
    assert located("Task UID 7 'Design'", "<Duration>", "-PT8H0M0S", "is negative") == (
        "Task UID 7 'Design' <Duration>: -PT8H0M0S is negative"
    )
    long = located("Task", "<Duration>", "9" * 5000, "is too long")
    assert len(long) < 100 and "…" in long


# --- MS Project XML -----------------------------------------------------------------------------

MSPDI_CASES = [
    (
        {"duration": "-PT8H0M0S"},
        r"Tasks!row 1: Task UID 7 'Design' <Duration>: -PT8H0M0S is negative",
    ),
    (
        {"duration": "PT1e300H0M0S"},
        r"Task UID 7 'Design' <Duration>: PT1e300H0M0S is not a duration",
    ),
    ({"duration": "PT99999999H0M0S"}, r"<Duration>: PT99999999H0M0S is longer than 100 years"),
    ({"duration": "PT" + "9" * 400 + "H"}, r"<Duration>: PT9+…? is not a finite number"),
    ({"percent": "150"}, r"Task UID 7 'Design' <PercentComplete>: 150 is more than 100%"),
    ({"percent": "-5"}, r"<PercentComplete>: -5 is below 0%"),
    ({"percent": "lots"}, r"<PercentComplete>: lots is not a number"),
    ({"start": "9999-12-31T08:00:00"}, r"<Start>: 9999-12-31T08:00:00 is outside the dates"),
    ({"start": "2026-13-02T08:00:00"}, r"<Start>: 2026-13-02T08:00:00 is not a real date"),
    (
        {
            "constraint": "<ConstraintType>4</ConstraintType>"
            "<ConstraintDate>2026-02-30T08:00:00</ConstraintDate>"
        },
        r"<ConstraintDate>: 2026-02-30T08:00:00 is not a real date",
    ),
    (
        {
            "constraint": "<Baseline><Number>1</Number><Start>2026-03-02T08:00:00</Start>"
            "<Finish>9999-03-06T17:00:00</Finish></Baseline>"
        },
        r"Task UID 7 'Design' <Baseline> 1 <Finish>: 9999-03-06T17:00:00 is outside",
    ),
    ({"project_start": "1492-10-12T08:00:00"}, r"^Project <StartDate>: 1492-10-12T08:00:00 is"),
    ({"minutes_per_day": "0"}, r"^Project <MinutesPerDay>: 0 is not between 1 and 1440"),
    ({"minutes_per_day": "abc"}, r"^Project <MinutesPerDay>: abc is not a number"),
    (
        {"lag": "1e400"},
        r"Tasks!row 2: Task UID 8 'Build' <PredecessorLink> to UID 7 <LinkLag>: 1e400 is not a "
        r"finite number",
    ),
    ({"lag": "9" * 30}, r"<LinkLag>: 9+ is longer than 100 years"),
    ({"lag": "1e300", "lag_format": "19"}, r"<LinkLag>: 1e300 is longer than 100 years"),
]


@pytest.mark.parametrize(("values", "message"), MSPDI_CASES)
def test_mspdi_impossible_values_are_located_errors(values: dict[str, str], message: str) -> None:
    result = read_mspdi(mspdi(**values))
    assert re.search(message, only_error(result)), only_error(result)
    # The value is left out (as the GUI's "import the rest anyway" promises), never kept.
    project = project_of(result)
    design = by_name(project, "Design")
    assert 0 <= design["percent_complete"] <= 100
    assert 0 <= design["duration_minutes"] <= json_schema.MAX_MINUTES
    assert json_schema.problems(document_to_json(result.document)) == []


def test_mspdi_bad_values_are_errors_and_left_out_of_the_task() -> None:
    result = read_mspdi(mspdi(duration="-PT8H0M0S", start="2026-13-02T08:00:00"))
    assert [p.row for p in result.errors] == [1, 1]
    design = by_name(project_of(result), "Design")
    assert design["duration_minutes"] == 0 and design["start"] is None
    result = read_mspdi(mspdi(lag="1e400"))
    assert [p.row for p in result.errors] == [2]
    assert links_of(project_of(result)) == [("Design", "Build", "FS", 0)]


def test_mspdi_values_at_the_limits_import_and_past_them_are_errors() -> None:
    """Leads (negative lags), a 24-hour day, 100 %, a start in 2199 and an ASAP task with a
    stray constraint date are all things a real file may hold; one step further is not."""
    past = [
        mspdi(minutes_per_day="1441"),
        mspdi(percent="100.5"),
        mspdi(start="2200-01-01T08:00:00"),
        mspdi(
            constraint="<ConstraintType>4</ConstraintType>"
            "<ConstraintDate>9999-12-31T00:00:00</ConstraintDate>"
        ),
    ]
    assert [len(read_mspdi(raw).errors) for raw in past] == [1, 1, 1, 1]
    result = read_mspdi(
        mspdi(
            lag="-4800",
            minutes_per_day="1440",
            percent="100",
            start="2199-06-01T08:00:00",
            constraint="<ConstraintType>0</ConstraintType>"
            "<ConstraintDate>9999-12-31T00:00:00</ConstraintDate>",
        )
    )
    assert result.errors == []
    project = project_of(result)
    assert by_name(project, "Design")["percent_complete"] == 100
    assert links_of(project) == [("Design", "Build", "FS", -480)]


# --- GanttProject -------------------------------------------------------------------------------

GAN_CASES = [
    ({"duration": "-3"}, r"Tasks!row 1: Task id 1 'Pack' duration: -3 is negative"),
    ({"duration": "1e400"}, r"Task id 1 'Pack' duration: 1e400 is not a finite number"),
    ({"duration": "99999999"}, r"duration: 99999999 is longer than 100 years"),
    ({"duration": "three"}, r"duration: three is not a number"),
    ({"complete": "150"}, r"Task id 1 'Pack' complete: 150 is more than 100%"),
    ({"complete": "-1"}, r"complete: -1 is below 0%"),
    ({"start": "9999-12-31"}, r"Task id 1 'Pack' start: 9999-12-31 is outside the dates"),
    ({"difference": "1e400"}, r"Link 'Pack' -> 'Load truck' difference: 1e400 is not a finite"),
]


@pytest.mark.parametrize(("values", "message"), GAN_CASES)
def test_gan_impossible_values_are_located_errors(values: dict[str, str], message: str) -> None:
    result = read_gan(gan(**values))
    assert re.search(message, only_error(result)), only_error(result)
    assert json_schema.problems(document_to_json(result.document)) == []


def test_gan_decimal_comma_is_read_with_a_warning() -> None:
    result = read_gan(gan(duration="1,5"))
    assert result.errors == []
    assert any("'1,5' read as 1.5" in str(p) for p in result.warnings)
    assert by_name(project_of(result), "Pack")["duration_minutes"] == 720


def test_gan_outline_of_the_maximum_depth_is_read_and_one_more_level_refused() -> None:
    with pytest.raises(UnreadableFileError, match="more than 100 levels"):
        read_gan(gan_nested(MAX_OUTLINE_LEVELS + 1))
    result = read_gan(gan_nested(MAX_OUTLINE_LEVELS))
    tasks = project_of(result)["tasks"]
    assert len(tasks) == MAX_OUTLINE_LEVELS
    assert tasks[-1]["wbs"] == ".".join(["1"] * MAX_OUTLINE_LEVELS)
    assert tasks[-1]["parent"] == tasks[-2]["id"]


@pytest.mark.parametrize("depth", [MAX_OUTLINE_LEVELS + 1, 100_000])
def test_gan_deeper_outlines_are_refused_naming_the_task(depth: int, tmp_path: Path) -> None:
    """100,000 levels once ended in a RecursionError (exit 3)."""
    path = tmp_path / "deep.gan"
    path.write_bytes(gan_nested(depth))
    with pytest.raises(UnreadableFileError) as refused:
        read_gan(path)
    assert str(refused.value).startswith("deep.gan: tasks are nested more than 100 levels deep")
    assert "'Level 100', id 100, at level 101" in str(refused.value)


def test_gan_siblings_keep_their_outline_order() -> None:
    """The walk without recursion reads tasks in the same depth-first order as before, and a
    bad value of a nested task is located on that task's row."""
    tasks = """<task id="1" name="A" start="2026-03-02" duration="1">
      <task id="2" name="A1" start="2026-03-02" duration="1">
        <task id="3" name="A1a" start="2026-03-02" duration="-1"/></task>
      <task id="4" name="A2" start="2026-03-02" duration="1"/></task>
    <task id="5" name="B" start="2026-03-02" duration="1"/>"""
    document = f'<?xml version="1.0"?><project name="O"><tasks>{tasks}</tasks></project>'
    result = read_gan(document.encode())
    assert [str(p) for p in result.errors] == [
        "Tasks!row 3: Task id 3 'A1a' duration: -1 is negative"
    ]
    project = project_of(result)
    outline = [(t["name"], t["wbs"], t["parent"]) for t in project["tasks"]]
    assert outline == [
        ("A", "1", None),
        ("A1", "1.1", 1),
        ("A1a", "1.1.1", 2),
        ("A2", "1.2", 1),
        ("B", "2", None),
    ]


# --- GNOME Planner ------------------------------------------------------------------------------

PLANNER_CASES = [
    ({"work": "-28800"}, r"Tasks!row 1: Task id 1 'Prepare' work: -28800 is negative"),
    ({"percent": "150"}, r"Task id 1 'Prepare' percent-complete: 150 is more than 100%"),
    ({"percent": "nan"}, r"percent-complete: nan is not a finite number"),
    ({"lag": "1e400"}, r"Tasks!row 2: Link 'Prepare' -> 'Verify' lag: 1e400 is not a finite"),
    ({"lag": "9" * 20}, r"lag: 9+ is longer than 100 years"),
    ({"start": "99991231T080000Z"}, r"'Prepare' work-start: 99991231T080000Z is outside"),
    ({"project_start": "18000101T000000Z"}, r"^Project project-start: 18000101T000000Z is"),
]


@pytest.mark.parametrize(("values", "message"), PLANNER_CASES)
def test_planner_impossible_values_are_located_errors(values: dict[str, str], message: str) -> None:
    result = read_planner(planner(**values))
    assert re.search(message, only_error(result)), only_error(result)
    assert json_schema.problems(document_to_json(result.document)) == []


def test_planner_leads_and_valid_values_still_import_and_past_the_limits_are_errors() -> None:
    past = [planner(percent="101"), planner(work="-1"), planner(start="22000101T080000Z")]
    assert [len(read_planner(raw).errors) for raw in past] == [1, 1, 1]
    result = read_planner(planner(lag="-86400", percent="100"))
    assert result.errors == []
    assert links_of(project_of(result)) == [("Prepare", "Verify", "FS", -480)]


def test_planner_deep_outline_and_deep_calendars_do_not_crash() -> None:
    depth = 5_000  # far beyond Python's recursion limit
    nested_tasks = (
        "".join(
            f'<task id="{i}" name="T{i}" work-start="20260302T080000Z" end="20260302T170000Z">'
            for i in range(depth)
        )
        + "</task>" * depth
    )
    with pytest.raises(UnreadableFileError, match="nested more than 100 levels deep"):
        read_planner(planner(tasks=nested_tasks))
    nested_calendars = "".join(
        f'<calendar id="{i}" name="C{i}"><default-week mon="0"/>' for i in range(2, depth)
    ) + "</calendar>" * (depth - 2)
    result = read_planner(planner(calendars=nested_calendars.replace('id="2"', 'id="1"', 1)))
    assert [t["name"] for t in project_of(result)["tasks"]] == ["Prepare", "Verify"]


# --- Real files and the promise both ways -------------------------------------------------------

REAL_FILES = [
    "issue2659.xml",
    "legacy_sample1.xml",
    "mspdirelations.xml",
    "task-links-project2019-mspdi.xml",
    "GanttProject2xlsx_gantt.gan",
    "HouseBuildingSample.gan",
    "project1.planner",
]


@pytest.mark.parametrize("name", REAL_FILES)
def test_real_files_hold_no_impossible_value(name: str, real_plan, tmp_path: Path) -> None:
    """Real files import without an error; the same file with every percent complete set to
    150 is refused, task by task."""
    path = real_plan(name)
    result = read_any(path)
    assert result.errors == [], [str(p) for p in result.errors]
    assert json_schema.problems(document_to_json(result.document)) == []
    broken, count = re.subn(
        rb"<PercentComplete>\d+<|percent-complete=\"\d+\"|\scomplete=\"\d+\"",
        lambda m: re.sub(rb"\d+", b"150", m.group(0)),
        path.read_bytes(),
    )
    assert count > 0
    copy = tmp_path / name
    copy.write_bytes(broken)
    errors = read_any(copy).errors
    assert errors and all("150 is more than 100%" in p.message and p.row for p in errors)


NUMBERS = st.one_of(
    st.integers(-(10**12), 10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["1e400", "-1e400", "nan", "", "1,5", "abc", "9" * 400, "-0", "100.5"]),
)
FIELDS: dict[str, Callable[[str], ImportResult]] = {
    "mspdi percent": lambda v: read_mspdi(mspdi(percent=v)),
    "mspdi lag": lambda v: read_mspdi(mspdi(lag=v)),
    "mspdi minutes per day": lambda v: read_mspdi(mspdi(minutes_per_day=v)),
    "mspdi duration hours": lambda v: read_mspdi(mspdi(duration=f"PT{v.lstrip('-')}H")),
    "gan duration": lambda v: read_gan(gan(duration=v)),
    "gan complete": lambda v: read_gan(gan(complete=v)),
    "gan difference": lambda v: read_gan(gan(difference=v)),
    "planner percent": lambda v: read_planner(planner(percent=v)),
    "planner lag": lambda v: read_planner(planner(lag=v)),
    "planner work": lambda v: read_planner(planner(work=v)),
}


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(sorted(FIELDS)), value=NUMBERS)
def test_any_number_is_either_a_located_error_or_a_valid_document(field: str, value: str) -> None:
    """Whatever a numeric field holds, the reader never crashes, and what it returns without
    an error passes the same schema a JSON import must pass."""
    result = FIELDS[field](value)
    if not result.errors:
        assert json_schema.problems(document_to_json(result.document)) == [], (field, value)
    for problem in result.errors:
        assert problem.row is not None or str(problem).startswith("Project <")
