"""The status report's sections, by name and title: what ``infradesk report --skip`` and the
report dialog offer, importable without the report's data classes or reportlab."""

from __future__ import annotations

ALL_SECTIONS: tuple[str, ...] = (
    "summary",
    "milestones",
    "progress",
    "gantt",
    "risks",
    "vendors",
    "budget",
)

SECTION_TITLES: dict[str, str] = {
    "summary": "Executive summary, decisions and help needed",
    "milestones": "Milestones",
    "progress": "Done this period and planned next",
    "gantt": "Schedule snapshot",
    "risks": "Risks, issues and changes",
    "vendors": "Vendors",
    "budget": "Budget",
}
