"""The renderer alone: a hand-built ReportData read back with pypdf, section by section."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pypdf
import pytest
from reportlab.lib.pagesizes import A4, LETTER

from infradesk.report.data import ALL_SECTIONS, ReportData, ReportOptions, TaskLine
from infradesk.report.fonts import markup, runs
from infradesk.report.status_report import render_status_report

from .conftest import HOSTILE


def render(data: ReportData, tmp_path: Path, **options: object) -> pypdf.PdfReader:
    target = tmp_path / "report.pdf"
    render_status_report(data, target, ReportOptions(**options))  # type: ignore[arg-type]
    return pypdf.PdfReader(target)


def text_of(reader: pypdf.PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    """Extracted text with line breaks removed (long cells wrap)."""
    return " ".join(text.split())


def test_every_section_shows_its_data(sample_data: ReportData, tmp_path: Path) -> None:
    text = text_of(render(sample_data, tmp_path))
    one = flat(text)
    # 1. header
    for expected in (
        "DC Migration Frankfurt",
        "Weekly status report",
        "Dana Schmidt",
        "As of 02 Mar 2026",
        "24 Feb 2026 – 02 Mar 2026",
        "Overall status",
        "Amber",
        "Worse since 23 Feb 2026",
        "Vendor confirmed new date",
        "suggested from data: Red",
    ):
        assert expected in one, expected
    # what changed
    for expected in ("R-007 Carrier strike", "R-002 Permit delay", "CR-003 Extra PDU"):
        assert expected in one
    # 2. summary, decisions, help
    assert "rack delivery slipped one week" in one
    assert "Approve weekend overtime for cutover" in one
    assert "No help needed this week." in one
    # 3. milestones with variance and slipped marker
    assert "Racks delivered" in one and "+7 d" in one and "⚠ Slipped" in one
    # 4. done / planned with owners
    assert "Install PDU 3" in one and "Ops team" in one and "Cabling Ltd" in one
    # 5. gantt
    assert "Schedule snapshot" in one and "status 02 Mar" in one
    # 6. risks, heat map, issues, changes
    assert "R-001" in one and "20" in one and "worse (was 12)" in one
    assert "Heat map of open risks" in one
    assert "Badge access for vendor" in one and "High" in one
    assert "Second UPS" in one and "+2 d, +4 000 EUR" in one.replace("\u202f", " ")
    # 7. vendors
    assert "42U racks x 20" in one and "7 d late" in one and "Old hall lease" in one
    assert "31 Mar 2026" in one
    # 8. budget
    for expected in ("500 000 EUR", "515 000 EUR", "+15 000 EUR", "0.93", "0.97"):
        assert expected in one.replace("\u202f", " "), expected


def test_hostile_and_non_latin_text_prints_literally(
    sample_data: ReportData, tmp_path: Path
) -> None:
    text = text_of(render(sample_data, tmp_path))
    assert HOSTILE in text.replace("\n", " ") or HOSTILE in flat(text)
    assert "東京" in text
    assert "&amp;amp;" not in text


def test_markup_escapes_and_switches_font_for_cjk() -> None:
    assert markup("<b>&") == "&lt;b&gt;&amp;"
    fonts_used = [font for font, _ in runs("Zürich 東京")]
    assert len(fonts_used) == 2 and fonts_used[0] != fonts_used[1]
    assert "<font name=" in markup("東京")


def test_page_sizes_and_page_numbers(sample_data: ReportData, tmp_path: Path) -> None:
    a4 = render(sample_data, tmp_path, page_size="A4")
    assert round(float(a4.pages[0].mediabox.width)) == round(A4[0])
    total = len(a4.pages)
    assert f"Page 1 of {total}" in a4.pages[0].extract_text()
    assert f"Page {total} of {total}" in a4.pages[-1].extract_text()
    letter = render(sample_data, tmp_path, page_size="letter")
    assert round(float(letter.pages[0].mediabox.height)) == round(LETTER[1])
    with pytest.raises(ValueError, match="Unknown page size"):
        render(sample_data, tmp_path, page_size="A3")


def test_every_page_has_the_as_of_footer(sample_data: ReportData, tmp_path: Path) -> None:
    reader = render(sample_data, tmp_path)
    assert len(reader.pages) > 1
    for page in reader.pages:
        assert "As of 02 Mar 2026" in page.extract_text()


def test_sections_can_be_switched_off(sample_data: ReportData, tmp_path: Path) -> None:
    kept = tuple(s for s in ALL_SECTIONS if s not in {"vendors", "gantt"})
    one = flat(text_of(render(sample_data, tmp_path, sections=kept)))
    assert "Old hall lease" not in one and "Schedule snapshot" not in one
    assert "Milestones" in one and "Budget" in one


def test_executive_variant_is_one_page(sample_data: ReportData, tmp_path: Path) -> None:
    data = replace(sample_data, executive_summary="Lots of words. " * 150)
    reader = render(data, tmp_path, executive=True)
    assert len(reader.pages) == 1
    one = flat(reader.pages[0].extract_text())
    assert "Executive status summary" in one and "Rack vendor insolvency" in one


def test_long_tables_split_with_repeated_headers_and_long_names_wrap(
    sample_data: ReportData, tmp_path: Path
) -> None:
    long_name = "Decommission " + "legacy-storage-array-" * 12 + "END"
    done = [TaskLine(f"{long_name} {i}", "Owner", None, None, 100) for i in range(60)]
    reader = render(replace(sample_data, done=done), tmp_path, max_list_rows=60)
    pages_with_header = [
        page
        for page in reader.pages
        if "Task" in page.extract_text() and "Finished" in page.extract_text()
    ]
    assert len(pages_with_header) >= 2  # the table split and repeated its header row
    joined = "".join(text_of(reader).split())
    assert "".join(f"{long_name} 59".split()) in joined  # wrapped, nothing cut off


def test_logo_is_drawn_and_a_bad_logo_is_reported(sample_data: ReportData, tmp_path: Path) -> None:
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 40), (31, 58, 95)).save(logo)
    reader = render(sample_data, tmp_path, logo_path=str(logo))
    assert reader.pages[0]["/Resources"]["/XObject"]
    bad = tmp_path / "bad.png"
    bad.write_text("not an image")
    with pytest.raises(ValueError, match="logo"):
        render(sample_data, tmp_path, logo_path=str(bad))


def test_fonts_are_embedded(sample_data: ReportData) -> None:
    buffer = io.BytesIO()
    render_status_report(sample_data, buffer)
    reader = pypdf.PdfReader(io.BytesIO(buffer.getvalue()))
    embedded = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            if descriptor and ("/FontFile2" in descriptor.get_object()):
                embedded.add(str(target["/BaseFont"]))
    assert any("InfraDeskSans" in name or "DejaVu" in name for name in embedded)
    assert any("Droid" in name or "CJK" in name for name in embedded)


def test_empty_project_still_renders(tmp_path: Path) -> None:
    from datetime import date

    data = ReportData(
        project="Empty",
        as_of=date(2026, 1, 5),
        period_start=date(2025, 12, 30),
        period_end=date(2026, 1, 5),
    )
    one = flat(text_of(render(data, tmp_path)))
    assert "The plan has no milestones." in one and "No open risks" in one
    assert "First report: no trend yet" in one


def test_snapshot_window() -> None:
    from datetime import date, datetime, timedelta

    from infradesk.report.data import GanttRow
    from infradesk.report.status_report import snapshot_window

    def rows(first: date, days: int) -> list[GanttRow]:
        start = datetime.combine(first, datetime.min.time())
        return [GanttRow("t", start, start + timedelta(days=days))]

    as_of = date(2026, 3, 4)  # a Wednesday
    # a long plan around the as-of date: two weeks back (to the Monday), eight weeks ahead
    assert snapshot_window(rows(date(2025, 1, 1), 900), as_of) == (
        date(2026, 2, 16),
        date(2026, 4, 29),
    )
    # a short plan: all of it
    first, last = snapshot_window(rows(date(2026, 3, 2), 20), as_of)
    assert first <= date(2026, 3, 2) and last >= date(2026, 3, 22) and (last - first).days < 40
    # a plan entirely in the past: its last ten weeks, not an empty chart
    first, last = snapshot_window(rows(date(2024, 1, 1), 300), as_of)
    assert last.year == 2024 and (last - first).days <= 77
