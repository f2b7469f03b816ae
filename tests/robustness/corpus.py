"""The corpus of bad inputs: every case says how to build its file and what must happen.

Exit statuses (``infradesk --help``, issue 13): 0 imported / exported, 1 problems in the file
blocked rows (nothing written), 2 refused (bad file, workspace or arguments), 3 internal error.
A case lists the statuses it accepts:

- ``REFUSED`` (2): the file as a whole cannot be used.
- ``NOT_WRITTEN`` (1 or 2): a bad value; whether the reader refuses the document or blocks the
  row is the reader's design, but nothing may be written and the value must be located.
- ``OK`` (0): the file is in fact acceptable; ``tasks`` then says how many tasks must have
  arrived (no row silently dropped).
- ``(0, 2)``: either read correctly (all rows) or refused with a message saying why.

``place`` holds regular expressions (case-insensitive); one of them must match the output when
the status is not 0 -- the sheet/row/column, the JSON path, the XML element or the reason.
``forbid`` holds expressions that must not match (messages that would be false).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from . import samples as s

OK = (0,)
BLOCKED = (1,)
REFUSED = (2,)
NOT_WRITTEN = (1, 2)
READ_OR_REFUSED = (0, 2)

SAFETY = r"safety|entit|DTD|DOCTYPE"
TOO_BIG = r"bomb|size|large|big|compress|[MG]i?B"
LINE = r"line \d+"
DAMAGED = r"damaged|truncated|incomplete"
NO_PLAN = r"no (tasks?|plan|rows?|data)|empty|nothing to import"
LIMIT = r"200[ ,.]?000|210[ ,.]?000|too many|limit"


@dataclass(frozen=True)
class Bases:
    """Valid files made once per session from the demo project."""

    demo_workspace: Path
    demo_tasks: int
    demo_json: bytes
    demo_xlsx: bytes
    demo_mspdi: bytes


Builder = Callable[[Path, Bases], None]


@dataclass(frozen=True)
class Case:
    """One bad input and what the CLI must do with it.

    ``verb``: ``import`` reads the file into a copy of the demo workspace; ``export`` and
    ``report`` use the file as the workspace; ``import-into`` imports a valid JSON plan into
    the file used as the workspace.
    """

    id: str
    filename: str
    build: Builder
    exits: tuple[int, ...]
    place: tuple[str, ...] = ()
    forbid: tuple[str, ...] = ()
    verb: str = "import"
    tasks: int | None = None
    read_only: str | None = None  # "file" or "folder"
    warn_ok: bool = False  # exit 0 accepted when a warning names the place
    xfail: str | None = None
    why: str = ""
    marks: tuple[Any, ...] = field(default=())


def data(content: bytes | str) -> Builder:
    raw = content.encode() if isinstance(content, str) else content

    def build(path: Path, bases: Bases) -> None:
        path.write_bytes(raw)

    return build


def made(make: Callable[[], bytes | str]) -> Builder:
    """Content computed when the case is built (big or slow files)."""

    def build(path: Path, bases: Bases) -> None:
        content = make()
        path.write_bytes(content.encode() if isinstance(content, str) else content)

    return build


def from_bases(pick: Callable[[Bases], bytes]) -> Builder:
    def build(path: Path, bases: Bases) -> None:
        path.write_bytes(pick(bases))

    return build


def jpath(*parts: str | int) -> str:
    """A pattern for a JSON path such as ``projects[0].tasks[1].duration_minutes`` that also
    accepts ``projects/0/tasks/1/duration_minutes`` and similar spellings."""
    return r"\W{1,3}".join(str(part) for part in parts)


def task_path(index: int, key: str) -> str:
    return jpath("tasks", index, key)


# --- The same damage in every format ------------------------------------------------------------

FORMATS = {
    "json": ".json",
    "xlsx": ".xlsx",
    "xls": ".xls",
    "csv": ".csv",
    "mspdi": ".xml",
    "gan": ".gan",
    "planner": ".planner",
}


def generic_cases() -> list[Case]:
    cases = []
    for seed, (name, suffix) in enumerate(FORMATS.items()):
        cases.append(
            Case(f"{name}-empty-0-bytes", f"empty{suffix}", data(b""), REFUSED, (r"empty|0 bytes",))
        )
        cases.append(
            Case(
                f"{name}-random-bytes", f"noise{suffix}", data(s.random_bytes(4096, seed)), REFUSED
            )
        )
    renamed: list[tuple[str, str, Builder]] = [
        ("png", ".xlsx", data(s.png_bytes())),
        ("png", ".xls", data(s.png_bytes())),
        ("png", ".json", data(s.png_bytes())),
        ("pdf", ".xlsx", data(s.pdf_bytes())),
        ("pdf", ".xml", data(s.pdf_bytes())),
        ("zip", ".xlsx", data(s.zip_of_text())),
        ("zip", ".planner", data(s.zip_of_text())),
        ("xlsx", ".json", from_bases(lambda b: b.demo_xlsx)),
        ("xlsx", ".csv", from_bases(lambda b: b.demo_xlsx)),
        ("xlsx", ".xml", from_bases(lambda b: b.demo_xlsx)),
        ("json", ".xlsx", from_bases(lambda b: b.demo_json)),
        ("csv", ".xml", data(s.csv_text())),
    ]
    for kind, suffix, build in renamed:
        cases.append(
            Case(
                f"renamed-{kind}-as{suffix.replace('.', '-')}",
                f"{kind}-renamed{suffix}",
                build,
                REFUSED,
            )
        )
    truncated: list[tuple[str, str, Callable[[Bases], bytes], str]] = [
        ("json", ".json", lambda b: b.demo_json[: len(b.demo_json) // 2], LINE),
        ("xlsx-half", ".xlsx", lambda b: b.demo_xlsx[: len(b.demo_xlsx) // 2], DAMAGED),
        ("xlsx-no-directory-end", ".xlsx", lambda b: b.demo_xlsx[:-22], DAMAGED),
        ("mspdi", ".xml", lambda b: b.demo_mspdi[: len(b.demo_mspdi) // 2], LINE),
        ("gan", ".gan", lambda b: s.gan_text().encode()[:300], LINE),
        ("planner", ".planner", lambda b: s.planner_text().encode()[:500], LINE),
    ]
    for name, suffix, cut, place in truncated:
        cases.append(Case(f"truncated-{name}", f"cut{suffix}", from_bases(cut), REFUSED, (place,)))
    return cases


# --- JSON ---------------------------------------------------------------------------------------


def changed(change: Callable[[dict[str, Any]], None]) -> Builder:
    """The sample JSON plan with ``change`` applied to its (only) project."""

    def build(path: Path, bases: Bases) -> None:
        document = s.json_doc()
        change(document["projects"][0])
        path.write_bytes(s.json_bytes(document))

    return build


def set_task(index: int, key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(project: dict[str, Any]) -> None:
        project["tasks"][index][key] = value

    return change


def set_key(keys: tuple[str | int, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(project: dict[str, Any]) -> None:
        target: Any = project
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value

    return change


def raw_duration(text: str) -> Builder:
    """The sample plan with the second task's duration_minutes written as ``text`` verbatim."""

    def build(path: Path, bases: Bases) -> None:
        document = s.json_doc()
        document["projects"][0]["tasks"][1]["duration_minutes"] = "@@"
        path.write_bytes(s.json_bytes(document).replace(b'"@@"', text.encode()))

    return build


def json_cases() -> list[Case]:
    dur = task_path(1, "duration_minutes")
    value_cases: list[tuple[str, Builder, str]] = [
        ("nan-duration", raw_duration("NaN"), dur + "|" + LINE),
        ("infinity-duration", raw_duration("Infinity"), dur + "|" + LINE),
        ("1e400-duration", raw_duration("1e400"), dur + "|" + LINE),
        ("huge-integer-duration", raw_duration(str(10**30)), dur + "|" + LINE),
        ("5000-digit-integer", raw_duration("9" * 5000), dur + "|" + LINE),
        ("negative-duration", changed(set_task(1, "duration_minutes", -4800)), dur),
        ("duration-as-string", changed(set_task(1, "duration_minutes", "4800")), dur),
        (
            "duration-beyond-year-9999",
            changed(set_task(1, "duration_minutes", 10**12)),
            dur + r"|9999|range|year",
        ),
        (
            "percent-150",
            changed(set_task(0, "percent_complete", 150)),
            task_path(0, "percent_complete"),
        ),
        (
            "percent-infinity",
            changed(set_task(0, "percent_complete", float("inf"))),
            task_path(0, "percent_complete") + "|" + LINE,
        ),
        ("name-is-number", changed(set_task(0, "name", 5)), task_path(0, "name")),
        (
            "name-lone-surrogate",
            changed(set_task(0, "name", "Design \ud800")),
            task_path(0, "name"),
        ),
        ("milestone-as-text", changed(set_task(2, "milestone", "yes")), task_path(2, "milestone")),
        (
            "start-month-13",
            changed(set_key(("start",), "2026-13-02T08:00")),
            jpath("projects", 0, "start"),
        ),
        (
            "start-year-9999",
            changed(set_key(("start",), "9999-12-20T08:00")),
            jpath("projects", 0, "start") + r"|9999|range|year",
        ),
        (
            "deadline-february-30",
            changed(set_task(1, "deadline", "2026-02-30T17:00")),
            task_path(1, "deadline"),
        ),
        (
            "holidays-as-strings",
            changed(set_key(("calendar", "holidays"), ["2026-12-24"])),
            jpath("holidays", 0),
        ),
        (
            "holiday-month-13",
            changed(set_key(("calendar", "holidays", 0, "date"), "2026-13-24")),
            jpath("holidays", 0, "date"),
        ),
        (
            "working-hours-25-00",
            changed(set_key(("calendar", "working_hours"), [["25:00", "26:00"]])),
            "working_hours",
        ),
        (
            "weekday-9",
            changed(set_key(("calendar", "working_weekdays"), [0, 9])),
            "working_weekdays",
        ),
        (
            "no-working-days",
            changed(set_key(("calendar", "working_weekdays"), [])),
            r"working_weekdays|working day",
        ),
        ("tasks-is-a-string", changed(set_key(("tasks",), "abc")), "tasks"),
        ("task-is-a-number", changed(set_key(("tasks", 0), 5)), jpath("tasks", 0)),
        (
            "predecessors-is-a-string",
            changed(set_task(1, "predecessors", "1")),
            task_path(1, "predecessors"),
        ),
        (
            "predecessor-task-is-text",
            changed(set_task(1, "predecessors", [{"task": "one", "type": "FS"}])),
            jpath("tasks", 1, "predecessors", 0, "task"),
        ),
        (
            "predecessor-type-xx",
            changed(set_task(1, "predecessors", [{"task": 1, "type": "XX"}])),
            jpath("tasks", 1, "predecessors", 0, "type"),
        ),
        (
            "predecessor-missing-task",
            changed(set_task(1, "predecessors", [{"task": 99, "type": "FS"}])),
            jpath("tasks", 1, "predecessors", 0, "task") + "|99",
        ),
        (
            "dependency-loop",
            changed(set_task(0, "predecessors", [{"task": 3, "type": "FS"}])),
            r"loop|cycle|circular",
        ),
        ("parent-missing", changed(set_task(1, "parent", 42)), task_path(1, "parent") + "|42"),
        ("duplicate-task-ids", changed(set_task(1, "id", 1)), task_path(1, "id")),
        (
            "risk-probability-9",
            changed(set_key(("risks", 0, "probability"), 9)),
            jpath("risks", 0, "probability"),
        ),
    ]
    cases = [
        Case(f"json-{name}", f"{name}.json", build, NOT_WRITTEN, (place,))
        for name, build, place in value_cases
    ]

    def doc_text(text: str) -> Builder:
        return data(text)

    version_text = json.dumps({**s.json_doc(), "version": "1"})
    cases += [
        Case(
            "json-version-is-string-1",
            "version-text.json",
            doc_text(version_text),
            REFUSED,
            ("version",),
            forbid=(r"reads up to version 1",),
        ),
        Case(
            "json-version-2",
            "version-2.json",
            doc_text(json.dumps({**s.json_doc(), "version": 2})),
            REFUSED,
            ("version",),
        ),
        Case(
            "json-projects-is-an-object",
            "projects-object.json",
            doc_text(json.dumps({**s.json_doc(), "projects": {}})),
            NOT_WRITTEN,
            ("projects",),
        ),
        Case("json-top-level-list", "list.json", data("[]"), REFUSED, ("format|InfraDesk",)),
        Case(
            "json-nesting-100000-deep",
            "deep.json",
            made(lambda: '{"format": "infradesk", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"),
            REFUSED,
            (r"nest|deep|depth",),
        ),
        Case(
            "json-invalid-utf8-surrogate-bytes",
            "surrogate-bytes.json",
            data(s.json_bytes(s.json_doc()).replace(b"Design", b"Des\xed\xa0\x80ign")),
            REFUSED,
            (r"UTF-8",),
        ),
        Case(
            "json-utf16",
            "utf16.json",
            data(s.json_bytes(s.json_doc()).decode().encode("utf-16")),
            REFUSED,
            (r"UTF-8|UTF-16|encoding",),
        ),
        Case(
            "json-trailing-garbage",
            "trailing.json",
            data(s.json_bytes(s.json_doc()) + b"\n}{garbage"),
            REFUSED,
            (LINE,),
        ),
        Case(
            "json-utf8-bom",
            "bom.json",
            data(b"\xef\xbb\xbf" + s.json_bytes(s.json_doc())),
            OK,
            tasks=s.JSON_TASKS,
            why="a BOM is harmless",
        ),
        Case(
            "json-unknown-fields",
            "extra.json",
            changed(set_task(0, "colour", {"deep": [1, 2, {"x": None}]})),
            OK,
            tasks=s.JSON_TASKS,
            why="docs/json-format.md: readers ignore unknown fields",
        ),
        Case(
            "json-control",
            "plan.json",
            from_bases(lambda b: s.json_bytes(s.json_doc())),
            OK,
            tasks=s.JSON_TASKS,
            why="the valid sample",
        ),
    ]
    return cases


# --- Excel --------------------------------------------------------------------------------------


def shared_strings_bomb() -> bytes:
    rows = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c></row>'
    )
    shared = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'count="2147483648" uniqueCount="2147483648"><si><t>Name</t></si>'
        "<si><t>Duration</t></si></sst>"
    )
    return s.xlsx_from_parts(s.sheet_xml(rows), shared)


def lone_cell(ref: str) -> bytes:
    row = "".join(ch for ch in ref if ch.isdigit())
    rows = f'<row r="{row}">{s.text_cell(ref, "x")}</row>'
    return s.xlsx_from_parts(s.sheet_xml(rows, dimension=ref))


def raw_plan(rows_xml: str, **options: Any) -> Builder:
    return made(lambda: s.xlsx_from_parts(s.sheet_xml(rows_xml), **options))


def plan_with(**changes: Any) -> Builder:
    formats = changes.pop("formats", None)
    return made(lambda: s.openpyxl_plan(s.xlsx_rows(**changes), formats))


HEADER_ROW = f'<row r="1">{s.text_cell("A1", "Name")}{s.text_cell("B1", "Duration")}</row>'


def excel_cases() -> list[Case]:
    sheet_xxe = (
        '<?xml version="1.0"?>\n<!DOCTYPE worksheet [ <!ENTITY xxe SYSTEM '
        '"file:///etc/passwd"> ]>\n<worksheet xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main"><sheetData><row r="1">'
        '<c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>'
    )
    laughs = s.billion_laughs("sst").replace(
        "<sst>", '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    )
    return [
        Case(
            "xlsx-control-openpyxl",
            "plan.xlsx",
            plan_with(),
            OK,
            tasks=s.XLSX_TASKS,
            why="the valid sample",
        ),
        Case(
            "xlsx-control-raw-parts",
            "raw.xlsx",
            raw_plan(s.plan_rows_xml(3)),
            OK,
            tasks=3,
            why="the valid sample written part by part",
        ),
        Case(
            "xlsx-shared-strings-uniquecount-2147483648",
            "strings.xlsx",
            made(shared_strings_bomb),
            REFUSED,
            (r"shared ?strings|strings",),
        ),
        Case(
            "xlsx-only-cell-XFD1048576",
            "corner.xlsx",
            made(lambda: lone_cell("XFD1048576")),
            NOT_WRITTEN,
            (r"XFD1048576|Sheet1|" + NO_PLAN,),
        ),
        Case(
            "xlsx-only-cell-ALL300000",
            "far.xlsx",
            made(lambda: lone_cell("ALL300000")),
            NOT_WRITTEN,
            (r"ALL300000|Sheet1|" + NO_PLAN,),
        ),
        Case(
            "xlsx-dimension-claims-A1-XFD1048576",
            "dimension.xlsx",
            made(
                lambda: s.xlsx_from_parts(
                    s.sheet_xml(s.plan_rows_xml(3), dimension="A1:XFD1048576")
                )
            ),
            READ_OR_REFUSED,
            (r"dimension|XFD1048576|Sheet1",),
            tasks=3,
            why="Excel ignores a wrong <dimension>; reading the rows is right",
        ),
        Case(
            "xlsx-210000-task-rows",
            "huge.xlsx",
            raw_plan(s.plan_rows_xml(210_000)),
            READ_OR_REFUSED,
            (LIMIT,),
            tasks=210_000,
            why="never drop a row with content: all rows or a refusal that says so",
        ),
        Case(
            "xlsx-zip-bomb-1GiB-declared",
            "bomb.xlsx",
            made(lambda: s.zip_bomb_xlsx(1 << 30, honest_header=True)),
            REFUSED,
            (TOO_BIG,),
        ),
        Case(
            "xlsx-zip-bomb-1GiB-header-lies",
            "liar.xlsx",
            made(lambda: s.zip_bomb_xlsx(1 << 30, honest_header=False)),
            REFUSED,
            (TOO_BIG + "|" + DAMAGED,),
        ),
        Case(
            "xlsx-xxe-in-sheet",
            "xxe.xlsx",
            made(lambda: s.xlsx_from_parts(sheet_xxe)),
            REFUSED,
            (SAFETY,),
        ),
        Case(
            "xlsx-billion-laughs-in-shared-strings",
            "laughs.xlsx",
            made(lambda: s.xlsx_from_parts(s.sheet_xml(HEADER_ROW), laughs)),
            REFUSED,
            (SAFETY,),
        ),
        Case(
            "xlsx-encrypted-ooxml",
            "locked.xlsx",
            data(s.ole_file(encrypted=True)),
            REFUSED,
            (r"password|encrypt",),
        ),
        Case("xlsx-ole-garbage", "ole.xlsx", data(s.ole_file(encrypted=False)), REFUSED),
        Case(
            "xlsx-start-9999-12-31",
            "y9999.xlsx",
            plan_with(start=datetime(9999, 12, 31, 8)),
            NOT_WRITTEN,
            (r"C2|row 2",),
        ),
        Case(
            "xlsx-date-serial-beyond-9999",
            "serial.xlsx",
            plan_with(start=2958466, formats={"C2": "yyyy-mm-dd"}),
            NOT_WRITTEN,
            (r"C2|row 2",),
        ),
        Case(
            "xlsx-negative-date-serial",
            "negserial.xlsx",
            plan_with(start=-5, formats={"C2": "yyyy-mm-dd"}),
            NOT_WRITTEN,
            (r"C2|row 2",),
        ),
        Case(
            "xlsx-date-serial-1e300",
            "serial300.xlsx",
            plan_with(start=1e300, formats={"C2": "yyyy-mm-dd"}),
            NOT_WRITTEN,
            (r"C2|row 2",),
        ),
        Case(
            "xlsx-duration-1e300",
            "dur300.xlsx",
            plan_with(duration=1e300),
            NOT_WRITTEN,
            (r"B2|row 2",),
        ),
        Case(
            "xlsx-negative-duration",
            "negdur.xlsx",
            plan_with(duration="-5d"),
            NOT_WRITTEN,
            (r"B2|row 2",),
        ),
        Case(
            "xlsx-percent-150", "pct150.xlsx", plan_with(percent=150), NOT_WRITTEN, (r"D2|row 2",)
        ),
        Case(
            "xlsx-error-cell-duration",
            "errors.xlsx",
            raw_plan(
                HEADER_ROW
                + '<row r="2">'
                + s.text_cell("A2", "Design")
                + '<c r="B2" t="e"><v>#DIV/0!</v></c></row>'
            ),
            (0, 1, 2),
            (r"B2|row 2",),
            tasks=1,
            warn_ok=True,
        ),
        Case(
            "xlsx-header-only",
            "header.xlsx",
            made(lambda: s.openpyxl_plan([])),
            NOT_WRITTEN,
            (NO_PLAN,),
        ),
        Case(
            "xlsx-missing-workbook-part",
            "noworkbook.xlsx",
            raw_plan(s.plan_rows_xml(3), drop=("xl/workbook.xml",)),
            NOT_WRITTEN,
        ),
        Case(
            "xlsx-malformed-sheet-xml",
            "badxml.xlsx",
            made(lambda: s.xlsx_from_parts(s.sheet_xml(s.plan_rows_xml(3))[:-40])),
            REFUSED,
            (r"sheet1|Sheet1|XML",),
        ),
        Case(
            "xlsx-bogus-xml-encoding",
            "encoding.xlsx",
            made(
                lambda: s.xlsx_from_parts(
                    s.sheet_xml(s.plan_rows_xml(3)).replace(
                        'encoding="UTF-8"', 'encoding="x-bogus-9"'
                    )
                )
            ),
            READ_OR_REFUSED,
            (r"encoding|sheet1|Sheet1|XML",),
            tasks=3,
            why="the bytes are UTF-8 whatever the declaration says",
        ),
        Case("xls-ole-header-only", "header.xls", data(s.ole_file(False)[:512]), REFUSED),
        Case(
            "xls-encrypted",
            "locked.xls",
            data(s.ole_file(encrypted=True)),
            REFUSED,
            (r"password|encrypt",),
        ),
        Case(
            "xls-html-table",
            "report.xls",
            data(
                "<html><body><table><tr><td>Name</td><td>Duration</td></tr>"
                "<tr><td>Design</td><td>5d</td></tr></table></body></html>"
            ),
            REFUSED,
        ),
        Case(
            "xls-really-xlsx",
            "modern.xls",
            plan_with(),
            READ_OR_REFUSED,
            tasks=s.XLSX_TASKS,
            why="the content decides; an xlsx named .xls is readable",
        ),
        Case(
            "xls-really-csv",
            "export.xls",
            data(s.csv_text()),
            READ_OR_REFUSED,
            (r"CSV|not an? (Excel|workbook)|not a workbook",),
            tasks=s.CSV_TASKS,
            why="many tools save CSV as .xls; reading it or saying so are both right",
        ),
    ]


# --- CSV ----------------------------------------------------------------------------------------


def csv_cases() -> list[Case]:
    def rows(first: str) -> Builder:
        return data(s.csv_text([first, *s.CSV_ROWS[1:]]))

    big_field = "Design," + "5d,02/03/2026,10,\n"
    return [
        Case(
            "csv-control",
            "plan.csv",
            data(s.csv_text()),
            OK,
            tasks=s.CSV_TASKS,
            why="the valid sample",
        ),
        Case(
            "csv-utf16-le-without-bom",
            "utf16.csv",
            data(s.csv_text().encode("utf-16-le")),
            READ_OR_REFUSED,
            (r"UTF-16|encoding",),
            forbid=(r"binary",),
            tasks=s.CSV_TASKS,
            why="UTF-16 text is text: read it, or say what encoding is needed",
        ),
        Case(
            "csv-utf16-with-bom",
            "utf16bom.csv",
            data(s.csv_text().encode("utf-16")),
            OK,
            tasks=s.CSV_TASKS,
            why="UTF-16 with a BOM is a documented encoding",
        ),
        Case(
            "csv-cp1252",
            "ansi.csv",
            data(
                s.csv_text(["Caf\u00e9 design,5d,02/03/2026,10,", *s.CSV_ROWS[1:]]).encode("cp1252")
            ),
            OK,
            tasks=s.CSV_TASKS,
            why="cp1252 is a documented encoding",
        ),
        Case(
            "csv-date-31-02-2025", "feb31.csv", rows("Design,5d,31/02/2025,10,"), BLOCKED, (r"C2",)
        ),
        Case("csv-year-10000", "y10000.csv", rows("Design,5d,01/01/10000,10,"), BLOCKED, (r"C2",)),
        Case(
            "csv-start-9999-12-31",
            "y9999.csv",
            rows("Design,5d,31/12/9999,10,"),
            NOT_WRITTEN,
            (r"C2|row 2",),
        ),
        Case(
            "csv-duration-301-digits",
            "dur-digits.csv",
            rows("Design," + "1" + "0" * 300 + ",02/03/2026,10,"),
            NOT_WRITTEN,
            (r"B2|row 2",),
        ),
        Case(
            "csv-negative-duration",
            "negdur.csv",
            rows("Design,-5d,02/03/2026,10,"),
            NOT_WRITTEN,
            (r"B2|row 2",),
        ),
        Case(
            "csv-percent-150",
            "pct150.csv",
            rows("Design,5d,02/03/2026,150,"),
            NOT_WRITTEN,
            (r"D2|row 2",),
        ),
        Case(
            "csv-self-predecessor",
            "self.csv",
            rows("Design,5d,02/03/2026,10,1"),
            NOT_WRITTEN,
            (r"E2|row 2|loop|cycle|itself",),
        ),
        Case("csv-nul-bytes", "nul.csv", data(s.csv_text().replace("Build", "Bu\0\0ild")), REFUSED),
        Case(
            "csv-unterminated-quote",
            "quote.csv",
            rows('"Design,5d,02/03/2026,10,'),
            NOT_WRITTEN,
            (r"quote|line 2|row 2",),
            why="an open quote swallows every later row: they must not vanish silently",
        ),
        Case(
            "csv-field-over-128k",
            "bigfield.csv",
            data(
                s.csv_text(
                    ["Design " + "x" * 200_000 + big_field[6:].rstrip("\n"), *s.CSV_ROWS[1:]]
                )
            ),
            READ_OR_REFUSED,
            (r"field|line|row",),
            tasks=s.CSV_TASKS,
        ),
        Case(
            "csv-210000-rows",
            "huge.csv",
            made(lambda: "Name,Duration\n" + "".join(f"Task {i},1d\n" for i in range(210_000))),
            READ_OR_REFUSED,
            (LIMIT,),
            tasks=210_000,
            why="never drop a row with content: all rows or a refusal that says so",
        ),
        Case("csv-header-only", "header.csv", data(s.CSV_HEADER + "\n"), NOT_WRITTEN, (NO_PLAN,)),
        Case(
            "csv-bom-only",
            "bom.csv",
            data(b"\xef\xbb\xbf"),
            NOT_WRITTEN,
            (r"empty|no sheet holds|" + NO_PLAN,),
        ),
    ]


# --- XML formats --------------------------------------------------------------------------------


def xml_cases() -> list[Case]:
    mspdi_root = "Project"
    design = r"Design|UID 1|task 1"
    mspdi: list[Case] = [
        Case(
            "mspdi-control-demo-export",
            "demo.xml",
            from_bases(lambda b: b.demo_mspdi),
            OK,
            why="InfraDesk's own MS Project export",
        ),
        Case(
            "mspdi-control",
            "plan.xml",
            data(s.mspdi_text()),
            OK,
            tasks=s.MSPDI_TASKS,
            why="the valid sample",
        ),
        Case(
            "mspdi-duration-PT99999999H",
            "longdur.xml",
            data(s.mspdi_text(duration="PT99999999H0M0S")),
            NOT_WRITTEN,
            (design + "|Duration",),
        ),
        Case(
            "mspdi-negative-duration",
            "negdur.xml",
            data(s.mspdi_text(duration="-PT8H0M0S")),
            NOT_WRITTEN,
            (design + "|Duration",),
        ),
        Case(
            "mspdi-duration-1e300-hours",
            "e300.xml",
            data(s.mspdi_text(duration="PT1e300H0M0S")),
            NOT_WRITTEN,
            (design + "|Duration",),
        ),
        Case(
            "mspdi-percent-150",
            "pct.xml",
            data(s.mspdi_text(percent="150")),
            NOT_WRITTEN,
            (design + "|PercentComplete|percent",),
        ),
        Case(
            "mspdi-start-9999-12-31",
            "y9999.xml",
            data(s.mspdi_text(start="9999-12-31T08:00:00")),
            NOT_WRITTEN,
            (design + "|Start|9999",),
        ),
        Case(
            "mspdi-start-month-13",
            "m13.xml",
            data(s.mspdi_text(start="2026-13-02T08:00:00")),
            NOT_WRITTEN,
            (design + "|Start|2026-13",),
        ),
        Case(
            "mspdi-minutes-per-day-0",
            "mpd0.xml",
            data(s.mspdi_text(minutes_per_day="0")),
            NOT_WRITTEN,
            (r"MinutesPerDay|minutes per day",),
        ),
        Case(
            "mspdi-link-lag-1e400",
            "lag.xml",
            data(s.mspdi_text(lag="1e400")),
            NOT_WRITTEN,
            (r"Build|LinkLag|lag|UID 2|task 2",),
        ),
        Case(
            "mspdi-bogus-encoding",
            "bogus.xml",
            data(s.mspdi_text(declaration='<?xml version="1.0" encoding="x-bogus-9"?>')),
            REFUSED,
            (r"encoding",),
        ),
        Case(
            "mspdi-declares-utf16-is-utf8",
            "liar16.xml",
            data(s.mspdi_text(declaration='<?xml version="1.0" encoding="UTF-16"?>')),
            REFUSED,
            (r"encoding|UTF-16|" + LINE,),
        ),
        Case(
            "mspdi-surrogate-character-reference",
            "surrogate.xml",
            data(s.mspdi_text().replace("<Name>Design", "<Name>&#xD800;Design")),
            REFUSED,
            (LINE + "|character",),
        ),
        Case(
            "mspdi-wrong-root-html",
            "page.xml",
            data("<?xml version='1.0'?><html><body>Project plan</body></html>"),
            REFUSED,
            (r"html|root|MS Project",),
        ),
        Case(
            "mspdi-nesting-100000-deep",
            "deep.xml",
            made(lambda: s.deep_xml(mspdi_root, 100_000)),
            REFUSED,
            (r"deep|nest|depth|" + LINE,),
        ),
    ]
    gan: list[Case] = [
        Case(
            "gan-control",
            "plan.gan",
            data(s.gan_text()),
            OK,
            tasks=s.GAN_TASKS,
            why="the valid sample",
        ),
        Case(
            "gan-duration-1,5",
            "comma.gan",
            data(s.gan_text(duration="1,5")),
            (0, 1),
            (r"Pack|duration|1,5",),
            tasks=s.GAN_TASKS,
            warn_ok=True,
            why="a German decimal comma: read as 1.5 days, or a located problem",
        ),
        Case(
            "gan-duration-negative",
            "neg.gan",
            data(s.gan_text(duration="-3")),
            NOT_WRITTEN,
            (r"Pack|duration|-3",),
        ),
        Case(
            "gan-duration-1e400",
            "e400.gan",
            data(s.gan_text(duration="1e400")),
            NOT_WRITTEN,
            (r"Pack|duration|1e400",),
        ),
        Case(
            "gan-start-february-30",
            "feb30.gan",
            data(s.gan_text(start="2026-02-30")),
            (0, 1, 2),
            tasks=s.GAN_TASKS,
            warn_ok=True,
            place=(r"Pack|start|2026-02-30",),
        ),
        Case(
            "gan-start-year-12026",
            "y12026.gan",
            data(s.gan_text(start="12026-01-01")),
            (0, 1, 2),
            tasks=s.GAN_TASKS,
            warn_ok=True,
            place=(r"Pack|start|12026",),
        ),
        Case(
            "gan-complete-150",
            "pct.gan",
            data(s.gan_text(complete="150")),
            NOT_WRITTEN,
            (r"Pack|complete|150",),
        ),
        Case(
            "gan-no-working-days",
            "noweek.gan",
            data(s.gan_text(week='sun="1" mon="1" tue="1" wed="1" thu="1" fri="1" sat="1"')),
            NOT_WRITTEN,
            (r"working|calendar|week",),
        ),
        Case(
            "gan-tasks-nested-100000-deep",
            "deep.gan",
            made(lambda: s.gan_nested(100_000)),
            NOT_WRITTEN,
            (r"deep|nest|depth|level",),
        ),
        Case(
            "gan-bogus-encoding",
            "bogus.gan",
            data(s.gan_text().replace('encoding="UTF-8"', 'encoding="x-bogus-9"')),
            REFUSED,
            (r"encoding",),
        ),
    ]
    planner: list[Case] = [
        Case(
            "planner-control",
            "plan.planner",
            data(s.planner_text()),
            OK,
            tasks=s.PLANNER_TASKS,
            why="the valid sample",
        ),
        Case(
            "planner-control-gzip",
            "zipped.planner",
            data(s.gzip_bytes(s.planner_text())),
            OK,
            tasks=s.PLANNER_TASKS,
            why="Planner saves gzip-compressed files",
        ),
        Case(
            "planner-gzip-bomb-1GiB",
            "bomb.planner",
            made(lambda: s.gzip_bomb(1 << 30)),
            REFUSED,
            (TOO_BIG,),
        ),
        Case(
            "planner-gzip-truncated",
            "cutgz.planner",
            data(s.gzip_bytes(s.planner_text())[:200]),
            REFUSED,
            (DAMAGED + "|" + LINE,),
        ),
        Case(
            "planner-start-garbage",
            "start.planner",
            data(s.planner_text(start="garbage")),
            (0, 1, 2),
            tasks=s.PLANNER_TASKS,
            warn_ok=True,
            place=(r"Prepare|start|garbage",),
        ),
        Case(
            "planner-lag-1e400",
            "lag.planner",
            data(s.planner_text(lag="1e400")),
            NOT_WRITTEN,
            (r"Verify|lag|1e400",),
        ),
        Case(
            "planner-negative-work",
            "work.planner",
            data(s.planner_text(work="-28800")),
            NOT_WRITTEN,
            (r"Prepare|work",),
        ),
        Case(
            "planner-percent-150",
            "pct.planner",
            data(s.planner_text(percent="150")),
            NOT_WRITTEN,
            (r"Prepare|percent",),
        ),
        Case(
            "planner-no-working-days",
            "noweek.planner",
            data(s.planner_text(week='mon="1" tue="1" wed="1" thu="1" fri="1" sat="1" sun="1"')),
            NOT_WRITTEN,
            (r"working|calendar|week",),
        ),
    ]
    attacks: list[Case] = []
    for name, suffix, root in (
        ("mspdi", ".xml", "Project"),
        ("gan", ".gan", "project"),
        ("planner", ".planner", "project"),
    ):
        attacks += [
            Case(
                f"{name}-xxe-etc-passwd",
                f"xxe{suffix}",
                data(s.external_entity(root)),
                REFUSED,
                (SAFETY,),
                forbid=(r"root:",),
            ),
            Case(
                f"{name}-billion-laughs",
                f"laughs{suffix}",
                data(s.billion_laughs(root)),
                REFUSED,
                (SAFETY,),
            ),
        ]
    attacks.append(
        Case(
            "mspdi-external-dtd",
            "dtd.xml",
            data(
                '<?xml version="1.0"?>\n<!DOCTYPE Project SYSTEM "http://example.com/x.dtd">'
                "\n<Project><Name>x</Name></Project>\n"
            ),
            REFUSED,
            (SAFETY,),
        )
    )
    return mspdi + gan + planner + attacks


# --- Workspace files ----------------------------------------------------------------------------


def demo_copy(change: Callable[[bytes], bytes] = lambda raw: raw) -> Builder:
    def build(path: Path, bases: Bases) -> None:
        path.write_bytes(change(bases.demo_workspace.read_bytes()))

    return build


def corrupt_pages(raw: bytes) -> bytes:
    """Overwrite the middle of the file (b-tree pages) with noise; the header stays valid."""
    middle = len(raw) // 2
    return raw[:middle] + s.random_bytes(8192, 99) + raw[middle + 8192 :]


def sqlite_file(statements: list[str]) -> Builder:
    def build(path: Path, bases: Bases) -> None:
        connection = sqlite3.connect(path)
        with connection:
            for statement in statements:
                connection.execute(statement)
        connection.close()

    return build


def demo_with_revision(revision: str) -> Builder:
    def build(path: Path, bases: Bases) -> None:
        path.write_bytes(bases.demo_workspace.read_bytes())
        connection = sqlite3.connect(path)
        with connection:
            connection.execute("UPDATE alembic_version SET version_num = ?", (revision,))
        connection.execute("PRAGMA journal_mode=DELETE")
        connection.close()

    return build


def folder(path: Path, bases: Bases) -> None:
    path.mkdir()


def nothing(path: Path, bases: Bases) -> None:
    """The workspace file does not exist."""


def workspace_cases() -> list[Case]:
    not_ours = r"not an InfraDesk workspace|not ours|another program|other application|foreign"
    return [
        Case(
            "ws-truncated-half",
            "half.infradesk",
            demo_copy(lambda raw: raw[: len(raw) // 2]),
            REFUSED,
            (DAMAGED,),
            verb="export",
        ),
        Case(
            "ws-truncated-to-100-bytes",
            "stub.infradesk",
            demo_copy(lambda raw: raw[:100]),
            REFUSED,
            (DAMAGED,),
            verb="export",
        ),
        Case(
            "ws-truncated-import-into",
            "half-import.infradesk",
            demo_copy(lambda raw: raw[: len(raw) // 2]),
            REFUSED,
            (DAMAGED,),
            verb="import-into",
        ),
        Case(
            "ws-corrupt-pages",
            "corrupt.infradesk",
            demo_copy(corrupt_pages),
            REFUSED,
            (r"damaged|malformed",),
            verb="export",
        ),
        Case(
            "ws-random-bytes",
            "noise.infradesk",
            data(s.random_bytes(65536, 5)),
            REFUSED,
            (not_ours,),
            verb="export",
        ),
        Case(
            "ws-png-renamed",
            "image.infradesk",
            data(s.png_bytes()),
            REFUSED,
            (not_ours,),
            verb="export",
        ),
        Case(
            "ws-xlsx-renamed",
            "book.infradesk",
            from_bases(lambda b: b.demo_xlsx),
            REFUSED,
            (not_ours,),
            verb="report",
        ),
        Case(
            "ws-zero-bytes-export",
            "empty.infradesk",
            data(b""),
            REFUSED,
            (r"empty|0 bytes|" + not_ours,),
            verb="export",
        ),
        Case(
            "ws-zero-bytes-import-into",
            "empty-import.infradesk",
            data(b""),
            REFUSED,
            (r"empty|0 bytes",),
            verb="import-into",
            why="a 0-byte file is refused, not silently turned into a new workspace",
        ),
        Case(
            "ws-foreign-sqlite",
            "shop.infradesk",
            sqlite_file(
                [
                    "CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT)",
                    "INSERT INTO customer (name) VALUES ('Ada')",
                ]
            ),
            REFUSED,
            (not_ours,),
            verb="export",
        ),
        Case(
            "ws-foreign-sqlite-with-alembic-version",
            "alembic.infradesk",
            sqlite_file(
                [
                    "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)",
                    "INSERT INTO alembic_version VALUES ('abc123')",
                    "CREATE TABLE invoice (id INTEGER PRIMARY KEY, total TEXT)",
                ]
            ),
            REFUSED,
            (not_ours,),
            forbid=(r"newer",),
            verb="export",
        ),
        Case(
            "ws-foreign-sqlite-alembic-and-project-table",
            "alembic-project.infradesk",
            sqlite_file(
                [
                    "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)",
                    "CREATE TABLE project (id INTEGER PRIMARY KEY, title TEXT)",
                ]
            ),
            REFUSED,
            (not_ours,),
            forbid=(r"newer", r"\bNone\b"),
            verb="export",
        ),
        Case(
            "ws-newer-revision",
            "future.infradesk",
            demo_with_revision("0099_future"),
            REFUSED,
            (r"newer",),
            verb="export",
        ),
        Case(
            "ws-missing", "missing.infradesk", nothing, REFUSED, (r"does not exist",), verb="export"
        ),
        Case(
            "ws-is-a-folder",
            "folder.infradesk",
            folder,
            REFUSED,
            (r"folder|directory",),
            verb="export",
        ),
        Case(
            "ws-read-only-file-export",
            "ro.infradesk",
            demo_copy(),
            OK,
            forbid=(r"damaged",),
            verb="export",
            read_only="file",
            why="a read-only workspace opens read-only",
        ),
        Case(
            "ws-read-only-file-report",
            "ro-report.infradesk",
            demo_copy(),
            OK,
            forbid=(r"damaged",),
            verb="report",
            read_only="file",
            why="a read-only workspace opens read-only",
        ),
        Case(
            "ws-read-only-file-import-into",
            "ro-import.infradesk",
            demo_copy(),
            REFUSED,
            (r"read-only|read only|permission|write",),
            forbid=(r"damaged",),
            verb="import-into",
            read_only="file",
        ),
        Case(
            "ws-read-only-folder-export",
            "rofolder.infradesk",
            demo_copy(),
            READ_OR_REFUSED,
            (r"read-only|read only|permission|folder",),
            forbid=(r"damaged",),
            verb="export",
            read_only="folder",
            why="WAL needs a writable folder: open read-only, or say why not",
        ),
    ]


def misc_cases() -> list[Case]:
    return [
        Case(
            "import-missing-file",
            "absent.json",
            nothing,
            REFUSED,
            (r"does not exist|not found|no such",),
        ),
        Case("import-folder-named-json", "folder.json", folder, REFUSED, (r"folder|directory",)),
        Case(
            "import-unknown-extension",
            "notes.toml",
            data("a = 1\n"),
            REFUSED,
            (r"cannot import|\.toml",),
        ),
    ]


# Cases that fail on main today, each with the reason seen (strict xfail: remove the entry
# when the fix lands). Empty since issue 13 landed: keep it so.
KNOWN_FAILURES: dict[str, str] = {}


def all_cases() -> list[Case]:
    cases = (
        generic_cases()
        + json_cases()
        + excel_cases()
        + csv_cases()
        + xml_cases()
        + workspace_cases()
        + misc_cases()
    )
    ids = [case.id for case in cases]
    duplicates = {i for i in ids if ids.count(i) > 1}
    assert not duplicates, duplicates
    assert set(KNOWN_FAILURES) <= set(ids), set(KNOWN_FAILURES) - set(ids)
    return [
        replace(case, xfail=KNOWN_FAILURES[case.id]) if case.id in KNOWN_FAILURES else case
        for case in cases
    ]
