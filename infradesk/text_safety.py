"""User text made writable: what the file formats we write cannot carry is replaced or dropped.

A lone surrogate (``"\\ud800"`` from a JSON escape) cannot be encoded as UTF-8; XML 1.0 and
Excel refuse most control characters. The writers pass every user string through these helpers
instead of crashing half-way through a file.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"

_SURROGATE = re.compile("[\ud800-\udfff]")
# Characters XML 1.0 cannot carry (control characters pasted from spreadsheets, surrogates,
# U+FFFE/U+FFFF). Written as they are, they make the whole file unreadable.
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def without_lone_surrogates(text: str) -> str:
    """``text`` with surrogate pairs joined and lone surrogates replaced by U+FFFD."""
    if not _SURROGATE.search(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry (lone surrogates become U+FFFD)."""
    return _NOT_XML.sub("", without_lone_surrogates(text))


def utf8_safe(value: object) -> object:
    """``value`` (a JSON-like tree of dicts, lists and scalars) with every string, keys
    included, made encodable as UTF-8."""
    if isinstance(value, str):
        return without_lone_surrogates(value)
    if isinstance(value, dict):
        return {utf8_safe(key): utf8_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [utf8_safe(item) for item in value]
    return value
