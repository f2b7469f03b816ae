"""What every importer returns: the document it would create and the problems it found."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from infradesk.errors import UserError
from infradesk.interchange.document import Document
from infradesk.interchange.document_schedule import DocumentSchedule

if TYPE_CHECKING:  # plain data without imports; named here only for the annotation
    from infradesk.interchange.excel.resources import ResourceData
    from infradesk.interchange.fidelity import DateFidelity

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Problem:
    """One finding, located as precisely as the source allows (``Tasks!E14``)."""

    message: str
    severity: Severity = "error"
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    @property
    def location(self) -> str:
        """``Sheet!E14``, ``Sheet!row 14``, ``Sheet`` or empty when unknown."""
        cell = ""
        if self.column and self.row:
            cell = f"{self.column}{self.row}"
        elif self.row:
            cell = f"row {self.row}"
        elif self.column:
            cell = f"column {self.column}"
        if self.sheet and cell:
            return f"{self.sheet}!{cell}"
        return self.sheet or cell

    def __str__(self) -> str:
        where = self.location
        return f"{where}: {self.message}" if where else self.message


class UnreadableFileError(UserError):
    """The file as a whole cannot be used (not a workbook, encrypted, a bomb...)."""


@dataclass
class ImportResult:
    """An interchange document (see docs/json-format.md) plus everything worth telling the user.

    ``document`` is the typed :class:`~infradesk.interchange.document.Document` (text forms
    exist only at the JSON edge, ``json_document.py``). Nothing has been written anywhere when
    an importer returns this.
    """

    document: Document
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # engine runs a reader made while checking (project index -> run); the storing side
    # reuses them so that an import schedules each project once
    schedules: dict[int, DocumentSchedule] = field(default_factory=dict)
    # the resources and assignments a workbook listed (issue 16), kept for the resources
    # capability; today they only give the tasks their owners
    resources: ResourceData | None = None
    # per project index: the schedule's dates against the file's own (interchange/fidelity.py),
    # each difference with its reason; also listed in ``problems`` as infos
    dates: dict[int, DateFidelity] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]
