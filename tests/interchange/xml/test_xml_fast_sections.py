"""The fast path of big MS Project files (issue 22): record sections in the strict form are
built from their text (``xml_records``), the rest by ElementTree (``xml_sections``). The
reader must get from it exactly what the usual streaming parse gives, and anything unusual
must take the usual path."""

from __future__ import annotations

import gzip
import importlib
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import pytest

from infradesk.interchange import xml_safety
from infradesk.interchange.json_document import document_from_json
from infradesk.interchange.mspdi import read_mspdi, write_mspdi
from infradesk.interchange.mspdi.reader import FOLDED_RECORDS, _read_root
from infradesk.interchange.problems import ImportResult, UnreadableFileError
from infradesk.interchange.xml_safety import folded_texts, parse_xml, parse_xml_folding
from infradesk.services.demo.seed import demo_document
from tests.interchange.fidelity.samples import write_mspdi_2002, write_mspdi_night_shift
from tests.interchange.xml.conftest import REAL_PLANS
from tests.robustness.samples import mspdi_text

BENCH = Path(__file__).resolve().parents[3] / "bench"
KIND = "MS Project XML"
NAMESPACE = "http://schemas.microsoft.com/project"


@pytest.fixture
def fast_taken(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each parse took the fast path (``_fast_parse`` gave a tree)."""
    taken: list[bool] = []
    real = xml_safety._fast_parse

    def spy(*args: Any, **kwargs: Any) -> Element | None:
        root = real(*args, **kwargs)
        taken.append(root is not None)
        return root

    monkeypatch.setattr(xml_safety, "_fast_parse", spy)
    return taken


@pytest.fixture
def both_ways(
    monkeypatch: pytest.MonkeyPatch, fast_taken: list[bool]
) -> Callable[[Path], tuple[Any, Any]]:
    """``read(path)`` -> (fast, usual): a function of a file, on each path; the fast path
    must have been taken."""

    def run(function: Callable[[Path], Any], path: Path) -> tuple[Any, Any]:
        fast_taken.clear()
        fast = function(path)
        assert fast_taken == [True], "the fast path was not taken"
        monkeypatch.setattr(xml_safety, "FAST_RECORD_SECTIONS", False)
        try:
            usual = function(path)
        finally:
            monkeypatch.setattr(xml_safety, "FAST_RECORD_SECTIONS", True)
        return fast, usual

    return lambda path: run(read_mspdi, path)


def folded_tree(path: Path) -> Element:
    return parse_xml_folding(path, kind=KIND, records=FOLDED_RECORDS)


def texts_of(element: Element) -> dict[str, str]:
    texts = folded_texts(element)
    assert texts is not None
    return texts


def described(element: Element, depth: int = 0) -> Iterator[tuple[Any, ...]]:
    """Everything the reader can see of a tree: tags, texts, tails, attributes, the folded
    texts (in their order) and the children."""
    folded = folded_texts(element)
    yield (depth, element.tag, element.text, element.tail, element.attrib,
           None if folded is None else list(folded.items()))  # fmt: skip
    for child in element:
        yield from described(child, depth + 1)


def assert_same_reading(fast: ImportResult, usual: ImportResult) -> None:
    assert fast == usual
    assert repr(fast.document) == repr(usual.document)
    assert fast.problems == usual.problems
    assert fast.notes == usual.notes


def assert_same_everywhere(
    path: Path, both_ways: Callable[[Path], tuple[Any, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert_same_reading(*both_ways(path))
    fast_tree = folded_tree(path)
    monkeypatch.setattr(xml_safety, "FAST_RECORD_SECTIONS", False)
    usual_tree = folded_tree(path)
    monkeypatch.setattr(xml_safety, "FAST_RECORD_SECTIONS", True)
    assert list(described(fast_tree)) == list(described(usual_tree))


# -- every MSPDI file at hand reads the same both ways --------------------------------------


def _demo(path: Path) -> Path:
    write_mspdi(document_from_json(demo_document()), path)
    return path


def _generated(path: Path) -> Path:
    sys.path.insert(0, str(BENCH))
    try:
        generate_plan = importlib.import_module("generate_plan")  # the bench's generator
    finally:
        sys.path.remove(str(BENCH))
    plan = generate_plan.generate_document(1500)
    write_mspdi(document_from_json(json.loads(json.dumps(plan))), path)
    return path


def _robust(path: Path) -> Path:
    path.write_text(mspdi_text(), encoding="utf-8")
    return path


SOURCES: dict[str, Callable[[Path], Path]] = {
    "demo": _demo,
    "generated": _generated,
    "robust": _robust,
    "project-2002": write_mspdi_2002,
    "night-shift": write_mspdi_night_shift,
}


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_written_plans_read_the_same(
    tmp_path: Path,
    source: str,
    both_ways: Callable[[Path], tuple[Any, Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = SOURCES[source](tmp_path / "plan.xml")
    assert_same_everywhere(path, both_ways, monkeypatch)


def _real_plans() -> list[str]:
    return sorted(p.name for p in REAL_PLANS.glob("*.xml")) if REAL_PLANS.is_dir() else []


@pytest.mark.parametrize("name", _real_plans() or ["(none)"])
def test_real_plans_read_the_same(
    name: str,
    real_plan: Callable[[str], Path],
    both_ways: Callable[[Path], tuple[Any, Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = real_plan(name)
    if "<Project" not in path.read_text(encoding="utf-8", errors="replace")[:2000]:
        pytest.skip(f"{name} is not an MS Project file")
    assert_same_everywhere(path, both_ways, monkeypatch)


# A plan with what the strict form allows: references, carriage returns, empty and spaced
# texts, a repeated tag (the first wins), nested children with their parent's names (a
# baseline's <Start> before the task's own), kept leaves, timephased data, assignments.
RICH_PLAN = (
    '\ufeff<?xml version="1.0" encoding="utf-8"?>\r\n'
    '<Project xmlns="http://schemas.microsoft.com/project">\r\n'
    "  <Name>Rich &amp; strange</Name><MinutesPerDay>480</MinutesPerDay>\r\n"
    "  <StartDate>2026-01-05T08:00:00</StartDate>\r\n"
    "  <Tasks> before &#233;\r\n"
    "    <Task>\r\n"
    "      <UID>0</UID><ID>0</ID><Name>Summary</Name><OutlineLevel>0</OutlineLevel>\r\n"
    "      <Notes>Project notes: a &lt; b &amp;&amp; c &gt; d, &quot;q&quot; &apos;s&apos;\r\n"
    "second line\rthird&#13;&#10;fourth &#x1F600;</Notes>\r\n"
    "    </Task>\r\n"
    "    <Task>\r\n"
    "      <UID>1</UID><ID>1</ID><Name>  Caf&#233; &#x26; more  </Name>\r\n"
    "      <Baseline><Number>0</Number><Start>2025-01-01T08:00:00</Start>\r\n"
    "        <Finish>2025-01-02T17:00:00</Finish><Duration>PT8H0M0S</Duration></Baseline>\r\n"
    "      <Name>second name</Name><OutlineLevel>1</OutlineLevel>\r\n"
    "      <Start>2026-01-05T08:00:00</Start><Finish>2026-01-06T17:00:00</Finish>\r\n"
    "      <Duration>PT16H0M0S</Duration><Notes/><Hyperlink /><Contact></Contact>\r\n"
    "      <WBS>&#32;1&#10;</WBS>\r\n"
    "      <PredecessorLink> </PredecessorLink><ExtendedAttribute/>\r\n"
    "      <TimephasedData><Type>1</Type><UID>1</UID><Value>PT8H0M0S</Value>\r\n"
    "        <Deep><Deeper><Deepest>x</Deepest></Deeper><Leaf>y</Leaf></Deep>\r\n"
    "      </TimephasedData>\r\n"
    "    </Task>\r\n"
    "    <Task>\r\n"
    "      <UID>2</UID><ID>2</ID><Name>Build</Name><OutlineLevel>1</OutlineLevel>\r\n"
    "      <Duration>PT8H0M0S</Duration><Notes>Line 1\r\nLine 2 &amp; 3</Notes>\r\n"
    "      <PredecessorLink>\r\n"
    "        <PredecessorUID>1</PredecessorUID><Type>1</Type><LinkLag>4800</LinkLag>\r\n"
    "        <LagFormat>7</LagFormat>\r\n"
    "      </PredecessorLink>\r\n"
    "      <PredecessorLink><PredecessorUID>0</PredecessorUID><Type>3</Type>"
    "</PredecessorLink>\r\n"
    "      <ExtendedAttribute><FieldID>188743752</FieldID><Value>1</Value>"
    "</ExtendedAttribute>\r\n"
    "    </Task>junk between records &amp; more\r\n"
    "    <Task><UID>3</UID><ID>3</ID><Name>Empty notes</Name><OutlineLevel>1</OutlineLevel>"
    "<Notes></Notes><Duration>PT0H0M0S</Duration><Milestone>1</Milestone></Task>\r\n"
    "  </Tasks>\r\n"
    "  <Resources><Resource><UID>1</UID><ID>1</ID><Name>Ana</Name><Type>1</Type>"
    "</Resource></Resources>\r\n"
    "  <Assignments>\r\n"
    "    <Assignment><UID>1</UID><TaskUID>1</TaskUID><ResourceUID>1</ResourceUID>"
    "<Units>1</Units><Work>PT16H0M0S</Work>\r\n"
    "      <Baseline><Number>0</Number><Work>PT8H0M0S</Work></Baseline>\r\n"
    "      <TimephasedData><Type>1</Type><UID>1</UID><Start>2026-01-05T08:00:00</Start>"
    "<Value>PT8H0M0S</Value></TimephasedData>\r\n"
    "    </Assignment>\r\n"
    "    <Assignment><UID>2</UID><TaskUID>2</TaskUID><ResourceUID>1</ResourceUID>"
    "</Assignment>\r\n"
    "  </Assignments>\r\n"
    "</Project>\r\n"
)


def test_a_rich_plan_reads_the_same(
    tmp_path: Path,
    both_ways: Callable[[Path], tuple[Any, Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "rich.xml"
    path.write_bytes(RICH_PLAN.encode("utf-8"))
    assert_same_everywhere(path, both_ways, monkeypatch)
    root = folded_tree(path)
    # what the fast path made is what it should be, not only what the usual path makes
    tasks = root.findall("Tasks/Task")
    assert root.find("Tasks").text == " before é\n    "  # type: ignore[union-attr]  # found
    assert texts_of(tasks[0])["Notes"] == (
    "Project notes: a < b && c > d, \"q\" 's'\nsecond line\nthird\r\nfourth \U0001f600"
    )  # fmt: skip
    first = texts_of(tasks[1])
    assert first["Name"] == "Café & more"
    assert first["Start"] == "2026-01-05T08:00:00"  # not the baseline's
    assert first["WBS"] == "1" and first["Notes"] == first["Contact"] == ""
    assert [child.tag for child in tasks[1]] == ["Baseline", "PredecessorLink",
                                                 "ExtendedAttribute", "TimephasedData"]  # fmt: skip
    assert tasks[1][1].text == " " and tasks[1][2].text is None
    assert [child.tag for child in tasks[1][3]] == ["Deep"]
    assert texts_of(tasks[2])["Notes"] == "Line 1\nLine 2 & 3"
    assert len(root.findall("Assignments/Assignment")) == 2


def test_hostile_records_read_the_same(
    tmp_path: Path,
    both_ways: Callable[[Path], tuple[Any, Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Records of many shapes, one with thousands of tags (no pattern for it), a huge text."""
    leaves = "".join(f"<F{n}>{n}</F{n}>" for n in range(3000))
    shapes = "".join(
        f"<Task><UID>{n}</UID><ID>{n}</ID><Name>T{n}</Name><OutlineLevel>1</OutlineLevel>"
        + "<Notes>x</Notes>" * (n % 7)
        + f"<X{n % 300}>{n}</X{n % 300}></Task>"
        for n in range(1, 1000)
    )
    huge = "<Task><UID>1000</UID><Name>" + "long &amp; " * 100_000 + "</Name></Task>"
    plan = PLAIN.replace("<Tasks>", f"<Tasks><Task><UID>0</UID>{leaves}</Task>{shapes}{huge}")
    path = tmp_path / "hostile.xml"
    path.write_text(plan, encoding="utf-8")
    assert_same_everywhere(path, both_ways, monkeypatch)


# -- anything unusual takes the usual path ----------------------------------------------------

PLAIN = mspdi_text()
ODD_SECTIONS = {
    "attribute": PLAIN.replace("<Task><UID>2</UID>", '<Task id="2"><UID>2</UID>'),
    "leaf attribute": PLAIN.replace("<Name>Build</Name>", '<Name lang="en">Build</Name>'),
    "comment": PLAIN.replace("<Name>Build</Name>", "<Name>Build</Name><!-- a comment -->"),
    "cdata": PLAIN.replace("<Name>Build</Name>", "<Name><![CDATA[Build <now>]]></Name>"),
    "processing instruction": PLAIN.replace("<Name>Build</Name>", "<Name>Build</Name><?pi x?>"),
    "prefixed": PLAIN.replace(
        "<Name>Build</Name>", '<o:Name xmlns:o="urn:other">Build</o:Name>'
    ),
    "other child": PLAIN.replace("<Tasks>", "<Tasks><Note>not a task</Note>"),
    "spaced closing tag": PLAIN.replace("</PercentComplete>", "</PercentComplete >"),
    "records in a comment first": PLAIN.replace(
        "<Name>Robust</Name>",
        "<Name>Robust</Name><!-- <Tasks><Task><UID>9</UID></Task></Tasks> -->",
    ),
    "records deeper first": PLAIN.replace(
        "<Name>Robust</Name>",
        "<Name>Robust</Name><Extra><Tasks><Task><UID>9</UID></Task></Tasks></Extra>",
    ),
    "self-closing record": PLAIN.replace("<Tasks>", "<Tasks><Task/>"),
    "prefixed section": PLAIN.replace("<Tasks>", f'<m:Tasks xmlns:m="{NAMESPACE}">').replace(
        "</Tasks>", "</m:Tasks>"
    ),
    "nested too deep": PLAIN.replace(
        "<Name>Build</Name>", "<A>" * 40 + "<Name>Build</Name>" + "</A>" * 40
    ),
    "many '<' in a comment": PLAIN.replace(
        "<Name>Build</Name>", "<Name>Build</Name><!--" + "<" * 100_000 + "-->"
    ),
    "long character reference": PLAIN.replace("Build", "Build &#0000000066;"),
}


@pytest.mark.parametrize("odd", sorted(ODD_SECTIONS))
def test_unusual_sections_take_the_usual_path(
    tmp_path: Path, odd: str, fast_taken: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert ODD_SECTIONS[odd] != PLAIN
    path = tmp_path / "odd.xml"
    path.write_text(ODD_SECTIONS[odd], encoding="utf-8")
    result = read_mspdi(path)
    assert fast_taken == [False]
    monkeypatch.setattr(xml_safety, "FAST_RECORD_SECTIONS", False)
    assert_same_reading(result, read_mspdi(path))


@pytest.mark.parametrize("packing", ["utf-16", "gzip", "latin-1"])
def test_other_encodings_and_gzip_take_the_usual_path(
    tmp_path: Path, packing: str, fast_taken: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "plan.xml"
    if packing == "gzip":
        path.write_bytes(gzip.compress(PLAIN.encode("utf-8")))
    elif packing == "utf-16":
        text = PLAIN.replace('encoding="UTF-8"', 'encoding="UTF-16"')
        path.write_bytes(text.encode("utf-16"))
    else:
        text = PLAIN.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
        path.write_bytes(text.replace("Build", "Bâtir").encode("latin-1"))
    result = read_mspdi(path)
    assert not any(fast_taken)
    assert result.document.projects[0].tasks  # read, the usual way
    monkeypatch.setattr(xml_safety, "FAST_RECORD_SECTIONS", False)
    assert_same_reading(result, read_mspdi(path))


def test_the_switch_keeps_the_usual_path(
    tmp_path: Path, fast_taken: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _robust(tmp_path / "plan.xml")
    monkeypatch.setattr(xml_safety, "FAST_RECORD_SECTIONS", False)
    read_mspdi(path)
    assert fast_taken == []


@pytest.mark.parametrize("chunk_size", [7, 1000])
def test_the_usual_path_still_folds_across_chunks(
    tmp_path: Path, chunk_size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``test_xml_folding`` now mostly sees the fast path: the usual one, chunked, still
    reads a plan as the whole-tree parse does."""
    path = _demo(tmp_path / "demo.xml")
    fast = list(described(folded_tree(path)))
    monkeypatch.setattr(xml_safety, "FAST_RECORD_SECTIONS", False)
    usual = parse_xml_folding(path, kind=KIND, records=FOLDED_RECORDS, chunk_size=chunk_size)
    assert list(described(usual)) == fast
    result = read_mspdi(path)
    whole = _read_whole(path)
    assert (repr(result.document), result.problems, result.notes) == whole


def _read_whole(path: Path) -> tuple[str, Any, Any]:
    result = _read_root(parse_xml(path, kind=KIND), path.name)
    return repr(result.document), result.problems, result.notes


# -- errors say what they said ----------------------------------------------------------------

BROKEN = {
    "truncated": PLAIN[: PLAIN.index("<Name>Build")],
    "truncated in a tag": PLAIN[: PLAIN.index("<Name>Build") + 3],
    "mismatched tag": PLAIN.replace("<Name>Build</Name>", "<Name>Build</Nam>"),
    "unclosed leaf": PLAIN.replace("<Name>Build</Name>", "<Name>Build"),
    "undefined entity": PLAIN.replace("<Name>Build</Name>", "<Name>Build &bomb;</Name>"),
    "bad character reference": PLAIN.replace("Build", "Build &#0;"),
    "bare ampersand": PLAIN.replace("Build", "Build & more"),
    "not UTF-8": PLAIN.replace("Build", "B\udcffuild"),
}


@pytest.mark.parametrize("broken", sorted(BROKEN))
def test_broken_sections_are_refused_as_before(
    tmp_path: Path, broken: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert BROKEN[broken] != PLAIN
    path = tmp_path / "broken.xml"
    path.write_bytes(BROKEN[broken].encode("utf-8", "surrogateescape"))
    with pytest.raises(UnreadableFileError, match=r"broken at line \d+, column \d+") as fast:
        read_mspdi(path)
    with pytest.raises(UnreadableFileError) as whole:
        parse_xml(path, kind=KIND)
    monkeypatch.setattr(xml_safety, "FAST_RECORD_SECTIONS", False)
    with pytest.raises(UnreadableFileError) as usual:
        read_mspdi(path)
    assert str(fast.value) == str(usual.value) == str(whole.value)


def test_an_error_deep_in_a_big_section_is_located(tmp_path: Path) -> None:
    task = "  <Task>\n    <UID>{n}</UID>\n    <Name>Task {n}</Name>\n  </Task>\n"
    body = "".join(task.format(n=n) for n in range(1, 40_000))
    path = tmp_path / "broken.xml"
    path.write_text(f"<Project>\n<Tasks>\n{body}  <Task><Name>a</Nme></Task>\n</Tasks>\n"
                    "</Project>\n")  # fmt: skip
    with pytest.raises(UnreadableFileError, match="broken at line 159999, column 18") as fast:
        read_mspdi(path)
    with pytest.raises(UnreadableFileError) as whole:
        parse_xml(path, kind=KIND)
    assert str(fast.value) == str(whole.value)
