"""Big MS Project files are parsed as a stream with their records folded (issue 22); the
reader must see exactly what the whole-tree parse shows it, whatever the chunk boundaries."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import pytest

from infradesk.interchange.json_document import document_from_json
from infradesk.interchange.mspdi import write_mspdi
from infradesk.interchange.mspdi.reader import FOLDED_RECORDS, _read_root
from infradesk.interchange.problems import UnreadableFileError
from infradesk.interchange.xml_safety import (
    child_texts,
    folded_texts,
    parse_xml,
    parse_xml_folding,
    text,
)
from infradesk.services.demo.seed import demo_document

NAMESPACE = "http://schemas.microsoft.com/project"


def reading(root: Any) -> tuple[str, str, str]:
    result = _read_root(root, "plan.xml")
    return repr(result.document), repr(result.problems), repr(result.notes)


@pytest.fixture(scope="module")
def demo_xml(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("folding") / "demo.xml"
    write_mspdi(document_from_json(demo_document()), path)
    return path


@pytest.mark.parametrize("chunk_size", [7, 1000, 1 << 20])
def test_the_demo_reads_the_same_folded(demo_xml: Path, chunk_size: int) -> None:
    expected = reading(parse_xml(demo_xml, kind="MS Project XML"))
    folded = parse_xml_folding(
        demo_xml, kind="MS Project XML", records=FOLDED_RECORDS, chunk_size=chunk_size
    )
    assert reading(folded) == expected
    tasks = folded.findall("Tasks/Task")
    assert tasks and all(folded_texts(task) is not None for task in tasks)
    # what is left of a task: its links and custom fields (folded too), no leaf
    kept = [child for task in tasks for child in task]
    assert {child.tag for child in kept} <= {"PredecessorLink", "ExtendedAttribute"}
    assert all(folded_texts(child) is not None and not len(child) for child in kept)


ODD_PLAN = f"""<?xml version="1.0" encoding="UTF-8"?>
<m:Project xmlns:m="{NAMESPACE}" xmlns:o="urn:other">
  <m:Name>Odd plan</m:Name>
  <m:MinutesPerDay>480</m:MinutesPerDay>
  <m:Tasks>
    <m:Task>
      <m:UID>1</m:UID><m:ID>1</m:ID><m:Name>  First name wins  </m:Name>
      <o:Name>other namespace, same local name</o:Name>
      <m:Name>second name</m:Name>
      <m:OutlineLevel>1</m:OutlineLevel><m:Duration>PT16H0M0S</m:Duration>
      <m:Start>2026-01-05T08:00:00</m:Start>
      <m:PredecessorLink/>
      <m:ExtendedAttribute/>
      <m:TimephasedData><m:Type>1</m:Type></m:TimephasedData>
    </m:Task>
    <m:Task>
      <m:UID>2</m:UID><m:ID>2</m:ID><m:Name>Second &amp; last</m:Name>
      <m:OutlineLevel>1</m:OutlineLevel><m:Duration>PT8H0M0S</m:Duration>
      <m:PredecessorLink>
        <m:PredecessorUID>1</m:PredecessorUID><m:Type>1</m:Type>
        <m:LinkLag>4800</m:LinkLag><m:LagFormat>7</m:LagFormat>
      </m:PredecessorLink>
    </m:Task>
  </m:Tasks>
  <m:Assignments>
    <m:Assignment><m:UID>1</m:UID><m:TaskUID>2</m:TaskUID><m:ResourceUID>-65535</m:ResourceUID>
    </m:Assignment>
  </m:Assignments>
</m:Project>"""


@pytest.mark.parametrize("chunk_size", [1, 13, 1 << 20])
def test_prefixes_repeated_tags_and_empty_records_read_the_same(
    tmp_path: Path, chunk_size: int
) -> None:
    path = tmp_path / "odd.xml"
    path.write_text(ODD_PLAN, encoding="utf-8")
    expected = reading(parse_xml(path, kind="MS Project XML"))
    root = parse_xml_folding(
        path, kind="MS Project XML", records=FOLDED_RECORDS, chunk_size=chunk_size
    )
    assert reading(root) == expected
    first = root.findall("Tasks/Task")[0]
    assert text(first, "Name") == "First name wins"
    assert child_texts(first)["UID"] == "1"
    # kept: the empty link and custom field (their tags are read as elements), the
    # timephased data (it has children); the leaves are folded
    assert [child.tag for child in first] == ["PredecessorLink", "ExtendedAttribute",
                                              "TimephasedData"]  # fmt: skip
    assert root.find(".//TimephasedData") is not None
    assert "Timephased data" in reading(root)[2]


def test_gzip_and_streams_are_folded_too(tmp_path: Path, demo_xml: Path) -> None:
    expected = reading(parse_xml(demo_xml, kind="MS Project XML"))
    packed = tmp_path / "demo.xml"
    packed.write_bytes(gzip.compress(demo_xml.read_bytes()))
    assert reading(
        parse_xml_folding(packed, kind="MS Project XML", records=FOLDED_RECORDS)
    ) == expected
    with demo_xml.open("rb") as stream:
        assert reading(
            parse_xml_folding(stream, kind="MS Project XML", records=FOLDED_RECORDS)
        ) == expected


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"   \n  ", "the file is empty"),
        (b'<?xml version="1.0"?>\n<!DOCTYPE p [<!ENTITY a "b">]><Project/>', "DTD"),
        (b"<Project><Tasks><Task><UID>1</UID></Task>", "looks truncated"),
        (b"<m:Project><m:Tasks/></m:Project>", "broken at line 1"),
        # the safety pass reads the prolog only: a DTD behind a long comment is still in it
        (b"<!--" + b"x" * 100 + b'-->\n<!DOCTYPE p SYSTEM "http://e/p.dtd"><Project/>', "DTD"),
        # without a DTD an entity is undefined: an XML error of the tree's parser, located
        (b"<Project><Tasks><Task><Name>&bomb;</Name></Task></Tasks></Project>", "line 1"),
        (b"<Project><Tasks/>\n<!DOCTYPE p [<!ENTITY a 'b'>]></Project>", "broken at line 2"),
        (b"<Project><Tasks/>\n</Project><!DOCTYPE p>", "broken at line 2"),
    ],
)
def test_refusals_are_the_whole_tree_parse_s(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.xml"
    path.write_bytes(content)
    with pytest.raises(UnreadableFileError) as whole:
        parse_xml(path, kind="MS Project XML")
    with pytest.raises(UnreadableFileError, match=message) as folded:
        parse_xml_folding(path, kind="MS Project XML", records=FOLDED_RECORDS, chunk_size=5)
    assert str(folded.value) == str(whole.value)


@pytest.mark.parametrize("source", ["demo", "odd"])
def test_a_tree_let_go_reads_the_same_and_is_emptied(
    tmp_path: Path, demo_xml: Path, source: str
) -> None:
    """``read_mspdi`` lets the tree go once it is read (most of a big file's memory): the
    document, problems and notes are those of a reader that keeps it."""
    path = demo_xml
    if source == "odd":
        path = tmp_path / "odd.xml"
        path.write_text(ODD_PLAN, encoding="utf-8")
    expected = reading(parse_xml_folding(path, kind="MS Project XML", records=FOLDED_RECORDS))
    root = parse_xml_folding(path, kind="MS Project XML", records=FOLDED_RECORDS)
    result = _read_root(root, "plan.xml", let_go=True)
    assert (repr(result.document), repr(result.problems), repr(result.notes)) == expected
    assert len(root) == 0


def test_an_error_past_the_first_chunk_is_located_as_the_whole_tree_parse_locates_it(
    tmp_path: Path,
) -> None:
    """ElementTree's parser, fed in chunks, counts the lines of the earlier chunks twice: the
    folding parse must still name the line and column the whole-tree parse names."""
    task = "  <Task>\n    <UID>{n}</UID>\n    <Name>Task {n}</Name>\n  </Task>\n"
    body = "".join(task.format(n=n) for n in range(1, 40_000))  # a few megabytes
    path = tmp_path / "broken.xml"
    path.write_text(f"<Project>\n<Tasks>\n{body}  <Task><Name>a <b</Name></Task>\n</Tasks>\n"
                    "</Project>\n")  # fmt: skip
    with pytest.raises(UnreadableFileError) as whole:
        parse_xml(path, kind="MS Project XML")
    with pytest.raises(UnreadableFileError, match="broken at line 159999, column 19") as folded:
        parse_xml_folding(path, kind="MS Project XML", records=FOLDED_RECORDS)
    assert str(folded.value) == str(whole.value)
