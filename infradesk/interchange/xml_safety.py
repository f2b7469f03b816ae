"""Safe XML loading shared by the MS Project, GanttProject and Planner readers.

Every plan file comes from outside (mail attachments, shared drives), so it is parsed with
defusedxml and *any* DTD is refused: MS Project, GanttProject and Planner never write one, and a
DTD is what XML bombs ("billion laughs") and external-entity attacks need. Whatever goes wrong
while reading, the caller gets one :class:`UnreadableFileError` with a message meant for the user.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import compress
from operator import attrgetter, or_
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple
from xml.etree.ElementTree import Element, ParseError, XMLPullParser
from xml.parsers.expat import ExpatError, ParserCreate

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden
from defusedxml import ElementTree as SafeET
from defusedxml.common import ExternalReferenceForbidden

from infradesk.interchange.problems import UnreadableFileError
from infradesk.interchange.xml_folded import FoldedElement
from infradesk.interchange.xml_folded import folded_texts as folded_texts  # its home
from infradesk.interchange.xml_sections import cut_sections, is_utf8, put_back

#: Plans are small; anything bigger than this is not a plan (or is an attack).
MAX_XML_BYTES = 200 * 1024 * 1024

XmlSource = str | Path | bytes | BinaryIO
GZIP_MAGIC = b"\x1f\x8b"


def _read_bytes(source: XmlSource, label: str) -> bytes:
    if isinstance(source, bytes):
        data = source
    elif isinstance(source, str | Path):
        path = Path(source)
        _check_size(path, label)
        try:
            data = path.read_bytes()
        except OSError as error:
            message = f"{label}: cannot read the file ({error.strerror})."
            raise UnreadableFileError(message) from error
    else:
        data = source.read(MAX_XML_BYTES + 1)
        if len(data) > MAX_XML_BYTES:
            raise UnreadableFileError(f"{label}: the file is too large to be a plan.")
    if data.startswith(GZIP_MAGIC):
        data = _gunzip(data, label)
    if not data.strip():
        raise UnreadableFileError(f"{label}: the file is empty.")
    return data


def _check_size(path: Path, label: str) -> None:
    try:
        size = path.stat().st_size
    except OSError as error:
        message = f"{label}: cannot open the file ({error.strerror})."
        raise UnreadableFileError(message) from error
    if size > MAX_XML_BYTES:
        raise UnreadableFileError(
            f"{label}: the file is {size // (1024 * 1024)} MB; plans larger than "
            f"{MAX_XML_BYTES // (1024 * 1024)} MB are refused."
        )


def _gunzip(data: bytes, label: str) -> bytes:
    """GNOME Planner can save gzip-compressed files; inflate with the same size limit, so a
    small "zip bomb" cannot blow up in memory."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            inflated = stream.read(MAX_XML_BYTES + 1)
    except (OSError, EOFError) as error:
        raise UnreadableFileError(
            f"{label}: the compressed file is damaged or truncated ({error})."
        ) from error
    if len(inflated) > MAX_XML_BYTES:
        raise UnreadableFileError(
            f"{label}: refused for safety — the compressed file inflates to more than "
            f"{MAX_XML_BYTES // (1024 * 1024)} MB."
        )
    return inflated


def source_label(source: XmlSource) -> str:
    """A short name for messages: the file name, or ``the file`` for streams and bytes."""
    if isinstance(source, str | Path):
        return Path(source).name
    name = getattr(source, "name", None)
    return Path(name).name if isinstance(name, str) else "the file"


def parse_xml(source: XmlSource, *, kind: str) -> Element:
    """Parse ``source`` safely and return the root element, namespaces stripped from tags.

    ``kind`` names the expected format in messages ("MS Project XML"). Raises
    :class:`UnreadableFileError` for DTDs, entity declarations, external references, files that
    are not XML, and truncated files.
    """
    label = source_label(source)
    data = _read_bytes(source, label)
    with _refusals(label, kind):
        root = SafeET.parse(
            io.BytesIO(data), forbid_dtd=True, forbid_entities=True, forbid_external=True
        ).getroot()
    strip_namespaces(root)
    return root


@contextmanager
def _refusals(label: str, kind: str) -> Iterator[None]:
    """Whatever the parsing raises, as one :class:`UnreadableFileError` for the user."""
    try:
        yield
    except DTDForbidden as error:
        raise UnreadableFileError(
            f"{label}: refused for safety — the file contains a DTD (<!DOCTYPE ...>), which "
            f"{kind} files never have; DTDs are how XML bombs and external-entity attacks work."
        ) from error
    except EntitiesForbidden as error:
        raise UnreadableFileError(
            f"{label}: refused for safety — the file declares XML entities (a possible XML bomb)."
        ) from error
    except ExternalReferenceForbidden as error:
        raise UnreadableFileError(
            f"{label}: refused for safety — the file refers to external resources."
        ) from error
    except DefusedXmlException as error:  # pragma: no cover - future defusedxml checks
        raise UnreadableFileError(f"{label}: refused for safety ({error}).") from error
    except (ParseError, ExpatError) as error:
        if isinstance(error, ExpatError):
            line, column = error.lineno, error.offset
        else:
            line, column = getattr(error, "position", (0, 0))
        hint = ""
        if "no element found" in str(error) or "unclosed token" in str(error):
            hint = " The file looks truncated (cut off before its end)."
        raise UnreadableFileError(
            f"{label}: not a readable {kind} file — the XML is broken at line {line}, "
            f"column {column + 1}.{hint}"
        ) from error
    except LookupError as error:  # <?xml encoding="..."?> names a codec Python does not know
        raise UnreadableFileError(
            f"{label}: not a readable {kind} file — its XML declaration names an unknown text "
            f"encoding ({error})."
        ) from error
    except (ValueError, UnicodeDecodeError) as error:
        raise UnreadableFileError(f"{label}: not a readable {kind} file ({error}).") from error


# -- big files: parsed as a stream, records folded as they end ----------------------------------
#
# A 100,000-task MS Project file is three million elements: one tree of it takes a gigabyte,
# and defusedxml's parser (the pure-Python ElementTree, a Python call per element) most of
# the import's time. For those files the safety checks run first, over the prolog (where a
# DTD must stand), in expat with only the DTD and entity handlers set; then ElementTree's C
# parser builds the tree from the file in chunks, and each record (a ``<Task>`` and its
# links, an ``<Assignment>``) is folded as soon as it ends: its leaf children become a dict
# of texts (:func:`text` and :func:`child_texts` read it) and are let go.
#
# Faster still, for a UTF-8 file read from a path: expat proves the whole file well-formed
# (no handler: no per-element work), the record sections in their usual strict form are
# built from their text by ``xml_records`` (no element per leaf), and only the rest of the
# file is parsed by ElementTree (``xml_sections``). Anything unusual: the stream above.

STREAM_CHUNK = 1 << 20
#: Whether :func:`parse_xml_folding` may take the fast path (tests compare both paths).
FAST_RECORD_SECTIONS = True


def child_texts(element: Element) -> dict[str, str]:
    """The stripped text of each direct child by tag (the first of a tag wins, as with
    ``find``): one pass over a record's children instead of a search per field read."""
    if type(element) is FoldedElement:
        return element.texts
    texts: dict[str, str] = {}
    for child in element:
        if child.tag not in texts:
            texts[child.tag] = (child.text or "").strip()
    return texts


def fold(
    element: Element,
    keep: frozenset[str],
    names: dict[str, str],
    values: dict[str, str],
    shapes: dict[tuple[frozenset[str], tuple[str, ...]], _Shape],
) -> FoldedElement:
    """``element`` folded: a :class:`FoldedElement` of its tag and attributes with the texts
    of its children, keeping those with children of their
    own or a tag in ``keep``; ``names`` maps tags to their local names, ``values`` interns
    the texts (most repeat: ``0``, ``1``...), ``shapes`` caches what is known of a sequence of
    child tags (the records of a file repeat a few). This runs for every record of a big
    file: the texts are gathered, stripped, interned and chosen by C loops
    (``dict(zip(map(...)))``, ``compress``); Python works once per shape and per kept child.
    The caller puts the folded element in ``element``'s place."""
    children = element[:]
    tags = tuple(map(_TAG, children))
    shape = shapes.get((keep, tags))
    if shape is None:
        shape = shapes[(keep, tags)] = _shape(tags, keep, names)
    backwards = children[::-1]  # the first of a local name wins: it is stored last
    try:
        stripped = list(map(str.strip, map(_TEXT, backwards)))
    except TypeError:  # an element without text (``<Notes/>``)
        stripped = [(child.text or "").strip() for child in backwards]
    interned = map(values.setdefault, stripped, stripped)
    texts = dict(zip(shape.backwards_names, interned, strict=True))
    kept = list(compress(children, map(or_, map(len, children), shape.kept)))
    for index, child in enumerate(kept):
        child.tail = None
        if len(child):
            kept[index] = fold(child, _KEEP_NONE, names, values, shapes)
    folded = FoldedElement(element.tag, element.attrib)
    folded.texts = texts
    folded[:] = kept
    return folded


class _Shape(NamedTuple):
    """What :func:`fold` needs of a sequence of child tags: their local names backwards, and
    per child whether its tag is kept as an element."""

    backwards_names: tuple[str, ...]
    kept: tuple[bool, ...]


def _shape(tags: tuple[str, ...], keep: frozenset[str], names: dict[str, str]) -> _Shape:
    local_names = []
    for tag in tags:
        local = names.get(tag)
        if local is None:
            local = names[tag] = _local(tag)
        local_names.append(local)
    return _Shape(tuple(reversed(local_names)), tuple(name in keep for name in local_names))


_KEEP_NONE: frozenset[str] = frozenset()


_TAG = attrgetter("tag")
_TEXT = attrgetter("text")


class _RootReached(Exception):
    """The safety pass has read the prolog: what follows cannot declare anything."""


def _safety_pass(chunks: Iterable[bytes], *, whole: bool = False) -> None:
    """Refuse, as defusedxml does, a DTD, an entity declaration or an external reference,
    and any XML error of the prolog (``whole``: of the whole file), reading it with expat and
    no per-element work.

    It stops at the root element's start: a DTD may only stand in the prolog, and entity
    declarations (the bombs) and external references (an external subset, a ``SYSTEM``
    entity) only inside a DTD, so a prolog without one leaves nothing to expand. An entity
    reference after it is then undefined, which the tree's parser refuses as an XML error."""
    parser = ParserCreate(namespace_separator="}")

    def root(name: str, attributes: object) -> None:
        raise _RootReached

    def dtd(name: str, sysid: str | None, pubid: str | None, has_internal: bool) -> None:
        raise DTDForbidden(name, sysid, pubid)

    def entity(name: str, *args: object) -> None:
        raise EntitiesForbidden(name, None, None, None, None, None)

    def external(context: str, base: str | None, sysid: str | None, pubid: str | None) -> int:
        raise ExternalReferenceForbidden(context, base, sysid, pubid)

    parser.StartDoctypeDeclHandler = dtd
    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = entity
    parser.ExternalEntityRefHandler = external
    if not whole:
        parser.StartElementHandler = root
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _RootReached:
        return


def _file_chunks(path: Path, size: int) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while chunk := handle.read(size):
            yield chunk


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[1] if tag[:1] == "{" else tag


def parse_xml_folding(
    source: XmlSource,
    *,
    kind: str,
    records: dict[tuple[str, str], frozenset[str]],
    chunk_size: int = STREAM_CHUNK,
) -> Element:
    """:func:`parse_xml` for big files: the same checks and messages, the same tree except
    that the records ``records`` names (``("Tasks", "Task")``: a child of the root's
    ``<Tasks>``, with the tags of the children to keep as elements) are folded."""
    label = source_label(source)
    path = Path(source) if isinstance(source, str | Path) else None
    if FAST_RECORD_SECTIONS and path is not None and not _starts_like_gzip(path):
        root = _fast_parse(_read_bytes(path, label), records, label, kind, chunk_size)
        if root is not None:
            strip_namespaces(root)
            return root
    if path is None or _starts_like_gzip(path):
        data = _read_bytes(source, label)

        def chunks() -> Iterator[bytes]:
            for start in range(0, len(data), chunk_size):
                yield data[start : start + chunk_size]
    else:
        _check_size(path, label)

        def chunks() -> Iterator[bytes]:
            return _file_chunks(path, chunk_size)

        if not any(chunk.strip() for chunk in chunks()):
            raise UnreadableFileError(f"{label}: the file is empty.")
    with _refusals(label, kind):
        _safety_pass(chunks())
        try:
            root = _folding_parse(chunks(), records)
        except ParseError:
            # ElementTree's parser misplaces an error fed in chunks (its lines counted twice
            # past the first chunk, its columns off): expat reads the file again to say where
            _safety_pass(chunks(), whole=True)
            raise
    strip_namespaces(root)
    return root


def _fast_parse(
    data: bytes,
    records: dict[tuple[str, str], frozenset[str]],
    label: str,
    kind: str,
    chunk_size: int,
) -> Element | None:
    """The tree of a UTF-8 file's ``data``, its record sections built by ``xml_records``;
    ``None`` when the file is not one the fast path takes (then parse it the usual way).
    The whole file is proven well-formed and safe first, with the usual messages."""
    if not is_utf8(data):
        return None
    with _refusals(label, kind):
        _safety_pass(_byte_chunks(data, chunk_size), whole=True)
    cut = cut_sections(data, records)
    if cut is None:
        return None
    try:  # in chunks: records left in the rest (another section...) are folded as they end
        root = _folding_parse(_byte_chunks(cut.rest, chunk_size), records)
    except ParseError:  # a section's tags were not that section's (in a comment...)
        return None
    return root if put_back(root, cut) else None


def _byte_chunks(data: bytes, size: int) -> Iterator[bytes]:
    return (data[start : start + size] for start in range(0, len(data), size))


def _folding_parse(
    chunks: Iterable[bytes], records: dict[tuple[str, str], frozenset[str]]
) -> Element:
    """ElementTree's C parser over ``chunks`` (already checked safe), folding ``records``.

    No event per element: after each chunk, the records completed under each container
    (every child but the last, which may still be open) are folded."""
    # Any: its private _parser and _events_queue are used below (typeshed has neither)
    parser: Any = XMLPullParser(events=("start",))
    names: dict[str, str] = {}
    values: dict[str, str] = {}
    folded: dict[int, int] = {}  # id of a container -> how many of its children are folded
    shapes: dict[tuple[frozenset[str], tuple[str, ...]], _Shape] = {}
    root: Element | None = None
    for chunk in chunks:
        parser.feed(chunk)
        if root is None:
            for event in parser.read_events():
                first = event[1]  # the root's "start" event
                if isinstance(first, Element):
                    root = first
                break
            if root is not None:
                # only the root was wanted: no event per element from here on
                # (CPython's XMLPullParser internals, the same since 3.4)
                parser._parser._setevents(parser._events_queue, ())
                parser._events_queue.clear()
        if root is not None:
            _fold_completed(root, records, names, values, shapes, folded, closed=False)
    parser.close()
    assert root is not None  # the safety pass refused a file without a root element
    _fold_completed(root, records, names, values, shapes, folded, closed=True)
    return root


def _fold_completed(
    root: Element,
    records: dict[tuple[str, str], frozenset[str]],
    names: dict[str, str],
    values: dict[str, str],
    shapes: dict[tuple[frozenset[str], tuple[str, ...]], _Shape],
    folded: dict[int, int],
    *,
    closed: bool,
) -> None:
    for container in root:
        name = names.get(container.tag) or _local(container.tag)
        first = folded.get(id(container), 0)
        last = len(container) if closed else len(container) - 1
        if last <= first:
            continue
        for index in range(first, last):
            record = container[index]
            keep = records.get((name, names.get(record.tag) or _local(record.tag)))
            if keep is not None:
                container[index] = fold(record, keep, names, values, shapes)
        folded[id(container)] = last


def _starts_like_gzip(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(2) == GZIP_MAGIC
    except OSError:
        return True  # the bytes path reports why the file cannot be read


def strip_namespaces(root: Element) -> None:
    """Drop ``{namespace}`` prefixes so readers can use plain tag names (MSPDI files are written
    with and without the Microsoft namespace)."""
    for element in root.iter():
        tag = element.tag
        if isinstance(tag, str) and tag.startswith("{"):
            element.tag = tag.split("}", 1)[1]


def require_root(root: Element, expected: str, *, kind: str, label: str) -> None:
    """Raise :class:`UnreadableFileError` unless the root element is ``<expected>``."""
    if root.tag != expected:
        raise UnreadableFileError(
            f"{label}: not a {kind} file — its root element is <{root.tag}>, expected <{expected}>."
        )


def text(element: Element | None, child: str, default: str = "") -> str:
    """Stripped text of ``element/child``; ``default`` when missing or empty."""
    if element is None:
        return default
    folded = element.texts if type(element) is FoldedElement else None
    if folded is not None and child in folded:
        return folded[child] or default
    found = element.find(child)
    if found is None or found.text is None:
        return default
    value = found.text.strip()
    return value if value else default
