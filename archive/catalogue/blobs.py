"""Content-addressed snapshot store: the exact bytes received, filed under their SHA-256.

Blobs are zstd-compressed under `ab/cd/<digest>.zst`, a path derived from the digest only.
Local writes go to a temporary name and are renamed into place, so a crash never leaves a
half blob under a real name; every read re-hashes the bytes, so corruption is loud.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import uuid
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import IO

import fsspec
import zstandard

from archive.errors import BlobCorruptError, BlobMissingError, ConfigError

DIGEST_RE = re.compile(r"^[0-9a-f]{64}$")
SUFFIX = ".zst"
TMP_PREFIX = ".tmp-"
ZSTD_LEVEL = 6


def _fsync_all(files: Sequence[IO[bytes]]) -> None:
    """fsync files concurrently: the kernel merges concurrent fsyncs into few commits."""
    if len(files) <= 1:
        for fh in files:
            os.fsync(fh.fileno())
        return
    global _FSYNC_POOL
    if _FSYNC_POOL is None:
        _FSYNC_POOL = ThreadPoolExecutor(max_workers=8, thread_name_prefix="nianbao-fsync")
    list(_FSYNC_POOL.map(lambda fh: os.fsync(fh.fileno()), files))


_FSYNC_POOL: ThreadPoolExecutor | None = None


def sha256(data: bytes) -> str:
    """The digest blobs are filed under."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class PutResult:
    digest: str
    size: int
    compressed_size: int | None  # None when the bytes were already stored
    written: bool


class BlobStore:
    """A folder (local or any fsspec URL, e.g. `s3://bucket/prefix`) of compressed blobs."""

    def __init__(self, url: str, *, create: bool = True, **storage_options: object) -> None:
        try:
            fs, root = fsspec.core.url_to_fs(url, **storage_options)
        except (ValueError, ImportError) as exc:
            scheme = url.split("://", 1)[0] if "://" in url else url
            raise ConfigError(
                f"blob store URL {url!r} cannot be used ({exc}); set NIANBAO_STORE_URL to a "
                f"local folder or s3://bucket/prefix (unknown scheme {scheme!r}?)"
            ) from None
        self.url = url
        self.fs = fs
        self.root = root.rstrip("/")
        self.local = "file" in (fs.protocol if isinstance(fs.protocol, tuple) else (fs.protocol,))
        if self.local and create:
            try:
                os.makedirs(self.root, exist_ok=True)
            except OSError as exc:
                raise ConfigError(
                    f"blob folder {self.root} cannot be created ({exc.strerror}); "
                    "set NIANBAO_STORE_URL or NIANBAO_HOME to a writable place"
                ) from None

    def path(self, digest: str) -> str:
        """Where a digest's bytes live: derived from the digest alone."""
        if not DIGEST_RE.match(digest):
            raise ValueError(f"not a SHA-256 hex digest: {digest!r}")
        return f"{self.root}/{digest[:2]}/{digest[2:4]}/{digest}{SUFFIX}"

    def exists(self, digest: str) -> bool:
        return self.fs.exists(self.path(digest))

    def put(self, data: bytes, digest: str | None = None) -> PutResult:
        """Store bytes; if they are already there this costs one existence check."""
        return self.put_many([(data, digest or sha256(data))])[0]

    def put_many(self, items: Sequence[tuple[bytes, str]]) -> list[PutResult]:
        """Store several (bytes, digest) pairs. Locally every new file is written under a
        temporary name and all are fsynced together (the file system commits them in one
        journal transaction) before any is renamed into place."""
        results: dict[str, PutResult] = {}
        staged: list[tuple[str, str, IO[bytes]]] = []
        try:
            for data, digest in items:
                if digest in results:
                    continue
                target = self.path(digest)
                if os.path.exists(target) if self.local else self.fs.exists(target):
                    results[digest] = PutResult(digest, len(data), None, False)
                    continue
                packed = zstandard.ZstdCompressor(level=ZSTD_LEVEL).compress(data)
                results[digest] = PutResult(digest, len(data), len(packed), True)
                if self.local:
                    folder = os.path.dirname(target)
                    os.makedirs(folder, exist_ok=True)
                    tmp = os.path.join(folder, f"{TMP_PREFIX}{uuid.uuid4().hex}")
                    fh = open(tmp, "wb")  # noqa: SIM115 - closed below, after the fsync
                    staged.append((tmp, target, fh))
                    fh.write(packed)
                    fh.flush()
                else:
                    # Object stores publish an object only once its upload completes.
                    self.fs.pipe_file(target, packed)
            _fsync_all([fh for _, _, fh in staged])
            for tmp, target, fh in staged:
                fh.close()
                os.replace(tmp, target)
            staged.clear()
        finally:
            for tmp, _, fh in staged:  # a failure part-way: no temporary file stays behind
                fh.close()
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
        seen: set[str] = set()
        out = []
        for data, digest in items:  # the same bytes twice in one call are written once
            res = results[digest]
            out.append(res if digest not in seen else PutResult(digest, len(data), None, False))
            seen.add(digest)
        return out

    def get(self, digest: str) -> bytes:
        """The exact bytes filed under `digest`, re-hashed on the way out."""
        target = self.path(digest)
        try:
            packed = self.fs.cat_file(target)
        except FileNotFoundError:
            raise BlobMissingError(digest, f"blob {digest} is missing from {self.url}") from None
        try:
            data = zstandard.ZstdDecompressor().decompress(packed)
        except zstandard.ZstdError as exc:
            raise BlobCorruptError(
                digest, f"blob {digest} is corrupt: cannot decompress {target} ({exc}); "
                "run `nianbao fsck` to list every damaged blob"
            ) from None
        actual = sha256(data)
        if actual != digest:
            raise BlobCorruptError(
                digest, f"blob {digest} is corrupt: its bytes hash to {actual}; "
                "run `nianbao fsck` to list every damaged blob"
            )
        return data

    def stored_size(self, digest: str) -> int:
        return int(self.fs.size(self.path(digest)))

    def digests(self) -> Iterator[str]:
        """Every digest that has a file in the store (temporary files excluded)."""
        if self.local and not os.path.isdir(self.root):
            return
        for path in self.fs.find(self.root):
            name = path.rsplit("/", 1)[-1]
            if name.endswith(SUFFIX) and DIGEST_RE.match(name[: -len(SUFFIX)]):
                yield name[: -len(SUFFIX)]

    def temporary_files(self) -> list[str]:
        """Leftovers of interrupted writes: never visible as blobs, safe to delete."""
        if self.local and not os.path.isdir(self.root):
            return []
        return [p for p in self.fs.find(self.root) if p.rsplit("/", 1)[-1].startswith(TMP_PREFIX)]
