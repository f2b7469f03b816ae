"""Looking things up in the interchange document an XML reader returns."""

from __future__ import annotations

from typing import Any

from infradesk.interchange.document import Document
from infradesk.interchange.json_document import project_to_json
from infradesk.interchange.problems import ImportResult


def project_of(result: ImportResult) -> dict[str, Any]:
    """The document's only project (the XML readers always return one) in the JSON form of
    docs/json-format.md, which the assertions read best in (``"5d"``, ISO dates)."""
    assert isinstance(result.document, Document)
    assert result.document.version == 1
    (project,) = result.document.projects
    return project_to_json(project)


def by_name(project: dict[str, Any], name: str) -> dict[str, Any]:
    """The one task called ``name``."""
    matches = [t for t in project["tasks"] if t["name"] == name]
    assert len(matches) == 1, f"{name}: {len(matches)} tasks"
    return matches[0]


def links_of(project: dict[str, Any]) -> list[tuple[str, str, str, int]]:
    """(predecessor name, successor name, type, lag minutes) for every link."""
    names = {t["id"]: t["name"] for t in project["tasks"]}
    return [
        (names[link["task"]], task["name"], link["type"], link["lag_minutes"])
        for task in project["tasks"]
        for link in task["predecessors"]
    ]
