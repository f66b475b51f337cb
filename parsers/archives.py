"""Archive attachments (ZIP, RAR, 7z): the documents they hold, each a document of its own.

Agencies sometimes publish the report as 报告.zip holding a PDF, DOCX or OFD (sometimes the
report and its tables as two files). `unpack` reads such an archive held in memory and gives
back its members with the media type sniffed from their bytes, plus one note for every
member it left out and why:

    >>> got = unpack(open("报告.zip", "rb").read())
    >>> [(m.name, m.media_type) for m in got.members]
    [('报告.pdf', 'application/pdf'), ('附表/表1.xlsx', 'application/vnd.openxml…sheet')]
    >>> got.notes
    ['setup.exe: not a document nianbao reads (application/octet-stream); skipped']

ZIP is read with the standard library's zipfile, which exposes the UTF-8 flag: a name without
it is decoded as UTF-8 when it is valid UTF-8 (macOS), else as GB18030 (Chinese Windows
writes names in the ANSI code page, GBK, without the flag), and kept as zipfile's cp437 only
when neither fits. RAR and 7z (their names are Unicode) are read through libarchive
(libarchive-c), which streams an entry block by block. Nothing is ever written to disk.

Within `parsers.limits.Limits`:
- names: an absolute path, a drive letter, a `..` part or a control character never becomes
  a document name (zip-slip); such members, symbolic and hard links, and encrypted members
  are skipped with a note; directories silently;
- bombs: every member is inflated block by block against byte caps, whatever its header
  declares: one member at most `max_bytes`, all members together `max_unzipped_bytes`, and
  past 10 MB no more than `max_zip_ratio` times the archive's own size; crossing one refuses
  the whole archive (`ZipBomb`, one line);
- at most `max_archive_members` members are read, and an archive inside an archive is opened
  only down to `max_archive_depth` levels (deeper ones are skipped with a note).
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from parsers import sniff as s
from parsers.document import EXTRACTORS
from parsers.limits import (
    DEFAULT_LIMITS,
    Limits,
    Malformed,
    MissingTool,
    UnsupportedType,
    ZipBomb,
    check_size,
)

#: Archive media type -> short name used in notes and messages.
KINDS: dict[str, str] = {s.ZIP: "ZIP", s.RAR: "RAR", s.SEVENZIP: "7z"}
#: Inflated bytes under which the ratio is not judged (small archives compress text ~10x).
RATIO_FLOOR = 10 * 1024 * 1024
#: Read size when streaming a member.
CHUNK = 256 * 1024
#: Encodings tried, in order, for a ZIP name that is not flagged UTF-8.
ZIP_NAME_ENCODINGS = ("utf-8", "gb18030")

_DRIVE = re.compile(r"^[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Member:
    """One document found in an archive."""

    path: tuple[str, ...]  # its name in each archive, outermost first: ("附表.zip", "表1.xlsx")
    data: bytes
    media_type: str  # sniffed from its bytes (its name breaks ties)

    @property
    def name(self) -> str:
        """The path as one string, levels joined with "!/" (as in a jar: URL)."""
        return "!/".join(self.path)


@dataclass
class Unpacked:
    """What `unpack` read: the kind of archive, its documents, and what it skipped."""

    kind: str  # "ZIP", "RAR", "7z"
    members: list[Member] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # one line per member left out


@dataclass
class _Entry:
    """One entry as a format reader sees it, before any check."""

    name: str
    directory: bool
    link: bool
    encrypted: bool
    blocks: Callable[[], Iterator[bytes]]  # its inflated bytes, block by block


def is_archive(data: bytes, media_type: str | None = None, url: str | None = None) -> bool:
    """Are these bytes a ZIP, RAR or 7z archive (not a DOCX, XLSX or OFD, which are zips)?"""
    return s.sniff(data, media_type, url) in KINDS


def safe_name(name: str) -> str | None:
    """The member's path with "/" separators, or None when it must not name a document:
    absolute, with a drive letter, climbing out with "..", or holding control characters."""
    path = name.replace("\\", "/")
    if not path or path.startswith("/") or _DRIVE.match(path) or _CONTROL.search(path):
        return None
    parts = path.split("/")
    if ".." in parts:
        return None
    return "/".join(p for p in parts if p not in ("", ".")) or None


def zip_name(info: zipfile.ZipInfo) -> str:
    """A ZIP member's name decoded right: zipfile decodes a name without the UTF-8 flag as
    cp437, so its bytes are recovered and tried as UTF-8, then GB18030."""
    if info.flag_bits & 0x800:
        return info.filename
    raw = info.filename.encode("cp437")
    for encoding in ZIP_NAME_ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def unpack(data: bytes, *, media_type: str | None = None, url: str | None = None,
           limits: Limits = DEFAULT_LIMITS) -> Unpacked:
    """The documents in a ZIP, RAR or 7z archive (see the module docstring for the limits).
    Raises `UnsupportedType` for anything else, `Malformed` for an unreadable archive and
    `ZipBomb` when it inflates past the limits."""
    check_size(data, limits.max_bytes, "the archive")
    kind = s.sniff(data, media_type, url)
    if kind not in KINDS:
        raise UnsupportedType(f"not a ZIP, RAR or 7z archive ({kind})")
    out = Unpacked(KINDS[kind])
    _Reader(limits, len(data), out).read(data, kind, ())
    return out


class _Reader:
    """Reads one archive and the archives inside it against one shared budget."""

    def __init__(self, limits: Limits, packed: int, out: Unpacked) -> None:
        self.limits = limits
        self.packed = max(packed, 1)
        self.out = out
        self.inflated = 0
        self.seen = 0

    def read(self, data: bytes, kind: str, outer: tuple[str, ...]) -> None:
        entries = _zip_entries(data) if kind == s.ZIP else _libarchive_entries(data, kind)
        for entry in entries:
            if entry.directory:
                continue
            self._entry(entry, outer)

    def _entry(self, entry: _Entry, outer: tuple[str, ...]) -> None:
        shown = "!/".join((*outer, entry.name))
        name = safe_name(entry.name)
        if name is None:
            return self._note(f"{shown!r}: unsafe name (absolute, drive letter, '..' or "
                              "control characters); skipped")
        path = (*outer, name)
        shown = "!/".join(path)
        if entry.link:
            return self._note(f"{shown}: a link, not a file; skipped")
        if entry.encrypted:
            return self._note(f"{shown}: encrypted (needs a password); skipped")
        self.seen += 1
        if self.seen > self.limits.max_archive_members:
            raise ZipBomb(f"the archive has more than {self.limits.max_archive_members:,} "
                          "members (Limits.max_archive_members)")
        try:
            data = self._inflate(entry, shown)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError) as exc:
            return self._note(f"{shown}: unreadable ({_one_line(exc)}); skipped")
        kind = s.sniff(data, None, name)
        if kind in KINDS:
            if len(path) >= self.limits.max_archive_depth:
                return self._note(f"{shown}: an archive nested deeper than "
                                  f"{self.limits.max_archive_depth} levels "
                                  "(Limits.max_archive_depth); skipped")
            return self.read(data, kind, path)
        if kind not in EXTRACTORS:
            return self._note(f"{shown}: not a document nianbao reads ({kind}); skipped")
        self.out.members.append(Member(path, data, kind))
        return None

    def _inflate(self, entry: _Entry, shown: str) -> bytes:
        """The member's bytes, stopped as soon as a cap is crossed (never trusting sizes)."""
        lim = self.limits
        buf = bytearray()
        for block in entry.blocks():
            buf += block
            self.inflated += len(block)
            if len(buf) > lim.max_bytes:
                raise ZipBomb(f"{shown} inflates past {lim.max_bytes:,} bytes (Limits.max_bytes); "
                              "the archive is refused")
            if self.inflated > lim.max_unzipped_bytes:
                raise ZipBomb(f"the archive inflates past {lim.max_unzipped_bytes:,} bytes at "
                              f"{shown} (Limits.max_unzipped_bytes); refused")
            if self.inflated > RATIO_FLOOR and self.inflated / self.packed > lim.max_zip_ratio:
                raise ZipBomb(f"the archive inflates over {lim.max_zip_ratio:g}x its "
                              f"{self.packed:,} bytes at {shown} (Limits.max_zip_ratio); refused")
        return bytes(buf)

    def _note(self, line: str) -> None:
        self.out.notes.append(line)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _zip_entries(data: bytes) -> Iterator[_Entry]:
    """The entries of a ZIP, from its central directory."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise Malformed(f"the ZIP archive is not readable ({_one_line(exc)})") from None
    for info in archive.infolist():
        mode = info.external_attr >> 16
        yield _Entry(name=zip_name(info), directory=info.is_dir(),
                     link=stat.S_ISLNK(mode), encrypted=bool(info.flag_bits & 0x1),
                     blocks=lambda info=info: _zip_blocks(archive, info))


def _zip_blocks(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    with archive.open(info) as f:
        while block := f.read(CHUNK):
            yield block


def _libarchive_entries(data: bytes, kind: str) -> Iterator[_Entry]:
    """The entries of a RAR or 7z archive, through libarchive (read in order, streamed)."""
    try:
        import libarchive
        from libarchive.exception import ArchiveError
    except (ImportError, OSError) as exc:  # the binding, or the C library it loads
        raise MissingTool(f"reading {KINDS[kind]} archives needs libarchive-c and the "
                          f"libarchive library ({_one_line(exc)})") from None
    try:
        with libarchive.memory_reader(data) as archive:
            for entry in archive:
                name = entry.pathname
                if isinstance(name, bytes):  # not decodable as UTF-8
                    name = name.decode("gb18030", errors="replace")
                yield _Entry(name=name or "", directory=entry.isdir,
                             link=entry.issym or entry.islnk, encrypted=_encrypted(entry),
                             blocks=lambda entry=entry: _libarchive_blocks(entry, ArchiveError))
    except ArchiveError as exc:
        raise Malformed(f"the {KINDS[kind]} archive is not readable ({_one_line(exc)})") from None


def _libarchive_blocks(entry: object, error: type[Exception]) -> Iterator[bytes]:
    try:
        yield from entry.get_blocks()  # type: ignore[attr-defined]
    except error as exc:
        raise OSError(_one_line(exc)) from None


def _encrypted(entry: object) -> bool:
    """libarchive's own verdict (archive_entry_is_encrypted, libarchive >= 3.2)."""
    from libarchive import ffi

    func = getattr(ffi.libarchive, "archive_entry_is_encrypted", None)
    if func is None:
        return False
    func.argtypes = [ffi.c_archive_entry_p]
    return bool(func(entry._entry_p))  # type: ignore[attr-defined]
