"""Hostile and broken files: each ends in exit 2 with one short message and no traceback, in
under 5 s and 500 MB, and is never written to.

Every case runs the real CLI in a child process; its own peak memory comes from os.wait4, so
Python's start-up is included and nothing of the test process is counted.
"""

import hashlib
import os
import struct
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
MAX_SECONDS = 5.0
MAX_MB = 500

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
    'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="'
    'application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/'
    'worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.worksheet+xml"/></Types>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
    'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats'
    '.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="学校" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
    'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats'
    '.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main"><sheetData>'
)
SHEET_TAIL = "</sheetData></worksheet>"
HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>学校标识码</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>学校名称</t></is></c></row>'
)


def xlsx(path: Path, sheet_rows, shared=None, prologue: str = "") -> Path:
    """A minimal real workbook whose sheet XML (and shared strings) are streamed in pieces."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            fh.write((prologue + SHEET_HEAD).encode())
            for piece in sheet_rows:
                fh.write(piece.encode() if isinstance(piece, str) else piece)
            fh.write(SHEET_TAIL.encode())
        if shared is not None:
            with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as fh:
                fh.write(b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/')
                fh.write(b'spreadsheetml/2006/main">')
                for piece in shared:
                    fh.write(piece)
                fh.write(b"</sst>")
    return path


def million_rows():
    yield HEADER_ROW
    block = []
    for r in range(2, 1_000_002):
        block.append(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>')
        if len(block) == 50_000:
            yield "".join(block)
            block = []
    yield "".join(block)


def huge_shared_strings():
    chunk = b"<si><t>" + b"A" * (1 << 20) + b"</t></si>"
    for _ in range(300):  # 300 MB of text, a few hundred KB compressed
        yield chunk


def lying_sizes(path: Path) -> Path:
    """A zip bomb that declares a tiny size for a large sheet (the directory lies)."""
    rows = (f'<row r="{r}"><c r="A{r}"><v>1</v></c></row>' for r in range(1, 200_000))
    xlsx(path, rows)
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    for sig, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = 0
        while (at := data.find(sig, at)) >= 0:
            name_len = struct.unpack_from("<H", data, at + (26 if sig == b"PK\x03\x04" else 28))[0]
            name_at = at + (30 if sig == b"PK\x03\x04" else 46)
            if bytes(data[name_at : name_at + name_len]) == name:
                struct.pack_into("<I", data, at + size_at, 1000)
            at += 4
    path.write_bytes(bytes(data))
    return path


def ods(path: Path, rows_xml: str) -> Path:
    """A minimal OpenDocument spreadsheet whose table is `rows_xml`."""
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="学校">'
        '<table:table-row><table:table-cell office:value-type="string"><text:p>学校标识码</text:p>'
        f"</table:table-cell></table:table-row>{rows_xml}</table:table></office:spreadsheet>"
        "</office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        mime = zipfile.ZipInfo("mimetype")
        z.writestr(mime, "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        z.writestr("content.xml", content)
    return path


ODS_VALUE = '<table:table-cell office:value-type="float" office:value="1"{}/>'

BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)


def build(kind: str, tmp: Path) -> Path:
    """Each hostile file, by name; built here (except the LibreOffice / msoffcrypto fixtures)."""
    p = tmp / f"{kind}.xlsx"
    if kind == "empty":
        p.write_bytes(b"")
    elif kind == "text_named_xlsx":
        p.write_text("学校标识码,学校名称\n1,一小\n", encoding="utf-8")
    elif kind == "html_named_xls":
        p = tmp / "export.xls"
        p.write_text("<html><body><table><tr><td>学校</td></tr></table></body></html>")
    elif kind == "pdf_named_xlsx":
        p.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    elif kind == "corrupt_zip":
        good = xlsx(tmp / "good.xlsx", [HEADER_ROW])
        p.write_bytes(good.read_bytes()[:-200])  # the central directory is cut off
    elif kind == "corrupt_deflate":
        good = xlsx(tmp / "good.xlsx", [HEADER_ROW, '<row r="2"><c r="A2"><v>1</v></c></row>'])
        data = bytearray(good.read_bytes())
        at = data.find(b"xl/worksheets/sheet1.xml") + 40
        data[at : at + 40] = b"\xff" * 40  # scrambled compressed data
        p.write_bytes(bytes(data))
    elif kind == "encrypted":
        p = FIXTURES / "encrypted.xlsx"
    elif kind == "million_rows":
        xlsx(p, million_rows())
    elif kind == "far_cell":
        xlsx(p, [HEADER_ROW, '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'])
    elif kind == "far_ref_digits":  # a short sheet with one cell 100 million rows down
        xlsx(p, [HEADER_ROW, '<row r="2"><c r="Z99999999"><v>1</v></c></row>'])
    elif kind == "wide_cell":
        xlsx(p, [HEADER_ROW.replace("</row>", '<c r="XFD1"><v>1</v></c></row>'),
                 '<row r="5000"><c r="A5000"><v>1</v></c></row>'])  # fmt: skip
    elif kind == "huge_shared_strings":
        xlsx(p, [HEADER_ROW], huge_shared_strings())
    elif kind == "repeated_shared_string":
        one = [b"<si><t>" + b"B" * 100_000 + b"</t></si>"]
        cells = "".join(
            f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>' for r in range(2, 5002)
        )
        xlsx(p, [HEADER_ROW, cells], one)
    elif kind == "entity_bomb":
        xlsx(p, [HEADER_ROW.replace("学校名称", "&lol9;")], prologue=BILLION_LAUGHS)
    elif kind == "deep_nesting":
        xlsx(p, [HEADER_ROW, "<x>" * 2_000_000, "</x>" * 2_000_000])
    elif kind == "lying_zip":
        lying_sizes(p)
    elif kind == "many_entries":
        with zipfile.ZipFile(p, "w") as z:
            for i in range(20_000):
                z.writestr(f"xl/media/{i}.xml", "")
    elif kind == "no_header_row":
        xlsx(p, ['<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row>'] * 1)
    elif kind == "empty_sheet":
        xlsx(p, [])
    elif kind == "million_row_csv":
        p = tmp / "big.csv"
        with p.open("w", encoding="utf-8") as fh:
            fh.write("学校标识码,学校名称\n")
            fh.writelines(f"{i},学校{i}\n" for i in range(1_000_001))
    elif kind == "ods_repeated_rows":  # one row that says it repeats a million times
        row = ODS_VALUE.format("")
        ods(
            tmp / "r.ods",
            f'<table:table-row table:number-rows-repeated="1000000">{row}</table:table-row>',
        )
        p = tmp / "r.ods"
    elif kind == "ods_repeated_cells":  # calamine would abort allocating 80 million cells
        cell = ODS_VALUE.format(' table:number-columns-repeated="16000"')
        ods(
            tmp / "c.ods",
            f'<table:table-row table:number-rows-repeated="5000">{cell}</table:table-row>',
        )
        p = tmp / "c.ods"
    elif kind == "malformed_xml":
        xlsx(p, [HEADER_ROW, '<row r="2"><c r="A2"><v>1</v></row></c><<<'])
    elif kind == "corrupt_ole":
        p = tmp / "old.xls"
        p.write_bytes((FIXTURES / "county.xls").read_bytes()[:1500])
    else:
        raise AssertionError(kind)
    return p


EXPECTED = {
    "empty": "E122",
    "text_named_xlsx": "E123",
    "html_named_xls": "E123",
    "pdf_named_xlsx": "E123",
    "corrupt_zip": "E123",
    "corrupt_deflate": "E123",
    "encrypted": "E124",
    "million_rows": "E125",
    "far_cell": "E125",
    "far_ref_digits": "E125",
    "wide_cell": "E126",
    "huge_shared_strings": "E127",
    "repeated_shared_string": "E127",
    "entity_bomb": "E127",
    "deep_nesting": "E104",
    "lying_zip": "E123",
    "many_entries": "E127",
    "no_header_row": "E104",
    "empty_sheet": "E104",
    "million_row_csv": "E125",
    "corrupt_ole": "E123",
    "ods_repeated_rows": "E125",
    "ods_repeated_cells": "E126",
    "malformed_xml": "E102",
}


def run_measured(args: list[str]) -> tuple[int, str, float, float]:
    """Run the CLI in a child; return its exit code, output, seconds and peak MB."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "QBCHECK_LANG": "en"}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "qbcheck", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
    )
    out = proc.stdout.read().decode("utf-8", "replace")  # type: ignore[union-attr]
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, out, seconds, usage.ru_maxrss / 1024


MEASURED: dict[str, tuple[float, float]] = {}


@pytest.mark.parametrize("kind", list(EXPECTED))
@pytest.mark.parametrize("command", ["audit", "validate"])
def test_hostile_file_ends_in_a_clear_error(kind, command, tmp_path):
    path = build(kind, tmp_path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    code, out, seconds, mb = run_measured([command, str(path), "--lang", "en"])
    MEASURED[f"{command} {kind}"] = (seconds, mb)
    assert code == 2, out
    assert f"[{EXPECTED[kind]}]" in out, out
    assert "Traceback" not in out and "panicked" not in out and "Error:" not in out
    assert len(out.strip().splitlines()) <= 3, out  # one short paragraph
    assert seconds < MAX_SECONDS, f"{kind}: {seconds:.2f} s"
    assert mb < MAX_MB, f"{kind}: {mb:.0f} MB"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_limits_can_be_raised(tmp_path):
    path = build("far_cell", tmp_path)
    code, out, _, _ = run_measured(["validate", str(path), "--max-rows", "5", "--lang", "en"])
    assert code == 2 and "more than the limit of 5" in out
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(2, 12))
    small = xlsx(tmp_path / "ten.xlsx", [HEADER_ROW, rows])
    code, out, _, _ = run_measured(["validate", str(small), "--max-rows", "5", "--lang", "en"])
    assert code == 2 and "[E125] Sheet '学校' has 10 data rows, more than the limit of 5" in out
    code, out, _, _ = run_measured(["validate", str(small), "--max-rows", "10"])
    assert "[E125]" not in out


def test_limit_defaults_agree():
    from qbcheck import cli
    from qbcheck.files.guard import Limits

    assert (Limits().max_rows, Limits().max_cells) == (cli.MAX_ROWS, cli.MAX_CELLS)


def test_report_measurements(capsys, pytestconfig):
    """Print what the hostile cases cost, for the record, when pytest is asked to be verbose
    (-v): a quiet run, as CI's, stays a line of dots."""
    if pytestconfig.get_verbosity() < 1:
        return
    with capsys.disabled():
        for name, (seconds, mb) in sorted(MEASURED.items()):
            print(f"\n  {name:40s} {seconds:5.2f} s {mb:6.0f} MB", end="")
        print()


# --- the xlsx sheet scan in-process: exact extents and marks, at any chunk size ----------------


def _row(r: int, cells: str) -> str:
    return f'<row r="{r}">{cells}</row>'


def _inspect(path: Path, monkeypatch, chunk: int, **limits):
    from qbcheck.files import guard

    monkeypatch.setattr(guard, "CHUNK", chunk)
    monkeypatch.setattr(guard, "READ", chunk * 3 + 1)
    return guard.inspect_zip(path, lambda name: True, guard.Limits(**limits))


CHUNKS = [64, 97, 256, 1000, 1 << 22]


@pytest.mark.parametrize("chunk", CHUNKS)
def test_marks_exact_across_chunk_boundaries(chunk, tmp_path, monkeypatch):
    rows = [HEADER_ROW]
    expected = {}
    for r in range(2, 120):
        rows.append(
            _row(
                r,
                f'<c r="A{r}" t="inlineStr"><is><t>学校{r}</t></is></c>'
                f'<c r="C{r}" t="e"><v>#DIV/0!</v></c>'
                f'<c r="AB{r}"><f>SUM(A{r}:B{r})</f></c>'
                f'<c r="D{r}"><f>1+1</f><v>2</v></c>',
            )
        )
        expected[(r, 2)] = ("error", "#DIV/0!")
        expected[(r, 27)] = ("formula", f"SUM(A{r}:B{r})")
    path = xlsx(tmp_path / "marks.xlsx", rows)
    assert _inspect(path, monkeypatch, chunk).marks == {"学校": expected}


@pytest.mark.parametrize("chunk", CHUNKS)
@pytest.mark.parametrize("col", ["AA", "AZ", "ZZ", "AAA", "XFD"])
def test_wide_column_is_the_width(col, chunk, tmp_path, monkeypatch):
    from qbcheck.core.errors import InputError
    from qbcheck.files.guard import col_index

    rows = [HEADER_ROW] + [_row(r, f'<c r="A{r}"><v>{r}</v></c>') for r in range(2, 60)]
    rows.insert(30, _row(60, f'<c r="{col}60"><v>1</v></c>'))  # out of order, mid-sheet
    path = xlsx(tmp_path / "wide.xlsx", rows)
    width = col_index(col) + 1
    _inspect(path, monkeypatch, chunk, max_cells=60 * width)
    with pytest.raises(InputError) as err:
        _inspect(path, monkeypatch, chunk, max_cells=60 * width - 1)
    assert err.value.problems[0].code == "E126"


@pytest.mark.parametrize("chunk", CHUNKS)
@pytest.mark.parametrize("far", [300, 900, 5_000, 3_000_000])  # beyond 2x the last row
def test_cell_naming_a_row_beyond_its_row(far, chunk, tmp_path, monkeypatch):
    from qbcheck.core.errors import InputError

    rows = [HEADER_ROW] + [_row(r, f'<c r="A{r}"><v>{r}</v></c>') for r in range(2, 150)]
    rows.insert(100, _row(100, f'<c r="B{far}"><v>1</v></c>'))
    path = xlsx(tmp_path / "far.xlsx", rows)
    _inspect(path, monkeypatch, chunk, max_rows=far - 1, max_cells=10**9)
    with pytest.raises(InputError) as err:
        _inspect(path, monkeypatch, chunk, max_rows=far - 2, max_cells=10**9)
    assert err.value.problems[0].code == "E125"


@pytest.mark.parametrize("chunk", CHUNKS)
@pytest.mark.parametrize("attrs", ["", ' s="1"', ' t="n"'])
def test_cells_without_reference_in_a_wide_row(attrs, chunk, tmp_path, monkeypatch):
    """Cells placed by order: the row is as wide as its number of cells."""
    from qbcheck.core.errors import InputError

    rows = [HEADER_ROW] + [_row(r, f'<c r="A{r}"><v>{r}</v></c>') for r in range(2, 50)]
    rows.insert(20, _row(50, f"<c{attrs}><v>1</v></c>" * 40))
    path = xlsx(tmp_path / "noref.xlsx", rows)
    _inspect(path, monkeypatch, chunk, max_cells=50 * 40)
    with pytest.raises(InputError) as err:
        _inspect(path, monkeypatch, chunk, max_cells=50 * 40 - 1)
    assert err.value.problems[0].code == "E126"


@pytest.mark.parametrize("chunk", [40, 64, 97, 1000])
def test_pieces_cut_only_after_end_tags(chunk, monkeypatch):
    from qbcheck.files import guard

    monkeypatch.setattr(guard, "CHUNK", chunk)
    xml = (HEADER_ROW + "".join(_row(r, f'<c r="A{r}"><v>{r}</v></c><c r="B{r}"/>') for r in
           range(2, 200))).encode()  # fmt: skip
    for size in (7, 100, 333, 4096):
        parts = [xml[i : i + size] for i in range(0, len(xml), size)]
        pieces = list(guard._pieces(parts))
        assert b"".join(buf[s:e] for buf, s, e in pieces) == xml
        for buf, _, e in pieces[:-1]:  # after an end tag, or (no end tag in sight) before a tag
            assert buf[:e].endswith((b"</c>", b"</row>")) or buf[e : e + 1] == b"<"


def test_scan_stops_its_helper_thread_on_error(tmp_path, monkeypatch):
    import threading

    from qbcheck.core.errors import InputError

    rows = [HEADER_ROW] + [_row(r, f'<c r="A{r}"><v>{r}</v></c>') for r in range(2, 5000)]
    path = xlsx(tmp_path / "rows.xlsx", rows)
    before = threading.active_count()
    with pytest.raises(InputError):
        _inspect(path, monkeypatch, 256, max_rows=10)
    assert threading.active_count() == before


# References written in the other forms XML allows and calamine reads: each is placed where it
# names, so the guard must see it there too.
FAR_FORMS = {
    "lowercase": '<c r="b{r}"><v>1</v></c>',
    "mixed case": '<c r="Ab{r}"><v>1</v></c>',
    "single quotes": "<c r='B{r}'><v>1</v></c>",
    "spaces round =": '<c r = "B{r}"><v>1</v></c>',
    "tab before r": '<c\tr="B{r}"><v>1</v></c>',
    "r not first": '<c s="1" r="B{r}"><v>1</v></c>',
}


@pytest.mark.parametrize("chunk", [64, 1000, 1 << 22])
@pytest.mark.parametrize("form", list(FAR_FORMS))
def test_a_far_reference_in_any_form_is_seen(form, chunk, tmp_path, monkeypatch):
    from qbcheck.core.errors import InputError

    far = 5_000
    rows = [HEADER_ROW] + [_row(r, f'<c r="A{r}"><v>{r}</v></c>') for r in range(2, 150)]
    rows.insert(100, _row(100, FAR_FORMS[form].format(r=far)))
    path = xlsx(tmp_path / "far.xlsx", rows)
    _inspect(path, monkeypatch, chunk, max_rows=far - 1, max_cells=10**9)
    with pytest.raises(InputError) as err:
        _inspect(path, monkeypatch, chunk, max_rows=far - 2, max_cells=10**9)
    assert err.value.problems[0].code == "E125"


@pytest.mark.parametrize("ref", ['r="xfd7"', "r='XFD7'", 'r = "XFD7"', 'r="ABCD7"'])
def test_a_wide_reference_in_any_form_is_seen(ref, tmp_path, monkeypatch):
    from qbcheck.core.errors import InputError

    rows = [HEADER_ROW] + [_row(r, f'<c r="A{r}"><v>{r}</v></c>') for r in range(2, 10)]
    rows.append(_row(10, f"<c {ref}><v>1</v></c>"))
    path = xlsx(tmp_path / "wide.xlsx", rows)
    with pytest.raises(InputError) as err:
        _inspect(path, monkeypatch, 1 << 22, max_cells=10 * 16_000)
    assert err.value.problems[0].code == "E126"


def test_a_quoted_row_number_places_unreferenced_cells(tmp_path, monkeypatch):
    """Cells without r= sit in their row, and a row's number may be written r='…'."""
    from qbcheck.core.errors import InputError

    rows = [HEADER_ROW, "<row r='9000'><c><v>1</v></c></row>"]
    path = xlsx(tmp_path / "row.xlsx", rows)
    with pytest.raises(InputError) as err:
        _inspect(path, monkeypatch, 1 << 22, max_rows=8_000, max_cells=10**9)
    assert err.value.problems[0].code == "E125"


@pytest.mark.parametrize("chunk", [64, 1000, 1 << 22])
def test_rows_without_a_number_follow_the_row_before(chunk, tmp_path, monkeypatch):
    """<row r="100"> then 60 rows without r=: calamine puts the last at row 160."""
    from qbcheck.core.errors import InputError

    rows = [HEADER_ROW, _row(100, "<c><v>1</v></c>")] + ["<row><c><v>2</v></c></row>"] * 60
    path = xlsx(tmp_path / "rows.xlsx", rows)
    _inspect(path, monkeypatch, chunk, max_rows=159, max_cells=10**9)
    with pytest.raises(InputError) as err:
        _inspect(path, monkeypatch, chunk, max_rows=158, max_cells=10**9)
    assert err.value.problems[0].code == "E125"


def test_a_reference_after_a_very_long_tag_is_still_seen(tmp_path, monkeypatch):
    """A piece may end inside a tag with megabytes of attributes: its r= is in the next one."""
    from qbcheck.core.errors import InputError

    long_tag = '<c s="1" x="' + "y" * 10_000 + '" r="b5000"><v>1</v></c>'
    rows = [HEADER_ROW] + [_row(r, f'<c r="A{r}"><v>{r}</v></c>') for r in range(2, 40)]
    rows.append(_row(40, long_tag))
    path = xlsx(tmp_path / "long.xlsx", rows)
    with pytest.raises(InputError) as err:
        _inspect(path, monkeypatch, 1000, max_rows=4_000, max_cells=10**9)
    assert err.value.problems[0].code == "E125"
