"""Serving side of the county world: a `Site` subclass with what real portals do on the wire
(GBK pages, extension-less HTML, session ids in every link, 500-once pages, slow pages, path
prefixes answered by code) and the dynamic endpoints (query-string lists, `show.asp?id=`,
download scripts with Content-Disposition, gkmlpt and Vue JSON list APIs, endless calendars)."""

from __future__ import annotations

import json
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from crawler.sample_portal.server import Hit, Reply, Route, Site

HTMLISH = {"", ".asp", ".aspx", ".jsp", ".php", ".do", ".action", ".jhtml"}


def sleep(seconds: float) -> None:  # the self-checks replace this to skip the wait
    time.sleep(seconds)


class CSite(Site):
    """A host of a county portal."""

    def __init__(self, files: dict[str, bytes], routes: dict[str, Route] | None = None, *,
                 charset: str = "utf-8", session: str | None = None,
                 prefix_routes: dict[str, Route] | None = None,
                 flaky: set[str] | None = None, slow: dict[str, float] | None = None) -> None:
        super().__init__(files=files, routes=routes)
        self.charset = charset
        self.session = session  # None, "jsessionid" or "sid"
        self.prefix_routes = dict(prefix_routes or {})
        self.flaky = set(flaky or ())  # answer 500 to the first request, then normally
        self.slow = dict(slow or {})  # path -> seconds before answering
        self.portal_hosts: set[str] = set()  # links to these get session ids too
        self._flaky_lock = threading.Lock()

    def lookup(self, path: str) -> bytes | None:
        """A directory serves its index.html, index.shtml or index.htm (DirectoryIndex)."""
        if path.endswith("/"):
            for name in ("index.html", "index.shtml", "index.htm"):
                if path + name in self.files:
                    return self.files[path + name]
            return None
        return self.files.get(path)

    def answer(self, hit: Hit, body: bytes) -> Reply:
        path = hit.path
        if ";" in path:  # ;jsessionid=… (any session-id path parameter) is not part of the path
            path = path.split(";", 1)[0]
        inner = hit if path == hit.path else replace(hit, path=path)
        if path in self.slow:
            sleep(self.slow[path])
        if path in self.flaky:
            with self._flaky_lock:
                first = path in self.flaky
                self.flaky.discard(path)
            if first:
                return Reply(500, b"<html><body><h1>500 Internal Server Error</h1></body></html>",
                             validators=False)
        reply = None
        for prefix, route in self.prefix_routes.items():
            if path.startswith(prefix):
                reply = route(self, inner, parse_qs(inner.query), body)
                break
        if reply is None:
            reply = super().answer(inner, body)
        ctype = reply.content_type
        if reply.status == 200 and (ctype.startswith("application/octet-stream")
                                    or ctype.startswith("text/html")):
            suffix = PurePosixPath(path).suffix.lower() if not path.endswith("/") else ".html"

            is_html = ctype.startswith("text/html") or (suffix in HTMLISH
                                                        and reply.body[:1] in (b"<", b"\n", b" "))
            if is_html and "Content-Disposition" not in reply.headers:
                reply.content_type = f"text/html; charset={self.charset}"
                if self.session:
                    reply.body = self.with_session(reply.body)
                    reply.validators = False
                    reply.headers["Set-Cookie"] = f"JSESSIONID={secrets.token_hex(16).upper()}; Path=/"
        return reply

    _HREF = re.compile(r'href="([^"#]*)(#[^"]*)?"')

    def with_session(self, body: bytes) -> bytes:
        """Every link of the page carries a fresh session id (a new one per response)."""
        token = secrets.token_hex(16).upper()
        text = body.decode(self.charset, "replace")

        def add(m: re.Match[str]) -> str:
            url, frag = m.group(1), m.group(2) or ""
            low = url.lower()
            if not url or low.startswith(("javascript:", "mailto:", "tel:")):
                return m.group(0)
            if low.startswith(("http:", "https:", "//")) and \
                    urlsplit(url).hostname not in self.portal_hosts:
                return m.group(0)
            base, q = (url.split("?", 1) + [""])[:2]
            if self.session == "jsessionid":
                url = f"{base};jsessionid={token}" + (f"?{q}" if q else "")
            else:
                url = f"{base}?{q + '&amp;' if q else ''}sid={token.lower()}"
            return f'href="{url}{frag}"'

        return self._HREF.sub(add, text).encode(self.charset, "xmlcharrefreplace")


def html_type(charset: str) -> str:
    return f"text/html; charset={charset}"


# ------------------------------------------------------------------ query-string endpoints

class QueryList:
    """`list.asp?classid=12&page=3`, `list.jsp?channelId=7&pageNo=2`: pre-rendered pages of
    several lists on one script, chosen by an id parameter; optionally endless (every page
    links the next one, items repeat)."""

    def __init__(self, id_param: str | None, page_param: str, charset: str = "utf-8") -> None:
        self.id_param, self.page_param, self.charset = id_param, page_param, charset
        self.pages: dict[str, list[bytes]] = {}
        self.endless: dict[str, Callable[[int], bytes]] = {}

    def __call__(self, site: Site, hit: Hit, query: dict[str, list[str]], body: bytes) -> Reply:
        key = (query.get(self.id_param) or [""])[0] if self.id_param else ""
        pages = self.pages.get(key)
        if pages is None:
            return Reply(404, "<html><body>栏目不存在</body></html>".encode(), validators=False)
        try:
            n = int((query.get(self.page_param) or ["1"])[0])
        except ValueError:
            n = 1
        if 1 <= n <= len(pages):
            return Reply(200, pages[n - 1], html_type(self.charset))
        if key in self.endless and n > len(pages):
            return Reply(200, self.endless[key](n), html_type(self.charset), validators=False)
        return Reply(200, pages[-1] if n > len(pages) else pages[0], html_type(self.charset))


class QueryPages:
    """`show.asp?id=1234`: one pre-rendered page per id."""

    def __init__(self, param: str, charset: str = "utf-8") -> None:
        self.param, self.charset = param, charset
        self.pages: dict[str, bytes] = {}

    def __call__(self, site: Site, hit: Hit, query: dict[str, list[str]], body: bytes) -> Reply:
        page = self.pages.get((query.get(self.param) or [""])[0])
        if page is None:
            return Reply(200, "<html><head><title>提示</title></head><body>信息不存在或已删除</body></html>"
                         .encode(self.charset), html_type(self.charset), validators=False)
        return Reply(200, page, html_type(self.charset))


class Downloads:
    """A download script (`/attach/download.do?id=123`, VSB `download.jsp?…&wbfileid=`): the
    file, named only by Content-Disposition."""

    def __init__(self, param: str, octet: bool = False) -> None:
        self.param, self.octet = param, octet
        self.files: dict[str, tuple[bytes, str]] = {}

    def __call__(self, site: Site, hit: Hit, query: dict[str, list[str]], body: bytes) -> Reply:
        found = self.files.get((query.get(self.param) or [""])[0])
        if found is None:
            return Reply(404, b"", validators=False)
        data, name = found
        ext = PurePosixPath(name).suffix.lower()
        ctype = "application/octet-stream" if self.octet else {
            ".pdf": "application/pdf", ".docx": "application/vnd.openxmlformats-officedocument."
            "wordprocessingml.document", ".xlsx": "application/vnd.openxmlformats-officedocument."
            "spreadsheetml.sheet"}.get(ext, "application/octet-stream")
        ascii_name = f"download{ext}"
        disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
        return Reply(200, data, ctype, {"Content-Disposition": disposition})


class GkmlptApi:
    """Guangdong 政府信息公开平台: GET /gkmlpt/api/all/<cat>?page=N&sid=S -> JSON page."""

    def __init__(self, page_size: int = 10) -> None:
        self.page_size = page_size
        self.lists: dict[tuple[str, str], list[dict[str, Any]]] = {}  # (sid, cat) -> articles

    def route(self, cat: str) -> Route:
        def answer(site: Site, hit: Hit, query: dict[str, list[str]], body: bytes) -> Reply:
            sid = (query.get("sid") or [""])[0]
            items = self.lists.get((sid, cat))
            if items is None:
                data: dict[str, Any] = {"code": 400, "message": "参数错误", "articles": []}
            else:
                try:
                    page = max(1, int((query.get("page") or ["1"])[0]))
                except ValueError:
                    page = 1
                chunk = items[(page - 1) * self.page_size:page * self.page_size]
                data = {"code": 200, "page": page, "page_size": self.page_size,
                        "total": len(items), "articles": chunk}
            return Reply(200, json.dumps(data, ensure_ascii=False).encode(),
                         "application/json; charset=utf-8", validators=False)
        return answer


class VueApi:
    """A modern site's list API: GET /api/content/list?channelId=..&pageNo=..&pageSize=.."""

    def __init__(self) -> None:
        self.lists: dict[str, list[dict[str, Any]]] = {}

    def __call__(self, site: Site, hit: Hit, query: dict[str, list[str]], body: bytes) -> Reply:
        items = self.lists.get((query.get("channelId") or [""])[0])
        if items is None:
            return Reply(200, b'{"code":404,"msg":"channel not found","data":null}',
                         "application/json; charset=utf-8", validators=False)
        try:
            page = max(1, int((query.get("pageNo") or ["1"])[0]))
            size = min(50, max(1, int((query.get("pageSize") or ["10"])[0])))
        except ValueError:
            page, size = 1, 10
        data = {"code": 200, "msg": "success",
                "data": {"total": len(items), "pageNo": page, "pageSize": size,
                         "list": items[(page - 1) * size:page * size]}}
        return Reply(200, json.dumps(data, ensure_ascii=False).encode(),
                     "application/json; charset=utf-8", validators=False)


# ------------------------------------------------------------------ endless calendars

def _month_shift(year: int, month: int, delta: int) -> tuple[int, int]:
    m = year * 12 + (month - 1) + delta
    return m // 12, m % 12 + 1


def calendar_page(title: str, year: int, month: int, link: Callable[[int, int], str],
                  day_link: Callable[[int, int, int], str] | None, charset: str) -> bytes:
    rows = []
    for week in range(5):
        cells = []
        for wd in range(7):
            day = week * 7 + wd + 1
            if day > 28:
                cells.append("<td></td>")
            elif day_link and day % 9 == 3:
                cells.append(f'<td class="has"><a href="{day_link(year, month, day)}">{day}</a></td>')
            else:
                cells.append(f"<td>{day}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    py, pm = _month_shift(year, month, -1)
    ny, nm = _month_shift(year, month, 1)
    nav = (f'<a href="{link(year - 1, month)}">上一年</a> <a href="{link(py, pm)}">上一月</a> '
           f"<strong>{year}年{month}月</strong> "
           f'<a href="{link(ny, nm)}">下一月</a> <a href="{link(year + 1, month)}">下一年</a>')
    html = (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title></head>'
            f'<body><div class="calendar"><h2>{title}</h2><div class="cal-nav">{nav}</div>'
            '<table class="cal"><tr><th>日</th><th>一</th><th>二</th><th>三</th><th>四</th>'
            f'<th>五</th><th>六</th></tr>{"".join(rows)}</table>'
            '<p><a href="/">返回首页</a></p></div></body></html>')
    return html.encode(charset, "xmlcharrefreplace")


def query_calendar(title: str, path: str, charset: str) -> Route:
    """`/ldhd/rl.jsp?date=2025-03` (and `?date=2025-03-12` day pages), forever."""
    def link(y: int, m: int) -> str:
        return f"{path}?date={y:04d}-{m:02d}"

    def day(y: int, m: int, d: int) -> str:
        return f"{path}?date={y:04d}-{m:02d}-{d:02d}"

    def answer(site: Site, hit: Hit, query: dict[str, list[str]], body: bytes) -> Reply:
        raw = (query.get("date") or ["2025-03"])[0]
        m = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", raw)
        if not m:
            return Reply(400, b"bad date", "text/plain", validators=False)
        y, mo = int(m.group(1)), max(1, min(12, int(m.group(2))))
        if m.group(3):
            text = (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title} {raw}'
                    f'</title></head><body><h2>{raw} 活动安排</h2><p>上午：参加专题会议。下午：调研基层工作。</p>'
                    f'<a href="{link(y, mo)}">返回月历</a> <a href="{day(y, mo, min(28, int(m.group(3)) + 1))}">后一天</a>'
                    "</body></html>")
            return Reply(200, text.encode(charset, "xmlcharrefreplace"), html_type(charset),
                         validators=False)
        return Reply(200, calendar_page(title, y, mo, link, day, charset), html_type(charset),
                     validators=False)
    return answer


def path_calendar(title: str, prefix: str, charset: str) -> Route:
    """`/calendar/2025/03/`, forever (a prefix route)."""
    def link(y: int, m: int) -> str:
        return f"{prefix}{y:04d}/{m:02d}/"

    def answer(site: Site, hit: Hit, query: dict[str, list[str]], body: bytes) -> Reply | None:
        m = re.fullmatch(re.escape(prefix) + r"(?:(\d{4})/(\d{2})/(?:index\.html)?)?", hit.path)
        if not m:
            return None
        y, mo = (int(m.group(1)), max(1, min(12, int(m.group(2))))) if m.group(1) else (2025, 3)
        return Reply(200, calendar_page(title, y, mo, link, None, charset), html_type(charset),
                     validators=False)
    return answer
