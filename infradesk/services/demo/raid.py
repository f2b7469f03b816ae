"""The demo recipe's RAID log with relative dates (+12) and WBS task references resolved."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

DATE_KEYS = {
    "risks": ("raised", "proximity", "next_review"),
    "issues": ("raised", "due", "resolved"),
    "assumptions": ("validate_by",),
    "change_requests": ("requested", "decision_date", "cab_date"),
    "decisions": ("date",),
    "dependencies_external": ("required_by",),
}


def resolve_raid(
    recipe: dict[str, Any], resolve: Callable[[str], str], task_ids: dict[str, int]
) -> dict[str, Any]:
    """Document parts (risks, issues, assumptions, change_requests, decisions,
    dependencies_external) of the recipe.

    ``resolve`` turns '+12' into an ISO date; ``task_ids`` maps WBS codes to document ids."""

    def dates(item: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
        out = dict(item)
        for key in keys:
            if out.get(key):
                out[key] = resolve(out[key])
        if "tasks" in out:
            out["tasks"] = [task_ids[code] for code in out["tasks"]]
        return out

    parts: dict[str, Any] = {}
    for section, keys in DATE_KEYS.items():
        items = [dates(item, keys) for item in recipe.get(section, [])]
        if section == "risks":
            for item in items:
                item["actions"] = [dates(a, ("due",)) for a in item.get("actions", [])]
                item["history"] = [dates(h, ("date",)) for h in item.get("history", [])]
        parts[section] = items
    return parts
