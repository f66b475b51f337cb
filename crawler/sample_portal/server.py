"""A tiny threaded HTTP server for a static site on 127.0.0.1, with the validators a crawler
needs to be tested honestly: strong ETags, Last-Modified, and 304 answers to If-None-Match /
If-Modified-Since. Dynamic endpoints are plain functions in a route table (the Hanweb
`dataproxy.jsp` and `xxgkAnnualReport.jsp` of the sample portal; the tests add their own).

    site = Site(Path("site"))
    url, stop = site.serve()
    ...
    stop()
"""

from __future__ import annotations

import hashlib
import mimetypes
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

# One fixed publication time for every static file, so validators are stable across runs.
SITE_MTIME = 1743400800  # 2025-03-31 06:00:00 UTC

TYPES = {".html": "text/html; charset=utf-8", ".htm": "text/html; charset=utf-8",
         ".shtml": "text/html; charset=utf-8", ".xml": "text/xml; charset=utf-8",
         ".json": "application/json; charset=utf-8", ".txt": "text/plain; charset=utf-8",
         ".pdf": "application/pdf", ".wps": "application/vnd.ms-works",
         ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         ".doc": "application/msword", ".png": "image/png", ".jpg": "image/jpeg"}


@dataclass
class Reply:
    """What a route answers."""

    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    validators: bool = True  # add ETag/Last-Modified and honour conditional requests


@dataclass
class Hit:
    """One request the server received (tests assert on these)."""

    method: str
    path: str
    query: str
    headers: dict[str, str]
    status: int = 0
    validators: bool = False  # the answer carried an ETag/Last-Modified (static content)


Route = Callable[["Site", Hit, dict[str, list[str]], bytes], "Reply | None"]


class Site:
    """Static files under `root` (or given in `files`) plus dynamic `routes`."""

    def __init__(self, root: Path | None = None, *, files: dict[str, bytes] | None = None,
                 routes: dict[str, Route] | None = None, mtime: int = SITE_MTIME,
                 type_overrides: dict[str, str] | None = None) -> None:
        self.files: dict[str, bytes] = {}
        if root is not None:
            for path in sorted(Path(root).rglob("*")):
                if path.is_file():
                    self.files["/" + path.relative_to(root).as_posix()] = path.read_bytes()
        self.files.update(files or {})
        self.routes: dict[str, Route] = dict(DEFAULT_ROUTES) | dict(routes or {})
        self.mtime = mtime
        self.type_overrides = dict(type_overrides or {})  # path prefix -> Content-Type
        self.hits: list[Hit] = []
        self._lock = threading.Lock()

    # -------------------------------------------------------------- answering
    def lookup(self, path: str) -> bytes | None:
        if path.endswith("/"):
            path += "index.html"
        return self.files.get(path)

    def answer(self, hit: Hit, body: bytes) -> Reply:
        route = self.routes.get(hit.path)
        if route is not None:
            reply = route(self, hit, parse_qs(hit.query), body)
            if reply is not None:
                return reply
        data = self.lookup(hit.path)
        if data is None:
            return Reply(404, b"<html><head><title>404</title></head><body>Not Found</body>"
                              b"</html>", validators=False)
        suffix = Path(hit.path if not hit.path.endswith("/") else "index.html").suffix.lower()
        ctype = TYPES.get(suffix) or mimetypes.guess_type(hit.path)[0] or \
            "application/octet-stream"
        for prefix, override in self.type_overrides.items():
            if hit.path.startswith(prefix):
                ctype = override
        return Reply(200, data, ctype)

    def record(self, hit: Hit) -> None:
        with self._lock:
            self.hits.append(hit)

    def requested(self, path_prefix: str) -> list[Hit]:
        """The hits whose path starts with `path_prefix`."""
        return [h for h in list(self.hits) if h.path.startswith(path_prefix)]

    # -------------------------------------------------------------- serving
    def serve(self, port: int = 0, host: str = "127.0.0.1") -> tuple[str, Callable[[], None]]:
        """Serve in a background thread: (base URL, stop function)."""
        site = self

        class Handler(SiteHandler):
            pass

        Handler.site = site
        server = ThreadingHTTPServer((host, port), Handler)
        server.daemon_threads = True
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                                  daemon=True, name="nianbao-sample-portal")
        thread.start()

        def stop() -> None:
            server.shutdown()
            server.server_close()

        return f"http://{host}:{server.server_address[1]}/", stop


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha1(body).hexdigest()[:20] + '"'


class SiteHandler(BaseHTTPRequestHandler):
    site: Site
    protocol_version = "HTTP/1.1"
    server_version = "nianbao-sample/1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        self.handle_any("GET")

    def do_HEAD(self) -> None:  # noqa: N802
        self.handle_any("HEAD")

    def do_POST(self) -> None:  # noqa: N802
        self.handle_any("POST")

    def handle_any(self, method: str) -> None:
        parts = urlsplit(self.path)
        hit = Hit(method, unquote(parts.path), parts.query, {k: v for k, v in self.headers.items()})
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.site.record(hit)
        try:
            reply = self.site.answer(hit, body)
        except ConnectionError:
            return
        headers = dict(reply.headers)
        status, payload = reply.status, reply.body
        if reply.validators and status == 200:
            etag = etag_of(payload)
            last_modified = formatdate(self.site.mtime, usegmt=True)
            headers.setdefault("ETag", etag)
            headers.setdefault("Last-Modified", last_modified)
            if self.not_modified(etag):
                status, payload = 304, b""
        hit.status = status
        hit.validators = reply.validators and status in (200, 304)
        try:
            self.send_response(status)
            if status != 304:
                self.send_header("Content-Type", reply.content_type)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if method != "HEAD" and payload:
                self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up (timeouts, byte limit)

    def not_modified(self, etag: str) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm:
            return etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                return parsedate_to_datetime(ims).timestamp() >= self.site.mtime
            except (TypeError, ValueError):
                return False
        return False


# ------------------------------------------------------------- Hanweb endpoints

def hanweb_dataproxy(site: Site, hit: Hit, query: dict[str, list[str]], body: bytes) -> Reply:
    """POST /module/web/jpage/dataproxy.jsp?startrecord=&endrecord=&perpage= with form field
    `columnid`: records from `/module/web/jpage/records/<columnid>.xml` (one <record> a line)."""
    form = parse_qs(body.decode("utf-8", "replace")) if body else {}
    col = (form.get("columnid") or query.get("columnid") or [""])[0]
    data = site.files.get(f"/module/web/jpage/records/{col}.xml")
    if data is None or hit.method != "POST":
        return Reply(404, b"", validators=False)
    records = [ln for ln in data.decode("utf-8").splitlines() if ln.strip()]
    start = int((query.get("startrecord") or ["1"])[0])
    end = int((query.get("endrecord") or [str(len(records))])[0])
    chosen = records[start - 1:end]
    xml = ("<?xml version=\"1.0\" encoding=\"utf-8\"?><datastore><nextgroup><![CDATA[]]>"
           "</nextgroup><recordset>" + "".join(chosen) + "</recordset></datastore>")
    return Reply(200, xml.encode("utf-8"), "text/xml; charset=utf-8", validators=False)


def hanweb_annual_report(site: Site, hit: Hit, query: dict[str, list[str]],
                         body: bytes) -> Reply:
    """GET /module/xxgk/xxgkAnnualReport.jsp?area=<unit>&fbtime=<year>: that unit's report for
    that year, from `/module/xxgk/annual/<area>-<year>.html`; a "no report" page otherwise."""
    area = (query.get("area") or [""])[0]
    year = (query.get("fbtime") or [""])[0]
    data = site.files.get(f"/module/xxgk/annual/{area}-{year}.html")
    if data is None:
        page = ("<html><head><title>政府信息公开年报</title></head><body>"
                f"<p>{year}年度暂无年报。</p></body></html>")
        return Reply(200, page.encode("utf-8"))
    return Reply(200, data)


def download_script(site: Site, hit: Hit, query: dict[str, list[str]], body: bytes) -> Reply:
    """GET /module/download/downfile.jsp?classid=0&filename=<name>: the file `/attach/<name>`,
    as a download (the way many CMSs hide attachments behind a script)."""
    name = (query.get("filename") or [""])[0].replace("/", "")
    data = site.files.get(f"/attach/{name}")
    if not name or data is None:
        return Reply(404, b"", validators=False)
    ctype = TYPES.get(Path(name).suffix.lower(), "application/octet-stream")
    return Reply(200, data, ctype, {"Content-Disposition": f'attachment; filename="{name}"'})


DEFAULT_ROUTES: dict[str, Route] = {
    "/module/download/downfile.jsp": download_script,
    "/module/web/jpage/dataproxy.jsp": hanweb_dataproxy,
    "/module/xxgk/xxgkAnnualReport.jsp": hanweb_annual_report,
}
