"""The fast JSON writer gives the characters ``json.dumps(utf8_safe(v), indent=2,
ensure_ascii=False)`` gives (issue 22: the export's text at 100,000 tasks)."""

from __future__ import annotations

import json
from enum import IntEnum
from typing import Any

import pytest

from infradesk.interchange.json_document import document_from_json, document_to_json
from infradesk.interchange.json_text import indented_json
from infradesk.services.demo.seed import demo_document
from infradesk.text_safety import utf8_safe

from .test_export_hostile_text import hostile_document


class Level(IntEnum):
    LOW = 1


def standard(value: Any) -> str:
    return json.dumps(utf8_safe(value), indent=2, ensure_ascii=False)


ODD_VALUES: list[Any] = [
    {},
    [],
    (),
    "plain",
    "lone \ud800 surrogate",
    None,
    True,
    0,
    -0.0,
    1e300,
    2.5,
    float("nan"),
    float("inf"),
    float("-inf"),
    Level.LOW,
    [[], {}, [[]], {"a": {}}],
    {"nested": [{"x": [1, 2, {"y": None}]}], "after": "é"},
    {1: "int key", 2.5: "float key", False: "bool key", None: "none key"},
    {"key \udfff": "value \ud83d\ude00 joined", "quote\"back\\slash\n": "\t\x00\x1f"},
    ("tuple", ("inner", 1)),
]


@pytest.mark.parametrize("value", ODD_VALUES, ids=[repr(v)[:30] for v in ODD_VALUES])
def test_same_text_as_json_dumps(value: Any) -> None:
    assert indented_json(value) == standard(value)


def test_the_demo_and_hostile_exports_are_written_alike() -> None:
    for given in (demo_document(), hostile_document()):
        exported = document_to_json(document_from_json(given))
        assert indented_json(exported) == standard(exported)
        assert indented_json(given) == standard(given)


def test_refuses_what_json_refuses() -> None:
    with pytest.raises(TypeError, match="not JSON serializable"):
        indented_json({"when": object()})
    with pytest.raises(TypeError):
        indented_json({("tuple", "key"): 1})
