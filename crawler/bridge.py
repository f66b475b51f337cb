"""The crawl's one connection to the archive: an archive process.

`archive.Archive` is a plain synchronous object and Scrapy runs on an event loop. The bridge
starts one archive process per crawl process (`python -m crawler.bridge FACTORY`) and sends it
every call as a pickled frame on its stdin; answers come back on its stdout and resolve the
awaiting coroutine. Hashing, compressing, fsyncing and cataloguing every response therefore
run on another core, never holding the crawl's interpreter lock, and the event loop only
writes bytes into a pipe (with flow control, so a slow archive slows the crawl instead of
filling memory). Calls are answered in the order they are sent, as by one worker thread.

When the crawl process dies (kill -9 included) the archive process reads end-of-file,
finishes the calls it has already received, closes the archive and exits: nothing sent is
lost, and a resumed crawl learns from the archive which exchanges it already holds.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import pickle
import sys
import threading
import traceback
from itertools import groupby
from typing import IO, Any

from scrapy.crawler import Crawler

from archive.errors import NianbaoError
from crawler.resume import hold_lock

_BRIDGES: dict[str, ArchiveBridge] = {}
_LOCK = threading.Lock()
_HEADER = 8  # bytes of the little-endian frame length
_PROTOCOL = pickle.HIGHEST_PROTOCOL
#: A call the archive process answers itself: hold a job's lock file (shared) until it
#: exits, so a resumed crawl can wait for an orphaned archive process (`crawler.resume`).
HOLD_LOCK = "_hold_lock"


class ArchiveProcessError(NianbaoError, RuntimeError):
    """The archive process failed or went away; the message says how."""


def load_object(path: str) -> Any:
    """`"package.module:attr.attr"` -> the object."""
    module, _, attrs = path.partition(":")
    obj: Any = importlib.import_module(module)
    for attr in filter(None, attrs.split(".")):
        obj = getattr(obj, attr)
    return obj


def _frame(payload: Any) -> bytes:
    data = pickle.dumps(payload, protocol=_PROTOCOL)
    return len(data).to_bytes(_HEADER, "little") + data


class ArchiveBridge:
    """An Archive living in its own process; shared by all crawlers of a crawl process."""

    def __init__(self, factory: str) -> None:
        self.factory = factory
        self.users = 0
        self._proc: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None
        self._pending: dict[int, asyncio.Future[Any]] = {}
        self._next = 0
        self._starting: asyncio.Lock | None = None
        self._failure: str | None = None

    @classmethod
    def for_crawler(cls, crawler: Crawler) -> ArchiveBridge:
        """The process-wide bridge for this crawler's archive factory setting."""
        factory = crawler.settings.get("NIANBAO_ARCHIVE_FACTORY", "archive:Archive.open_for_crawl")
        with _LOCK:
            bridge = _BRIDGES.get(factory)
            if bridge is None:
                bridge = _BRIDGES[factory] = cls(factory)
            return bridge

    async def _ensure_started(self) -> asyncio.subprocess.Process:
        if self._proc is not None:
            return self._proc
        if self._starting is None:
            self._starting = asyncio.Lock()
        async with self._starting:
            if self._proc is None:
                proc = await asyncio.create_subprocess_exec(
                    sys.executable, "-m", "crawler.bridge", self.factory,
                    stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                    limit=2**20)
                self._failure = None
                self._reader = asyncio.ensure_future(self._read_answers(proc))
                self._proc = proc
        assert self._proc is not None
        return self._proc

    async def _read_answers(self, proc: asyncio.subprocess.Process) -> None:
        assert proc.stdout is not None
        try:
            while True:
                head = await proc.stdout.readexactly(_HEADER)
                data = await proc.stdout.readexactly(int.from_bytes(head, "little"))
                call_id, ok, value = pickle.loads(data)
                future = self._pending.pop(call_id, None)
                if future is None or future.done():
                    continue
                if ok:
                    future.set_result(value)
                else:
                    future.set_exception(value)
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        code = await proc.wait()
        self._failure = f"the archive process exited with code {code}; see the crawl log"
        for future in self._pending.values():
            if not future.done():
                future.set_exception(ArchiveProcessError(self._failure))
        self._pending.clear()

    async def call(self, name: str, /, *args: Any, **kwargs: Any) -> Any:
        """`await bridge.call("ingest", url, ...)`: run `archive.<name>(...)` in the archive
        process and return its result (or raise its exception)."""
        proc = await self._ensure_started()
        if self._failure:
            raise ArchiveProcessError(self._failure)
        return await self._send(proc, name, args, kwargs)

    async def _send(self, proc: asyncio.subprocess.Process, name: str, args: tuple[Any, ...],
                    kwargs: dict[str, Any]) -> Any:
        assert proc.stdin is not None
        self._next += 1
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._pending[self._next] = future
        proc.stdin.write(_frame((self._next, name, args, kwargs)))
        await proc.stdin.drain()  # flow control: waits only when the pipe is full
        return await future

    def acquire(self) -> None:
        self.users += 1

    async def release(self) -> None:
        """Close the archive when the last crawler of the process is done with it."""
        self.users -= 1
        if self.users > 0 or self._proc is None:
            return
        proc, self._proc = self._proc, None
        try:
            if self._failure is None:
                await self._send(proc, "close", (), {})
        finally:
            if proc.stdin is not None:
                proc.stdin.close()
            await proc.wait()
            if self._reader is not None:
                await self._reader


# --- the archive process ------------------------------------------------------------------
class FrameReader:
    """Frames from a file descriptor, taken in batches of whatever has arrived."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.buffer = bytearray()

    def batch(self) -> list[Any] | None:
        """Every complete frame received so far, waiting for at least one; None at EOF."""
        while True:
            frames = self._complete()
            if frames:
                return frames
            chunk = os.read(self.fd, 1 << 20)
            if not chunk:
                return None
            self.buffer += chunk

    def _complete(self) -> list[Any]:
        frames, pos, buf = [], 0, self.buffer
        while len(buf) - pos >= _HEADER:
            end = pos + _HEADER + int.from_bytes(buf[pos:pos + _HEADER], "little")
            if end > len(buf):
                break
            frames.append(pickle.loads(buf[pos + _HEADER:end]))
            pos = end
        del buf[:pos]
        return frames


def _portable(exc: BaseException) -> BaseException:
    """The exception itself if it survives pickling, else an ArchiveProcessError saying it."""
    try:
        pickle.loads(pickle.dumps(exc, protocol=_PROTOCOL))
        return exc
    except Exception:
        return ArchiveProcessError(f"{type(exc).__name__}: {exc}")


def _answer(call_id: int, result: Any) -> bytes:
    if isinstance(result, Exception):
        return _frame((call_id, False, _portable(result)))
    return _frame((call_id, True, result))


class ArchiveServer:
    """Runs calls on one Archive, in order; a run of `ingest` calls becomes one
    `ingest_many` (one transaction, one group of fsyncs)."""

    def __init__(self, factory: str) -> None:
        self.factory = factory
        self.archive: Any = None
        self.closed = False
        self.locks: list[int] = []

    def run(self, calls: list[tuple[int, str, tuple[Any, ...], dict[str, Any]]]) -> list[bytes]:
        out: list[bytes] = []
        for batched, group in groupby(calls, key=lambda call: call[1] == "ingest"):
            if batched:
                batch = list(group)
                results = self._try(lambda b=batch: self.archive.ingest_many(
                    [dict(kw, url=args[0]) for _, _, args, kw in b]))
                if isinstance(results, Exception):
                    results = [results] * len(batch)
                out.extend(_answer(c[0], r) for c, r in zip(batch, results, strict=True))
                continue
            for call_id, name, args, kwargs in group:
                if name == HOLD_LOCK:
                    self.locks.append(hold_lock(*args))
                    out.append(_answer(call_id, None))
                    continue
                out.append(_answer(call_id, self._try(
                    lambda n=name, a=args, k=kwargs: getattr(self.archive, n)(*a, **k))))
                self.closed = self.closed or name == "close"
        return out

    def _try(self, fn: Any) -> Any:
        try:
            if self.archive is None:
                self.archive = load_object(self.factory)()
            return fn()
        except Exception as exc:
            if os.environ.get("NIANBAO_DEBUG"):
                traceback.print_exc()
            return exc

    def close(self) -> None:
        if self.archive is not None and not self.closed:
            self.archive.close()
            self.closed = True


def serve(factory: str, inp: int, out: IO[bytes]) -> None:
    """Answer the calls read from file descriptor `inp` on `out` until end-of-file (the crawl
    finished or died), then close the archive."""
    server = ArchiveServer(factory)
    reader = FrameReader(inp)
    try:
        while (calls := reader.batch()) is not None:
            out.write(b"".join(server.run(calls)))
            out.flush()
    except BrokenPipeError:
        pass  # the crawl is gone; what it sent is recorded
    finally:
        server.close()


def main(argv: list[str]) -> int:
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # stray prints go to stderr, never into the answer stream
    serve(argv[0], sys.stdin.fileno(), out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
