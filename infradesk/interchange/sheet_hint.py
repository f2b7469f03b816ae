"""A note that another sheet could be imported instead, worded by each front end (issue 17).

The core says which plan sheet is imported and why; how to choose another is a front end's
word: the CLI's ``--sheet "Copy"``, the wizard's Import column on its Sheets page. So the core
gives the note as a :class:`ChooseSheetNote` (still a plain ``str`` everywhere notes go) that
carries the other sheets, and :func:`worded_notes` lets the caller add its own sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable


class ChooseSheetNote(str):
    """A note whose reader may choose one of ``others`` (sheet names, best first) instead."""

    others: tuple[str, ...]

    def __new__(cls, text: str, others: Iterable[str]) -> ChooseSheetNote:
        note = super().__new__(cls, text)
        note.others = tuple(others)
        return note


def worded_notes(notes: Iterable[str], choose: Callable[[tuple[str, ...]], str]) -> list[str]:
    """The notes, each :class:`ChooseSheetNote` followed by ``choose(others)``, the front
    end's own sentence (``Choose another with --sheet "Copy".``)."""
    return [
        f"{note} {choose(note.others)}" if isinstance(note, ChooseSheetNote) and note.others
        else str(note)
        for note in notes
    ]  # fmt: skip
