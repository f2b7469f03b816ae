"""The printed bridge sheet (issue 19), drawn from hand-built data and read back."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pypdf
import pytest

from infradesk.report.bridge_sheet import render_bridge_sheet, sheet_file_name
from infradesk.report.runbook_data import BridgeSheetData
from infradesk.report.runbook_format import (
    Clock,
    add_minutes,
    delta_text,
    minutes_between,
    minutes_text,
)

from ..test_fonts_embedded import font_embedding
from .samples import BERLIN, HOSTILE, at, sample_sheet


def pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(path)
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def render(tmp_path: Path, stream: str, data: BridgeSheetData | None = None) -> Path:
    data = data or sample_sheet()
    path = tmp_path / sheet_file_name(data.runbook, stream)
    render_bridge_sheet(data, stream, path)
    return path


def test_a_stream_sheet_lists_its_steps_with_owner_times_and_commands(tmp_path: Path) -> None:
    path = render(tmp_path, "Storage")
    text = pdf_text(path)
    for code in ("3.01", "3.02", "3.03", "3.04"):
        assert code in text
    assert "1.03" not in text.replace("1.02", "")  # another stream's step is not listed
    assert "Storage — bridge sheet" in text and "Wave 1 — Frankfurt hall" in text
    assert "Time zone Europe/Berlin" in text and "Printed Tue 20 Oct 2026 09:30 CEST" in text
    assert "Priya Nair" in text and "naviseccli" in text and "42 LUNs" in text
    assert HOSTILE in text  # user text printed literally
    # the night spans days and the end of summer time: day and zone on every time
    assert "Sat 22:25 CEST" in text and "Sun 02:55 CET" in text
    assert "Actual start" in text and "Initials" in text
    assert "Stream Storage — page 1 of 1" in text
    page = pypdf.PdfReader(path).pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)  # landscape


def test_gates_and_the_point_of_no_return_reach_every_stream(tmp_path: Path) -> None:
    bridge = pdf_text(render(tmp_path, "Bridge"))
    assert "Decision maker: Claire Dubois (CIO)" in bridge
    assert "Snapshots consistent" in bridge and "No P1 incident open" in bridge
    assert "GO" in bridge and "NO-GO" in bridge
    network = pdf_text(render(tmp_path, "Network"))
    # another stream's gate and the point of no return as rules across the table
    assert "GO / NO-GO 4.00" in network and "wait for the bridge" in network
    assert "POINT OF NO RETURN after 3.04" in network
    # the rule falls at its planned time (03:10): after 2.03, which starts at 23:55
    assert network.index("POINT OF NO RETURN") > network.index("2.03")
    # rollback steps in their own section after the forward steps
    assert "Rollback path" in network and "9.01" in network
    assert network.index("Rollback path") > network.index("POINT OF NO RETURN")
    assert "on no-go" in network
    storage = pdf_text(render(tmp_path, "Storage"))
    assert storage.index("3.04") < storage.index("POINT OF NO RETURN")


def test_a_long_stream_repeats_the_header_and_numbers_its_pages(tmp_path: Path) -> None:
    base = sample_sheet()
    many = tuple(
        replace(base.steps[4], code=f"5.{i:02d}", title=f"Move rack {i}", planned_start=at(i * 5),
                command="ssh mgmt 'show chassis status' | grep -c OK " * (1 + i % 4))
        for i in range(90)
    )
    data = replace(base, steps=base.steps + many)
    path = render(tmp_path, "Storage", data)
    reader = pypdf.PdfReader(path)
    pages = len(reader.pages)
    assert pages >= 3
    for number, page in enumerate(reader.pages, start=1):
        text = " ".join(page.extract_text().split())
        assert "Command / check" in text and "Actual finish" in text  # header on each page
        assert f"Stream Storage — page {number} of {pages}" in text
    assert "5.89" in pdf_text(path)


def test_every_font_of_a_bridge_sheet_is_embedded(tmp_path: Path) -> None:
    found = font_embedding(render(tmp_path, "Storage"))
    assert found and all(found.values()), found


def test_a_stream_name_with_braces_and_slashes_still_prints(tmp_path: Path) -> None:
    data = sample_sheet(stream_title="SAN {A}/B: 東京")
    name = sheet_file_name(data.runbook, "SAN {A}/B: 東京")
    assert "/" not in name and ":" not in name and name.endswith(".pdf")
    text = pdf_text(render(tmp_path, "SAN {A}/B: 東京", data))
    assert "Stream SAN {A}/B: 東京 — page 1 of 1" in text


def test_a_stream_without_forward_steps_says_so(tmp_path: Path) -> None:
    data = sample_sheet()
    data = replace(data, steps=tuple(s for s in data.steps if s.stream != "Apps" or s.rollback_of))
    text = pdf_text(render(tmp_path, "Apps", data))
    assert "No forward step in this stream." in text and "9.02" in text


@pytest.mark.parametrize(
    ("minutes", "text"), [(None, "–"), (45, "45 min"), (60, "1 h"), (810, "13 h 30")]
)
def test_minutes_are_written_for_people(minutes: int | None, text: str) -> None:
    assert minutes_text(minutes) == text


def test_variances_and_clock() -> None:
    assert delta_text(35) == "+35 min" and delta_text(-65) == "-1 h 05"
    assert delta_text(0) == "on time"
    same_day = Clock("Europe/Berlin", [at(0), at(60)])
    assert same_day.time(at(30)) == "22:30"
    across = Clock("Europe/Berlin", [at(0), at(400)])
    # 01:30 UTC is 02:30 CET, after the clocks went back; 00:30 UTC was 02:30 CEST
    assert across.time(at(270)) == "Sun 02:30 CEST" and across.time(at(330)) == "Sun 02:30 CET"
    assert Clock("Not/AZone", []).zone.key == "UTC"
    assert BERLIN.key == "Europe/Berlin"


def test_elapsed_minutes_across_the_october_change() -> None:
    """Python subtracts two times of one zone by their wall clocks; the runbook's minutes
    are elapsed ones: 22:00 CEST to 06:00 CET is 9 hours."""
    evening, morning = at(0), at(9 * 60)
    assert (morning - evening).total_seconds() / 3600 == 8  # the trap
    assert minutes_between(evening, morning) == 9 * 60
    assert add_minutes(at(240), 60) == at(300) and add_minutes(at(240), 60).tzname() == "CET"
    assert add_minutes(at(240), 60).strftime("%H:%M") == "02:00"
