"""The export's JSON text, written fast: the same characters as
``json.dumps(utf8_safe(value), indent=2, ensure_ascii=False)``.

The standard library's C encoder is used only without ``indent``; with it, ``json`` falls
back to a pure-Python generator that yields every token (five million of them for a
10,000-task plan) and ``utf8_safe`` first copies the whole tree to clean its strings. This
writer walks the tree once, cleans each string as it writes it (an ASCII string needs no
cleaning) and escapes strings with the C ``encode_basestring``: about four times faster on
big plans, with the characters unchanged (a test compares both on the exported documents).
"""

from __future__ import annotations

import json.encoder
from collections.abc import Callable
from typing import Any

from infradesk.schedule.passes import gc_paused
from infradesk.text_safety import without_lone_surrogates

_quoted: Callable[[str], str] = json.encoder.encode_basestring  # the C one when built


class Prerendered:
    """A value of the tree whose owner writes its text itself: ``render(level)`` gives the
    text of a container whose opening bracket stands at depth ``level``, as this writer
    would give it, in parts (see ``json_task_text``: a plan's tasks written without a dict
    each, in parts of some thousand tasks: a 100,000-task plan's text is 130 MB)."""

    __slots__ = ("render",)

    def __init__(self, render: Callable[[int], list[str]]) -> None:
        self.render = render


def _float_text(value: float) -> str:
    """As ``json`` writes a float (``allow_nan``: NaN and the infinities as JavaScript's)."""
    if value != value:
        return "NaN"
    if value == float("inf"):
        return "Infinity"
    if value == float("-inf"):
        return "-Infinity"
    return float.__repr__(value)


def _text(value: str) -> str:
    """A JSON string literal of ``value``, lone surrogates replaced (``utf8_safe``)."""
    if value.isascii():
        return _quoted(value)
    return _quoted(without_lone_surrogates(value))


def _key_text(key: object) -> str:
    """A dict key as ``json`` writes it: strings as they are, scalars as their JSON text."""
    if isinstance(key, str):
        return _text(key)
    if key is True:
        return '"true"'
    if key is False:
        return '"false"'
    if key is None:
        return '"null"'
    if isinstance(key, int):
        return _quoted(int.__repr__(key))
    if isinstance(key, float):
        return _quoted(_float_text(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _scalar_text(value: object) -> str | None:
    """The JSON text of a scalar, or None for a container."""
    kind = type(value)
    if kind is str:
        return _text(value)  # type: ignore[arg-type]  # checked: kind is str
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float:
        return _float_text(value)  # type: ignore[arg-type]  # checked: kind is float
    if kind is dict or kind is list or kind is tuple:
        return None
    # subclasses, in the order json tests them
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, dict | list | tuple):
        return None
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _write(value: Any, level: int, out: list[str], keys: dict[str, str]) -> None:
    """Append the text of the container ``value`` whose opening bracket stands at ``level``;
    ``keys`` caches the text of string keys (``"name": ``)."""
    append = out.append
    inner = "\n" + "  " * (level + 1)
    quoted = _quoted
    if isinstance(value, dict):
        if not value:
            append("{}")
            return
        separator = "{" + inner
        for key, item in value.items():
            # the common cases inline: this loop runs for every field of every task
            if type(key) is str:
                key_text = keys.get(key)
                if key_text is None:
                    key_text = keys[key] = _text(key) + ": "
            else:
                key_text = _key_text(key) + ": "
            kind = type(item)
            if kind is str:
                append(separator + key_text + (quoted(item) if item.isascii() else _text(item)))
            elif item is None:
                append(separator + key_text + "null")
            elif kind is int:
                append(separator + key_text + int.__repr__(item))
            elif kind is Prerendered:
                append(separator + key_text)
                out += item.render(level + 1)
            else:
                text = _scalar_text(item)
                if text is None:
                    append(separator + key_text)
                    _write(item, level + 1, out, keys)
                else:
                    append(separator + key_text + text)
            separator = "," + inner
        append("\n" + "  " * level + "}")
        return
    if not value:
        append("[]")
        return
    separator = "[" + inner
    for item in value:
        text = _scalar_text(item)
        if text is None:
            append(separator)
            _write(item, level + 1, out, keys)
        else:
            append(separator + text)
        separator = "," + inner
    append("\n" + "  " * level + "]")


def scalar_text(value: object) -> str:
    """The JSON text of a scalar (as :func:`indented_json` writes it); the common kinds
    first, in one call (it runs for every field of every task of an export)."""
    if type(value) is str:
        return _quoted(value) if value.isascii() else _text(value)
    if value is None:
        return "null"
    if type(value) is int:
        return int.__repr__(value)
    text = _scalar_text(value)
    if text is None:
        raise TypeError(f"{type(value).__name__} is a container, not a scalar")
    return text


def container_text(value: dict[Any, Any] | list[Any] | tuple[Any, ...], level: int) -> str:
    """The text of a container whose opening bracket stands at depth ``level`` (as within
    :func:`indented_json`'s text)."""
    out: list[str] = []
    _write(value, level, out, {})
    return "".join(out)


def indented_json(value: object) -> str:
    """``value`` (a tree of dicts, lists, tuples and scalars) as indented JSON text, every
    string made encodable as UTF-8: equal to
    ``json.dumps(utf8_safe(value), indent=2, ensure_ascii=False)``."""
    return "".join(indented_json_parts(value))


def indented_json_parts(value: object) -> list[str]:
    """:func:`indented_json`'s text in parts (to be written one after the other: no copy
    of the whole text is made)."""
    text = _scalar_text(value)
    if text is not None:
        return [text]
    out: list[str] = []
    with gc_paused():  # millions of short strings and no cycles: a collection only costs
        _write(value, 0, out, {})
    return out
