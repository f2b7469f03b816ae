"""Property: any plan written as MSPDI reads back as the same plan."""

from __future__ import annotations

import io
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from infradesk.interchange.json_document import document_from_json, document_to_json
from infradesk.interchange.mspdi import read_mspdi, write_mspdi

NAMES = (
    st.text(
        alphabet=st.characters(
            whitelist_categories=("Lu", "Ll", "Nd", "Zs", "Po", "Sm"), max_codepoint=0x2FFF
        ),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)


@st.composite
def plans(draw: st.DrawFn) -> dict[str, Any]:
    count = draw(st.integers(min_value=1, max_value=25))
    tasks: list[dict[str, Any]] = []
    for index in range(count):
        parent = draw(st.one_of(st.none(), st.integers(0, index - 1))) if index else None
        predecessors = []
        for other in draw(st.lists(st.integers(0, max(0, index - 1)), max_size=3, unique=True)):
            if other < index:
                predecessors.append(
                    {
                        "task": other + 100,
                        "type": draw(st.sampled_from(["FS", "SS", "FF", "SF"])),
                        "lag_minutes": draw(st.integers(-3000, 3000)),
                    }
                )
        tasks.append(
            {
                "id": index + 100,
                "name": draw(NAMES),
                "parent": None if parent is None else parent + 100,
                "duration_minutes": draw(st.integers(0, 20_000)),
                "milestone": draw(st.booleans()),
                "percent_complete": draw(st.integers(0, 100)),
                "notes": draw(st.sampled_from(["", "Check <cables> & power", "Zeile 1\nZeile 2"])),
                "owner": draw(st.sampled_from(["", "Ana", "Ana, Ben"])),
                "production_change": draw(st.booleans()),
                "predecessors": predecessors,
            }
        )
    return {
        "format": "infradesk",
        "version": 1,
        "projects": [{"name": "Property", "start": "2026-01-05T08:00", "tasks": tasks}],
    }


@settings(max_examples=60, deadline=None)
@given(plans())
def test_write_then_read_keeps_the_plan(document: dict[str, Any]) -> None:
    stream = io.BytesIO()
    write_mspdi(document_from_json(document), stream)
    result = read_mspdi(stream.getvalue())
    (back,) = document_to_json(result.document)["projects"]
    original = document["projects"][0]["tasks"]
    parents = {t["parent"] for t in original}
    # The writer numbers UIDs in document order; the reader keeps them as external_ref.
    by_uid = {int(t["external_ref"]): t for t in back["tasks"]}
    back_ids = {t["id"]: int(t["external_ref"]) for t in back["tasks"]}
    assert len(back["tasks"]) == len(original)
    for uid, task in enumerate(original, start=1):
        read = by_uid[uid]
        is_summary = task["id"] in parents
        milestone = task["milestone"] and not is_summary
        assert read["name"] == task["name"]
        assert read["milestone"] is milestone
        assert read["duration_minutes"] == (0 if task["milestone"] else task["duration_minutes"])
        assert read["percent_complete"] == task["percent_complete"]
        assert read["notes"] == task["notes"]
        assert read["owner"] == task["owner"]
        assert read["production_change"] is task["production_change"]
        expected_parent = None if task["parent"] is None else task["parent"] - 99
        assert (None if read["parent"] is None else back_ids[read["parent"]]) == expected_parent
        links = [(back_ids[p["task"]], p["type"], p["lag_minutes"]) for p in read["predecessors"]]
        assert links == [
            (p["task"] - 99, p["type"], p["lag_minutes"]) for p in task["predecessors"]
        ]
    assert not result.warnings
