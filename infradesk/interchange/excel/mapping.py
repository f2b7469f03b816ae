"""Map a table's columns to fields, and decide what kind of sheet it is.

Every kind (task plan, risk register, issue log, ...) maps the header row with its own words;
the kind whose mapping is strongest wins, helped by the sheet's name ("Risks", "Vendors") and
by kind words in the headers ("Issue ID"). Sheets that hold no known kind are ignored with a
reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dc_field

from infradesk.interchange.excel.layout import Table, is_timeline_header
from infradesk.interchange.excel.source import Cell, SheetData, column_letter
from infradesk.interchange.excel.values import read_bool, read_text
from infradesk.interchange.excel.vocabulary import (
    ACTION_WORDS,
    IGNORE_HINTS,
    KIND_BY_KEY,
    KINDS,
    PEOPLE_CONTACT_WORDS,
    PEOPLE_ROLE_WORDS,
    SheetKind,
    match_header,
    normalise,
)

SAMPLE_COUNT = 3


@dataclass
class ColumnInfo:
    """One column of a table as the wizard shows it."""

    index: int  # 0-based sheet column
    letter: str
    header: str
    field: str | None = None  # the mapped field key, None when unmapped
    score: int = 0
    samples: list[str] = dc_field(default_factory=list)
    filled: int = 0  # non-empty data cells
    note: str = ""  # why it is unmapped (duplicate, timeline...)


def column_values(sheet: SheetData, table: Table, col: int) -> list[Cell]:
    out: list[Cell] = []
    for row in sheet.rows[table.first_row : table.end_row]:
        out.append(row[col] if col < len(row) else "")
    return out


def describe_columns(sheet: SheetData, table: Table) -> list[ColumnInfo]:
    """Every column of the table with its header, a few sample values and its fill count."""
    first, last = table.first_col, table.last_col
    filled = [0] * (last - first + 1)
    samples: list[list[str]] = [[] for _ in filled]
    for row in sheet.rows[table.first_row : table.end_row]:
        for offset, value in enumerate(row[first : last + 1]):
            if value != "" and value is not None:
                filled[offset] += 1
                if len(samples[offset]) < SAMPLE_COUNT:
                    samples[offset].append(read_text(value)[:60])
    return [
        ColumnInfo(
            first + offset,
            column_letter(first + offset),
            header,
            samples=samples[offset],
            filled=filled[offset],
        )
        for offset, header in enumerate(table.headers)
    ]


def map_columns(
    kind: SheetKind, columns: list[ColumnInfo], sheet: SheetData, table: Table
) -> list[ColumnInfo]:
    """Assign each field to at most one column: best header match first; among equal headers
    the column with more values wins and the others are reported as duplicates."""
    mapped = [ColumnInfo(c.index, c.letter, c.header, samples=c.samples, filled=c.filled)
              for c in columns]  # fmt: skip
    candidates: list[tuple[int, int, int, str]] = []
    for position, column in enumerate(mapped):
        norm = normalise(column.header)
        if column.index in table.day_grid:
            column.note = "timeline"
            continue
        if not norm:
            column.note = "no header"
            continue
        hit = match_header(kind.key, norm)
        if hit and hit[1] < 3 and _qualified(norm):
            column.note = "a variant of the field, not the field itself"
        elif hit:
            candidates.append((hit[1], column.filled, -position, hit[0]))
        elif is_timeline_header(column.header, _header_cell(sheet, table, column.index)):
            column.note = "timeline"
    taken: dict[str, int] = {}
    for score, _filled, neg_position, key in sorted(candidates, reverse=True):
        column = mapped[-neg_position]
        if key in taken:
            other = mapped[taken[key]]
            column.note = (
                f"same meaning as column {other.letter} ('{other.header}'), which was used"
            )
            continue
        if kind.key == "tasks" and key == "milestone" and not _boolean_column(sheet, table, column):
            if "name" not in taken and not any(c[3] == "name" for c in candidates):
                key = "name"
            else:
                column.note = "holds text, not yes/no milestone flags"
                continue
        column.field, column.score = key, score
        taken[key] = -neg_position
    return mapped


# MS Project's variants of a field ("Baseline Start", "Early Finish", "Start Variance") and its
# custom fields ("Start1", "Outline Code1", "Text5") are never the field itself: they map only
# when a word list names them exactly.
_VARIANT_WORDS = frozenset(
    {"baseline", "early", "late", "preleveled", "variance", "slack", "successors", "accrual"}
)
_CUSTOM_FIELD_RE = re.compile(r"[a-z]\s?\d{1,2}$")


def _qualified(header: str) -> bool:
    """Whether a (normalised) header is a variant or a numbered custom field of a field."""
    return bool(_VARIANT_WORDS & set(header.split())) or bool(_CUSTOM_FIELD_RE.search(header))


def _header_cell(sheet: SheetData, table: Table, col: int) -> Cell:
    row = sheet.rows[table.header_row]
    return row[col] if col < len(row) else ""


def _boolean_column(sheet: SheetData, table: Table, column: ColumnInfo) -> bool:
    values = [v for v in column_values(sheet, table, column.index) if v not in ("", None)]
    return all(read_bool(v) is not None for v in values)


@dataclass
class KindChoice:
    kind: str | None  # None: the sheet is ignored
    reason: str
    columns: list[ColumnInfo]
    scores: dict[str, float] = dc_field(default_factory=dict)


def classify(sheet: SheetData, table: Table | None) -> KindChoice:
    """What the sheet holds, with the column mapping for that kind."""
    name = normalise(sheet.name)
    if table is None:
        hint = _ignore_hint(name)
        reason = f"it is {hint}" if hint else "no table with known column headers was found"
        return KindChoice(None, reason, [])
    if table.end_row <= table.first_row:
        base = describe_columns(sheet, table)
        choice = _best_kind(sheet, table, base, name)
        hint = _ignore_hint(name)
        if choice.kind:
            label = KIND_BY_KEY[choice.kind].a_label
            return KindChoice(None, f"it has the headers of {label} but no rows", choice.columns)
        return KindChoice(None, f"it is {hint}" if hint else choice.reason, choice.columns)
    base = describe_columns(sheet, table)
    hint = _ignore_hint(name)
    choice = _best_kind(sheet, table, base, name)
    scheduled = _schedule_fields(sheet, table, base)
    if not scheduled - {"finish"}:  # a list, not a plan: maybe the action log it looks like
        choice = _action_log(sheet, table, base, name, choice) or choice
    not_a_list = _not_a_list(base, name, choice, scheduled)
    if not_a_list:
        return KindChoice(None, not_a_list, base, choice.scores)
    weak_plan = choice.kind == "tasks" and not scheduled
    if hint and (choice.kind is None or choice.scores.get(choice.kind, 0) < 6 or weak_plan):
        return KindChoice(None, f"it is {hint}", base, choice.scores)
    if weak_plan and _prose(sheet, table, choice.columns):
        return KindChoice(None, "it holds notes (long text without durations, dates or links), "
                          "not a task plan", base, choice.scores)  # fmt: skip
    return choice


# task fields that make a list of names a schedule
_SCHEDULE_FIELDS = frozenset({"duration", "start", "finish", "predecessors", "wbs",
                              "outline_level", "percent_complete", "milestone"})  # fmt: skip


def _schedule_fields(sheet: SheetData, table: Table, base: list[ColumnInfo]) -> set[str]:
    """The schedule fields (durations, dates, links, outline) the sheet has columns for."""
    columns = map_columns(KIND_BY_KEY["tasks"], base, sheet, table)
    return {c.field for c in columns if c.field in _SCHEDULE_FIELDS}


def _not_a_list(
    base: list[ColumnInfo], sheet_name: str, choice: KindChoice, scheduled: set[str]
) -> str | None:
    """Why a sheet that some kind's words match is still none of them: a team roster or an
    action list (issue 16, point 8); None when it is neither."""
    headers = {normalise(c.header) for c in base if c.header}
    words = {word for header in headers for word in header.split()}
    if choice.kind == "resources" and choice.scores.get("resources", 0) >= 6:
        return None  # MS Project's Resource_Table (max units, rates): resources indeed
    people = headers & PEOPLE_ROLE_WORDS and (headers & PEOPLE_CONTACT_WORDS
                                              or words & {"email", "phone", "mobile"})
    vendor_named = any(word in sheet_name for word in KIND_BY_KEY["vendors"].name_hints) or any(
        c.field == "vendor" for c in choice.columns
    )
    if people and not scheduled and not vendor_named and choice.kind != "stakeholders":
        return "it is a team roster (names, roles and contact details), not a plan or vendors"
    action_header = any(
        header in ACTION_WORDS or (header.startswith("action ") and "owner" not in header)
        for header in headers
    )
    if choice.kind == "issues" or scheduled - {"finish"}:
        return None  # an issue log's action column is its resolution; a plan has durations
    listed = action_header or bool({"action", "actions"} & set(sheet_name.split()))
    if listed and choice.kind in {None, "risks", "tasks"} and not _risk_scored(choice):
        return (
            "it is an action list, but no column holds the action itself (choose 'action "
            "log' and map the action column to import it)"
        )
    return None


def _action_log(
    sheet: SheetData, table: Table, base: list[ColumnInfo], name: str, choice: KindChoice
) -> KindChoice | None:
    """An action list some other kind's words matched better (its "Description" read as a
    risk, its "Due" as a task's finish) read as the action log it is (issue 20), when its
    action column is there."""
    if choice.kind not in {None, "risks", "tasks"} or _risk_scored(choice):
        return None
    headers = {normalise(c.header) for c in base if c.header}
    action_header = any(
        header in ACTION_WORDS or (header.startswith("action ") and "owner" not in header)
        for header in headers
    )
    if not (action_header or {"action", "actions"} & set(name.split())):
        return None
    kind = KIND_BY_KEY["actions"]
    columns = map_columns(kind, base, sheet, table)
    if not {c.field for c in columns if c.field} & set(kind.core):
        return None
    return KindChoice(kind.key, kind.a_label, columns, choice.scores)


def _risk_scored(choice: KindChoice) -> bool:
    """Whether a sheet read as risks has the columns only a risk register has."""
    return choice.kind == "risks" and bool(
        {c.field for c in choice.columns} & {"probability", "impact", "mitigation", "response"}
    )


def _prose(sheet: SheetData, table: Table, columns: list[ColumnInfo]) -> bool:
    """Whether the name column holds long sentences (notes), not task names."""
    name = next((c for c in columns if c.field == "name"), None)
    if name is None:
        return False
    texts = [v for v in column_values(sheet, table, name.index) if isinstance(v, str) and v]
    return bool(texts) and sum(len(t) for t in texts) / len(texts) > 60


def _ignore_hint(name: str) -> str | None:
    for word, what in IGNORE_HINTS.items():
        if word in name:
            return what
    return None


def _best_kind(
    sheet: SheetData, table: Table, base: list[ColumnInfo], sheet_name: str
) -> KindChoice:
    header_words = " ".join(normalise(c.header) for c in base)
    best: tuple[float, str, list[ColumnInfo]] | None = None
    scores: dict[str, float] = {}
    for order, kind in enumerate(KINDS):
        columns = map_columns(kind, base, sheet, table)
        keys = {c.field for c in columns if c.field}
        if not keys & set(kind.core):
            continue
        name_hint = any(word in sheet_name for word in kind.name_hints)
        header_hint = any(word in header_words for word in kind.name_hints)
        if kind.support and not keys & set(kind.support) and not name_hint:
            continue
        if not kind.support and not (name_hint or header_hint):
            continue  # RAID logs share words; they need their name on the sheet or a header
        score: float = sum(c.score for c in columns if c.field) + 6 * name_hint + 3 * header_hint
        score -= order * 0.01  # stable preference: tasks, risks, issues...
        scores[kind.key] = score
        if best is None or score > best[0]:
            best = (score, kind.key, columns)
    if best is None:
        return KindChoice(
            None, "no task, risk, RAID or vendor columns were recognised", base, scores
        )
    kind = KIND_BY_KEY[best[1]]
    return KindChoice(kind.key, kind.a_label, best[2], scores)
