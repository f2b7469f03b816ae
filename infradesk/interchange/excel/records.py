"""Turn mapped risk, RAID, change and vendor tables into the typed document's records.

A row is first a dict of the record's fields as read (values already typed: ``date``,
``Decimal``, ``int``), since codes, titles and choices are settled across the sheet; then it
becomes its frozen record, whose ``given`` names the fields the sheet had columns for.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from infradesk.interchange import document as d
from infradesk.interchange.excel.dates import DateError, Order, decide_order, parse_date
from infradesk.interchange.excel.layout import Table
from infradesk.interchange.excel.mapping import ColumnInfo
from infradesk.interchange.excel.raid_values import normalise_record
from infradesk.interchange.excel.source import Cell, SheetData
from infradesk.interchange.excel.stakeholder_levels import finish_levels
from infradesk.interchange.excel.values import (
    read_bool,
    read_int,
    read_level,
    read_money,
    read_text,
)
from infradesk.interchange.excel.vocabulary import KIND_BY_KEY
from infradesk.interchange.problems import Problem

_CODE_PREFIX = {
    "risks": "R", "issues": "I", "assumptions": "A", "decisions": "D",
    "dependencies_external": "DEP", "change_requests": "CR", "actions": "AC",
    "stakeholders": "SH", "meetings": "M", "communication_plan": "COM", "handover": "OA",
}  # fmt: skip
_RESPONSES = {
    "avoid": "avoid", "avoidance": "avoid", "mitigate": "mitigate", "mitigation": "mitigate",
    "reduce": "mitigate", "transfer": "transfer", "share": "share", "accept": "accept",
    "acceptance": "accept", "exploit": "exploit", "enhance": "enhance", "escalate": "escalate",
    "vermeiden": "avoid", "vermindern": "mitigate", "übertragen": "transfer",
    "akzeptieren": "accept", "éviter": "avoid", "atténuer": "mitigate", "transférer": "transfer",
    "accepter": "accept", "evitar": "avoid", "mitigar": "mitigate", "transferir": "transfer",
    "aceptar": "accept", "aceitar": "accept",
}  # fmt: skip


@dataclass
class RecordTable:
    kind: str
    records: list[dict[str, Any]] = field(default_factory=list)  # field -> typed value
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def build_records(
    sheet: SheetData, table: Table, kind_key: str, columns: list[ColumnInfo]
) -> RecordTable:
    """One dict per data row, keys as in the interchange document, values converted."""
    kind = KIND_BY_KEY[kind_key]
    out = RecordTable(kind_key)
    by_field = {c.field: c for c in columns if c.field}
    specs = {spec.key: spec for spec in kind.fields}
    date_orders: dict[str, Order | None] = {}
    for key, column in by_field.items():
        if specs[key].kind in ("date", "datetime"):
            texts = [
                v for v in _column(sheet, table, column.index) if isinstance(v, str) and v.strip()
            ]
            order, _conflict = decide_order(texts)
            date_orders[key] = order
    decided = {o for o in date_orders.values() if o}
    fallback: Order = next(iter(decided)) if len(decided) == 1 else "dmy"
    if any(o is None for o in date_orders.values()) and len(decided) != 1 and date_orders:
        out.notes.append(
            f"{sheet.name}: text dates read as day/month/year (nothing proved otherwise)"
        )
    for index in range(table.first_row, table.end_row):
        raw = sheet.rows[index] if index < len(sheet.rows) else []
        if all(
            (raw[c.index] if c.index < len(raw) else "") in ("", None) for c in by_field.values()
        ):
            continue
        record: dict = {}
        for key, column in by_field.items():
            value = raw[column.index] if column.index < len(raw) else ""
            try:
                record[key] = _convert(specs[key].kind, value, date_orders.get(key) or fallback)
            except (ValueError, DateError) as error:
                out.problems.append(
                    Problem(str(error), "error", sheet.name, index + 1, column.letter)
                )
                record[key] = None
        record["_row"] = index + 1
        if "meeting" in by_field:  # where a meeting reference is, if it names none known
            record["_at"] = (sheet.name, index + 1, by_field["meeting"].letter)
        out.records.append(record)
    if kind_key == "risks":
        _finish_risks(out, by_field, sheet.name)
    elif kind_key in _CODE_PREFIX:
        _finish_codes(out, kind_key)
    if kind_key in {"issues", "change_requests"}:
        for record in out.records:
            _title_from_description(record)
    if kind_key == "stakeholders":
        letters = {key: column.letter for key, column in by_field.items()}
        out.problems.extend(finish_levels(out.records, sheet.name, letters))
    for record in out.records:
        for key, message in normalise_record(kind_key, record):
            letter = by_field[key].letter if key in by_field else None
            out.problems.append(Problem(message, "warning", sheet.name, record["_row"], letter))
        record.pop("_row", None)
    return out


def _title_from_description(record: dict) -> None:
    """Registers often have only a long description; its first line becomes the title."""
    if record.get("title") or not record.get("description"):
        return
    description = record["description"]
    title = description.split("\n")[0]
    if len(title) > 120:
        title = title[:117].rsplit(" ", 1)[0] + "..."
    record["title"] = title
    if title == description:
        record["description"] = ""


def _column(sheet: SheetData, table: Table, col: int) -> list[Cell]:
    return [
        (row[col] if col < len(row) else "") for row in sheet.rows[table.first_row : table.end_row]
    ]


def _convert(value_kind: str, value: Cell, order: Order) -> object:
    if value_kind == "date":
        parsed = parse_date(value, order)
        return parsed.date() if parsed else None
    if value_kind == "datetime":
        parsed = parse_date(value, order)
        return parsed.replace(second=0, microsecond=0) if parsed else None
    if value_kind == "bool":
        flag = read_bool(value)
        if flag is None and read_text(value):
            raise ValueError(f"'{value}' is not yes or no")
        return flag
    if value_kind in ("level", "level0"):  # 0 = not scored / not assessed (our own export)
        return 0 if value in (0, 0.0, "0") else read_level(value)
    if value_kind == "money":
        amount = read_money(value)
        return Decimal(amount) if amount is not None else None
    if value_kind == "int":
        return read_int(value)
    return read_text(value)


def _code(value: str, prefix: str, number: int) -> str:
    if not value:
        return f"{prefix}-{number:03d}"
    if re.fullmatch(r"\d+", value):
        return f"{prefix}-{int(value):03d}"
    return value


def _finish_codes(out: RecordTable, kind_key: str) -> None:
    prefix = _CODE_PREFIX[kind_key]
    seen: set[str] = set()
    for number, record in enumerate(out.records, start=1):
        code = _code(record.get("code") or "", prefix, number)
        if code in seen:
            code = f"{code}-{number}"
        seen.add(code)
        record["code"] = code


def _finish_risks(out: RecordTable, by_field: dict[str, ColumnInfo], sheet_name: str) -> None:
    _finish_codes(out, "risks")
    # A rating the register does not give is not invented: the risk stays "not scored"
    # (probability / impact 0 in the workspace) until the PM rates it in the Risks tab.
    missing = [key for key in ("probability", "impact") if key not in by_field]
    if missing:
        out.notes.append(
            f"{sheet_name}: no {' or '.join(missing)} column; the risks are imported "
            "not scored (rate them in the Risks tab)"
        )
    unreadable = {(p.row, p.column) for p in out.problems}  # already said why
    for record in out.records:
        record.setdefault("description", "")
        _title_from_description(record)
        record.setdefault("title", "")
        for key in ("probability", "impact"):
            if key not in by_field or record.get(key) is not None:
                continue
            record[key] = 0
            if (record["_row"], by_field[key].letter) not in unreadable:
                out.problems.append(
                    Problem(
                        f"no {key}; the risk is imported not scored",
                        "warning",
                        sheet_name,
                        record["_row"],
                        by_field[key].letter,
                    )
                )
        response_text = record.get("response") or ""
        response = _canonical_response(response_text)
        if response_text and len(response_text.split()) > 1 and not record.get("mitigation"):
            record["mitigation"] = response_text
        record["response"] = response
        for key in ("category", "owner", "mitigation", "status"):
            record[key] = record.get(key) or ""
        record.setdefault("raised", None)


def _canonical_response(text: str) -> str:
    words = re.findall(r"[^\W\d_]+", text.lower())
    for word in words:
        if word in _RESPONSES:
            return _RESPONSES[word]
    return "mitigate" if not text else text.strip().lower()[:20]


RECORD_TYPES: dict[str, type[Any]] = {
    "risks": d.Risk,
    "issues": d.Issue,
    "assumptions": d.Assumption,
    "decisions": d.Decision,
    "change_requests": d.ChangeRequest,
    "dependencies_external": d.ExternalDependency,
    "actions": d.ActionItem,
    "stakeholders": d.Stakeholder,
    "meetings": d.Meeting,
    "communication_plan": d.CommsItem,
    "handover": d.HandoverItem,
}
_FIELDS = {kind: {f.name for f in dataclasses.fields(cls)} for kind, cls in RECORD_TYPES.items()}


def typed_record(kind: str, values: dict[str, Any]) -> Any:
    """The frozen record of one row (``kind`` a RAID sheet kind); fields the record type does
    not have (a decision's owner) are not kept, as the document has no place for them."""
    names = _FIELDS[kind]
    kept = {key: value for key, value in values.items() if key in names}
    if "given" in names:
        kept["given"] = frozenset(kept)
    return RECORD_TYPES[kind](**kept)


def link_meetings(records: dict[str, list[dict[str, Any]]], problems: list[Problem]) -> None:
    """Actions and decisions name their meeting by code; a sheet may name it by its title
    (or a date, or free text). A title of the workbook's meetings becomes its code; anything
    else is kept in the record's notes with a warning on its cell, never a broken link."""
    meetings = records.get("meetings", [])
    codes = {str(m.get("code") or ""): str(m.get("code") or "") for m in meetings}
    by_title = {str(m.get("title") or "").strip().casefold(): m.get("code") for m in meetings}
    for kind, notes_key in (("actions", "notes"), ("decisions", "rationale")):
        for record in records.get(kind, []):
            at = record.pop("_at", None)
            text = str(record.get("meeting") or "").strip()
            if not text:
                record.pop("meeting", None)
                continue
            code = codes.get(text) or by_title.get(text.casefold())
            if code:
                record["meeting"] = code
                continue
            record.pop("meeting")
            notes = str(record.get(notes_key) or "")
            record[notes_key] = "\n".join(filter(None, [notes, f"Meeting: {text}"]))
            sheet, row, letter = at if at else (None, None, None)
            problems.append(
                Problem(
                    f"meeting '{text}' is not one of the workbook's meetings; kept in the "
                    f"{notes_key}",
                    "warning",
                    sheet,
                    row,
                    letter,
                )
            )


def vendors_from(tables: list[RecordTable], task_ids: dict[str, int]) -> list[d.Vendor]:
    """Group vendor, contract and delivery rows into the document's vendors by name; a
    delivery's task (an id, external id, WBS or name; ``task_ids`` keys in lower case) becomes
    that task's document id."""
    vendors: dict[str, dict[str, Any]] = {}

    def vendor(name: str) -> dict[str, Any]:
        key = name.strip().lower()
        if key not in vendors:
            vendors[key] = {"name": name.strip(), "category": "", "notes": "",
                            "contracts": [], "deliverables": []}  # fmt: skip
        return vendors[key]

    for table in tables:
        for record in table.records:
            name = record.get("vendor") or (record.get("name") if table.kind == "vendors" else "")
            if not name:
                name = "(no vendor)"
            entry = vendor(name)
            if table.kind == "vendors":
                entry["category"] = record.get("category") or entry["category"]
                notes = [record.get("notes") or "", record.get("contact") or ""]
                entry["notes"] = "\n".join(n for n in notes if n) or entry["notes"]
            elif table.kind == "contracts":
                entry["contracts"].append(
                    d.Contract(
                        number=record.get("number") or "",
                        title=record.get("title") or "",
                        value=record.get("value") or Decimal("0.00"),
                        currency=(record.get("currency") or "").upper()[:3] or None,
                        start=record.get("start"),
                        end=record.get("end"),
                        notice_days=record.get("notice_days") or 0,
                        status=record.get("status") or "",
                    )
                )
            elif table.kind == "deliveries":
                ref = record.get("task")
                entry["deliverables"].append(
                    d.Delivery(
                        description=record.get("description") or "",
                        quantity=record.get("quantity") or 1,
                        promised=record.get("promised"),
                        actual=record.get("actual"),
                        status=record.get("status") or "",
                        task=task_ids.get(str(ref).strip().lower()) if ref else None,
                    )
                )
    return [
        d.Vendor(
            name=entry["name"],
            category=entry["category"],
            notes=entry["notes"],
            contracts=tuple(entry["contracts"]),
            deliverables=tuple(entry["deliverables"]),
        )
        for entry in vendors.values()
    ]
