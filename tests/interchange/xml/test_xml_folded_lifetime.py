"""The folded texts of a big file's records live on the records themselves (issue 22): they
go with the parse's tree, and two imports in parallel threads never see each other's."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Callable
from pathlib import Path

import pytest

from infradesk.interchange import xml_safety
from infradesk.interchange.mspdi import read_mspdi
from infradesk.interchange.mspdi.reader import FOLDED_RECORDS
from infradesk.interchange.xml_folded import FoldedElement
from infradesk.interchange.xml_safety import child_texts, folded_texts, parse_xml_folding, text

KIND = "MS Project XML"
TASKS = 300


def write_plan(path: Path, label: str) -> Path:
    tasks = "".join(
        f"<Task><UID>{n}</UID><ID>{n}</ID><Name>{label} {n}</Name><OutlineLevel>1</OutlineLevel>"
        f"<Duration>PT8H0M0S</Duration></Task>\n"
        for n in range(1, TASKS + 1)
    )
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<Project xmlns="http://schemas.microsoft.com/project">'
        f"<Name>{label}</Name><Tasks>\n{tasks}</Tasks></Project>\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture(params=[True, False], ids=["fast", "stream"])
def both_paths(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xml_safety, "FAST_RECORD_SECTIONS", request.param)


def folded_alive() -> int:
    gc.collect()
    return sum(type(thing) is FoldedElement for thing in gc.get_objects())


@pytest.mark.usefixtures("both_paths")
def test_the_texts_go_with_the_tree(tmp_path: Path) -> None:
    path = write_plan(tmp_path / "plan.xml", "Alpha")
    root = parse_xml_folding(path, kind=KIND, records=FOLDED_RECORDS)
    tasks = root.findall("Tasks/Task")
    assert len(tasks) == TASKS and all(type(task) is FoldedElement for task in tasks)
    assert text(tasks[4], "Name") == "Alpha 5" and child_texts(tasks[4])["UID"] == "5"
    texts = folded_texts(tasks[4])
    assert texts is not None
    gone = weakref.ref(tasks[4]), weakref.ref(root)
    del root, tasks, texts
    gc.collect()
    assert [ref() for ref in gone] == [None, None]


@pytest.mark.usefixtures("both_paths")
def test_nothing_of_the_file_is_left_after_the_read(tmp_path: Path) -> None:
    path = write_plan(tmp_path / "plan.xml", "Alpha")
    before = folded_alive()
    result = read_mspdi(path)
    assert len(result.document.projects[0].tasks) == TASKS
    assert folded_alive() == before


def in_parallel(reads: list[Callable[[], object]]) -> list[object]:
    """Run ``reads`` at once in threads (started together at a barrier), each many times."""
    barrier = threading.Barrier(len(reads))
    results: list[object] = [None] * len(reads)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = [reads[index]() for _ in range(5)]
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(reads))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return results


@pytest.mark.usefixtures("both_paths")
def test_two_parses_in_threads_each_see_their_own(tmp_path: Path) -> None:
    paths = [write_plan(tmp_path / f"{label}.xml", label) for label in ("Alpha", "Beta")]

    def names(path: Path) -> Callable[[], list[str]]:
        def read() -> list[str]:
            root = parse_xml_folding(path, kind=KIND, records=FOLDED_RECORDS)
            return [text(task, "Name") for task in root.findall("Tasks/Task")]

        return read

    alpha, beta = in_parallel([names(path) for path in paths])
    assert alpha == [[f"Alpha {n}" for n in range(1, TASKS + 1)]] * 5
    assert beta == [[f"Beta {n}" for n in range(1, TASKS + 1)]] * 5


@pytest.mark.usefixtures("both_paths")
def test_two_imports_in_threads_each_see_their_own(tmp_path: Path) -> None:
    paths = [write_plan(tmp_path / f"{label}.xml", label) for label in ("Alpha", "Beta")]
    before = folded_alive()

    def names(path: Path) -> Callable[[], list[str]]:
        def read() -> list[str]:
            return [task.name for task in read_mspdi(path).document.projects[0].tasks]

        return read

    alpha, beta = in_parallel([names(path) for path in paths])
    assert alpha == [[f"Alpha {n}" for n in range(1, TASKS + 1)]] * 5
    assert beta == [[f"Beta {n}" for n in range(1, TASKS + 1)]] * 5
    assert folded_alive() == before
