"""MS Project's duration marks, as the Gantt's Duration cell and the readers take them (issue 16,
point 9): ``5d?`` estimated,
``3ed`` / ``4eh`` elapsed (wall-clock minutes, days of 24 h)."""

from __future__ import annotations

import pytest

from infradesk.interchange.duration_marks import MarkedDuration as TypedDuration
from infradesk.interchange.duration_marks import marked_text as duration_text
from infradesk.interchange.duration_marks import read_marked as read_duration_text
from infradesk.schedule.durations import DurationError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5d", TypedDuration(2400)),
        ("5d?", TypedDuration(2400, estimated=True)),
        (" 2 days ? ", TypedDuration(960, estimated=True)),
        ("3ed", TypedDuration(3 * 1440, elapsed=True)),
        ("4eh", TypedDuration(240, elapsed=True)),
        ("30em", TypedDuration(30, elapsed=True)),
        ("1ew?", TypedDuration(7 * 1440, estimated=True, elapsed=True)),
        ("1.5ed", TypedDuration(2160, elapsed=True)),
        ("1emo", TypedDuration(30 * 1440, elapsed=True)),
    ],
)
def test_typed_durations_carry_their_flags(text: str, expected: TypedDuration) -> None:
    assert read_duration_text(text, 480) == expected


def test_an_unknown_elapsed_unit_is_named() -> None:
    with pytest.raises(DurationError, match="unknown elapsed unit 'ex'"):
        read_duration_text("3ex", 480)
    with pytest.raises(DurationError):
        read_duration_text("soon?", 480)


@pytest.mark.parametrize(
    ("minutes", "estimated", "elapsed", "text"),
    [
        (2400, False, False, "5d"),
        (2400, True, False, "5d?"),
        (3 * 1440, False, True, "3ed"),
        (240, False, True, "4eh"),
        (2160, True, True, "1.5ed?"),
        (0, False, True, "0ed"),
    ],
)
def test_shown_as_ms_project_writes_them(
    minutes: int, estimated: bool, elapsed: bool, text: str
) -> None:
    assert duration_text(minutes, 480, estimated=estimated, elapsed=elapsed) == text
    back = read_duration_text(text, 480)
    assert (back.minutes, back.estimated, back.elapsed) == (minutes, estimated, elapsed)
