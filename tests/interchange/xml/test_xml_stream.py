"""Element-by-element XML gives the text ElementTree's indent + write give for the whole tree
(issue 22: the MSPDI writer streams its tasks)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from xml.etree.ElementTree import Element, ElementTree, SubElement, indent

import pytest

from infradesk.interchange.xml_stream import element_text, escaped, write_container


def record(number: int) -> Element:
    element = Element("Task")
    SubElement(element, "UID").text = str(number)
    SubElement(element, "Name").text = f"a < b & c > d #{number}"
    SubElement(element, "Empty").text = ""
    SubElement(element, "Missing")
    link = SubElement(element, "PredecessorLink")
    SubElement(link, "PredecessorUID").text = str(number - 1)
    SubElement(link, "Lag").text = "  "
    SubElement(element, "WorkingTimes")
    return element


def whole_tree_text(root: Element) -> str:
    indent(root, space="  ")
    out = io.BytesIO()
    ElementTree(root).write(out, encoding="UTF-8", xml_declaration=False)
    return out.getvalue().decode("utf-8")


@pytest.mark.parametrize("count", [0, 1, 3])
def test_streamed_containers_match_the_indented_tree(count: int) -> None:
    root = Element("Project")
    SubElement(root, "Name").text = "Plan"
    tasks = SubElement(root, "Tasks")
    tasks.extend(record(n) for n in range(count))
    SubElement(root, "Title").text = "after"
    expected = whole_tree_text(root)

    made: list[int] = []

    def records() -> Iterator[Element]:
        for n in range(count):
            made.append(n)
            yield record(n)

    out: list[str] = []
    out.append("<Project>\n  ")
    out.append(element_text(_leaf("Name", "Plan"), 1))
    out.append("\n  ")
    write_container(out.append, "Tasks", records(), 1)
    out.append("\n  ")
    out.append(element_text(_leaf("Title", "after"), 1))
    out.append("\n</Project>")
    assert "".join(out) == expected
    assert made == list(range(count))


def test_text_beside_children_and_tails_are_kept() -> None:
    root = Element("Root")
    mixed = SubElement(root, "Mixed")
    mixed.text = "words"
    child = SubElement(mixed, "Child")
    child.text = "x"
    child.tail = "tail & more"
    expected = whole_tree_text(root)
    assert f"<Root>\n  {element_text(_rebuilt(), 1)}\n</Root>" == expected


def test_attributes_are_refused() -> None:
    with pytest.raises(ValueError, match="attributes"):
        element_text(Element("Task", uid="1"), 0)


def test_escaped_like_elementtree() -> None:
    assert escaped("a & b < c > d \"e\" 'f'") == "a &amp; b &lt; c &gt; d \"e\" 'f'"


def _leaf(tag: str, text: str) -> Element:
    element = Element(tag)
    element.text = text
    return element


def _rebuilt() -> Element:
    mixed = Element("Mixed")
    mixed.text = "words"
    child = SubElement(mixed, "Child")
    child.text = "x"
    child.tail = "tail & more"
    return mixed
