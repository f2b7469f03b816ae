"""The cutover checklist reader (issue 19) against every hostile spreadsheet of the corpus:
renamed, truncated and garbage files, zip and shared-string bombs, formula and control
characters. Each is refused with a clear error or read with located problems; no other
exception escapes, and nothing takes long. (The parameter is not called ``case``: the corpus
runner batches every selected test whose parameter is, and these run in process.)"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from infradesk.errors import UserError
from infradesk.interchange.runbook_sheet import read_runbook_sheet

from .corpus import Bases, Case, all_cases

SHEETS = [c for c in all_cases() if c.filename.rsplit(".", 1)[-1] in ("xlsx", "xls", "csv")]


@pytest.mark.parametrize("sheet_case", SHEETS, ids=[c.id for c in SHEETS])
def test_a_hostile_sheet_is_refused_or_read_with_located_problems(
    sheet_case: Case, corpus_bases: Bases, tmp_path: Path
) -> None:
    path = tmp_path / sheet_case.filename
    sheet_case.build(path, corpus_bases)
    started = time.perf_counter()
    try:
        result = read_runbook_sheet(path, name="Hostile", time_zone="Europe/Paris")
    except UserError as error:
        assert str(error).strip()
    else:  # read: every step is typed, every problem says what is wrong
        assert all(step.code for step in result.runbook.steps)
        assert all(problem.message.strip() for problem in result.problems)
    assert time.perf_counter() - started < 20
