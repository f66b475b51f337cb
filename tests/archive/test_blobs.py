"""The snapshot store: exact bytes back, stored once, corruption loud, crashes invisible."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from archive.catalogue.blobs import BlobStore, sha256
from archive.errors import BlobCorruptError, BlobMissingError, ConfigError


@pytest.fixture
def store(tmp_path: Path) -> BlobStore:
    return BlobStore(str(tmp_path / "blobs"))


def test_round_trip_returns_the_exact_bytes(store: BlobStore) -> None:
    body = "北仑区人民政府2024年度政府信息公开工作年度报告".encode() * 500
    put = store.put(body)
    assert put.digest == sha256(body) and put.written
    assert store.get(put.digest) == body
    assert put.compressed_size is not None and put.compressed_size < len(body)


def test_path_is_derived_from_the_digest_only(store: BlobStore) -> None:
    digest = store.put(b"abc").digest
    assert store.path(digest).endswith(f"/{digest[:2]}/{digest[2:4]}/{digest}.zst")
    assert os.path.isfile(store.path(digest))


def test_storing_known_bytes_writes_nothing(store: BlobStore) -> None:
    first = store.put(b"same bytes")
    mtime = os.stat(store.path(first.digest)).st_mtime_ns
    again = store.put(b"same bytes")
    assert not again.written and again.compressed_size is None
    assert os.stat(store.path(first.digest)).st_mtime_ns == mtime
    assert list(store.digests()) == [first.digest]


@pytest.mark.parametrize("damage", ["flip_byte", "truncate", "other_blob"])
def test_corruption_is_a_loud_error(store: BlobStore, damage: str) -> None:
    digest = store.put(b"report body " * 100).digest
    path = Path(store.path(digest))
    raw = bytearray(path.read_bytes())
    if damage == "flip_byte":
        raw[len(raw) // 2] ^= 0xFF
    elif damage == "truncate":
        raw = raw[: len(raw) // 2]
    else:  # a valid compressed blob of different bytes filed under this digest
        raw = bytearray(Path(store.path(store.put(b"something else").digest)).read_bytes())
    path.write_bytes(bytes(raw))
    with pytest.raises(BlobCorruptError) as info:
        store.get(digest)
    assert digest in str(info.value) and "nianbao fsck" in str(info.value)
    assert path.read_bytes() == bytes(raw), "a corrupt blob is never overwritten on read"


def test_missing_blob_is_a_dedicated_error(store: BlobStore) -> None:
    with pytest.raises(BlobMissingError):
        store.get("0" * 64)


def test_crash_mid_write_leaves_no_visible_blob(store: BlobStore) -> None:
    # A real process dies between writing the temporary file and renaming it.
    code = (
        "import os, sys\n"
        "from archive.catalogue.blobs import BlobStore\n"
        "os.replace = lambda *a: os._exit(9)\n"
        f"BlobStore({store.root!r}).put(b'half written' * 1000)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True)
    assert proc.returncode == 9
    digest = sha256(b"half written" * 1000)
    assert not store.exists(digest)
    assert list(store.digests()) == []
    assert len(store.temporary_files()) == 1
    # The next writer of the same bytes succeeds as if nothing had happened.
    assert store.put(b"half written" * 1000).written
    assert store.get(digest) == b"half written" * 1000


def test_unknown_store_scheme_names_the_setting() -> None:
    with pytest.raises(ConfigError, match="NIANBAO_STORE_URL"):
        BlobStore("nosuchscheme://bucket/x")


def test_s3_compatible_store_round_trip(s3_store_url: str, s3_endpoint: str) -> None:
    store = BlobStore(s3_store_url, endpoint_url=s3_endpoint)
    body = "第二十条第（一）项".encode() * 300
    put = store.put(body)
    assert put.written and store.exists(put.digest)
    assert not store.put(body).written
    assert store.get(put.digest) == body
    assert list(store.digests()) == [put.digest]
