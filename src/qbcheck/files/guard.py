"""Look at a file's shape before any library loads it, so hostile or broken files end in a message.

python-calamine loads a whole sheet into memory as a dense grid (last row x last column) and
aborts the process, uncatchably, when that grid cannot be allocated. So before calamine sees a
file, this module reads the container's directory and streams the parts calamine will read,
with bounded memory, checking:

- the kind of file from its first bytes, whatever its name says;
- zip structure: entry count, declared sizes (Python's zipfile stops at the declared size and
  checks the CRC, so a lying entry is caught), encryption, DTDs (Excel never writes one, and
  entities are how XML bombs work);
- each wanted sheet's true extent (last row, last column) against the row and cell limits;
- text volume, including shared strings repeated by many cells;
- cells calamine shows as blank although they are not: Excel error cells (#DIV/0!) and formulas
  saved without a computed value. These come back as `marks`, so the model can say so precisely.

Only byte-level scans run per cell (C speed); per-match Python work is kept to rare patterns.
"""

from __future__ import annotations

import contextlib
import functools
import queue
import re
import struct
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

from qbcheck.core.errors import InputError, Problem

CHUNK = 1 << 22  # bytes of decompressed XML looked at per step
READ = 1 << 24  # bytes of decompressed XML read per step (fewer, longer runs of zlib)
MAX_ENTRIES = 10_000  # zip entries; a real workbook has dozens
MAX_CELL_TEXT = 32_767 * 4 + 64  # Excel's longest cell text, in UTF-8 bytes, plus markup


@dataclass(frozen=True)
class Limits:
    """What a file may hold before it is refused; --max-rows / --max-cells raise them."""

    max_rows: int = 300_000
    max_cells: int = 20_000_000

    @property
    def max_xml_bytes(self) -> int:
        """Decompressed XML per part: generous for real sheets (about 40 bytes a cell)."""
        return max(64 * self.max_cells, 1 << 26)

    @property
    def max_text_bytes(self) -> int:
        """Text the cells of one sheet may hold in all, shared strings counted per use."""
        return max(8 * self.max_cells, 1 << 26)


Mark = tuple[str, str]  # ("error", "#DIV/0!") or ("formula", "SUM(A2:A9)")
Want = Callable[[str], bool]  # which sheets will be read


@dataclass
class Inspection:
    kind: str  # xlsx / ods / xls
    marks: dict[str, dict[tuple[int, int], Mark]] = field(default_factory=dict)  # sheet → marks


def _fail(code: str, path: Path, **params: object) -> InputError:
    """One problem that stops reading; `what` names a catalogue phrase (file.<what>)."""
    from qbcheck.core.messages import Phrase

    if isinstance(params.get("what"), str):
        params["what"] = Phrase(f"file.{params['what']}")
    params.setdefault("detail", "")
    if params["detail"]:
        params["detail"] = f" ({params['detail']})"
    return InputError([Problem(code, {"path": path.name, **params})])


# --- what is this file? ------------------------------------------------------------------

ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP = b"PK\x05\x06"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(head: bytes) -> str:
    """The container kind from the first bytes: zip, ole, or a description of what it is."""
    if head.startswith((ZIP_MAGIC, EMPTY_ZIP)):
        return "zip"
    if head.startswith(OLE_MAGIC):
        return "ole"
    low = head[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if low.startswith(b"%pdf"):
        return "pdf"
    if low.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")) or b"<html" in low:
        return "html"
    if low.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in head:
        return "xml2003"
    if low.startswith(b"<?xml") or low.startswith(b"<"):
        return "xml"
    if head.startswith((b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf", b"\x89PNG", b"\xff\xd8\xff")):
        return "binary"
    if b"\x00" in head[:4096] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"
    return "text"


# --- zip containers: xlsx / xlsm / ods ----------------------------------------------------


def _entry_count(path: Path) -> int | None:
    """The entry count from the end-of-central-directory record, read without parsing it all."""
    size = path.stat().st_size
    with path.open("rb") as fh:
        fh.seek(max(0, size - 65_557))
        tail = fh.read()
    at = tail.rfind(EMPTY_ZIP)
    if at < 0 or at + 22 > len(tail):
        return None
    total = struct.unpack_from("<H", tail, at + 10)[0]
    if total == 0xFFFF:  # zip64: the locator sits just before the EOCD record
        loc = tail.rfind(b"PK\x06\x07", 0, at)
        if loc >= 0:
            offset = struct.unpack_from("<Q", tail, loc + 8)[0]
            with path.open("rb") as fh:
                fh.seek(offset)
                rec = fh.read(56)
            if rec.startswith(b"PK\x06\x06") and len(rec) >= 40:
                return struct.unpack_from("<Q", rec, 32)[0]
    return total


def inspect_zip(path: Path, want: Want, limits: Limits) -> Inspection:
    count = _entry_count(path)
    if count is None:
        raise _fail("E123", path, what="damaged_zip")
    if count > MAX_ENTRIES:
        raise _fail("E127", path, what="entries", detail=f"{count:,}")
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        raise _fail("E123", path, what="damaged_zip") from None
    with zf:
        names = set(zf.namelist())
        if "mimetype" in names:
            mime = zf.read("mimetype")[:100] if zf.getinfo("mimetype").file_size < 200 else b""
            if b"opendocument.spreadsheet" not in mime:
                raise _fail("E123", path, what="other_document")
            kind = "ods"
        elif "xl/workbook.bin" in names:
            raise _fail("E123", path, what="xlsb")
        elif "xl/workbook.xml" in names:
            kind = "xlsx"
        elif any(n.startswith(("word/", "ppt/")) for n in names):
            raise _fail("E123", path, what="other_document")
        else:
            raise _fail("E123", path, what="zip")
        infos = zf.infolist()
        if any(i.flag_bits & 0x1 for i in infos):
            raise _fail("E124", path)
        for i in infos:
            if i.file_size > limits.max_xml_bytes:
                raise _fail("E127", path, what="part", detail=f"{i.filename} {i.file_size:,} B")
        try:
            if kind == "xlsx":
                return _inspect_xlsx(zf, path, want, limits)
            return _inspect_ods(zf, path, want, limits)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
            # a CRC mismatch, a declared size that lies, a truncated or unsupported stream
            raise _fail("E123", path, what="damaged_zip", detail=str(exc)[:100]) from None
        except zlib.error:
            raise _fail("E123", path, what="damaged_zip") from None


def _stream(zf: zipfile.ZipFile, name: str, path: Path, limits: Limits):
    """Yield a part's decompressed bytes in chunks, refusing DTDs and over-budget sizes."""
    total = 0
    with zf.open(name) as fh:
        while chunk := fh.read(READ):
            if not total:
                _no_dtd(chunk, name, path)
            total += len(chunk)
            if total > limits.max_xml_bytes:
                raise _fail(
                    "E127", path, what="part", detail=f"{name} > {limits.max_xml_bytes:,} B"
                )
            yield chunk


_PROLOGUE_END = re.compile(rb"<[A-Za-z_]")


def _no_dtd(head: bytes, name: str, path: Path) -> None:
    """Spreadsheet XML never has a DTD; entities in one are how XML bombs expand."""
    m = _PROLOGUE_END.search(head)
    prologue = head[: m.start()] if m else head
    if b"<!DOCTYPE" in prologue.upper() or b"<!ENTITY" in prologue.upper():
        raise _fail("E127", path, what="dtd", detail=name)


def _drain(zf: zipfile.ZipFile, name: str, path: Path, limits: Limits) -> bytes:
    """Read a small part whole (workbook.xml, rels); the same checks as streaming."""
    return b"".join(_stream(zf, name, path, limits))


_ATTR = re.compile(rb'([\w:]+)\s*=\s*"([^"]*)"')
_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)>")
_REL_TAG = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)>")


def _attrs(raw: bytes) -> dict[str, str]:
    return {
        k.decode().split(":")[-1]: unescape(v.decode("utf-8", "replace"))
        for k, v in _ATTR.findall(raw)
    }


def _sheet_parts(zf: zipfile.ZipFile, path: Path, limits: Limits) -> dict[str, str]:
    """Sheet name → zip entry of its XML, from workbook.xml and its relationships."""
    wb = _drain(zf, "xl/workbook.xml", path, limits)
    rels_name = "xl/_rels/workbook.xml.rels"
    rels = _drain(zf, rels_name, path, limits) if rels_name in zf.namelist() else b""
    targets: dict[str, str] = {}
    for raw in _REL_TAG.findall(rels):
        a = _attrs(raw)
        if "Id" in a and "Target" in a:
            t = a["Target"]
            targets[a["Id"]] = t.lstrip("/") if t.startswith("/") else f"xl/{t}"
    out: dict[str, str] = {}
    for raw in _SHEET_TAG.findall(wb):
        a = _attrs(raw)
        if "name" in a and "id" in a and a["id"] in targets:
            out[a["name"]] = targets[a["id"]]
    return out


# Matches used by the xlsx sheet scan. Each pass over the XML costs about as much as
# decompressing it, so only a few run over every cell, each failing fast on an ordinary cell; the
# rest look for rare patterns. A pattern that starts with a rare byte ("w" of <row, "f" of <f,
# 'e"' of t="e") is much cheaper to search for than one starting with the ubiquitous "<".
_ROW = re.compile(rb'w(?<=<row)\b[^>]*?(?:\sr="(\d+)"|>)')  # every <row, with its number if given
_WIDE_COL = re.compile(rb' r="([A-Z]{2,3})\d')  # cells past column Z
_NO_REF = re.compile(rb'<c(?! r=")[\s>/]')  # a cell whose position is not its first attribute
_ANY_REF_ROW = re.compile(rb'\sr="[A-Z]{1,3}(\d+)"')
_HAS_ERROR = re.compile(rb'e"(?<=t="e")')  # t="e" anywhere
_HAS_FORMULA = re.compile(rb"f(?<=<f)")  # <f anywhere
_ERROR_CELL = re.compile(rb'<c r="([A-Z]{1,3})(\d+)"[^>]*?\bt="e"[^>]*>\s*<v>([^<]*)</v>')
_FORMULA_NO_VALUE = re.compile(
    rb'<c r="([A-Z]{1,3})(\d+)"[^>/]*>\s*<f\b[^>]*?(?:/>|>([^<]*)</f>)'
    rb"\s*(?:<v\s*/>|<v></v>)?\s*</c>"
)
_SHARED_REF = re.compile(rb'\bt="s"[^>]*>\s*<v>(\d+)</v>')
_SINGLE_COL = [re.compile(rb' r="%c\d' % (65 + k)) for k in range(26)]
# Excel writes a reference as r="AB12", but XML and calamine also take r='AB12', r = "ab12"
# and other spacing: such a cell, or a reference that is not letters then digits, sends the
# piece through an exact reading of every reference, whatever its form.
_ODD_FORM = re.compile(rb' r="(?:[^A-Z\d]|[A-Z]{1,3}[^A-Z\d]|[A-Z]{4})')
_LOOSE_CELL_REF = re.compile(rb'\sr\s*=\s*(["\'])([A-Za-z]+)(\d+)\1')  # only cells name one so
_LOOSE_ROW_REF = re.compile(rb'<row\b[^>]*?\sr\s*=\s*(["\'])(\d+)\1')


def _larger_row(lead: int, digits: int) -> bytes:
    """A row number of as many digits as the last row's and a larger first digit (a regex
    alternative, empty when the first digit is 9)."""
    return rb"|[%d-9]\d{%d}" % (lead + 1, digits - 1) if lead < 9 else b""


@functools.cache
def _odd_ref(lead: int, digits: int) -> re.Pattern[bytes]:
    """A cell reference past column Z or to a row beyond the last one (within 2x: a row number
    of more digits, or as many digits and a larger first digit), in capitals or not (calamine
    reads both, and refuses anything but letters then digits). One pass, and an ordinary
    reference fails it on its second character or its first digit or two."""
    same = _larger_row(lead, digits) + (b'"' if lead < 9 else b"")
    return re.compile(rb' r="[A-Za-z](?:[A-Za-z]|\d{%d}%s)' % (digits + 1, same))


@functools.cache
def _beyond(lead: int, digits: int) -> re.Pattern[bytes]:
    """A cell reference to a row of more digits (any number more), or as many digits and a
    larger first digit."""
    return re.compile(rb' r="[A-Z]{1,3}(?:\d{%d,}%s)"' % (digits + 1, _larger_row(lead, digits)))


def col_index(letters: bytes | str) -> int:
    """'A' → 0, 'AA' → 26."""
    n = 0
    for ch in letters if isinstance(letters, str) else letters.decode():
        n = n * 26 + (ord(ch) - 64)
    return n - 1


@dataclass
class _Extent:
    rows: int = 0  # <row> elements seen
    last_row: int = 0  # the largest row number any row or cell names
    last_col: int = 0  # the largest column index + 1
    string_cells: int = 0
    open_cells: int = 0  # cells (<c) of the row the last piece left open
    at_row: int = 0  # the number of the last <row> seen (one without r= follows the one before)


def _inspect_xlsx(zf: zipfile.ZipFile, path: Path, want: Want, limits: Limits) -> Inspection:
    names = zf.namelist()
    parts = _sheet_parts(zf, path, limits)
    wanted_parts = {part: s for s, part in parts.items() if want(s)}
    # Every other XML part calamine reads: check it is what it claims (size, CRC, no DTD).
    for name in names:
        if name.endswith((".xml", ".rels")) and name not in wanted_parts:
            if name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml":
                continue
            if name.startswith(("xl/media/", "xl/drawings/", "xl/charts/", "customXml/")):
                continue
            for _ in _stream(zf, name, path, limits):
                pass
    lengths: list[int] = []
    longest = 0
    if "xl/sharedStrings.xml" in names:
        lengths, longest = _shared_strings(zf, path, limits)
    out = Inspection("xlsx")
    for part, sheet in wanted_parts.items():
        if part not in names:
            continue
        marks: dict[tuple[int, int], Mark] = {}
        ext = _scan_sheet(zf, part, path, sheet, limits, marks, bool(lengths))
        if ext.string_cells and ext.string_cells * longest > limits.max_text_bytes:
            # the cheap bound failed: count what the cells really reference
            total = 0
            for chunk in _stream(zf, part, path, limits):
                total += sum(
                    lengths[i] for i in map(int, _SHARED_REF.findall(chunk)) if i < len(lengths)
                )
            if total > limits.max_text_bytes:
                raise _fail("E127", path, what="text_volume", detail=f"{total:,} B")
        out.marks[sheet] = marks
    return out


def _shared_strings(zf: zipfile.ZipFile, path: Path, limits: Limits) -> tuple[list[int], int]:
    """The byte length of each shared string, and the longest."""
    lengths: list[int] = []
    carry = b""
    total = 0
    for chunk in _stream(zf, "xl/sharedStrings.xml", path, limits):
        total += len(chunk)
        if total > limits.max_text_bytes:
            raise _fail("E127", path, what="text_volume", detail=f"sharedStrings > {total:,} B")
        pieces = (carry + chunk).split(b"</si>")
        carry = pieces.pop()
        lengths.extend(map(len, pieces))
        if len(carry) > MAX_CELL_TEXT:
            raise _fail("E127", path, what="cell_text", detail=f"> {len(carry):,} B")
    longest = max(lengths, default=0)
    if longest > MAX_CELL_TEXT:
        raise _fail("E127", path, what="cell_text", detail=f"{longest:,} B")
    return lengths, longest


def _scan_sheet(
    zf: zipfile.ZipFile,
    part: str,
    path: Path,
    sheet: str,
    limits: Limits,
    marks: dict[tuple[int, int], Mark],
    shared: bool,
) -> _Extent:
    """Stream one sheet's XML: its true extent, and the cells calamine would show as blank."""
    ext = _Extent()
    for buf, start, end in _pieces(_ahead(_stream(zf, part, path, limits))):
        _scan_chunk(buf, start, end, ext, marks, path, sheet, limits, shared)
    return ext


_DONE = object()


def _ahead(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The same chunks, decompressed by a helper thread a step or two ahead of the caller.

    zlib inflates (and checks the CRC) without holding the interpreter lock, so on two cores the
    next chunk is decompressed while this one is scanned. Errors reach the caller as raised; a
    caller that stops early stops the helper before the zip file is closed."""
    box: queue.Queue[object] = queue.Queue(maxsize=2)
    stop = threading.Event()

    def produce() -> None:
        item: object = _DONE
        try:
            with contextlib.closing(chunks):  # type: ignore[type-var]  # a generator closes
                for chunk in chunks:
                    box.put(chunk)
                    if stop.is_set():
                        return
        except BaseException as exc:  # handed to the caller, who raises it
            item = exc
        box.put(item)

    helper = threading.Thread(target=produce, name="xlsx-inflate", daemon=True)
    helper.start()
    try:
        while (item := box.get()) is not _DONE:
            if isinstance(item, BaseException):
                raise item
            yield item  # type: ignore[misc]  # not the end marker: a chunk of bytes
    finally:
        stop.set()
        while helper.is_alive():  # let a helper blocked on a full queue see `stop`
            with contextlib.suppress(queue.Empty):
                box.get(timeout=0.01)
        helper.join()


def _end_tag_cut(buf: bytes, start: int, end: int) -> int:
    """Just past the last cell or row end tag in buf[start:end], or -1 if there is none."""
    cut = max(buf.rfind(b"</c>", start, end) + 4, buf.rfind(b"</row>", start, end) + 6)
    return cut if cut > start + 5 else -1


def _pieces(chunks: Iterable[bytes]) -> Iterator[tuple[bytes, int, int]]:
    """Cut the XML after a cell's or row's end tag, about every CHUNK bytes, so no cell
    straddles two pieces.

    Yields (buffer, start, end) to scan in place: the bulk of each chunk is never copied; only
    the seam (the tail carried over and the new chunk up to its first row end) is joined, so a
    row is split only where a cut falls inside it anyway."""
    carry = b""
    for raw in chunks:
        start = 0
        if carry:
            first = raw.find(b"</row>")
            start = first + 6 if first >= 0 else _end_tag_cut(raw, 0, len(raw))
            if start < 0:  # no end tag: one huge cell or row, or no cells at all
                carry += raw
                if len(carry) > CHUNK * 2:
                    cut = carry.rfind(b"<")  # before the last tag, so that no tag is cut
                    cut = cut if cut > 0 else len(carry)
                    yield carry, 0, cut
                    carry = carry[cut:]
                continue
            seam = carry + raw[:start]
            yield seam, 0, len(seam)
        while True:
            cut = _end_tag_cut(raw, start, min(start + CHUNK, len(raw)))
            if cut < 0:
                cut = _end_tag_cut(raw, start, len(raw))
            if cut < 0:
                break
            yield raw, start, cut
            start = cut
        carry = raw[start:]
    if carry:
        yield carry, 0, len(carry)


def _scan_chunk(
    buf: bytes,
    start: int,
    end: int,
    ext: _Extent,
    marks: dict[tuple[int, int], Mark],
    path: Path,
    sheet: str,
    limits: Limits,
    shared: bool,
) -> None:
    """Scan buf[start:end]: update the extent, check the limits, and collect the marks."""
    rows = _ROW.findall(buf, start, end)
    ext.rows += len(rows)
    if b"" in rows:  # a row without r= is the one after the row before it, as calamine reads it
        at, top = ext.at_row, ext.last_row
        for r in rows:
            at = int(r) if r else at + 1
            top = max(top, at)
        ext.at_row, ext.last_row = at, top
    elif rows:
        ext.at_row = int(rows[-1])
        ext.last_row = max(ext.last_row, ext.at_row, max(map(int, rows)))
    ext.last_row = max(ext.last_row, ext.rows)
    # A cell may name a row far beyond its <row>: look for a reference with more digits, or as
    # many and a larger first digit, than the last row so far (a bound within 2x), and read
    # every reference only if there is one, or that bound is too loose to prove the limit.
    text = str(max(ext.last_row, 1))
    digits, lead = len(text), int(text[0])
    bound = (lead + 1) * 10 ** (digits - 1)
    wide: set[bytes] = set()
    far = loose = False
    if _odd_ref(lead, digits).search(buf, start, end):  # ordinary sheets skip these passes
        wide = set(_WIDE_COL.findall(buf, start, end))
        far = _beyond(lead, digits).search(buf, start, end) is not None
        loose = _ODD_FORM.search(buf, start, end) is not None
    if wide:
        ext.last_col = max(ext.last_col, max(col_index(w) for w in wide) + 1)
    elif rows:
        # Columns A to Z only: 26 proves the limit holds unless the rows are very many.
        narrow = 26 if ext.last_row * 26 <= limits.max_cells else _last_single_col(buf, start, end)
        ext.last_col = max(ext.last_col, narrow)
    if far or bound * max(ext.last_col, 1) > limits.max_cells:
        nums = _ANY_REF_ROW.findall(buf, start, end)
        if nums:
            ext.last_row = max(ext.last_row, max(map(int, set(nums))))
    if _NO_REF.search(buf, start, end):
        # Cells placed by order, not by reference: a row's width is its number of cells,
        # counting those of a row begun in an earlier piece. Or references written otherwise.
        counts = [seg.count(b"<c") for seg in buf[start:end].split(b"</row>")]
        counts[0] += ext.open_cells
        ext.last_col = max(ext.last_col, max(counts))
        loose = True
    if loose:
        refs = _LOOSE_CELL_REF.findall(buf, start, end)
        if refs:
            ext.last_row = max(ext.last_row, max(int(row) for _, _, row in refs))
            widest = max({letters.upper() for _, letters, _ in refs}, key=lambda x: (len(x), x))
            ext.last_col = max(ext.last_col, col_index(widest) + 1)
        numbers = [int(n) for _, n in _LOOSE_ROW_REF.findall(buf, start, end)]
        ext.last_row = max(ext.last_row, *numbers) if numbers else ext.last_row
    row_end = buf.rfind(b"</row>", start, end)
    if row_end >= 0:
        ext.open_cells = buf.count(b"<c", row_end + 6, end)
    else:
        ext.open_cells += buf.count(b"<c", start, end)
    if shared:
        ext.string_cells += buf.count(b't="s"', start, end)
    if ext.last_row - 1 > limits.max_rows:
        raise _fail("E125", path, sheet=sheet, rows=f"{ext.last_row - 1:,}", limit=limits.max_rows)
    cells = ext.last_row * max(ext.last_col, 1)
    if cells > limits.max_cells:
        raise _fail("E126", path, sheet=sheet, cells=f"{cells:,}", limit=limits.max_cells)
    if _HAS_ERROR.search(buf, start, end):
        for letters, row, value in _ERROR_CELL.findall(buf, start, end):
            marks[(int(row), col_index(letters))] = ("error", value.decode("utf-8", "replace"))
    if _HAS_FORMULA.search(buf, start, end):
        for letters, row, formula in _FORMULA_NO_VALUE.findall(buf, start, end):
            text_ = unescape(formula.decode("utf-8", "replace")) if formula else ""
            marks.setdefault((int(row), col_index(letters)), ("formula", text_))


def _last_single_col(buf: bytes, start: int, end: int) -> int:
    """The last one-letter column any cell names (Z down to A)."""
    for k in range(25, -1, -1):
        if _SINGLE_COL[k].search(buf, start, end):
            return k + 1
    return 1


# --- ODS ----------------------------------------------------------------------------------

_ODS_TOKEN = re.compile(
    rb"<table:table\s[^>]*?table:name=\"([^\"]*)\"|</table:table>"
    rb"|<table:table-row\b([^>]*?)(/?)>|</table:table-row>"
    rb"|<table:(?:covered-)?table-cell\b([^>]*?)(/?)>"
)
_ODS_ROWS_REP = re.compile(rb'table:number-rows-repeated="(\d+)"')
_ODS_COLS_REP = re.compile(rb'table:number-columns-repeated="(\d+)"')
_ODS_VALUE = re.compile(rb"office:value-type=")
_ODS_FORMULA = re.compile(rb'table:formula="([^"]*)"')
_ODS_ERROR = re.compile(rb'calcext:value-type="error"')
_ODS_TEXT_P = re.compile(rb"<text:p[^>]*>([^<]*)</text:p>")


def _inspect_ods(zf: zipfile.ZipFile, path: Path, want: Want, limits: Limits) -> Inspection:
    """Walk content.xml's rows and cells with their repeat counts, as calamine expands them."""
    for name in zf.namelist():
        if name.endswith(".xml") and name != "content.xml":
            for _ in _stream(zf, name, path, limits):
                pass
    out = Inspection("ods")
    if "content.xml" not in zf.namelist():
        return out
    walk = _OdsWalk(path, want, limits, out)
    carry = b""
    for raw in _stream(zf, "content.xml", path, limits):
        buf = carry + raw if carry else raw
        cut = buf.rfind(b"</table:table-row>") + len(b"</table:table-row>")
        if cut < len(b"</table:table-row>"):
            cut = len(buf) if len(buf) > CHUNK * 2 else 0
        walk.feed(buf[:cut])
        carry = buf[cut:]
    walk.feed(carry)
    return out


@dataclass
class _OdsWalk:
    path: Path
    want: Want
    limits: Limits
    out: Inspection
    table: str | None = None
    marks: dict[tuple[int, int], Mark] = field(default_factory=dict)
    row: int = 0
    col: int = 0
    row_rep: int = 1
    row_has_value: bool = False
    last_row: int = 0
    last_col: int = 0

    def feed(self, data: bytes) -> None:
        for m in _ODS_TOKEN.finditer(data):
            name, row_attrs, row_empty, cell_attrs, _ = m.groups()
            tok = m.group(0)
            if name is not None:
                self.table = unescape(name.decode("utf-8", "replace"))
                self.marks, self.row, self.last_row, self.last_col = {}, 0, 0, 0
            elif tok == b"</table:table>":
                if self.table is not None and self.want(self.table):
                    self.out.marks[self.table] = self.marks
                self.table = None
            elif self.table is None or not self.want(self.table):
                continue
            elif row_attrs is not None:
                r = _ODS_ROWS_REP.search(row_attrs)
                self.row_rep = int(r.group(1)) if r else 1
                self.row += 1
                self.col = 0
                self.row_has_value = False
                if row_empty:
                    self.row += self.row_rep - 1
            elif tok == b"</table:table-row>":
                if self.row_has_value:
                    self.last_row = max(self.last_row, self.row + self.row_rep - 1)
                self.row += self.row_rep - 1
                _ods_limits(self.last_row, self.last_col, self.path, self.table, self.limits)
            elif cell_attrs is not None:
                self._cell(cell_attrs, data, m.end())

    def _cell(self, attrs: bytes, data: bytes, end: int) -> None:
        c = _ODS_COLS_REP.search(attrs)
        rep = int(c.group(1)) if c else 1
        has_value = bool(_ODS_VALUE.search(attrs))
        formula = _ODS_FORMULA.search(attrs)
        if has_value or formula:
            self.row_has_value = True
            self.last_col = max(self.last_col, self.col + rep)
            mark: Mark | None = None
            if has_value and _ODS_ERROR.search(attrs):
                p = _ODS_TEXT_P.match(data, end)
                mark = ("error", unescape(p.group(1).decode("utf-8", "replace")) if p else "#ERR")
            elif formula and not has_value:
                text = unescape(formula.group(1).decode("utf-8", "replace"))
                mark = ("formula", text.removeprefix("of:").removeprefix("="))
            if mark:
                for k in range(min(rep, 64)):
                    self.marks[(self.row, self.col + k)] = mark
        self.col += rep


def _ods_limits(last_row: int, last_col: int, path: Path, sheet: str, limits: Limits) -> None:
    if last_row - 1 > limits.max_rows:
        raise _fail("E125", path, sheet=sheet, rows=f"{last_row - 1:,}", limit=limits.max_rows)
    if last_row * last_col > limits.max_cells:
        raise _fail(
            "E126", path, sheet=sheet, cells=f"{last_row * last_col:,}", limit=limits.max_cells
        )


# --- OLE containers: .xls, or an encrypted xlsx --------------------------------------------

_BIFF_CELLS = {0x0203, 0x0204, 0x0205, 0x0006, 0x027E, 0x00FD, 0x00D6}  # cells with data
_BIFF_MUL = 0x00BD  # MULRK: row, first col, ..., last col
_BIFF_ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?",
                0x24: "#NUM!", 0x2A: "#N/A"}  # fmt: skip


def inspect_ole(path: Path, want: Want, limits: Limits) -> Inspection:
    import olefile

    try:
        ole = olefile.OleFileIO(str(path))
    except Exception:  # olefile raises OSError and its own types for damaged files
        raise _fail("E123", path, what="damaged_ole") from None
    with ole:
        streams = {"/".join(s) for s in ole.listdir()}
        if "EncryptedPackage" in streams or "EncryptionInfo" in streams:
            raise _fail("E124", path)
        name = "Workbook" if "Workbook" in streams else "Book" if "Book" in streams else None
        if name is None:
            raise _fail("E123", path, what="other_document")
        if ole.get_size(name) > limits.max_xml_bytes:
            raise _fail("E127", path, what="part", detail=f"{name} {ole.get_size(name):,} B")
        data = ole.openstream(name).read()
    return _inspect_biff(data, path, want, limits)


def _inspect_biff(data: bytes, path: Path, want: Want, limits: Limits) -> Inspection:
    """Walk BIFF records: encryption, each wanted sheet's extent, and its error cells."""
    out = Inspection("xls")
    sheets: dict[int, str] = {}
    pos, n = 0, len(data)
    unpack = struct.unpack_from
    biff8 = n >= 6 and unpack("<H", data, 4)[0] >= 0x0600  # BIFF5 names are code-page bytes
    # The workbook globals come first, up to their EOF record.
    while pos + 4 <= n:
        rtype, size = unpack("<HH", data, pos)
        body = pos + 4
        if rtype == 0x002F:  # FILEPASS: the workbook is encrypted
            raise _fail("E124", path)
        if rtype == 0x0085 and size >= 8:  # BOUNDSHEET: where each sheet starts
            offset = unpack("<I", data, body)[0]
            cch = data[body + 6]
            if biff8:
                wide = data[body + 7] & 1
                raw = data[body + 8 : body + 8 + cch * (2 if wide else 1)]
                sheets[offset] = raw.decode("utf-16-le" if wide else "latin-1", "replace")
            else:
                sheets[offset] = data[body + 7 : body + 7 + cch].decode("gbk", "replace")
        pos = body + size
        if rtype == 0x000A:
            break
    for offset, sheet in sheets.items():
        if not want(sheet):
            continue
        marks: dict[tuple[int, int], Mark] = {}
        last_row = last_col = 0
        pos = offset
        while pos + 4 <= n:
            rtype, size = unpack("<HH", data, pos)
            body = pos + 4
            pos = body + size
            if rtype == 0x000A:
                break
            if rtype in _BIFF_CELLS and size >= 4:
                r, c = unpack("<HH", data, body)
                last_row, last_col = max(last_row, r + 1), max(last_col, c + 1)
                if rtype == 0x0205 and size >= 8 and data[body + 7] == 1:  # BOOLERR, an error
                    marks[(r + 1, c)] = ("error", _BIFF_ERRORS.get(data[body + 6], "#ERR"))
                elif (
                    rtype == 0x0006
                    and size >= 14
                    and data[body + 12 : body + 14] == b"\xff\xff"
                    and data[body + 6] == 2  # a formula whose cached result is an error
                ):
                    marks[(r + 1, c)] = ("error", _BIFF_ERRORS.get(data[body + 8], "#ERR"))
            elif rtype == _BIFF_MUL and size >= 6:
                r, c = unpack("<HH", data, body)
                last = unpack("<H", data, body + size - 2)[0]
                last_row, last_col = max(last_row, r + 1), max(last_col, last + 1)
        _ods_limits(last_row, last_col, path, sheet, limits)
        out.marks[sheet] = marks
    return out
