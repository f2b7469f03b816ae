"""The Assigned cell's text: MS Project's Resource Names forms read, refusals quote the part."""

from __future__ import annotations

import pytest

from infradesk.interchange.assignment_text import (
    AssignmentSpec,
    AssignmentTextError,
    format_assignment,
    parse_assignments,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        (" ; ", []),
        ("Alice", [AssignmentSpec("Alice")]),
        ("Network  engineer [50%]", [AssignmentSpec("Network engineer", 50.0, percent=True)]),
        ("Alice[50]", [AssignmentSpec("Alice", 50.0)]),
        ("Alice,Bob[25%]", [AssignmentSpec("Alice"), AssignmentSpec("Bob", 25.0, percent=True)]),
        ("Fibre[200 m]; Crew", [AssignmentSpec("Fibre", 200.0, label="m"), AssignmentSpec("Crew")]),
        ("Crew[2,5]", [AssignmentSpec("Crew", 2.5)]),
    ],
)
def test_reads_ms_project_forms(text: str, expected: list[AssignmentSpec]) -> None:
    assert parse_assignments(text) == expected


def test_units_of_people_and_quantities_of_materials() -> None:
    half, fibre, bare = parse_assignments("A[50%]; F[200 m]; B")
    assert half.work_units() == 0.5
    assert fibre.quantity() == 200.0
    assert (bare.work_units(), bare.quantity()) == (1.0, 1.0)


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("Alice[abc]", "'Alice[abc]'"),
        ("Alice[0%]", "'Alice[0%]'"),
        ("Alice[-5%]", "'Alice[-5%]'"),
        ("Alice[1e300]", "'Alice[1e300]'"),
        ("[50%]", "'[50%]'"),
        ("Alice; alice", "alice"),
        ("Alice]", "'Alice]'"),
    ],
)
def test_refusals_quote_the_part(text: str, quoted: str) -> None:
    with pytest.raises(AssignmentTextError) as caught:
        parse_assignments(text)
    assert quoted in str(caught.value)


def test_formats_as_typed() -> None:
    assert format_assignment("Alice", 1.0) == "Alice"
    assert format_assignment("Alice", 0.5) == "Alice[50%]"
    assert format_assignment("Crew", 3.0) == "Crew[300%]"
    assert format_assignment("Fibre", 200.0, material=True, label="m") == "Fibre[200 m]"
    assert format_assignment("Licence", 1.0, material=True) == "Licence"
    for text in ("Alice[50%]", "Crew[300%]", "Bob[33.3%]"):
        spec = parse_assignments(text)[0]
        assert format_assignment(spec.name, spec.work_units()) == text
