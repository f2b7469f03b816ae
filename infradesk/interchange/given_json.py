"""The JSON shape of a reader's typed document, with only the fields the source gave.

Callers written for the dict document (the import wizard's pages, the update of an existing
project from the CLI) read this shape until they take the types. An update changes only the
keys present, so a field a sheet had no column for (``given``) must stay absent here, as it
was absent from the dicts the readers returned before the document had types.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from infradesk.interchange import document as d
from infradesk.interchange.json_document import document_to_json

# (project field, JSON key) of the RAID records
_RECORDS = (
    ("risks", "risks"),
    ("issues", "issues"),
    ("assumptions", "assumptions"),
    ("decisions", "decisions"),
    ("change_requests", "change_requests"),
    ("dependencies", "dependencies_external"),
)
_TASK_KEYS = {"duration": "duration_minutes"}  # JSON key -> Task field, where they differ


def given_json(document: d.Document) -> dict[str, Any]:
    """``document_to_json(document)`` without the task and RAID fields not given."""
    out = document_to_json(document)
    for project, data in zip(document.projects, out["projects"], strict=True):
        for task, item in zip(project.tasks, data["tasks"], strict=True):
            _keep_given(task, item, _TASK_KEYS)
        for kind, key in _RECORDS:
            for record, item in zip(getattr(project, kind), data.get(key, []), strict=True):
                _keep_given(record, item, {})
    return out


def _keep_given(record: Any, item: dict[str, Any], keys: dict[str, str]) -> None:
    given = record.given
    if given is None:
        return
    fields = {field.name for field in dataclasses.fields(record)}
    for key in list(item):
        name = keys.get(key, key)
        if name in fields and name not in given:
            del item[key]
