"""Read an InfraDesk JSON document from a file."""

from __future__ import annotations

import json
from pathlib import Path

from infradesk.interchange.problems import ImportResult, UnreadableFileError

MAX_JSON_BYTES = 512 * 1024 * 1024


def read_json(path: Path) -> ImportResult:
    if path.stat().st_size > MAX_JSON_BYTES:
        raise UnreadableFileError(f"{path.name} is larger than 512 MB; this is not a plan.")
    try:
        document = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as error:
        raise UnreadableFileError(f"{path.name} is not UTF-8 text: {error.reason}.") from error
    except json.JSONDecodeError as error:
        raise UnreadableFileError(
            f"{path.name} is not valid JSON (line {error.lineno}, column {error.colno}: "
            f"{error.msg})."
        ) from error
    if not isinstance(document, dict) or document.get("format") != "infradesk":
        raise UnreadableFileError(
            f'{path.name} is JSON but not an InfraDesk document (no "format": "infradesk").'
        )
    projects = document.get("projects") or []
    notes = [
        f"Project '{p.get('name', '?')}': {len(p.get('tasks', []))} tasks, "
        f"{len(p.get('risks', []))} risks, {len(p.get('vendors', []))} vendors"
        for p in projects
        if isinstance(p, dict)
    ]
    return ImportResult(document=document, notes=notes)
