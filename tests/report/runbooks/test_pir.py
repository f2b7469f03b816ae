"""The post-implementation report (issue 19), drawn from hand-built data and read back."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pypdf

from infradesk.report.data import ReportOptions, RunbookLine
from infradesk.report.runbook_pir import render_pir, verdict
from infradesk.report.sections.runbooks import runbook_text
from infradesk.report.status_report import render_status_report

from ..conftest import sample_report
from ..test_fonts_embedded import font_embedding
from .samples import at, sample_pir
from .test_bridge_sheet import pdf_text


def test_the_pir_holds_every_part_of_the_run(tmp_path: Path) -> None:
    path = tmp_path / "pir.pdf"
    render_pir(sample_pir(), path)
    text = pdf_text(path)
    assert "Wave 1 — Frankfurt hall" in text and "Post-implementation report" in text
    # summary: planned vs actual, late, outage vs budget, counts
    assert "Late: ended 30 min after the planned end" in text
    # 22:00 CEST to 04:45 CET is 7 h 45 of elapsed time (the clocks went back at 03:00)
    assert "Sat 24 Oct 2026 22:00 CEST – Sun 25 Oct 04:45 CET (7 h 45)" in text
    assert "over the maintenance window by 15 min" in text
    assert "7 h 35 (planned 7 h 05) against a budget of 7 h: over by 35 min" in text
    assert "13 done · 0 skipped · 1 failed validation · 2 not run" in text
    # services: RTA vs RTO
    assert "Order portal" in text and "Over the RTO by 35 min" in text
    assert "Within the RTO" in text
    # streams and every run compared
    for stream in ("Comms", "Apps", "Network", "Storage", "Bridge"):
        assert stream in text
    assert "Rehearsal 1" in text and "Rehearsal 2" in text and "Whole runbook" in text
    # the critical path, gates with times and names, validations and issues, lessons
    assert "The critical path as it ran" in text
    assert "GO" in text and "Claire Dubois (CIO)" in text and "Sun 00:13 CEST" in text
    assert "Checkout times out after 30 s" in text and "I-014" in text
    assert "take them the evening before" in text
    # every step, late ones flagged
    assert "Every step: planned against actual" in text
    for code in ("1.01", "3.03", "3.04", "9.01", "9.02"):
        assert code in text
    assert "+30 min" in text and "Not run" in text


def test_late_steps_are_drawn_in_red(tmp_path: Path) -> None:
    path = tmp_path / "pir.pdf"
    render_pir(sample_pir(), path)
    # the red of the late rows is in the page content (RAG red, #c62828)
    content = b"".join(page.get_contents().get_data() for page in pypdf.PdfReader(path).pages)
    assert b".776471 .156863 .156863 rg" in content


def test_an_unfinished_rehearsal_reads_as_a_forecast(tmp_path: Path) -> None:
    data = replace(
        sample_pir(), run="Rehearsal 3", mode="rehearsal", actual_end=None,
        forecast_end=at(450), outage_minutes=None, planned_outage_minutes=None,
        services=(), gates=(), validations=(), issues=(), lessons="", compared_runs=(),
        window_end=None,
    )
    assert verdict(data) == ("On time: forecast to end 15 min before the planned end", False)
    path = tmp_path / "pir.pdf"
    render_pir(data, path)
    text = pdf_text(path)
    assert "Actual (forecast end)" in text and "No service outage recorded" in text
    assert "No lessons were written yet" in text and "no go / no-go gate" in text


def test_every_font_of_the_pir_is_embedded(tmp_path: Path) -> None:
    path = tmp_path / "pir.pdf"
    render_pir(sample_pir(), path)
    found = font_embedding(path)
    assert found and all(found.values()), found


def test_the_weekly_report_says_how_the_runbook_went(tmp_path: Path) -> None:
    rehearsed = RunbookLine("Wave 1", 810, steps=80, rehearsal="Rehearsal 2",
                            rehearsal_minutes=845, rehearsals=2)
    assert runbook_text(rehearsed) == (
        "Cutover runbook 'Wave 1': Rehearsal 2 ran 14 h 05 vs 13 h 30 planned (+35 min); "
        "live run not started"
    )
    live = replace(rehearsed, live="done", live_minutes=800, over_rto=["Order portal"])
    assert runbook_text(live).startswith(
        "Cutover runbook 'Wave 1': live run took 13 h 20 vs 13 h 30 planned (-10 min)"
    )
    assert "over the RTO: Order portal" in runbook_text(live)
    fresh = RunbookLine("Wave 2", 60, steps=4)
    assert runbook_text(fresh) == (
        "Cutover runbook 'Wave 2': 4 steps, 1 h planned; not rehearsed yet; live run not started"
    )
    for executive in (False, True):
        data = sample_report()
        data.runbooks = [rehearsed, fresh]
        path = tmp_path / f"weekly-{executive}.pdf"
        render_status_report(data, path, ReportOptions(executive=executive))
        text = pdf_text(path)
        assert "Cutover runbooks" in text
        assert "Rehearsal 2 ran 14 h 05 vs 13 h 30 planned (+35 min)" in text
