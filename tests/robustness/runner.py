"""Build the corpus's files, run the CLI on each, and record what to compare afterwards."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path

from . import samples as s
from .corpus import Bases, Case
from .harness import Job, Outcome, run_jobs


def sha256(path: Path) -> str | None:
    """The file's digest; None when there is no file (missing, or a folder)."""
    if not path.is_file():
        return None
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def count_tasks(workspace: Path) -> int:
    connection = sqlite3.connect(f"{workspace.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(connection.execute("SELECT count(*) FROM task").fetchone()[0])
    finally:
        connection.close()


@dataclass
class CaseRun:
    """One case prepared on disk, with the state before the command and its outcome."""

    case: Case
    input_file: Path  # the file named in the command (for workspace cases: the workspace)
    workspace: Path
    output: Path | None
    folders: tuple[Path, ...]
    job: Job
    before: dict[str, object]
    outcome: Outcome | None = None

    def state(self) -> dict[str, object]:
        """Digests of the input and the workspace, and the folders' listings."""
        result: dict[str, object] = {
            "input sha256": sha256(self.input_file),
            "workspace sha256": sha256(self.workspace),
        }
        for folder in self.folders:
            result[f"files in {folder.name}/"] = listing(folder)
        return result


def prepare(case: Case, root: Path, bases: Bases) -> CaseRun:
    base = root / case.id
    folders = tuple(base / name for name in ("in", "ws", "out", "run"))
    for folder in folders:
        folder.mkdir(parents=True)
    in_dir, ws_dir, out_dir, _ = folders
    output = None
    if case.verb == "import":
        input_file = in_dir / case.filename
        case.build(input_file, bases)
        workspace = ws_dir / "plan.infradesk"
        shutil.copyfile(bases.demo_workspace, workspace)
        args = ["import", str(input_file), "--workspace", str(workspace)]
    else:
        workspace = input_file = ws_dir / case.filename
        case.build(workspace, bases)
        if case.verb == "import-into":
            plan = in_dir / "plan.json"
            plan.write_bytes(s.json_bytes(s.json_doc()))
            args = ["import", str(plan), "--workspace", str(workspace)]
        elif case.verb == "export":
            output = out_dir / "export.json"
            args = ["export", "--workspace", str(workspace), "-o", str(output)]
        elif case.verb == "report":
            output = out_dir / "report.pdf"
            args = ["report", "--workspace", str(workspace), "-o", str(output)]
        else:
            raise ValueError(case.verb)
    if case.read_only == "file":
        workspace.chmod(0o444)
    elif case.read_only == "folder":
        ws_dir.chmod(0o555)
    job = Job(case.id, args, folders[3])
    run = CaseRun(case, input_file, workspace, output, folders[:2], job, {})
    run.before = run.state()
    return run


def restore_permissions(run: CaseRun) -> None:
    """Make a read-only case's files writable again so that the temporary folder can go."""
    for path in (run.workspace.parent, run.workspace):
        if path.exists():
            path.chmod(path.stat().st_mode | stat.S_IWUSR)


class CorpusRunner:
    """Runs the selected cases once, in a small pool of child processes, on first request."""

    def __init__(self, root: Path, bases: Bases, selected: list[Case], home: Path) -> None:
        self.root = root
        self.bases = bases
        self.selected = selected
        self.home = home
        self.runs: dict[str, CaseRun] = {}
        self.workers = int(os.environ.get("INFRADESK_ROBUSTNESS_JOBS", "2"))

    def get(self, case: Case) -> CaseRun:
        if case.id not in self.runs:
            batch = [c for c in self.selected if c.id not in self.runs]
            if case not in batch:
                batch.append(case)
            self._run(batch)
        return self.runs[case.id]

    def _run(self, cases: list[Case]) -> None:
        prepared = {case.id: prepare(case, self.root, self.bases) for case in cases}
        try:
            outcomes = run_jobs([run.job for run in prepared.values()], self.workers, self.home)
        finally:
            for run in prepared.values():
                restore_permissions(run)
        for key, run in prepared.items():
            run.outcome = outcomes[key]
            self.runs[key] = run
