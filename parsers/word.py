"""Word documents: .docx read natively (python-docx's XML, tables as full grids with
gridSpan/vMerge expanded); .doc, .wps and .rtf converted to .docx by LibreOffice headless
when it is installed, else a clear `MissingTool` error."""

from __future__ import annotations

import functools
import io
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from parsers.document import Extraction, library_version
from parsers.grid import Block, SpanCell, clean_cell, expand_spans
from parsers.limits import DEFAULT_LIMITS, Limits, Malformed, MissingTool, TimeLimit, ZipBomb
from parsers.sniff import DOC, DOCX

VERSION = "docx/1"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def check_zip(data: bytes, limits: Limits, what: str) -> None:
    """Refuse zip bombs before any XML is inflated: member count, total uncompressed size
    and compression ratio, from the central directory alone."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise Malformed(f"the {what} is not a readable zip ({exc})") from None
    if len(infos) > limits.max_zip_members:
        raise ZipBomb(
            f"the {what} has {len(infos):,} members, over {limits.max_zip_members:,} (Limits.max_zip_members)"
        )
    total = sum(i.file_size for i in infos)
    packed = max(sum(i.compress_size for i in infos), 1)
    if total > limits.max_unzipped_bytes:
        raise ZipBomb(
            f"the {what} inflates to {total:,} bytes, over {limits.max_unzipped_bytes:,} (Limits.max_unzipped_bytes)"
        )
    if total / packed > limits.max_zip_ratio and total > 10 * 1024 * 1024:
        raise ZipBomb(
            f"the {what} inflates {total / packed:,.0f}x, over {limits.max_zip_ratio:g}x (Limits.max_zip_ratio)"
        )


def _para_text(p) -> str:  # noqa: ANN001 - an lxml element
    """A paragraph's text: runs, tabs as spaces, breaks as newlines."""
    out: list[str] = []
    for el in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"):
        if el.tag == f"{W}t":
            out.append(el.text or "")
        elif el.tag == f"{W}tab":
            out.append(" ")
        else:
            out.append("\n")
    return "".join(out)


def _table(tbl, limits: Limits):  # noqa: ANN001, ANN202
    """A w:tbl as a full grid: gridSpan repeats across, vMerge continues from above."""
    rows: list[list[SpanCell]] = []
    open_cells: dict[int, SpanCell] = {}  # grid column -> the cell a vMerge continues
    for tr in tbl.iterchildren(f"{W}tr"):
        row: list[SpanCell] = []
        col = 0
        pr = tr.find(f"{W}trPr")
        before = pr.find(f"{W}gridBefore") if pr is not None else None
        if before is not None:
            n = int(before.get(f"{W}val", "0") or 0)
            row.extend(SpanCell("") for _ in range(n))
            col += n
        for tc in tr.iterchildren(f"{W}tc"):
            tcpr = tc.find(f"{W}tcPr")
            span, vmerge = 1, None
            if tcpr is not None:
                gs = tcpr.find(f"{W}gridSpan")
                if gs is not None:
                    span = max(1, int(gs.get(f"{W}val", "1") or 1))
                vm = tcpr.find(f"{W}vMerge")
                if vm is not None:
                    vmerge = vm.get(f"{W}val", "continue")
            if vmerge == "continue" and col in open_cells:
                text = open_cells[col].text
            else:
                text = clean_cell("\n".join(_para_text(p) for p in tc.iter(f"{W}p")))
            cell = SpanCell(text, 1, span)
            if vmerge == "restart" or vmerge == "continue":
                open_cells[col] = cell
            else:
                open_cells.pop(col, None)
            row.append(cell)
            col += span
        rows.append(row)
    return expand_spans(rows, limits.max_table_cells, limits.max_span)


def docx_blocks(data: bytes, limits: Limits = DEFAULT_LIMITS) -> tuple[list[Block], str | None]:
    """Body paragraphs and tables in order, and the core-properties title."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    check_zip(data, limits, "DOCX")
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise Malformed(f"the DOCX cannot be opened ({type(exc).__name__}: {exc})") from None
    except Exception as exc:  # lxml XMLSyntaxError and friends
        raise Malformed(f"the DOCX cannot be parsed ({type(exc).__name__})") from None
    blocks: list[Block] = []
    for el in document.element.body.iterchildren():
        if el.tag == f"{W}p":
            blocks.extend(line for line in _para_text(el).split("\n") if line.strip())
        elif el.tag == f"{W}tbl":
            blocks.append(_table(el, limits))
        elif el.tag == f"{W}sdt":  # content controls wrap paragraphs and tables
            for p in el.iter(f"{W}p"):
                blocks.append(_para_text(p))
    title = (document.core_properties.title or "").strip() or None
    return blocks, title


def extract_docx(
    data: bytes,
    *,
    media_type: str | None = None,
    url: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Extraction:
    """A .docx -> paragraphs and full-grid tables."""
    blocks, title = docx_blocks(data, limits)
    return Extraction(
        extractor="docx",
        extractor_version=f"{VERSION} {library_version('python-docx')}",
        media_type=DOCX,
        blocks=blocks,
        title=title,
    )


def soffice() -> str | None:
    """The LibreOffice executable, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


@functools.cache
def libreoffice_version() -> str:
    """'libreoffice/7.4.7.2', asked once per process."""
    try:
        out = subprocess.run(
            [soffice() or "soffice", "--version"], capture_output=True, text=True, timeout=60
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        out = ""
    words = out.split()
    return "libreoffice/" + (words[1] if len(words) > 1 else "unknown")


def convert(data: bytes, suffix: str, target: str, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """Convert a document with LibreOffice headless in a private temporary profile."""
    exe = soffice()
    if not exe:
        raise MissingTool(
            f"reading {suffix} files needs LibreOffice (Debian: apt-get install libreoffice-writer-nogui); it is not installed"
        )
    with tempfile.TemporaryDirectory(prefix="nianbao-lo-") as tmp:
        src = Path(tmp) / f"in{suffix}"
        src.write_bytes(data)
        cmd = [exe, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--norestore",
               "--convert-to", target, "--outdir", tmp, str(src)]  # fmt: skip
        try:
            subprocess.run(cmd, capture_output=True, timeout=limits.convert_timeout, check=False)
        except subprocess.TimeoutExpired:
            raise TimeLimit(
                f"LibreOffice took over {limits.convert_timeout:g} s (Limits.convert_timeout)"
            ) from None
        out = Path(tmp) / f"in.{target.split(':')[0]}"
        if not out.exists():
            raise Malformed(
                f"LibreOffice could not convert this {suffix} file (damaged, encrypted or not a document)"
            )
        return out.read_bytes()


def extract_doc(
    data: bytes,
    *,
    media_type: str | None = None,
    url: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Extraction:
    """A .doc, .wps or .rtf -> .docx through LibreOffice -> as `extract_docx`."""
    suffix = {"application/vnd.ms-works": ".wps", "application/rtf": ".rtf"}.get(
        media_type or "", ".doc"
    )
    docx_bytes = convert(data, suffix, "docx", limits)
    blocks, title = docx_blocks(docx_bytes, limits)
    return Extraction(
        extractor="doc",
        extractor_version=f"{VERSION} {libreoffice_version()} {library_version('python-docx')}",
        media_type=media_type or DOC,
        blocks=blocks,
        title=title,
        notes=[f"converted from {suffix} by LibreOffice"],
    )
