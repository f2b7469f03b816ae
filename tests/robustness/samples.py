"""Small valid inputs of every format, and low-level writers used to break them.

Everything is generated in code: no binary is committed. The valid samples are the controls of
the corpus (they must import with exit status 0) and the bases the bad cases mutate.
"""

from __future__ import annotations

import copy
import gzip
import io
import json
import random
import struct
import zipfile
import zlib
from datetime import datetime
from typing import Any

# --- JSON ---------------------------------------------------------------------------------------

JSON_DOC: dict[str, Any] = {
    "format": "infradesk",
    "version": 1,
    "projects": [
        {
            "name": "Robust",
            "start": "2026-03-02T08:00",
            "calendar": {
                "working_weekdays": [0, 1, 2, 3, 4],
                "working_hours": [["08:00", "12:00"], ["13:00", "17:00"]],
                "holidays": [{"date": "2026-12-24", "name": "Closed"}],
            },
            "tasks": [
                {"id": 1, "name": "Design", "duration": "5d", "duration_minutes": 2400,
                 "percent_complete": 10, "predecessors": []},
                {"id": 2, "name": "Build", "duration": "10d", "duration_minutes": 4800,
                 "percent_complete": 0,
                 "predecessors": [{"task": 1, "type": "FS", "lag": "1d", "lag_minutes": 480}]},
                {"id": 3, "name": "Go live", "duration": "0d", "duration_minutes": 0,
                 "milestone": True, "predecessors": [{"task": 2, "type": "FS"}]},
            ],
            "risks": [
                {"code": "R-001", "title": "Switch delivery slips", "probability": 3,
                 "impact": 4, "tasks": [2]},
            ],
        }
    ],
}  # fmt: skip
JSON_TASKS = 3


def json_doc() -> dict[str, Any]:
    """A fresh deep copy of :data:`JSON_DOC` to mutate."""
    return copy.deepcopy(JSON_DOC)


def json_bytes(document: Any) -> bytes:
    """``document`` as JSON; NaN and Infinity are written as the bare words JavaScript uses."""
    return json.dumps(document, allow_nan=True).encode()


# --- CSV ----------------------------------------------------------------------------------------

CSV_HEADER = "Name,Duration,Start,% Complete,Predecessors"
CSV_ROWS = ["Design,5d,02/03/2026,10,", "Build,10d,,0,1", "Go live,0d,,0,2"]
CSV_TASKS = 3


def csv_text(rows: list[str] | None = None) -> str:
    """A plan as CSV text; ``rows`` replaces the three data rows (Name, Duration, Start, %...)."""
    return "\n".join([CSV_HEADER, *(CSV_ROWS if rows is None else rows)]) + "\n"


# --- MS Project XML (MSPDI) ---------------------------------------------------------------------

MSPDI_TASKS = 2


def mspdi_text(
    *,
    duration: str = "PT40H0M0S",
    start: str = "2026-03-02T08:00:00",
    percent: str = "0",
    minutes_per_day: str = "480",
    lag: str = "0",
    declaration: str = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
) -> str:
    """A two-task MSPDI file; each keyword replaces one value of the first task or link."""
    return f"""{declaration}
<Project xmlns="http://schemas.microsoft.com/project">
 <Name>Robust</Name>
 <StartDate>2026-03-02T08:00:00</StartDate>
 <MinutesPerDay>{minutes_per_day}</MinutesPerDay>
 <Tasks>
  <Task><UID>1</UID><ID>1</ID><Name>Design</Name><Start>{start}</Start>
   <Duration>{duration}</Duration><OutlineLevel>1</OutlineLevel>
   <PercentComplete>{percent}</PercentComplete></Task>
  <Task><UID>2</UID><ID>2</ID><Name>Build</Name><Start>2026-03-09T08:00:00</Start>
   <Duration>PT80H0M0S</Duration><OutlineLevel>1</OutlineLevel>
   <PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type>
    <LinkLag>{lag}</LinkLag><LagFormat>7</LagFormat></PredecessorLink></Task>
 </Tasks>
</Project>
"""


# --- GanttProject -------------------------------------------------------------------------------

GAN_TASKS = 3


def gan_text(
    *,
    duration: str = "3",
    start: str = "2026-03-02",
    complete: str = "10",
    week: str = 'sun="1" mon="0" tue="0" wed="0" thu="0" fri="0" sat="1"',
) -> str:
    """A three-task GanttProject file; keywords replace values of the first task / the week."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<project name="Robust" version="3.2" locale="de">
  <calendars>
    <day-types>
      <day-type id="0"/><day-type id="1"/>
      <default-week id="1" name="default" {week}/>
    </day-types>
  </calendars>
  <tasks>
    <task id="1" name="Pack" start="{start}" duration="{duration}" complete="{complete}">
      <depend id="2" type="2" difference="0" hardness="Strong"/>
    </task>
    <task id="2" name="Load truck" start="2026-03-06" duration="1"/>
    <task id="3" name="Hand over keys" start="2026-03-09" duration="0" meeting="true"/>
  </tasks>
</project>
"""


def gan_nested(depth: int) -> str:
    """A GanttProject file whose tasks are nested ``depth`` levels deep."""
    opening = "".join(
        f'<task id="{i}" name="Level {i}" start="2026-03-02" duration="1">' for i in range(depth)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<project name="Deep" version="3.2"><tasks>'
        + opening
        + "</task>" * depth
        + "</tasks></project>\n"
    )


# --- GNOME Planner ------------------------------------------------------------------------------

PLANNER_TASKS = 2


def planner_text(
    *,
    start: str = "20260302T000000Z",
    work: str = "28800",
    percent: str = "0",
    lag: str = "0",
    week: str = 'mon="0" tue="0" wed="0" thu="0" fri="0" sat="1" sun="1"',
) -> str:
    """A two-task Planner file; keywords replace values of the first task, the link, the week."""
    return f"""<?xml version="1.0"?>
<project name="Robust" manager="Kim" project-start="20260302T000000Z" calendar="1"
         mrproject-version="2">
  <calendars>
    <day-types>
      <day-type id="0" name="Working" description=""/>
      <day-type id="1" name="Nonworking" description=""/>
      <day-type id="2" name="Use base" description=""/>
    </day-types>
    <calendar id="1" name="Default">
      <default-week {week}/>
      <overridden-day-types>
        <overridden-day-type id="0">
          <interval start="0800" end="1200"/><interval start="1300" end="1700"/>
        </overridden-day-type>
      </overridden-day-types>
      <days/>
    </calendar>
  </calendars>
  <tasks>
    <task id="1" name="Prepare" work="{work}" start="{start}" end="20260303T170000Z"
          work-start="{start}" percent-complete="{percent}" priority="0" type="normal"
          scheduling="fixed-work"/>
    <task id="2" name="Verify" work="28800" start="20260304T000000Z" end="20260304T170000Z"
          work-start="20260304T080000Z" percent-complete="0" priority="0" type="normal"
          scheduling="fixed-work">
      <predecessors>
        <predecessor id="1" predecessor-id="1" type="FS" lag="{lag}"/>
      </predecessors>
    </task>
  </tasks>
</project>
"""


# --- XML attacks --------------------------------------------------------------------------------


def billion_laughs(root: str) -> str:
    lines = ['<!ENTITY lol0 "lol">']
    lines += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    entities = "\n ".join(lines)
    return f'<?xml version="1.0"?>\n<!DOCTYPE {root} [\n {entities}\n]>\n<{root}>&lol9;</{root}>\n'


def external_entity(root: str, inner: str = "<Name>&xxe;</Name>") -> str:
    return (
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE {root} [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n'
        f"<{root}>{inner}</{root}>\n"
    )


def deep_xml(root: str, depth: int) -> str:
    return f'<?xml version="1.0"?>\n<{root}>' + "<a>" * depth + "</a>" * depth + f"</{root}>\n"


# --- Foreign files ------------------------------------------------------------------------------


def random_bytes(size: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(size)


def png_bytes() -> bytes:
    """A real 1x1 PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def pdf_bytes() -> bytes:
    """A minimal one-page PDF."""
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


def zip_of_text() -> bytes:
    """An ordinary zip archive (not a workbook)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("readme.txt", "not a plan\n" * 50)
        archive.writestr("photos/cat.png", png_bytes())
    return buffer.getvalue()


OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


def ole_file(encrypted: bool, seed: int = 7) -> bytes:
    """An OLE compound file header followed by sectors; ``encrypted`` adds the stream name that
    Office writes for a password-protected OOXML package."""
    header = bytearray(512)
    header[:8] = OLE_MAGIC
    header[0x18:0x1C] = struct.pack("<HH", 0x3E, 3)  # minor version, major version 3
    header[0x1C:0x20] = struct.pack("<HH", 0xFFFE, 9)  # little-endian, 512-byte sectors
    body = bytearray(random_bytes(4096, seed))
    if encrypted:
        for offset, name in ((0, "EncryptionInfo"), (128, "EncryptedPackage")):
            raw = name.encode("utf-16-le")
            body[offset : offset + len(raw)] = raw
    return bytes(header) + bytes(body)


# --- Workbooks written part by part -------------------------------------------------------------

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>"""

_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="xl/workbook.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>
</Relationships>"""

_WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"""

_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="worksheets/sheet1.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>
<Relationship Id="rId2" Target="sharedStrings.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>
</Relationships>"""

_SHEET_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
EMPTY_SHARED_STRINGS = f'<sst {_SHEET_NS} count="0" uniqueCount="0"></sst>'


def sheet_xml(rows_xml: str, dimension: str | None = None, prolog: str = "") -> str:
    """A worksheet part around ``rows_xml`` (``<row>`` elements)."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{prolog}'
        f"<worksheet {_SHEET_NS}>{dim}<sheetData>{rows_xml}</sheetData></worksheet>"
    )


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def number_cell(ref: str, value: float | int) -> str:
    return f'<c r="{ref}"><v>{value}</v></c>'


def plan_rows_xml(count: int) -> str:
    """A header row and ``count`` task rows (Name, Duration) as worksheet XML."""
    parts = [f'<row r="1">{text_cell("A1", "Name")}{text_cell("B1", "Duration")}</row>']
    parts += [
        f'<row r="{r}">{text_cell(f"A{r}", f"Task {r - 1}")}{text_cell(f"B{r}", "1d")}</row>'
        for r in range(2, count + 2)
    ]
    return "".join(parts)


def xlsx_from_parts(
    sheet: str,
    shared_strings: str = EMPTY_SHARED_STRINGS,
    *,
    drop: tuple[str, ...] = (),
) -> bytes:
    """A workbook written member by member (fast, and free to say anything); ``drop`` leaves
    members out."""
    members = {
        "[Content_Types].xml": _CONTENT_TYPES.encode(),
        "_rels/.rels": _ROOT_RELS.encode(),
        "xl/workbook.xml": _WORKBOOK.encode(),
        "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS.encode(),
        "xl/worksheets/sheet1.xml": sheet.encode(),
        "xl/sharedStrings.xml": shared_strings.encode(),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            if name not in drop:
                archive.writestr(name, data)
    return buffer.getvalue()


def deflated_zeros(total: int) -> tuple[bytes, int]:
    """Raw deflate data inflating to ``total`` zero bytes, and its CRC-32, made in about a
    second: one fully flushed 1 MiB block repeated (a full flush resets the compressor, so
    every block compresses identically)."""
    block_size = 1 << 20
    assert total % block_size == 0
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    zeros = bytes(block_size)
    block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.flush(zlib.Z_FINISH)
    crc = 0
    for _ in range(total // block_size):
        crc = zlib.crc32(zeros, crc)
    return block * (total // block_size) + end, crc


def zip_bomb_xlsx(total: int, honest_header: bool) -> bytes:
    """A workbook whose sheet member inflates to ``total`` zero bytes. With ``honest_header``
    the zip headers declare the real size; without it they claim 1 KiB."""
    plain = io.BytesIO()
    with zipfile.ZipFile(plain, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/sharedStrings.xml", EMPTY_SHARED_STRINGS)
    data, crc = deflated_zeros(total)
    declared = total if honest_header else 1024
    return _append_member(plain.getvalue(), "xl/worksheets/sheet1.xml", data, crc, declared)


def _append_member(archive: bytes, name: str, data: bytes, crc: int, size: int) -> bytes:
    """``archive`` (a stored zip) plus one deflated member written by hand, with a rebuilt
    central directory; ``size`` is what the headers declare as uncompressed size."""
    with zipfile.ZipFile(io.BytesIO(archive)) as source:
        infos = source.infolist()
    end = archive.rfind(b"PK\x05\x06")
    (cd_size, cd_offset) = struct.unpack("<II", archive[end + 12 : end + 20])
    local_part = archive[:cd_offset]
    central = archive[cd_offset : cd_offset + cd_size]
    encoded = name.encode()
    offset = len(local_part)
    local = (
        struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size,
                    len(encoded), 0)
        + encoded
    )  # fmt: skip
    entry = (
        struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(data),
                    size, len(encoded), 0, 0, 0, 0, 0, offset)
        + encoded
    )  # fmt: skip
    body = local_part + local + data
    new_central = central + entry
    count = len(infos) + 1
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(new_central), len(body), 0)
    return body + new_central + eocd


def gzip_bomb(total: int) -> bytes:
    """A gzip stream that inflates to ``total`` zero bytes."""
    data, crc = deflated_zeros(total)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    return header + data + struct.pack("<II", crc, total & 0xFFFFFFFF)


def gzip_bytes(text: str) -> bytes:
    return gzip.compress(text.encode())


def openpyxl_plan(rows: list[list[Any]], formats: dict[str, str] | None = None) -> bytes:
    """A workbook written with openpyxl: a header Name, Duration, Start, % Complete and
    ``rows``; ``formats`` maps cell references to number formats."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Tasks"
    sheet.append(["Name", "Duration", "Start", "% Complete"])
    for row in rows:
        sheet.append(row)
    for ref, number_format in (formats or {}).items():
        sheet[ref].number_format = number_format
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


XLSX_ROWS: list[list[Any]] = [
    ["Design", "5d", datetime(2026, 3, 2, 8), 10],
    ["Build", "10d", datetime(2026, 3, 9, 8), 0],
    ["Go live", "0d", datetime(2026, 3, 23, 8), 0],
]
XLSX_TASKS = 3


def xlsx_rows(**changes: Any) -> list[list[Any]]:
    """:data:`XLSX_ROWS` with the first task's cells changed (name/duration/start/percent)."""
    rows = copy.deepcopy(XLSX_ROWS)
    columns = {"name": 0, "duration": 1, "start": 2, "percent": 3}
    for key, value in changes.items():
        rows[0][columns[key]] = value
    return rows
