"""The folded records of a big file, shared by the two ways a big file's records are built.

A folded record (an MS Project ``<Task>``, an ``<Assignment>``) keeps as elements only the
children the reader walks; the stripped text of each of its leaf children is on the record
itself, in :attr:`FoldedElement.texts` (:func:`infradesk.interchange.xml_safety.text` and
``child_texts`` read it). ElementTree's streaming parse (``xml_safety.fold``) and the fast
record scanner (``xml_records``) both build them, so this module is imported by both without
one importing the other.

Why on the element and not in a side table (a ``WeakKeyDictionary`` keyed by element, once):
a side table costs a Python-level ``__setitem__`` and ``get`` per record and a weakref
callback per record when the tree goes (~0.3 s per 100,000 tasks), and must be guarded
against leaks and against two imports in parallel threads. A slot on the element is a C
attribute: set and read at C speed, gone with its element, never shared between parses.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element


class FoldedElement(Element):
    """A folded record: an :class:`Element` whose leaf children are gone, their texts in
    :attr:`texts` (local name -> stripped text; the first of a name wins)."""

    __slots__ = ("texts",)

    texts: dict[str, str]


def folded_texts(element: Element) -> dict[str, str] | None:
    """The folded texts of ``element``; ``None`` when it is not a folded record."""
    return element.texts if type(element) is FoldedElement else None
