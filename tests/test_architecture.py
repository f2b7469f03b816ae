"""The core never imports Qt: checked by import-linter and by running the core without Qt."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]

CORE_PACKAGES = ["model", "schedule", "interchange", "report", "store", "services", "cli"]


def test_import_linter_contract_holds() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports)], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for contract in (
        "The core never imports Qt KEPT",
        "The UI asks services, never the database KEPT",
        "Layers: cli > ui > services > interchange | report | store > schedule | model KEPT",
    ):
        assert contract in result.stdout, result.stdout
    assert "Contracts: 3 kept, 0 broken" in result.stdout


def test_the_ui_never_opens_a_session() -> None:
    """Views get plain rows from services: no ``workspace.session()`` or ``read_session()``
    in ``infradesk/ui`` (import-linter cannot see a call through the workspace object)."""
    found = []
    for path in sorted((REPO_ROOT / "infradesk" / "ui").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("session", "read_session")
            ):
                found.append(f"{path.relative_to(REPO_ROOT)}:{node.lineno}")
    assert found == [], "the UI opens a session (call a service instead): " + ", ".join(found)


def test_core_modules_import_and_run_with_qt_blocked(tmp_path: Path) -> None:
    """Import every core module and run the headless CLI while ``import PySide6`` fails."""
    script = textwrap.dedent(
        f"""
        import importlib, pkgutil, sys

        class BlockQt:
            def find_spec(self, name, path=None, target=None):
                if name == "PySide6" or name.startswith("PySide6."):
                    raise ImportError("Qt is blocked in this test")
                return None

        sys.meta_path.insert(0, BlockQt())
        import infradesk
        for package in {CORE_PACKAGES!r}:
            module = importlib.import_module("infradesk." + package)
            for info in pkgutil.walk_packages(module.__path__, module.__name__ + "."):
                if ".migrations.versions" in info.name or info.name.endswith("migrations.env"):
                    continue
                importlib.import_module(info.name)
        from infradesk.cli.main import main
        assert main(["demo", "--workspace", {str(tmp_path / "w.infradesk")!r}]) == 0
        assert main(["export", "--workspace", {str(tmp_path / "w.infradesk")!r},
                     "-o", {str(tmp_path / "out.json")!r}]) == 0
        assert "PySide6" not in sys.modules
        print("core ok")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "core ok" in result.stdout


def test_code_is_ruff_clean() -> None:
    ruff = Path(sys.executable).with_name("ruff")
    result = subprocess.run(
        [str(ruff), "check", "infradesk", "tests", "bench"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
