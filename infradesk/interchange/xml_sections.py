"""The fast path of a big file's parse: its record sections built by ``xml_records``, the
rest of the file by ElementTree.

Why: the record sections (MS Project's ``<Tasks>`` and ``<Assignments>``) are nearly all of a
big file, and ElementTree's element per leaf is most of its parse. Their content is cut out of
the bytes, the rest (calendars, resources, project fields: small) is parsed as before, and
the records built from the content are put into the emptied section elements.

A section's content is found by its literal tags (``<Tasks>`` ... the first ``</Tasks>``),
which could stand anywhere — in a comment, deeper in the tree. So the content is replaced by
a random marker text, and the section is taken only if the parsed rest shows the marker as
the whole text of a child of the root with the section's name: then the cut was exactly that
element's content. Whatever does not fit makes :func:`cut_sections` or :func:`put_back` say
so, and the caller parses the file the usual way. The file's bytes must be proven
well-formed (and safe) before.
"""

from __future__ import annotations

import re
import secrets
from typing import NamedTuple
from xml.etree.ElementTree import Element

from infradesk.interchange.xml_records import (
    NotSimple,
    ScannedSection,
    StrippedTexts,
    scan_records,
)

# The XML declaration, if any, must name UTF-8 (or ASCII, a part of it) or nothing; what
# follows the declaration's first 200 bytes is not looked at.
_DECLARATION = re.compile(rb"<\?xml\s[^>]{0,200}\?>")
_ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']""")
_UTF8_NAMES = frozenset({b"utf-8", b"utf8", b"us-ascii"})
UTF8_BOM = b"\xef\xbb\xbf"


class CutSection(NamedTuple):
    """A section's records, built, and the marker left in the rest of the file instead."""

    container: str
    marker: str
    scanned: ScannedSection


class CutFile(NamedTuple):
    """The file without its record sections' content, and those sections' records."""

    rest: bytes
    sections: list[CutSection]


def is_utf8(data: bytes) -> bool:
    """Whether ``data`` is a UTF-8 XML file by its start: a UTF-8 byte-order mark or none,
    and an XML declaration naming UTF-8 (or ASCII), or no encoding, or no declaration (then
    not UTF-16: no zero byte in its first bytes)."""
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
    if not data.startswith(b"<?xml"):
        return b"\x00" not in data[:4] and not data.startswith((b"\xfe\xff", b"\xff\xfe"))
    declaration = _DECLARATION.match(data)
    if declaration is None:
        return False
    encoding = _ENCODING.search(declaration.group())
    return encoding is None or encoding.group(1).lower() in _UTF8_NAMES


def cut_sections(data: bytes, records: dict[tuple[str, str], frozenset[str]]) -> CutFile | None:
    """``data`` (UTF-8, well-formed) with the content of each ``records`` container replaced
    by a marker, and the records scanned from it; ``None`` when a section is not in the
    strict form ``xml_records`` reads, or none is found (written with a prefix...). A
    container of several record kinds, or absent, is left in the rest (parsed and folded
    the usual way)."""
    kinds: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for (container, record), keep in records.items():
        kinds.setdefault(container, []).append((record, keep))
    found: list[tuple[int, int, str, str, frozenset[str]]] = []
    for container, kinds_of_it in kinds.items():
        span = _content_span(data, container)
        if span is not None and len(kinds_of_it) == 1:
            record, keep = kinds_of_it[0]
            found.append((*span, container, record, keep))
    if not found:
        return None
    found.sort()
    pieces: list[bytes] = []
    sections: list[CutSection] = []
    values = StrippedTexts()  # across sections
    position = 0
    for start, end, container, record, keep in found:
        if start < position:  # one section inside another's span: not the strict form
            return None
        try:
            scanned = scan_records(data, start, end, record, keep, values)
        except NotSimple:
            return None
        marker = f"infradesk-{secrets.token_hex(16)}"
        pieces += [data[position:start], marker.encode()]
        sections.append(CutSection(container, marker, scanned))
        position = end
    pieces.append(data[position:])
    return CutFile(b"".join(pieces), sections)


def _content_span(data: bytes, container: str) -> tuple[int, int] | None:
    """Where the content of the first ``<container>`` is, up to the first ``</container>``."""
    opening = data.find(f"<{container}>".encode())
    if opening < 0:
        return None
    start = opening + len(container) + 2
    end = data.find(f"</{container}>".encode(), start)
    return None if end < 0 else (start, end)


def put_back(root: Element, cut: CutFile) -> bool:
    """Put the scanned records into their sections of ``root`` (the parsed rest); ``False``
    (``root`` then unusable) unless each marker is the whole text of one child of the root
    of the section's name, and of nothing else."""
    for section in cut.sections:
        holders = [child for child in root if child.text == section.marker]
        if len(holders) != 1:
            return False
        holder = holders[0]
        tag = holder.tag
        if not isinstance(tag, str) or tag.rpartition("}")[2] != section.container:
            return False
        if len(holder):
            return False
        holder.text = section.scanned.text
        holder.extend(section.scanned.records)
    return True
