"""Write XML element by element: the text ``ElementTree.indent`` + ``ElementTree.write`` give
for the whole tree, without holding the whole tree.

A 100,000-task MS Project file is three million elements; built as one tree and indented
before it is written, it needs about a gigabyte. The writers build one record (a task, an
assignment) at a time and hand it here, which writes it at its depth and lets it go.

Only what the writers build is supported: elements without attributes (the root's are written
by the caller) whose text is either set on a leaf or absent on a container.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from xml.etree.ElementTree import Element

SPACE = "  "


def escaped(text: str) -> str:
    """Character data as ElementTree escapes it (``&``, ``<`` and ``>``)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def element_text(element: Element, level: int) -> str:
    """``element`` serialized as ElementTree writes it once ``indent(space="  ")`` has run
    over a tree in which it stands at depth ``level`` (its own tail is not written)."""
    out: list[str] = []
    _append(element, level, out)
    return "".join(out)


def _append(element: Element, level: int, out: list[str]) -> None:
    if element.attrib:
        raise ValueError(f"<{element.tag}> has attributes; xml_stream writes none")
    tag = element.tag
    text = element.text
    if len(element):
        inner = "\n" + SPACE * (level + 1)
        out.append(f"<{tag}>")
        # indent() replaces a container's blank text with the children's indentation
        out.append(escaped(text) if text and text.strip() else inner)
        last = len(element) - 1
        for number, child in enumerate(element):
            _append(child, level + 1, out)
            tail = child.tail
            if tail and tail.strip():
                out.append(escaped(tail))
            else:
                out.append(inner if number < last else "\n" + SPACE * level)
        out.append(f"</{tag}>")
    elif text:
        out.append(f"<{tag}>{escaped(text)}</{tag}>")
    else:
        out.append(f"<{tag} />")


def write_container(
    write: Callable[[str], object], tag: str, items: Iterable[Element], level: int
) -> None:
    """``<tag>`` at depth ``level`` holding ``items`` (each written as soon as it comes and
    then let go), or ``<tag />`` when there are none."""
    inner = "\n" + SPACE * (level + 1)
    empty = True
    for item in items:
        if empty:
            write(f"<{tag}>")
            empty = False
        write(inner)
        write(element_text(item, level + 1))
    if empty:
        write(f"<{tag} />")
    else:
        write(f"\n{SPACE * level}</{tag}>")
