"""The pool's shared reads and writes: rows, lookup by name, creation, choices."""

from __future__ import annotations

from decimal import Decimal

import pytest

from infradesk.model import BaseCalendar
from infradesk.model.resource import ALL_HOURS_CALENDAR
from infradesk.services.resources.pool import (
    ResourceEditError,
    assignment_counts,
    calendar_rows,
    create_resource,
    find_resource,
    next_resource_name,
    resource_rows,
    vendor_choices,
)
from infradesk.store.workspace import Workspace


def test_resource_rows_are_plain_and_by_name(pool: Workspace) -> None:
    with pool.session() as session:
        rows = resource_rows(session)
    assert [r.name for r in rows] == ["Ann Lee", "Crew", "Fibre"]
    ann, crew, fibre = rows
    assert (ann.role, ann.rate_per_hour, ann.max_units) == ("Network engineer", Decimal("80"), 1.0)
    assert (crew.vendor_name, crew.max_units) == ("NetSource", 3.0)
    assert (fibre.kind, fibre.material_label, fibre.calendar_name) == ("material", "m", "")


def test_find_resource_ignores_case_and_blanks(pool: Workspace) -> None:
    with pool.session() as session:
        found = find_resource(session, "  ann LEE ")
        assert found is not None and found.name == "Ann Lee"
        assert find_resource(session, "Anne Lee") is None
        assert find_resource(session, "   ") is None


def test_find_resource_folds_non_ascii_case(workspace: Workspace) -> None:
    with workspace.session() as session:
        create_resource(session, "Émile Zoë")
        found = find_resource(session, "émile zoë")
        assert found is not None and found.name == "Émile Zoë"


def test_create_resource_refuses_a_duplicate_or_bad_name(pool: Workspace) -> None:
    with pool.session() as session:
        made = create_resource(session, "  Storage   admin ")
        assert made.id is not None and made.name == "Storage admin" and made.kind == "work"
        with pytest.raises(ResourceEditError, match="already a resource named 'Ann Lee'"):
            create_resource(session, "ANN LEE")
        with pytest.raises(ResourceEditError, match="needs a name"):
            create_resource(session, "  ")
        with pytest.raises(ResourceEditError, match=r"cannot hold ; , \[ or \]"):
            create_resource(session, "Lee, Ann")
        with pytest.raises(ResourceEditError, match="Type must be one of"):
            create_resource(session, "Robot", kind="machine")


def test_next_resource_name_skips_taken_ones(workspace: Workspace) -> None:
    with workspace.session() as session:
        assert next_resource_name(session) == "Resource 1"
        create_resource(session, "resource 1")
        assert next_resource_name(session) == "Resource 2"


def test_vendor_choices_and_calendars(pool: Workspace) -> None:
    with pool.session() as session:
        assert [label for _id, label in vendor_choices(session)] == ["NetSource"]
        session.add(BaseCalendar(name="Night shift"))
        session.flush()
        rows = calendar_rows(session)
    assert [r.name for r in rows] == [ALL_HOURS_CALENDAR, "Night shift"]
    assert rows[0].built_in and not rows[1].built_in


def test_assignment_counts(pool: Workspace) -> None:
    with pool.session() as session:
        counts = assignment_counts(session)
        names = {r.id: r.name for r in resource_rows(session)}
    assert {names[k]: v for k, v in counts.items()} == {"Ann Lee": 2, "Crew": 2}
