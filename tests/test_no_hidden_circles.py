"""No hidden import circles: an ``import infradesk...`` inside a function hides a runtime circle
from import-linter, so it is allowed only with a ``# lazy: <reason>`` comment (startup cost)."""

from __future__ import annotations

import ast
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]

# the packages checked; the lead widens this list as the other packages are cleaned
CHECKED_PACKAGES = ["services", "report", "schedule", "store", "model", "cli"]


def hidden_imports(path: Path, root: Path = REPO_ROOT) -> list[str]:
    """``file:line`` of every function-level import of an infradesk module without a
    ``# lazy:`` comment on its line or the line above."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found = []
    for function in ast.walk(ast.parse(source, filename=str(path))):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""] if node.level == 0 else ["infradesk (relative)"]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            if not any(n == "infradesk" or n.startswith("infradesk") for n in names):
                continue
            nearby = lines[max(node.lineno - 2, 0) : (node.end_lineno or node.lineno)]
            if not any("# lazy:" in line for line in nearby):
                found.append(f"{path.relative_to(root)}:{node.lineno}")
    return found


def test_no_function_level_imports_of_infradesk_without_a_reason() -> None:
    found = []
    for package in CHECKED_PACKAGES:
        for path in sorted((REPO_ROOT / "infradesk" / package).rglob("*.py")):
            found.extend(hidden_imports(path))
    assert found == [], (
        "imports inside functions hide circles; move them to the top (split the module if "
        "that makes a circle) or say why with '# lazy: <reason>': " + ", ".join(found)
    )


def test_the_check_finds_a_hidden_import(tmp_path: Path) -> None:
    module = tmp_path / "probe.py"
    module.write_text(
        "def late():\n"
        "    from infradesk.services.plan import scheduling\n"
        "    return scheduling\n\n\n"
        "def allowed():\n"
        "    # lazy: reportlab takes 0.3 s to import\n"
        "    from infradesk.report import status_report\n"
        "    return status_report\n",
        encoding="utf-8",
    )
    assert hidden_imports(module, tmp_path) == ["probe.py:2"]
