"""Build the folded records of a big file's record section from its bytes, without ElementTree.

Why: a 100,000-task MS Project file is about four million elements, nearly all of them leaves
(``<UID>12</UID>``) whose text the reader reads once. ElementTree makes an object of each and
``xml_safety.fold`` throws most of them away again; both cost seconds. The record sections
that MS Project, MPXJ and our exporter write are in one strict form: elements without
attributes or namespace prefixes, leaves ``<Tag>text</Tag>`` or ``<Tag/>``, no comments, CDATA
or processing instructions. A record in that form is one regular-expression split (in C), and
its sequence of tags (its *shape*) repeats from record to record, so what a shape means —
which texts go to which names, which children stay elements — is worked out once and cached;
each record is then built from its texts by C loops, exactly as ``fold`` leaves it: an
:class:`FoldedElement` of the record's tag with its texts, its kept children (tags in
``keep``, or children with children of their own: folded the same way) as elements.

Anything outside that form raises :class:`NotSimple`, and the caller parses the file the
usual way. The bytes must already be proven well-formed by expat (tags balanced, references
valid, UTF-8 valid): what is checked here is only that the section is in the strict form.
Every file is hostile: the patterns have no nested quantifiers (each ``<`` starts at most one
bounded match), records nest at most :data:`MAX_DEPTH` deep, and at most :data:`MAX_SHAPES`
shapes are cached.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import NamedTuple
from xml.etree.ElementTree import Element

from infradesk.interchange.xml_folded import FoldedElement

#: Deeper records are not in the strict form (``fold`` recurses as deep; MS Project: 3 levels).
MAX_DEPTH = 32
#: Shapes with a pattern per section (a pattern costs ~2 ms to compile); a file with more
#: still reads, the other shapes worked out for each record.
MAX_SHAPES = 256
#: Patterns tried for a record: those of the known shapes with as many ``<`` as it has.
MAX_SHAPES_PER_COUNT = 4
#: A record with more tags gets no pattern (compiling one grows with it); it is split instead.
MAX_PATTERN_TAGS = 2000

# A tag: ``<`` then anything but ``<`` and ``>``, then ``>``; each split piece between two
# tags is a text. A ``<`` that starts no tag (in a comment...) is caught by counting them.
_TAG_SPLIT = re.compile(r"<([^<>]*)>").split
# What a tag may be in the strict form: ``Name``, ``/Name``, ``Name/`` or ``Name /``.
_TAG_FORM = re.compile(r"(/?)(\w+)(\s*/)?").fullmatch
# A text in a record's pattern: anything but ``<``, possessive (never given back).
_TEXT = "[^<]*+"
_REFERENCE = re.compile(r"&(#[0-9]{1,8};|#x[0-9a-fA-F]{1,6};|lt;|gt;|amp;|quot;|apos;)")
_NAMED = {"lt;": "<", "gt;": ">", "amp;": "&", "quot;": '"', "apos;": "'"}


class StrippedTexts(dict[str, str]):
    """Any text -> its stripped text, interned: one C lookup per text once a text is known
    (most repeat: ``0``, ``1``, ``PT8H0M0S``...), instead of a strip and a lookup."""

    def __missing__(self, text: str) -> str:
        stripped = text.strip()
        value = self.setdefault(stripped, stripped)
        self[text] = value
        return value


class NotSimple(Exception):
    """The section is not in the strict form: parse the file the usual way."""


class ScannedSection(NamedTuple):
    """A record section's records, built and folded, and the section's own text (before its
    first record: the container element's ``text``, as ElementTree gives it)."""

    text: str | None
    records: list[Element]


class _Leaf(NamedTuple):
    """A kept child without children: an element with its raw text (``None`` if empty)."""

    tag: str
    text_at: int


class _Fold(NamedTuple):
    """How to build one folded element of a shape: its children's names backwards (the first
    of a name wins: it is stored last) and the picker of their texts, and its kept
    children."""

    tag: str
    names: tuple[str, ...]
    pick: Callable[[Sequence[str]], tuple[str, ...]]
    kept: tuple[_Fold | _Leaf, ...]


class _Node:
    """An element of a shape, as its tags nest: where its text is, and its children."""

    __slots__ = ("children", "tag", "text_at")

    def __init__(self, tag: str, text_at: int) -> None:
        self.tag = tag
        self.text_at = text_at
        self.children: list[_Node] = []


def scan_records(
    data: bytes,
    start: int,
    end: int,
    record: str,
    keep: frozenset[str],
    values: StrippedTexts,
) -> ScannedSection:
    """The records ``<record>`` of the section content ``data[start:end]`` (UTF-8), built
    and folded as ``xml_safety.fold`` folds them with ``keep``; ``values`` strips and interns
    the texts.
    Raises :class:`NotSimple` unless the content is records in the strict form, with only
    text between them."""
    closing = f"</{record}>".encode()
    shapes = _Shapes(record, keep)
    records: list[Element] = []
    position = start
    while (stop := data.find(closing, position, end)) >= 0:
        plan, texts = shapes.read(_decoded(data[position:stop]))
        records.append(_build(plan, texts, values))
        position = stop + len(closing)
    if b"<" in data[position:end]:
        raise NotSimple(f"something else than <{record}> records in the section")
    first = data.find(b"<", start, end)
    return ScannedSection(_text(data[start : end if first < 0 else first]) or None, records)


class _Shapes:
    """The shapes of one section's records, each worked out once: a record of a known shape
    is read by that shape's pattern (one match; its groups are the texts), found among the
    shapes with as many ``<``."""

    def __init__(self, record: str, keep: frozenset[str]) -> None:
        self.record = record
        self.keep = keep
        self.known: dict[int, list[tuple[Callable[[str], re.Match[str] | None], _Fold]]] = {}
        self.count = 0

    def read(self, content: str) -> tuple[_Fold, Sequence[str]]:
        """The plan of a record's ``content`` (up to its closing tag) and its texts."""
        tags = content.count("<")
        candidates = self.known.get(tags)
        if candidates is not None:
            for matcher, plan in candidates:
                match = matcher(content)
                if match is not None:
                    return plan, _resolved(match.groups(), content)
        parts = _TAG_SPLIT(content)
        if len(parts) != 2 * tags + 1:
            raise NotSimple("a '<' that starts no simple tag")
        shape = tuple(parts[1::2])
        top, positions = _nodes(shape, self.record)
        plan = _plan(top, self.keep)
        if (
            self.count < MAX_SHAPES
            and len(candidates or ()) < MAX_SHAPES_PER_COUNT
            and tags <= MAX_PATTERN_TAGS
        ):
            self.known.setdefault(tags, []).append((_matcher(shape), plan))
            self.count += 1
        texts = [parts[position] if position else "" for position in positions]
        return plan, _resolved(texts, content)


def _decoded(piece: bytes) -> str:
    """A record's text, its line ends normalized as an XML parser does (before references
    are resolved: ``&#13;`` stays a carriage return)."""
    try:
        content = piece.decode("utf-8")
    except UnicodeDecodeError as error:  # expat has read it as UTF-8: not expected
        raise NotSimple("not UTF-8") from error
    if "\r" in content:
        content = content.replace("\r\n", "\n").replace("\r", "\n")
    return content


def _resolved(texts: Sequence[str], content: str) -> Sequence[str]:
    if "&" not in content:
        return texts
    return [_unescape(text) if "&" in text else text for text in texts]


def _matcher(shape: tuple[str, ...]) -> Callable[[str], re.Match[str] | None]:
    """The pattern of the records of ``shape``: its tags literally, a group for the text of
    each element (empty for ``<Tag/>``), any text without ``<`` between; possessive, so a
    record it does not fit fails without backtracking."""
    pattern = [_TEXT]
    for tag in shape:
        pattern.append(f"<{re.escape(tag)}>")
        if tag[0] == "/":
            pattern.append(_TEXT)
        elif tag[-1] == "/":
            pattern.append(f"(){_TEXT}")
        else:
            pattern.append(f"({_TEXT})")
    return re.compile("".join(pattern)).fullmatch


def _text(content: bytes) -> str:
    """A text between tags, decoded and resolved as a record's texts are."""
    text = _decoded(content)
    return _unescape(text) if "&" in text else text


def _unescape(text: str) -> str:
    """``text`` with XML's five entities and its character references resolved (expat has
    checked them all; any other ``&`` is not the strict form)."""
    resolved, count = _REFERENCE.subn(_resolve, text)
    if count != text.count("&"):
        raise NotSimple("an entity reference")
    return resolved


def _resolve(match: re.Match[str]) -> str:
    reference = match.group(1)
    if reference[0] != "#":
        return _NAMED[reference]
    try:
        if reference[1] == "x":
            return chr(int(reference[2:-1], 16))
        return chr(int(reference[1:-1]))
    except ValueError as error:  # beyond Unicode: expat refuses it first
        raise NotSimple("a character reference") from error


def _nodes(shape: tuple[str, ...], record: str) -> tuple[_Node, list[int]]:
    """The element tree of a record's ``shape`` (its tags in order, the record's own closing
    tag left out), and where the texts are in the record's split: element ``i`` (in the
    order of their start tags) has text ``i``, at ``positions[i]`` of the split (0: empty,
    a ``<Tag/>``)."""
    stack: list[_Node] = []
    positions: list[int] = []
    top: _Node | None = None
    for index, tag in enumerate(shape):
        form = _TAG_FORM(tag)
        if form is None:
            raise NotSimple(f"the tag <{tag[:40]}>")
        closing, name, self_closing = form.groups()
        if closing:
            if self_closing or len(stack) < 2 or stack[-1].tag != name:
                raise NotSimple(f"the closing tag </{name}>")
            stack.pop()
            continue
        node = _Node(name, len(positions))
        positions.append(0 if self_closing else 2 * index + 2)
        if top is None:
            if name != record or self_closing:
                raise NotSimple(f"<{name}> instead of <{record}>")
            top = node
        elif not stack:
            raise NotSimple(f"<{name}> after a <{record}>")
        else:
            stack[-1].children.append(node)
        if not self_closing:
            stack.append(node)
            if len(stack) > MAX_DEPTH:
                raise NotSimple("records nested too deep")
    if top is None or len(stack) != 1:
        raise NotSimple(f"a <{record}> not closed where it ends")
    return top, positions


def _plan(node: _Node, keep: frozenset[str]) -> _Fold:
    """What ``fold(element, keep)`` makes of ``node``: the texts of all its children (the
    first of a tag wins), its children with children or a tag in ``keep`` kept (and folded
    themselves, with nothing kept for its tag alone)."""
    backwards = node.children[::-1]
    names = tuple(child.tag for child in backwards)
    pick = _picker(tuple(child.text_at for child in backwards))
    if len(names) == 1:
        names = names * 2  # the picker of one text gives it twice
    kept: list[_Fold | _Leaf] = []
    for child in node.children:
        if child.children:
            kept.append(_plan(child, frozenset()))
        elif child.tag in keep:
            kept.append(_Leaf(child.tag, child.text_at))
    return _Fold(node.tag, names, pick, tuple(kept))


def _picker(indexes: tuple[int, ...]) -> Callable[[Sequence[str]], tuple[str, ...]]:
    """The texts at ``indexes``, always as a tuple (``itemgetter`` of one index gives the
    item alone, so one index is picked twice)."""
    if not indexes:
        return _no_texts
    if len(indexes) == 1:
        return itemgetter(indexes[0], indexes[0])
    return itemgetter(*indexes)


def _no_texts(texts: Sequence[str]) -> tuple[str, ...]:
    return ()


def _build(plan: _Fold, texts: Sequence[str], values: StrippedTexts) -> FoldedElement:
    """The folded element of ``plan`` with ``texts``: its texts stripped and interned (C
    loops), its kept children built."""
    element = FoldedElement(plan.tag)
    element.texts = dict(zip(plan.names, map(values.__getitem__, plan.pick(texts)), strict=True))
    if plan.kept:
        element.extend([_kept(child, texts, values) for child in plan.kept])
    return element


def _kept(plan: _Fold | _Leaf, texts: Sequence[str], values: StrippedTexts) -> Element:
    if isinstance(plan, _Fold):
        return _build(plan, texts, values)
    element = Element(plan.tag)
    element.text = texts[plan.text_at] or None
    return element
