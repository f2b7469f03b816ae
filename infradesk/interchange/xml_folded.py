"""The texts of folded records, shared by the two ways a big file's records are built.

A folded record (an MS Project ``<Task>``, an ``<Assignment>``) keeps as elements only the
children the reader walks; the stripped text of each of its leaf children is here instead
(:func:`infradesk.interchange.xml_safety.text` and ``child_texts`` read it). ElementTree's
streaming parse (``xml_safety.fold``) and the fast record scanner (``xml_records``) both fill
it, so this module is imported by both without one importing the other.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary
from xml.etree.ElementTree import Element

#: Folded element -> the stripped text of each leaf child it had (the first of a tag wins).
FOLDED: WeakKeyDictionary[Element, dict[str, str]] = WeakKeyDictionary()
