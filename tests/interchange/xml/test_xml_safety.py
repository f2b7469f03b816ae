"""Hostile and broken files are refused with a clear message, by every XML reader."""

from __future__ import annotations

import gzip
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from infradesk.interchange import xml_safety
from infradesk.interchange.ganttproject import read_gan
from infradesk.interchange.json_document import document_to_json
from infradesk.interchange.mspdi import read_mspdi
from infradesk.interchange.planner import read_planner
from infradesk.interchange.problems import ImportResult, UnreadableFileError

READERS: list[tuple[str, Callable[..., ImportResult], str]] = [
    ("plan.xml", read_mspdi, "Project"),
    ("plan.gan", read_gan, "project"),
    ("plan.planner", read_planner, "project"),
]

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<{root}><Name>&lol4;</Name></{root}>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE foo [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<{root}><Name>&xxe;</Name></{root}>
"""

PLAIN_DOCTYPE = """<?xml version="1.0"?>
<!DOCTYPE {root} SYSTEM "http://example.com/evil.dtd">
<{root}><Name>x</Name></{root}>
"""


@pytest.mark.parametrize(("name", "reader", "root"), READERS)
def test_billion_laughs_is_refused(
    name: str, reader: Callable[..., ImportResult], root: str, make_file
) -> None:
    path = make_file(name, BILLION_LAUGHS.format(root=root))
    with pytest.raises(UnreadableFileError, match="refused for safety") as caught:
        reader(path)
    assert name in str(caught.value)


@pytest.mark.parametrize(("name", "reader", "root"), READERS)
def test_external_entity_is_refused(
    name: str, reader: Callable[..., ImportResult], root: str, make_file
) -> None:
    path = make_file(name, EXTERNAL_ENTITY.format(root=root))
    with pytest.raises(UnreadableFileError, match="refused for safety"):
        reader(path)


@pytest.mark.parametrize(("name", "reader", "root"), READERS)
def test_any_doctype_is_refused(
    name: str, reader: Callable[..., ImportResult], root: str, make_file
) -> None:
    path = make_file(name, PLAIN_DOCTYPE.format(root=root))
    with pytest.raises(UnreadableFileError, match="DTD"):
        reader(path)


@pytest.mark.parametrize(("name", "reader", "_root"), READERS)
def test_not_xml_is_refused(
    name: str, reader: Callable[..., ImportResult], _root: str, tmp_path: Path
) -> None:
    path = tmp_path / name
    path.write_bytes(b"PK\x03\x04 this is a zip, not a plan \x00\xff")
    with pytest.raises(UnreadableFileError, match="broken at line 1"):
        reader(path)


@pytest.mark.parametrize(("name", "reader", "_root"), READERS)
def test_empty_file_is_refused(
    name: str, reader: Callable[..., ImportResult], _root: str, make_file
) -> None:
    with pytest.raises(UnreadableFileError, match="empty"):
        reader(make_file(name, "  \n"))


def test_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFileError, match="cannot open"):
        read_mspdi(tmp_path / "gone.xml")


def test_truncated_real_mspdi_is_refused(real_plan, tmp_path: Path) -> None:
    data = real_plan("legacy_sample1.xml").read_bytes()
    cut = tmp_path / "cut.xml"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(UnreadableFileError, match="truncated"):
        read_mspdi(cut)


def test_wrong_root_names_the_root(make_file) -> None:
    path = make_file("page.xml", "<html><body>not a plan</body></html>")
    with pytest.raises(UnreadableFileError, match=r"root element is <html>, expected <Project>"):
        read_mspdi(path)


def test_project_root_without_tasks_is_not_mspdi(make_file) -> None:
    path = make_file("other.xml", "<Project><Something/></Project>")
    with pytest.raises(UnreadableFileError, match="neither <Tasks> nor <Calendars>"):
        read_mspdi(path)


def test_gan_reader_recognises_a_planner_file(real_plan) -> None:
    with pytest.raises(UnreadableFileError, match="GNOME Planner file"):
        read_gan(real_plan("project1.planner"))


def test_planner_reader_recognises_a_gan_file(real_plan) -> None:
    with pytest.raises(UnreadableFileError, match="GanttProject file"):
        read_planner(real_plan("HouseBuildingSample.gan"))


def test_mspdi_reader_refuses_a_gan_file(real_plan) -> None:
    with pytest.raises(UnreadableFileError, match="expected <Project>"):
        read_mspdi(real_plan("HouseBuildingSample.gan"))


def test_streams_and_bytes_are_read(real_plan) -> None:
    data = real_plan("mspdirelations.xml").read_bytes()
    from_stream = read_mspdi(io.BytesIO(data))
    from_bytes = read_mspdi(data)
    assert from_stream.document == from_bytes.document
    assert len(document_to_json(from_bytes.document)["projects"][0]["tasks"]) == 5


def test_gzip_compressed_planner_file_is_read(real_plan, tmp_path: Path) -> None:
    packed = tmp_path / "packed.planner"
    packed.write_bytes(gzip.compress(real_plan("project1.planner").read_bytes()))
    project = document_to_json(read_planner(packed).document)["projects"][0]
    assert len(project["tasks"]) == 30


def test_gzip_bomb_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xml_safety, "MAX_XML_BYTES", 10_000)
    bomb = tmp_path / "bomb.planner"
    bomb.write_bytes(gzip.compress(b"<project>" + b" " * 100_000 + b"</project>"))
    assert bomb.stat().st_size < 10_000  # small on disk, big once inflated
    with pytest.raises(UnreadableFileError, match="inflates to more than"):
        read_planner(bomb)


def test_damaged_gzip_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "broken.planner"
    broken.write_bytes(gzip.compress(b"<project mrproject-version='2'/>")[:15])
    with pytest.raises(UnreadableFileError, match="damaged or truncated"):
        read_planner(broken)


def test_oversized_file_is_refused(make_file, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xml_safety, "MAX_XML_BYTES", 100)
    path = make_file("big.xml", "<Project><Tasks/>" + " " * 200 + "</Project>")
    with pytest.raises(UnreadableFileError, match="are refused"):
        read_mspdi(path)
