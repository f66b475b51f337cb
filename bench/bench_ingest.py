"""Ingest rate on the embedded default (SQLite + local blob folder).

    python bench/bench_ingest.py [--n 10000] [--size 50000]

Prints blobs/s for N distinct bodies of SIZE bytes, then for N repeats of bodies already
stored, each beside a baseline measured in the same process: writing the same bodies as
plain files (no hashing, no compression, no catalogue).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive import Archive  # noqa: E402
from archive.config import Settings  # noqa: E402
from bench._samples import sample_files  # noqa: E402


def bodies(n: int, size: int) -> list[bytes]:
    """N distinct, report-like bodies (sample text with varied numbers), SIZE bytes each."""
    texts = [p.read_text(encoding="utf-8") for p in sample_files()]
    rng = random.Random(42)
    out = []
    for i in range(n):
        chunks, total = [f"<!-- {i} -->".encode()], 0
        while total < size:
            text = rng.choice(texts)
            start = rng.randrange(len(text) // 2)
            piece = (text[start:start + 2000] + str(rng.randrange(10**9))).encode()
            chunks.append(piece)
            total += len(piece)
        out.append(b"".join(chunks)[:size])
    return out


def rate(label: str, n: int, seconds: float, base: float) -> None:
    print(f"{label:<44} {n / seconds:>9.0f} blobs/s   ({seconds:6.2f} s; "
          f"baseline plain file writes {n / base:>8.0f}/s, ratio {seconds / base:4.1f}x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--size", type=int, default=50_000)
    parser.add_argument("--batch", type=int, default=32)
    args = parser.parse_args()
    data = bodies(args.n, args.size)
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "plain"
        plain.mkdir()
        t0 = time.perf_counter()
        for i, body in enumerate(data):
            with open(plain / f"{i}.bin", "wb") as fh:
                fh.write(body)
                fh.flush()
                os.fsync(fh.fileno())
        base = time.perf_counter() - t0

        arc = Archive.open(Settings.from_env({"NIANBAO_HOME": str(Path(tmp) / "home")}))
        t0 = time.perf_counter()
        for i, body in enumerate(data):
            arc.ingest(f"https://bench.example.gov.cn/ndbg/{i}.html", status=200, body=body,
                       response_headers={"Content-Type": "text/html"}, parse=False)
        distinct = time.perf_counter() - t0
        t0 = time.perf_counter()
        for i, body in enumerate(data):
            arc.ingest(f"https://bench.example.gov.cn/ndbg/{i}.html", status=200, body=body,
                       response_headers={"Content-Type": "text/html"}, parse=False)
        repeats = time.perf_counter() - t0
        stored = sum(f.stat().st_size for f in (Path(tmp) / "home" / "blobs").rglob("*.zst"))
        arc.close()

        # What a crawl's archive process does: whatever has arrived, as one batch.
        arc = Archive.open(Settings.from_env({"NIANBAO_HOME": str(Path(tmp) / "batched")}))
        t0 = time.perf_counter()
        for start in range(0, args.n, args.batch):
            arc.ingest_many([dict(url=f"https://bench.example.gov.cn/ndbg/{i}.html", status=200,
                                  body=data[i], response_headers={"Content-Type": "text/html"},
                                  parse=False)
                             for i in range(start, min(start + args.batch, args.n))])
        batched = time.perf_counter() - t0
        arc.close()
    print(f"ingest benchmark: {args.n} bodies of {args.size} bytes, SQLite + local blobs, 1 process")
    rate("distinct bodies (hash+zstd+fsync+catalogue)", args.n, distinct, base)
    rate("repeats (hash + existence check + fetch row)", args.n, repeats, base)
    rate(f"distinct, in batches of {args.batch} (ingest_many)", args.n, batched, base)
    print(f"stored {stored / (args.n * args.size):.0%} of the raw size after zstd")


if __name__ == "__main__":
    main()
