"""Small synthetic files that reproduce issue 16's date losses (shared by the tests here and
``bench/bench_fidelity.py``): an MS Project 2002 file whose StartDate lies years after its
tasks, a plan where a night-shift resource moves tasks, and a GanttProject file whose task
without a predecessor starts after the project start."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

_STANDARD_WEEK = "".join(
    f"<WeekDay><DayType>{day}</DayType><DayWorking>{1 if 2 <= day <= 6 else 0}</DayWorking>"
    + (
        "<WorkingTimes><WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime>"
        "</WorkingTime><WorkingTime><FromTime>13:00:00</FromTime><ToTime>17:00:00</ToTime>"
        "</WorkingTime></WorkingTimes>"
        if 2 <= day <= 6
        else ""
    )
    + "</WeekDay>"
    for day in range(1, 8)
)
_NIGHT_WEEK = "".join(
    f"<WeekDay><DayType>{day}</DayType><DayWorking>1</DayWorking><WorkingTimes><WorkingTime>"
    "<FromTime>23:00:00</FromTime><ToTime>00:00:00</ToTime></WorkingTime></WorkingTimes>"
    "</WeekDay>"
    for day in range(1, 8)
)


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def _task(
    uid: int, name: str, start: datetime, finish: datetime, hours: int, extra: str = ""
) -> str:
    return (
        f"<Task><UID>{uid}</UID><ID>{uid}</ID><Name>{name}</Name><OutlineLevel>1</OutlineLevel>"
        f"<Start>{_iso(start)}</Start><Finish>{_iso(finish)}</Finish>"
        f"<Duration>PT{hours}H0M0S</Duration><DurationFormat>7</DurationFormat>{extra}</Task>"
    )


def _project(body: str, start: datetime, calendars: str, rest: str = "") -> str:
    return (
        '<?xml version="1.0"?><Project xmlns="http://schemas.microsoft.com/project">'
        f"<Name>sample</Name><SaveVersion>9</SaveVersion><StartDate>{_iso(start)}</StartDate>"
        "<CalendarUID>1</CalendarUID><MinutesPerDay>480</MinutesPerDay>"
        f"<Calendars>{calendars}</Calendars><Tasks>{body}</Tasks>{rest}</Project>"
    )


_STANDARD = (
    "<Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar>"
    f"<BaseCalendarUID>-1</BaseCalendarUID><WeekDays>{_STANDARD_WEEK}</WeekDays></Calendar>"
)


def write_mspdi_2002(path: Path, tasks: int = 30) -> Path:
    """Project 2002's export: ``StartDate`` is the day the file was saved (2018), the tasks
    were planned in 2016, each with a start-no-earlier-than on its start."""
    first = datetime(2016, 1, 4, 8, 0)
    body = []
    for number in range(1, tasks + 1):
        start = first + timedelta(days=7 * ((number - 1) // 5))
        finish = start + timedelta(days=4, hours=9)
        snet = f"<ConstraintType>4</ConstraintType><ConstraintDate>{_iso(start)}</ConstraintDate>"
        body.append(_task(number, f"Task {number}", start, finish, 40, snet))
    path.write_text(_project("".join(body), datetime(2018, 10, 18, 8, 0), _STANDARD))
    return path


def write_mspdi_night_shift(path: Path) -> Path:
    """Two tasks on the project calendar, one done by a night-shift resource: MS Project
    places that one by the resource's calendar (23:00 to midnight each day)."""
    monday = datetime(2026, 3, 2, 8, 0)
    night = (
        "<Calendar><UID>2</UID><Name>Night Shift</Name><IsBaseCalendar>1</IsBaseCalendar>"
        f"<BaseCalendarUID>-1</BaseCalendarUID><WeekDays>{_NIGHT_WEEK}</WeekDays></Calendar>"
        "<Calendar><UID>3</UID><Name>Nina</Name><IsBaseCalendar>0</IsBaseCalendar>"
        "<BaseCalendarUID>2</BaseCalendarUID></Calendar>"
    )
    body = (
        _task(1, "Day work", monday, monday + timedelta(hours=9), 8)
        + _task(
            2,
            "Night work",
            monday.replace(hour=23),
            monday + timedelta(days=8, hours=-8),
            8,
        )
        + _task(
            3,
            "After day work",
            monday + timedelta(days=1),
            monday + timedelta(days=1, hours=9),
            8,
            "<PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type>"
            "<LinkLag>0</LinkLag><LagFormat>7</LagFormat></PredecessorLink>",
        )
    )
    resources = (
        "<Resources><Resource><UID>1</UID><ID>1</ID><Name>Nina</Name><Type>1</Type>"
        "<CalendarUID>3</CalendarUID></Resource></Resources>"
        "<Assignments><Assignment><UID>1</UID><TaskUID>2</TaskUID><ResourceUID>1</ResourceUID>"
        "<Units>1</Units></Assignment></Assignments>"
    )
    path.write_text(_project(body, monday, _STANDARD + night, resources))
    return path


def write_gan_free_start(path: Path) -> Path:
    """GanttProject: 'Survey' starts the project, 'Permits' (no predecessor) starts two weeks
    later where the PM put it, 'Build' follows 'Survey'."""
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><project name="free" version="3.3" locale="en">'
        '<calendars><day-types><day-type id="0"/><day-type id="1"/>'
        '<default-week id="1" name="default" sun="1" mon="0" tue="0" wed="0" thu="0" fri="0" '
        'sat="1"/></day-types></calendars><tasks>'
        '<task id="1" name="Survey" meeting="false" start="2026-03-02" duration="5" complete="0">'
        '<depend id="3" type="2" difference="0" hardness="Strong"/></task>'
        '<task id="2" name="Permits" meeting="false" start="2026-03-16" duration="3" '
        'complete="0"/>'
        '<task id="3" name="Build" meeting="false" start="2026-03-09" duration="10" '
        'complete="0"/>'
        "</tasks></project>"
    )
    return path
