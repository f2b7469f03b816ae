"""Safe XML loading shared by the MS Project, GanttProject and Planner readers.

Every plan file comes from outside (mail attachments, shared drives), so it is parsed with
defusedxml and *any* DTD is refused: MS Project, GanttProject and Planner never write one, and a
DTD is what XML bombs ("billion laughs") and external-entity attacks need. Whatever goes wrong
while reading, the caller gets one :class:`UnreadableFileError` with a message meant for the user.
"""

from __future__ import annotations

import gzip
import io
from pathlib import Path
from typing import BinaryIO
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden
from defusedxml import ElementTree as SafeET
from defusedxml.common import ExternalReferenceForbidden

from infradesk.interchange.problems import UnreadableFileError

#: Plans are small; anything bigger than this is not a plan (or is an attack).
MAX_XML_BYTES = 200 * 1024 * 1024

XmlSource = str | Path | bytes | BinaryIO
GZIP_MAGIC = b"\x1f\x8b"


def _read_bytes(source: XmlSource, label: str) -> bytes:
    if isinstance(source, bytes):
        data = source
    elif isinstance(source, str | Path):
        path = Path(source)
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
    try:
        root = SafeET.parse(
            io.BytesIO(data), forbid_dtd=True, forbid_entities=True, forbid_external=True
        ).getroot()
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
    except ParseError as error:
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
    strip_namespaces(root)
    return root


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
    found = element.find(child)
    if found is None or found.text is None:
        return default
    value = found.text.strip()
    return value if value else default
