"""Archive attachments (parsers.archives): members listed and sniffed, names decoded the way
Chinese Windows and macOS write them, zip-slip names and links refused, encrypted members
reported, bombs stopped at the limit in one line, 7z read, nesting bounded.

Every archive is written by a real library: zipfile (ZIP), libarchive through libarchive-c
(7z, ZIP with GBK names as Chinese Windows writes them, encrypted ZIP). RAR is not tested:
no free tool writes RAR, and no RAR file ships with anything installed here.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from parsers import parse_bytes
from parsers.archives import unpack
from parsers.limits import DEFAULT_LIMITS, IsArchive, ZipBomb
from parsers.sniff import PDF, SEVENZIP, TEXT, ZIP, sniff
from tests.samples import PDFS

libarchive = pytest.importorskip("libarchive", reason="libarchive-c is not installed")

REPORT = (PDFS / "13_hongze_2024.pdf").read_bytes()
NAME = "洪泽区2024年政府信息公开工作年度报告.pdf"


def written(fmt: str, files: list[tuple[str, bytes]], **options: str) -> bytes:
    """An archive written by libarchive: `fmt` "zip" or "7zip"."""
    out = bytearray()

    def take(block: bytes) -> int:
        out.extend(block)
        return len(block)

    with libarchive.custom_writer(take, fmt, **options) as archive:
        for name, data in files:
            archive.add_file_from_memory(name, len(data), data)
    return bytes(out)


def zipped(files: list[tuple[str | zipfile.ZipInfo, bytes]], **kw: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, **kw) as zf:
        for name, data in files:
            zf.writestr(name, data)
    return buf.getvalue()


def test_members_are_listed_with_their_own_media_types() -> None:
    data = zipped([(NAME, REPORT), ("附表/说明.txt", "说明".encode()), ("目录/", b"")])
    got = unpack(data)
    assert got.kind == "ZIP"
    assert [(m.name, m.media_type) for m in got.members] == [(NAME, PDF), ("附表/说明.txt", TEXT)]
    assert got.members[0].data == REPORT
    assert got.notes == []  # a directory is no member, and no news


def test_a_stored_pdf_does_not_make_the_zip_a_pdf() -> None:
    """A zip that stores its PDF uncompressed shows %PDF- near its start: still a zip."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr(NAME, REPORT)
    data = buf.getvalue()
    assert b"%PDF-" in data[:1024]
    assert sniff(data) == ZIP
    assert [m.media_type for m in unpack(data).members] == [PDF]


def test_gbk_names_without_the_utf8_flag_are_decoded() -> None:
    """Chinese Windows writes names in GBK without the UTF-8 flag (libarchive's
    hdrcharset=GBK writes them the same way); zipfile alone would show cp437 mojibake."""
    data = written("zip", [(NAME, REPORT)], options="hdrcharset=GBK")
    info = zipfile.ZipFile(io.BytesIO(data)).infolist()[0]
    assert not info.flag_bits & 0x800 and info.filename != NAME  # really GBK, unflagged
    assert [m.name for m in unpack(data).members] == [NAME]


def test_utf8_names_are_kept() -> None:
    assert [m.name for m in unpack(written("zip", [(NAME, REPORT)])).members] == [NAME]
    assert [m.name for m in unpack(zipped([(NAME, REPORT)])).members] == [NAME]


def test_zip_slip_names_and_links_never_become_documents() -> None:
    link = zipfile.ZipInfo("捷径.pdf")
    link.external_attr = 0o120777 << 16  # a symbolic link, as Info-ZIP stores one
    data = zipped([("../../etc/报告.pdf", REPORT), ("/abs/报告.pdf", REPORT),
                   ("C:/Windows/报告.pdf", REPORT), ("..\\报告.pdf", REPORT),
                   ("a/./../../报告.pdf", REPORT), (link, b"/etc/passwd"),
                   ("好/报告.pdf", REPORT)])
    got = unpack(data)
    assert [m.name for m in got.members] == ["好/报告.pdf"]
    assert len(got.notes) == 6
    assert all("\n" not in n and n.endswith("skipped") for n in got.notes)
    assert "'../../etc/报告.pdf': unsafe name" in got.notes[0]
    assert got.notes[5] == "捷径.pdf: a link, not a file; skipped"


def test_an_encrypted_member_is_reported_in_one_line() -> None:
    data = written("zip", [(NAME, REPORT)], options="encryption=zipcrypt", passphrase="pw")
    got = unpack(data)
    assert got.members == []
    assert got.notes == [f"{NAME}: encrypted (needs a password); skipped"]


def test_executables_are_skipped_with_a_note() -> None:
    elf = Path("/bin/true").read_bytes()[:4096]
    got = unpack(zipped([("setup.exe", b"MZ" + bytes(200)), ("run", elf), (NAME, REPORT)]))
    assert [m.name for m in got.members] == [NAME]
    assert got.notes == [
        "setup.exe: not a document nianbao reads (application/octet-stream); skipped",
        "run: not a document nianbao reads (application/octet-stream); skipped"]


def test_7z_is_read() -> None:
    data = written("7zip", [(NAME, REPORT), ("附表/说明.txt", "说明".encode())])
    assert sniff(data) == SEVENZIP
    got = unpack(data)
    assert got.kind == "7z"
    assert [(m.name, m.media_type) for m in got.members] == [(NAME, PDF), ("附表/说明.txt", TEXT)]
    assert got.members[0].data == REPORT


def test_nesting_is_bounded() -> None:
    """An archive in the archive is opened; one more level down is skipped with a note."""
    deepest = zipped([("深.pdf", REPORT)])
    inner = written("7zip", [("表.pdf", REPORT), ("更深.zip", deepest)])
    got = unpack(zipped([(NAME, REPORT), ("附件.7z", inner)]))
    assert [m.path for m in got.members] == [(NAME,), ("附件.7z", "表.pdf")]
    assert got.notes == ["附件.7z!/更深.zip: an archive nested deeper than 2 levels "
                         "(Limits.max_archive_depth); skipped"]
    deeper = unpack(zipped([("附件.7z", inner)]), limits=DEFAULT_LIMITS.with_(max_archive_depth=3))
    assert [m.name for m in deeper.members] == ["附件.7z!/表.pdf", "附件.7z!/更深.zip!/深.pdf"]


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """128 MiB of zeros deflated (~600 kB), written in 1 MiB pieces so the test holds
    little. (1 GiB would take 6-16 s to deflate on this machine; 128 MiB is past every cap.)"""
    path = tmp_path_factory.mktemp("bomb") / "报告.zip"
    zero = bytes(1 << 20)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        with zf.open(NAME, "w", force_zip64=True) as f:
            for _ in range(128):
                f.write(zero)
    return path.read_bytes()


def test_a_zip_bomb_is_stopped_at_the_limit_in_one_line(bomb: bytes) -> None:
    assert len(bomb) < 1 << 20
    with pytest.raises(ZipBomb) as caught:
        unpack(bomb)
    message = str(caught.value)
    assert message == (f"{NAME} inflates past 104,857,600 bytes (Limits.max_bytes); "
                       "the archive is refused")


def test_a_bomb_is_stopped_by_the_total_and_the_ratio_caps(bomb: bytes) -> None:
    small = DEFAULT_LIMITS.with_(max_unzipped_bytes=8 << 20)
    with pytest.raises(ZipBomb, match=r"inflates past 8,388,608 bytes .*max_unzipped_bytes"):
        unpack(bomb, limits=small)
    with pytest.raises(ZipBomb, match=r"inflates over 20x .*Limits.max_zip_ratio"):
        unpack(bomb, limits=DEFAULT_LIMITS.with_(max_zip_ratio=20))


def test_too_many_members_are_refused() -> None:
    data = zipped([(f"{i}.txt", b"report") for i in range(5)])
    with pytest.raises(ZipBomb, match="more than 3 members"):
        unpack(data, limits=DEFAULT_LIMITS.with_(max_archive_members=3))


def test_an_archive_is_not_parsed_as_one_record() -> None:
    with pytest.raises(IsArchive) as caught:
        parse_bytes(zipped([(NAME, REPORT)]), url="https://example.gov.cn/a/报告.zip")
    assert "archive" in str(caught.value) and "\n" not in str(caught.value)
