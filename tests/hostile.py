"""The hostile-input corpus, built on the fly (nothing binary is committed): files and text an attacker
or a careless export would send. Used by tests/test_hostile_files.py and tests/test_hostile_text.py.

Files: zip bombs (honest and lying about their size), corrupt zips, XXE in an xlsx part, executables
renamed to .xlsx/.jpg/.pdf. Text: formula payloads, HTML/JS, SQL, huge cells, malformed dates.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

from openpyxl import load_workbook

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLES = {
    "organizations": FIXTURES / "organizations_sample.xlsx",
    "members": FIXTURES / "members_sample.xlsx",
    "ledger": FIXTURES / "ledger_2020_sample.xlsx",
}
# A Windows executable's first bytes ("MZ" header and DOS stub), renamed by the attacker.
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"This program cannot be run in DOS mode.\r\n" * 20

FORMULAS = ["=cmd|' /C calc'!A0", "+SUM(1,1)", "-2+3", "@SUM(A1)", '=HYPERLINK("http://evil","点我")']
MARKUP = ["<script>alert('xss')</script>", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>']
SQL = ["'; DROP TABLE accounts_member; --", "1 OR 1=1", "x' UNION SELECT password FROM accounts_user --"]
TEXT_PAYLOADS = FORMULAS + MARKUP + SQL
# ("1990-05-00" is not here: legacy rosters write day 00 for "day unknown", read as the month.)
BAD_DATES = ["2020-13-45", "2020-02-30", "0000-00-00", "99999-01-01", "明年", "2020-00-10"]
HUGE_CELL = "党" * 40_000  # more than an Excel cell holds (32,767)


def assert_shown_inertly(page: str, payload: str) -> None:
    """The payload appears only HTML-escaped: no tag or attribute of it reaches the browser as markup."""
    from django.utils.html import escape

    if re.search(r"[<>]", payload):
        assert payload not in page
        assert escape(payload) in page


def _sample_entries(kind: str) -> dict[str, bytes]:
    with zipfile.ZipFile(SAMPLES[kind]) as archive:
        return {info.filename: archive.read(info.filename) for info in archive.infolist()}


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def truncated_zip(kind: str = "organizations") -> bytes:
    """The first half of a real workbook: the zip directory at the end is gone."""
    data = SAMPLES[kind].read_bytes()
    return data[: len(data) // 2]


def corrupt_entry(kind: str = "organizations") -> bytes:
    """A workbook whose zip directory is intact but whose sheet's compressed bytes are garbage."""
    data = bytearray(SAMPLES[kind].read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = next(i for i in archive.infolist() if i.filename.startswith("xl/worksheets/"))
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 8
    for offset in range(start, start + 24):
        data[offset] ^= 0xFF
    return bytes(data)


def bad_crc(kind: str = "organizations") -> bytes:
    """A workbook whose sheet inflates fine but whose recorded CRC-32 is wrong (zipfile: BadZipFile)."""
    with zipfile.ZipFile(SAMPLES[kind]) as archive:
        sheet = next(i.filename for i in archive.infolist() if i.filename.startswith("xl/worksheets/"))
    return _patch_entry(_zip(_sample_entries(kind)), sheet, crc=0)


def _patch_entry(
    archive: bytes, name: str, *, crc: int, method: int | None = None, size: int | None = None
) -> bytes:
    """Rewrite one entry's CRC (and method, uncompressed size) in its local header and the directory."""
    data = bytearray(archive)
    # (signature, offsets of: the name's length, the name, the method, the CRC, the uncompressed size)
    for signature, length_at, name_at, method_at, crc_at, size_at in (
        (b"PK\x03\x04", 26, 30, 8, 14, 22),
        (b"PK\x01\x02", 28, 46, 10, 16, 24),
    ):
        position = data.find(signature)
        while position != -1:
            name_len = struct.unpack("<H", data[position + length_at : position + length_at + 2])[0]
            if data[position + name_at : position + name_at + name_len] == name.encode():
                data[position + crc_at : position + crc_at + 4] = struct.pack("<I", crc)
                if method is not None:
                    data[position + method_at : position + method_at + 2] = struct.pack("<H", method)
                if size is not None:
                    data[position + size_at : position + size_at + 4] = struct.pack("<I", size)
            position = data.find(signature, position + 4)
    return bytes(data)


def xxe(kind: str = "organizations", part: str = "xl/worksheets/sheet1.xml") -> bytes:
    """A workbook whose XML part declares an external entity that would read /etc/passwd."""
    entries = _sample_entries(kind)
    if part not in entries:
        part = next(name for name in entries if name.startswith("xl/worksheets/"))
    body = entries[part].split(b"?>", 1)[-1]
    doctype = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    entries[part] = doctype + body.replace(b"<sheetData>", b"<sheetData>&xxe;", 1)
    return _zip(entries)


def zip_bomb(uncompressed: int) -> bytes:
    """A workbook-shaped zip whose one sheet inflates to `uncompressed` bytes of zeros (and says so)."""
    entries = _sample_entries("organizations")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        with archive.open("xl/worksheets/bomb.xml", "w", force_zip64=True) as entry:
            chunk = b"\0" * (1 << 20)
            for _index in range(uncompressed // len(chunk)):
                entry.write(chunk)
    return out.getvalue()


def lying_zip_bomb(uncompressed: int = 64 << 20) -> bytes:
    """A sheet whose deflate stream inflates to `uncompressed` bytes while the zip says it holds a few KB."""
    entries = _sample_entries("organizations")
    sheet = "xl/worksheets/sheet1.xml"
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    stream = compressor.compress(entries.pop(sheet)) + compressor.compress(b" " * uncompressed)
    stream += compressor.flush()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        # Written raw (stored), then relabelled as deflated with a small declared size.
        archive.writestr(zipfile.ZipInfo(sheet), stream, compress_type=zipfile.ZIP_STORED)
    return _patch_entry(out.getvalue(), sheet, crc=0, method=zipfile.ZIP_DEFLATED, size=4096)


def workbook_with(kind: str, values: dict[str, object], row: int | None = None) -> bytes:
    """The sample workbook of `kind` with the cells under these headers replaced in one data row."""
    wb = load_workbook(SAMPLES[kind])
    ws = wb.worksheets[0]
    header_row = next(r for r in range(1, 6) if sum(1 for c in ws[r] if c.value) >= 3)
    columns = {str(cell.value).strip(): cell.column for cell in ws[header_row] if cell.value}
    target = row or header_row + 2
    for header, value in values.items():
        cell = ws.cell(row=target, column=columns[header], value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # text as typed, even "=cmd|…" (openpyxl would write it as a formula)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
