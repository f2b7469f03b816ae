"""Read an InfraDesk JSON document from a file, treating it as hostile until it is checked.

Parsing is bounded (size, nesting depth, number sizes; NaN and Infinity are refused) and the
result is validated against the one declared schema (:mod:`json_schema`), so whatever reaches
the importer has the types and ranges the app itself accepts. Every refusal is an
:class:`UnreadableFileError` naming the file and the place (line and column, or JSON path).
"""

from __future__ import annotations

import json
import math
import re
from itertools import accumulate
from pathlib import Path
from typing import Any

from infradesk.interchange import json_schema
from infradesk.interchange.document import DocumentError
from infradesk.interchange.json_document import document_from_json
from infradesk.interchange.problems import ImportResult, UnreadableFileError

MAX_JSON_BYTES = 512 * 1024 * 1024
MAX_DEPTH = 32  # the deepest real document is 8 levels (vendor > contract > sla)
MAX_INT_DIGITS = 20
SUPPORTED_VERSION = 1

_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_DEPTH_STEP = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


class _BadNumber(ValueError):
    def __init__(self, token: str, reason: str) -> None:
        super().__init__(reason)
        self.token = token


def _parse_constant(token: str) -> float:
    raise _BadNumber(token, f"{token} is not a number JSON allows")


def _parse_float(token: str) -> float:
    value = float(token)
    if not math.isfinite(value):
        raise _BadNumber(token, f"the number {token[:30]} is too large")
    return value


def _parse_int(token: str) -> int:
    if len(token.lstrip("-")) > MAX_INT_DIGITS:
        raise _BadNumber(token, f"a whole number of {len(token.lstrip('-'))} digits is too large")
    return int(token)


def _max_depth(raw: bytes) -> int:
    """The deepest nesting of lists and objects, strings ignored (no recursion, linear)."""
    brackets = _STRINGS.sub(b"", raw).translate(None, delete=bytes(set(range(256)) - set(b"[]{}")))
    steps = (1 if byte in (0x5B, 0x7B) else -1 for byte in brackets)
    return max(accumulate(steps), default=0)


def _line_column(text: str, token: str) -> str:
    index = text.find(token)
    if index < 0:
        return ""
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f" (line {line}, column {column})"


def _surrogate_path(document: Any) -> str | None:
    """The JSON path of the first text holding a lone UTF-16 surrogate (not storable text)."""
    stack: list[tuple[Any, list[str | int]]] = [(document, [])]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                return json_schema.json_path(path)
        elif isinstance(value, dict):
            for key, item in value.items():
                if _SURROGATE.search(key):
                    return json_schema.json_path(path) + " (a key)"
                stack.append((item, [*path, key]))
        elif isinstance(value, list):
            stack.extend((item, [*path, index]) for index, item in enumerate(value))
    return None


def parse_document(raw: bytes, name: str) -> Any:
    """The JSON value of ``raw`` (UTF-8, optional BOM), bounded; raises UnreadableFileError."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFileError(
            f"{name} is not UTF-8 text: {error.reason} at byte {error.start:,}."
        ) from None
    depth = _max_depth(raw)
    if depth > MAX_DEPTH:
        raise UnreadableFileError(
            f"{name}: lists and objects are nested {depth:,} levels deep; an InfraDesk document "
            f"never needs more than {MAX_DEPTH}."
        )
    try:
        return json.loads(
            text,
            parse_constant=_parse_constant,
            parse_float=_parse_float,
            parse_int=_parse_int,
        )
    except _BadNumber as error:
        raise UnreadableFileError(f"{name}: {error}{_line_column(text, error.token)}.") from None
    except json.JSONDecodeError as error:
        raise UnreadableFileError(
            f"{name} is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})."
        ) from None
    except (ValueError, RecursionError) as error:  # defensive: limits of the json module
        raise UnreadableFileError(f"{name} cannot be read as JSON ({error}).") from None


def check_document(document: Any, name: str) -> None:
    """Refuse a value that is not a valid version-1 interchange document, saying where."""
    if not isinstance(document, dict) or document.get("format") != "infradesk":
        raise UnreadableFileError(
            f'{name} is JSON but not an InfraDesk document (no "format": "infradesk").'
        )
    version = document.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > SUPPORTED_VERSION:
        raise UnreadableFileError(
            f"{name} is InfraDesk format version {version}; this InfraDesk reads up to version "
            f"{SUPPORTED_VERSION}. Update InfraDesk to import it."
        )
    where = _surrogate_path(document)
    if where is not None:
        raise UnreadableFileError(
            f"{name}: {where}: the text holds a lone UTF-16 surrogate (\\ud800-\\udfff), which "
            "is not a character; the file was written by a broken program."
        )
    found = json_schema.problems(document)
    if found:
        more = " (first ones shown)" if len(found) >= json_schema.MAX_REPORTED else ""
        lines = "\n".join(f"  {line}" for line in found)
        raise UnreadableFileError(f"{name} is not a valid InfraDesk document{more}:\n{lines}")


def read_json(path: Path) -> ImportResult:
    """The typed document of an InfraDesk JSON file; UnreadableFileError naming the file and
    the place (line and column, or JSON path) when it cannot be used."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_JSON_BYTES:
            raise UnreadableFileError(f"{path.name} is larger than 512 MB; this is not a plan.")
        raw = path.read_bytes()
    except OSError as error:
        message = f"{path.name}: cannot read the file ({error.strerror})."
        raise UnreadableFileError(message) from None
    value = parse_document(raw, path.name)
    check_document(value, path.name)
    try:
        document = document_from_json(value)
    except DocumentError as error:
        raise UnreadableFileError(f"{path.name}: {error}") from None
    notes = [
        f"Project '{p.name or '?'}': {len(p.tasks)} tasks, {len(p.risks)} risks, "
        f"{len(p.vendors)} vendors"
        for p in document.projects
    ]
    if document.resources:
        assigned = sum(len(t.assignments) for p in document.projects for t in p.tasks)
        notes.append(
            f"{len(document.resources)} resource(s) and {assigned} assignment(s); resources "
            "already in the workspace's pool are matched by name"
        )
    return ImportResult(document=document, notes=notes)
