"""Top risks with the heat map and exposure, open issues, change requests."""

from __future__ import annotations

from reportlab.platypus import (
    Flowable,
    Paragraph,
    Spacer,
)

from infradesk.report import styles as st
from infradesk.report.charts import TREND_WORDS, HeatMap
from infradesk.report.data import (
    Trend,
    band_of,
)
from infradesk.report.fonts import markup
from infradesk.report.format import change_impact, fmt_date, fmt_money
from infradesk.report.sections.page import Cell, Page


def top_risks(page: Page, *, limit: int = 10, with_map: bool = True) -> list[Flowable]:
    d = page.data
    out = page.heading("risks")
    shown = d.risks[:limit]
    title = f"Top {len(shown)} of {d.open_risk_count} open risks by score"
    if len(shown) == d.open_risk_count:
        title = f"Open risks by score ({d.open_risk_count})"
    out.append(Paragraph(markup(title), page.s.h2))
    if not d.risks:
        out.append(page.empty("No open risks are recorded, so the heat map is empty."))
        return out
    intro: list[Flowable] = []
    exposure = exposure_line(page)
    if exposure is not None:
        intro.append(exposure)
    if with_map:
        intro += [Spacer(1, 4), page.p(band_legend(page), page.s.small)]
        bands = [[d.cell_band(p, i) for i in range(1, 6)] for p in range(1, 6)]
        grid: list[Flowable] = [HeatMap(d.heat_map, cell=17, bands=bands)]
        if d.unassessed_risks:  # counted apart, beside the grid they are not on
            grid.append(page.p(f"Not scored: {d.unassessed_risks}", page.s.cell_right, bold=True))
        side = st.Table(
            [[intro, grid]],
            colWidths=[page.width * 0.66, page.width * 0.34],
            hAlign="LEFT",
        )
        side.setStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, 0), 12),
                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
        out.append(side)
    else:
        out.extend([*intro, Spacer(1, 4)])
    fractions = (0.07, 0.45, 0.16, 0.07, 0.07, 0.18)
    rows: list[list[Cell]] = []
    extra: list = []
    for index, risk in enumerate(shown, start=1):
        trend = TREND_WORDS[risk.trend]
        if risk.previous_score is not None and risk.trend is not Trend.SAME:
            was = risk.previous_score or "not scored"
            trend = f"{trend} (was {was})"
        title_text = risk.title + (" (opportunity)" if risk.kind == "opportunity" else "")
        rows.append(
            [
                page.p(risk.code),
                page.p(title_text),
                page.p(risk.owner or "–"),
                *(
                    (
                        page.p(f"{risk.probability}×{risk.impact}", page.s.cell_right),
                        page.p(str(risk.score), page.s.cell_right, bold=True),
                    )
                    if risk.score
                    else (page.p("–", page.s.cell_right), page.p("not scored", page.s.cell_right))
                ),
                page.p(trend, page.s.cell_alert if risk.trend is Trend.DOWN else None),
            ]
        )
        band = risk.band or band_of(risk.score, d.heat_bands)
        if band in st.HEAT_COLOURS:
            extra.append(("BACKGROUND", (4, index), (4, index), st.HEAT_COLOURS[band]))
    out.append(
        page.table(
            ["ID", "Risk", "Owner", "P×I", "Score", "Trend"],
            rows,
            fractions,
            right=(3, 4),
            extra=extra,
        )
    )
    if d.unassessed_risks:
        out.append(
            page.empty(
                f"{d.unassessed_risks} open risk(s) are not scored yet (no probability or "
                "impact): they are not on the heat map and count in no band."
            )
        )
    return out


def band_legend(page: Page) -> str:
    low, medium, high = page.data.heat_bands
    return (
        f"Score bands: low 1–{low}, medium {low + 1}–{medium}, high {medium + 1}–{high}, "
        f"critical {high + 1}–25."
    )


def exposure_line(page: Page) -> Flowable | None:
    """Key figures of the open register: risks per band, EMV and schedule exposure."""
    d = page.data
    e = d.exposure
    cur = d.currency
    bands = [r.band or band_of(r.score, d.heat_bands) for r in d.risks]
    per_band = [f"{bands.count(b)} {b}" for b in ("critical", "high", "medium", "low")]
    if d.unassessed_risks:
        per_band.append(f"{d.unassessed_risks} not scored")
    figures: list[tuple[str, str]] = [
        ("Open risks", f"{d.open_risk_count}: " + " · ".join(per_band))
    ]
    if e is not None:
        figures.append(("Threat exposure (EMV)", fmt_money(e.threat_emv, cur)))
        figures.append(
            (
                "Schedule exposure",
                f"{e.schedule_days:.1f} days weighted · {e.worst_case_days} days if all occur",
            )
        )
        if e.opportunity_emv:
            figures.append(
                (
                    "Opportunities (EMV)",
                    f"{fmt_money(e.opportunity_emv, cur)} · net exposure "
                    f"{fmt_money(e.net_emv, cur)}",
                )
            )
    table = st.Table(
        [[page.p(k, page.s.small), page.p(v, page.s.cell_bold)] for k, v in figures],
        colWidths=[page.width * 0.66 * f for f in (0.34, 0.66)],
        hAlign="LEFT",
    )
    table.setStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LINEBELOW", (0, 0), (-1, -2), 0.3, st.RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
    )
    return table


def risks_section(page: Page) -> list[Flowable]:
    d = page.data
    out = top_risks(page)
    out.append(Paragraph(markup("Open issues by priority"), page.s.h2))
    if not d.issues_available:
        out.append(page.empty("The issue log is not in use for this project."))
    elif not d.issues:
        out.append(page.empty("No open issues."))
    else:
        counts = [f"{n} {p}" for p, n in d.issue_counts.items() if n]
        if counts:
            out.append(page.p(f"{len(d.issues)} open: " + ", ".join(counts) + ".", page.s.body))
        shown, note = page.capped(d.issues, "issues")
        rows = [
            [
                page.p(i.code),
                page.p(i.title),
                page.p(i.priority.capitalize(), bold=True),
                page.p(i.owner or "–"),
                page.p(i.status.capitalize()),
                page.p(
                    fmt_date(i.due) + (" (overdue)" if i.due and i.due < d.as_of else ""),
                    page.s.cell_alert if i.due and i.due < d.as_of else None,
                ),
            ]
            for i in shown
        ]
        out.append(
            page.table(
                ["ID", "Issue", "Priority", "Owner", "Status", "Due"],
                rows,
                (0.08, 0.38, 0.1, 0.17, 0.11, 0.16),
            )
        )
        if note:
            out.append(note)
    out.append(Paragraph(markup("Change requests"), page.s.h2))
    if not d.change_requests_available:
        out.append(page.empty("The change log is not in use for this project."))
        return out
    for title, items, none, when in (
        (
            "Awaiting decision",
            d.changes_pending,
            "No change request awaits a decision.",
            "Requested",
        ),
        (
            "Decided this period",
            d.changes_decided,
            "No change request was decided this period.",
            "Decided",
        ),
    ):
        out.append(Paragraph(markup(title), page.s.h3))
        if not items:
            out.append(page.empty(none))
            continue
        rows = [
            [
                page.p(c.code),
                page.p(c.title),
                page.p(c.status.capitalize()),
                page.p(fmt_date(c.decided if when == "Decided" else c.requested)),
                page.p(change_impact(c.schedule_days, c.cost, d.currency) or "–"),
            ]
            for c in items[: page.options.max_list_rows]
        ]
        out.append(
            page.table(
                ["ID", "Change", "Status", when, "Impact"], rows, (0.09, 0.37, 0.16, 0.12, 0.26)
            )
        )
    return out
