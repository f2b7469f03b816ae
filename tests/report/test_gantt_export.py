"""The whole-plan Gantt PDF: fitted to the width or tiled with the table repeated."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pypdf
import pytest

from infradesk.report.data import GanttData, GanttRow
from infradesk.report.gantt_export import export_gantt_pdf

from .conftest import HOSTILE


def plan(rows: int = 30, days: int = 200) -> GanttData:
    t0 = datetime(2026, 1, 5, 8)
    out = [GanttRow("Programme", t0, t0 + timedelta(days=days), summary=True)]
    for i in range(rows):
        start = t0 + timedelta(days=i * days // rows)
        out.append(
            GanttRow(
                f"Task {i}",
                start,
                start + timedelta(days=9),
                level=1,
                critical=i % 3 == 0,
                percent_complete=50,
                baseline_start=start - timedelta(days=2),
                baseline_finish=start + timedelta(days=7),
            )
        )
    out.append(
        GanttRow(
            HOSTILE, t0 + timedelta(days=days), t0 + timedelta(days=days), level=1, milestone=True
        )
    )
    return GanttData("DC Migration", out, status_date=datetime(2026, 3, 2, 17))


def test_fit_to_width_is_one_page_per_row_chunk(tmp_path: Path) -> None:
    target = tmp_path / "gantt.pdf"
    pages = export_gantt_pdf(plan(30), target, fit="width")
    reader = pypdf.PdfReader(target)
    assert pages == len(reader.pages) == 1
    page = reader.pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)  # landscape
    text = page.extract_text()
    assert "Task 29" in text and "東京" in text and "Page 1 of 1" in text


def test_many_rows_go_down_several_pages(tmp_path: Path) -> None:
    target = tmp_path / "gantt.pdf"
    pages = export_gantt_pdf(plan(200), target, fit="width", page_size="Letter")
    assert pages > 3
    reader = pypdf.PdfReader(target)
    assert "Task 199" in reader.pages[-1].extract_text()


def test_tiles_repeat_the_task_columns(tmp_path: Path) -> None:
    target = tmp_path / "gantt.pdf"
    pages = export_gantt_pdf(plan(30), target, fit="tile", zoom="day")
    reader = pypdf.PdfReader(target)
    assert pages == len(reader.pages) > 1
    for page in reader.pages:
        text = page.extract_text()
        assert "Task 0" in text and "Start" in text  # table repeated on every tile
        assert "timeline part" in text
    week = export_gantt_pdf(plan(30), tmp_path / "week.pdf", fit="tile", zoom="week")
    assert week < pages  # a coarser zoom needs fewer tiles


def test_date_range_limits_rows(tmp_path: Path) -> None:
    target = tmp_path / "gantt.pdf"
    export_gantt_pdf(plan(30), target, start=date(2026, 1, 5), finish=date(2026, 1, 20))
    text = pypdf.PdfReader(target).pages[0].extract_text()
    assert "Task 0" in text and "Task 20" not in text
    with pytest.raises(ValueError, match="ends before"):
        export_gantt_pdf(plan(3), target, start=date(2026, 2, 1), finish=date(2026, 1, 1))
    with pytest.raises(ValueError, match="fit"):
        export_gantt_pdf(plan(3), target, fit="zoom")


def test_whole_plan_from_the_workspace(workspace, tmp_path: Path) -> None:
    from infradesk.services.status.facts import gather_gantt_data

    from .conftest import build_plan

    with workspace.session() as session:
        project_id = build_plan(session)
        data = gather_gantt_data(session, project_id)
    assert data.title == "DC Migration" and data.status_date == datetime(2026, 3, 2, 17)
    assert [r.wbs for r in data.rows[:3]] == ["1", "1.1", "1.2"]
    assert data.rows[0].summary and not data.rows[1].summary
    racks = next(r for r in data.rows if r.name == "Racks delivered")
    assert racks.milestone and racks.baseline_finish == racks.finish - timedelta(days=7)
    target = tmp_path / "plan.pdf"
    assert export_gantt_pdf(data, target, fit="tile", zoom="week") >= 1
    assert HOSTILE in " ".join(pypdf.PdfReader(target).pages[0].extract_text().split("\n"))
