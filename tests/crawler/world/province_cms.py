"""Content-management systems of the `province` world. Each platform knows its URL scheme
(columns, list pages, articles, attachments), how it paginates (TRS `createPageHTML`, Hanweb
datastore + `dataproxy.jsp`, UCAP `index_N.shtml`, VSB pages counting down, JSON APIs written
in scripts, `?page=` routes that never end) and how its pages look.

A `Column` collects entries while a portal is generated; pages are written when the portal is
finished, so lists know everything that was published into them."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import quote

from crawler.sample_portal.server import Hit, Reply, Site
from tests.crawler.world.province_files import Block
from tests.crawler.world.province_kit import (
    SID,
    Host,
    PortalBuilder,
    Pub,
    download,
    esc,
    fail_once,
    hexid,
    path_of,
    rel,
    slow,
    ymd,
)
from tests.crawler.world.province_text import blocks_html

FILE_TYPES = {"pdf": "application/pdf", "doc": "application/msword",
              "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
              "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              "xls": "application/vnd.ms-excel", "zip": "application/zip",
              "jpg": "image/jpeg", "png": "image/png"}


@dataclass
class Att:
    """One attachment: shown as `name`, stored with extension `ext`."""

    name: str
    ext: str
    data: bytes
    ctype: str | None = None  # None: by extension; "application/octet-stream" is common too


@dataclass
class Art:
    """One article to publish into a column."""

    title: str
    day: date
    blocks: list[Block] = field(default_factory=list)
    intro: str = ""  # html before the attachments ("全文见附件")
    files: list[Att] = field(default_factory=list)
    style: str = "a"  # how files are linked: a, script, onclick, viewer, embed, images, lazy,
    #                   frame, only
    split: int = 1  # body split over this many pages (TRS long articles)
    generic_title: bool = False  # <title> is the site's name, the title only in <h1>
    source: str = ""
    slow: float = 0.0  # seconds the page takes
    fail_once: bool = False  # 500 on the first request
    noscript: bool = True  # lazy images keep a <noscript> fallback


@dataclass
class Entry:
    title: str
    url: str
    day: date
    note: str = ""


class Column:
    """A list of entries on one host, paginated by its platform."""

    def __init__(self, plat: Platform, slug: str, title: str, parent: Column | None = None,
                 per_page: int = 15, layout: str = "ul", head: str = "", crumbs: Any = None,
                 sort: bool = True) -> None:
        self.plat = plat
        self.host = plat.host
        self.slug = slug
        self.title = title
        self.per_page = per_page
        self.layout = layout
        self.head = head
        self.sort = sort
        self.entries: list[Entry] = []
        self.extra: dict[str, Any] = {}
        self.path = plat.col_path(self)
        self.url = self.host.url(self.path)
        if crumbs is not None:
            self.crumbs = list(crumbs)
        elif parent is not None:
            self.crumbs = parent.crumbs + [(parent.title, parent.url)]
        else:
            self.crumbs = [("首页", self.host.url("/"))]
        self.host.defer(self.render)

    @property
    def link_url(self) -> str:
        """The address other pages link to (a folder for TRS, the first page otherwise)."""
        return self.plat.col_link(self)

    def add(self, title: str, url: str, day: date, note: str = "") -> None:
        self.entries.append(Entry(title, url, day, note))

    def article(self, art: Art, listed: bool = True, list_title: str | None = None) -> Pub:
        pub = self.plat.write_article(self, art)
        if listed:
            self.add(list_title or art.title, pub.page or pub.files[0], art.day)
        return pub

    def direct(self, title: str, day: date, att: Att, listed: bool = True) -> Pub:
        """A file listed straight in the column, no article page."""
        url = self.plat.store_file(self, day, att)
        if listed:
            self.add(title, url, day, f" <span class=\"ftype\">[{att.ext.upper()}]</span>")
        return Pub(None, [url])

    def ordered(self) -> list[Entry]:
        if not self.sort:
            return list(self.entries)
        return sorted(self.entries, key=lambda e: e.day, reverse=True)

    def render(self) -> None:
        self.plat.render_column(self)


class Platform:
    """Defaults shared by the platforms: a plain static CMS."""

    family = "plain"
    content_class = "article-content"
    relative_links = False

    def __init__(self, pb: PortalBuilder, host: Host, rng: random.Random) -> None:
        self.pb = pb
        self.host = host
        self.rng = rng
        self.ids = iter(range(rng.randint(100000, 900000), 10**9, 1))
        self.base_href = False  # pages carry <base href="/"> and links relative to it
        self.file_host: Host | None = None  # attachments on a file server of their own

    # ------------------------------------------------------------------ addresses
    def col_path(self, col: Column) -> str:
        return col.slug + "index.html"

    def col_link(self, col: Column) -> str:
        return col.url

    def page_path(self, col: Column, i: int) -> str:
        return col.slug + ("index.html" if i == 0 else f"index_{i + 1}.html")

    def art_path(self, col: Column, art: Art, n: int) -> str:
        return f"{col.slug}{art.day.year}{art.day.month:02d}/{n}.html"

    def file_path(self, col: Column, day: date, ext: str) -> str:
        return f"/uploadfile/{day.year}{day.month:02d}/{hexid(self.rng, 20)}.{ext}"

    def href(self, from_path: str, url: str) -> str:
        """How this CMS writes a link to `url` on the page at `from_path`."""
        if not url.startswith(self.host.root + "/"):
            return url
        p = path_of(url)
        if self.base_href:
            return p[1:] or "./"
        if self.relative_links and "?" not in p:
            return rel(from_path, p)
        return p

    # ------------------------------------------------------------------ files
    def store_file(self, col: Column, day: date, att: Att, main: bool = False) -> str:
        path = self.file_path(col, day, att.ext)
        host = self.file_host if self.file_host and att.ext != "html" and not main \
            else self.host
        host.put(path, att.data, att.ctype or FILE_TYPES.get(att.ext))
        return host.url(path)

    def script_file(self, att: Att, kind: str = "down.do") -> str:
        """A file behind a download script: no extension in the URL, a Content-Disposition."""
        n = str(next(self.ids))
        name = f"{att.name}" if att.name.endswith("." + att.ext) else f"{att.name}.{att.ext}"
        fn = download(att.data, name, att.ctype or "application/octet-stream")
        if kind == "down.do":
            path, key = "/attach/down.do", "id"
        elif kind == "vsb":
            path, key = "/system/_content/download.jsp", "wbfileid"
        elif kind == "aspx":
            path, key = "/DownLoad.aspx", "fid"
        else:
            path, key = "/common/download", "fileId"
        if path not in self.host.downloads:
            table: dict[str, Any] = {}
            self.host.downloads[path] = table

            def route(site: Site, hit: Hit, q: dict[str, list[str]], body: bytes,
                      table: dict[str, Any] = table, key: str = key) -> Reply:
                item = table.get((q.get(key) or [""])[0])
                if item is None:
                    return Reply(404, "<html><body>文件不存在</body></html>".encode(),
                                 validators=False)
                return item(site, hit, q, body)
            self.host.route(path, route)
        self.host.downloads[path][n] = fn
        if kind == "vsb":
            owner = 1000000000 + int(n) % 99999
            return self.host.url(f"{path}?urltype=news.DownloadAttachUrl&owner={owner}"
                                 f"&wbfileid={n}")
        return self.host.url(f"{path}?{key}={n}")

    def hanweb_file(self, att: Att) -> str:
        """Hanweb's `/module/download/downfile.jsp?classid=0&filename=` (bytes in /attach/)."""
        name = f"{hexid(self.rng, 16)}.{att.ext}"
        self.host.put(f"/attach/{name}", att.data)
        return self.host.url(f"/module/download/downfile.jsp?classid=0&filename={name}")

    def attachments(self, col: Column, art: Art, page_path: str) -> tuple[str, list[str]]:
        """The HTML that leads to `art.files`, and their URLs."""
        if not art.files:
            return "", []
        urls: list[str] = []
        parts: list[str] = []
        for att in art.files:
            if art.style == "script":
                url = self.script_file(att, self.script_kind())
            elif art.style == "downfile":
                url = self.hanweb_file(att)
            else:  # a PDF viewer only opens files of its own host
                url = self.store_file(col, art.day, att, main=art.style == "viewer")
            urls.append(url)
            link = self.href(page_path, url)
            label = esc(att.name if att.name.endswith("." + att.ext) else f"{att.name}.{att.ext}")
            if art.style in ("a", "script", "downfile"):
                parts.append(f"<p><a href=\"{esc(link)}\" target=\"_blank\">{label}</a></p>")
            elif art.style == "only":
                parts.append(f"<p style=\"text-align:center\"><a href=\"{esc(link)}\">"
                             f"点击下载</a></p>")
            elif art.style == "onclick":
                parts.append(f"<p><a href=\"javascript:void(0);\" onclick=\"window.open('"
                             f"{esc(link)}')\">{label}</a></p>")
            elif art.style == "viewer":
                parts.append(f"<iframe src=\"/static/pdfjs/web/viewer.html?file="
                             f"{quote(path_of(url), safe='')}\" width=\"100%\" height=\"900\" "
                             f"frameborder=\"0\"></iframe>")
                self.pdf_viewer()
            elif art.style == "embed":
                parts.append(f"<embed src=\"{esc(link)}\" type=\"application/pdf\" "
                             f"width=\"100%\" height=\"900\">")
            elif art.style == "object":
                parts.append(f"<object data=\"{esc(link)}\" type=\"application/pdf\" "
                             f"width=\"100%\" height=\"900\"></object>")
            elif art.style == "images":
                parts.append(f"<p style=\"text-align:center\"><img src=\"{esc(link)}\" "
                             f"border=\"0\" alt=\"\" /></p>")
            elif art.style == "lazy":
                ns = f"<noscript><img src=\"{esc(link)}\"></noscript>" if art.noscript else ""
                parts.append(f"<p><img class=\"lazy\" src=\"/images/loading.gif\" "
                             f"data-original=\"{esc(link)}\" />{ns}</p>")
            elif art.style == "frame":
                parts.append(f"<iframe src=\"{esc(link)}\" width=\"100%\" height=\"1200\" "
                             f"scrolling=\"auto\" frameborder=\"0\"></iframe>")
            else:
                raise ValueError(art.style)
        if art.style in ("a", "script", "downfile", "onclick"):
            return "<div class=\"attachments\"><p>附件：</p>" + "".join(parts) + "</div>", urls
        return "".join(parts), urls

    def script_kind(self) -> str:
        return "down.do"

    def pdf_viewer(self) -> None:
        p = "/static/pdfjs/web/viewer.html"
        if p not in self.host.site.files:
            self.host.put(p, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>PDF.js "
                             "viewer</title><script src=\"viewer.js\"></script></head><body>"
                             "<div id=\"viewerContainer\"></div></body></html>")
            self.host.put("/static/pdfjs/web/viewer.js", "/* pdf.js viewer */\n"
                          "var file = new URLSearchParams(location.search).get('file');\n"
                          "PDFViewerApplication.open(file);\n")

    # ------------------------------------------------------------------ pages
    def write_article(self, col: Column, art: Art) -> Pub:
        n = next(self.ids)
        path = self.art_path(col, art, n)
        att_html, urls = self.attachments(col, art, path)
        body = art.intro + blocks_html(art.blocks)
        pages = [path]
        if art.split > 1 and art.blocks:
            chunks = split_blocks(art.blocks, art.split)
            pages = [path] + [self.split_path(path, i) for i in range(1, len(chunks))]
            for i, (p, chunk) in enumerate(zip(pages, chunks, strict=True)):
                content = (art.intro if i == 0 else "") + blocks_html(chunk)
                content += self.split_pager(path, i, len(chunks))
                if i == len(chunks) - 1:
                    content += att_html
                self.put_article(col, art, p, content)
            return Pub(self.host.url(path),
                       [self.host.url(p) for p in pages[1:]] + urls)
        self.put_article(col, art, path, body + att_html)
        return Pub(self.host.url(path), urls)

    def put_article(self, col: Column, art: Art, path: str, content: str) -> None:
        """Write the page when the portal is finished (the navigation is known then)."""
        def write() -> None:
            data = self.article_html(col, art, path, content).encode(
                self.host.charset, "xmlcharrefreplace")
            ctype = f"text/html; charset={self.host.charset}"
            if art.slow:
                self.host.route(path, slow(art.slow, data, ctype))
            elif art.fail_once:
                self.host.route(path, fail_once(data, ctype))
            else:
                self.host.put(path, data, ctype if self.host.charset != "utf-8" else None)
        self.host.defer(write)

    def split_path(self, path: str, i: int) -> str:
        stem, dot, ext = path.rpartition(".")
        return f"{stem}_{i}.{ext}"

    def split_pager(self, path: str, i: int, n: int) -> str:
        stem = path.rsplit("/", 1)[-1].rpartition(".")[0]
        ext = path.rpartition(".")[2]
        return (f"<div class=\"page\"><script type=\"text/javascript\">createPageHTML({n}, {i}, "
                f"\"{stem}\", \"{ext}\");</script></div>")

    def article_html(self, col: Column, art: Art, path: str, content: str) -> str:
        meta = (f"<meta name=\"ArticleTitle\" content=\"{esc(art.title)}\">\n"
                f"<meta name=\"PubDate\" content=\"{ymd(art.day)} 09:{art.day.day:02d}\">\n"
                f"<meta name=\"ColumnName\" content=\"{esc(col.title)}\">\n"
                f"<meta name=\"SiteName\" content=\"{esc(self.host.site_name)}\">")
        title = self.host.site_name if art.generic_title else f"{art.title}_{self.host.site_name}"
        info = (f"<div class=\"info\"><span>发布时间：{ymd(art.day)}</span>"
                f"<span>来源：{esc(art.source or self.host.site_name)}</span>"
                f"<span>浏览次数：<script src=\"/counter.js\"></script></span>"
                f"<span><a href=\"javascript:window.print()\">打印</a></span></div>")
        body = (f"<div class=\"detail\"><h1 class=\"title\">{esc(art.title)}</h1>{info}"
                f"<div class=\"{self.content_class}\" id=\"zoom\">{content}</div></div>")
        return self.page(title, body, col.crumbs + [(col.title, col.link_url)], path, meta,
                         sid=False)

    def page(self, title: str, body: str, crumbs: list[tuple[str, str]], path: str,
             meta: str = "", head: str = "", sid: bool = True) -> str:
        return chrome(self.host, title, body, crumbs, path, self, meta, head, sid)

    def list_items(self, col: Column, entries: list[Entry], path: str) -> str:
        if col.layout == "table":
            rows = "".join(
                f"<tr><td class=\"t\"><a href=\"{esc(self.href(path, e.url))}\" "
                f"target=\"_blank\" title=\"{esc(e.title)}\">{esc(e.title)}</a>{e.note}</td>"
                f"<td class=\"d\">{ymd(e.day)}</td></tr>" for e in entries)
            return (f"<table class=\"list-table\" width=\"100%\"><tr><th>标题</th><th>发布日期"
                    f"</th></tr>{rows}</table>")
        items = "".join(
            f"<li><a href=\"{esc(self.href(path, e.url))}\" target=\"_blank\" "
            f"title=\"{esc(e.title)}\">{esc(e.title)}</a>{e.note}<span class=\"date\">"
            f"{ymd(e.day)}</span></li>" for e in entries)
        return f"<ul class=\"list\">{items}</ul>"

    def pager(self, col: Column, i: int, n: int, path: str) -> str:
        """Plain links: 首页 上一页 下一页 尾页."""
        if n <= 1:
            return ""
        parts = [f"<span>共{n}页</span>"]
        if i > 0:
            parts.append(f"<a href=\"{esc(self.href(path, self.host.url(self.page_path(col, 0))))}"
                         f"\">首页</a>")
            parts.append(f"<a href=\"{esc(self.href(path, self.host.url(self.page_path(col, i - 1))))}"
                         f"\">上一页</a>")
        if i < n - 1:
            parts.append(f"<a href=\"{esc(self.href(path, self.host.url(self.page_path(col, i + 1))))}"
                         f"\">下一页</a>")
            parts.append(f"<a href=\"{esc(self.href(path, self.host.url(self.page_path(col, n - 1))))}"
                         f"\">尾页</a>")
        return "<div class=\"pagination\">" + " ".join(parts) + "</div>"

    def render_column(self, col: Column) -> None:
        entries = col.ordered()
        chunks = [entries[i:i + col.per_page] for i in range(0, len(entries), col.per_page)]
        if not chunks:
            chunks = [[]]
        for i, chunk in enumerate(chunks):
            path = self.page_path(col, i)
            body = (col.head if i == 0 else "")
            if chunk or not col.head:
                body += self.list_items(col, chunk, path) + self.pager(col, i, len(chunks), path)
            page = self.page(col.title,
                             f"<div class=\"column\"><h2 class=\"col-title\">{esc(col.title)}"
                             f"</h2>{body}</div>", col.crumbs, path)
            self.host.put(path, page)


def split_blocks(blocks: list[Block], n: int) -> list[list[Block]]:
    size = max(1, -(-len(blocks) // n))
    return [blocks[i:i + size] for i in range(0, len(blocks), size)]


def chrome(host: Host, title: str, body: str, crumbs: list[tuple[str, str]], path: str,
           plat: Platform | None = None, meta: str = "", head: str = "",
           sid: bool = True) -> str:
    """A whole page in the host's dress: header, navigation, breadcrumb, footer. On a host
    with `session` set, list pages carry a fresh `;jsessionid=` in their navigation links."""
    def href(url: str) -> str:
        return plat.href(path, url) if plat else url

    def navhref(url: str) -> str:
        h = href(url)
        if sid and host.session and url.startswith(host.root + "/"):
            p, q, rest = h.partition("?")
            h = p + ";jsessionid=" + SID.decode() + (q + rest)
        return h
    nav = "".join(f"<li><a href=\"{esc(navhref(u))}\">{esc(t)}</a></li>" for t, u in host.nav)
    crumb = " &gt; ".join(f"<a href=\"{esc(href(u))}\">{esc(t)}</a>" for t, u in crumbs)
    foot = " | ".join(f"<a href=\"{esc(href(u))}\" target=\"_blank\">{esc(t)}</a>"
                      for t, u in host.footer)
    charset = host.charset
    if plat is not None and plat.base_href:
        head = f"<base href=\"{host.root}/\">\n" + head
    return (f"<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"{charset}\">\n"
            f"<meta http-equiv=\"X-UA-Compatible\" content=\"IE=edge\">\n"
            f"<title>{esc(title)}</title>\n{meta}\n"
            f"<link rel=\"stylesheet\" href=\"/css/style.css\">\n{head}\n</head>\n<body>\n"
            f"<div class=\"top\"><img src=\"/images/logo.png\" alt=\"{esc(host.site_name)}\">"
            f"<span class=\"site\">{esc(host.site_name)}</span><a href=\"javascript:;\" "
            f"id=\"wza\">无障碍</a></div>\n<div class=\"nav\"><ul>{nav}</ul></div>\n"
            f"<div class=\"crumb\">当前位置：{crumb}</div>\n<div class=\"main\">{body}</div>\n"
            f"<div class=\"footer\"><p>{foot}</p><p>主办：{esc(host.site_name)}  "
            f"网站标识码：{abs(hash_code(host.name)) % 10**10:010d}</p>"
            f"<p><a href=\"https://bszs.conac.cn/sitename?method=show&id=1\" target=\"_blank\">"
            f"<img src=\"/images/red.png\" alt=\"党政机关\"></a></p></div>\n</body>\n</html>\n")


def hash_code(s: str) -> int:
    h = 0
    for c in s.encode():
        h = (h * 31 + c) & 0xFFFFFFFF
    return h


# ============================================================================ TRS

class TRS(Platform):
    """TRS WCM: folders, `index_N.html` pages announced only by `createPageHTML`, articles
    `YYYYMM/tYYYYMMDD_N.html`, attachments `P0...pdf` linked relatively. The 海云 variant
    writes `.shtml` and the six-argument `createPageHTML('page_div', ...)`."""

    family = "trs"
    content_class = "TRS_Editor"
    relative_links = True

    def __init__(self, pb: PortalBuilder, host: Host, rng: random.Random,
                 hy: bool = False) -> None:
        super().__init__(pb, host, rng)
        self.hy = hy
        self.ext = "shtml" if hy else "html"
        self.ids = iter(range(rng.randint(1000000, 9000000), 10**9, rng.randint(3, 40)))

    def col_path(self, col: Column) -> str:
        return col.slug + f"index.{self.ext}"

    def col_link(self, col: Column) -> str:
        return self.host.url(col.slug)

    def page_path(self, col: Column, i: int) -> str:
        return col.slug + (f"index.{self.ext}" if i == 0 else f"index_{i}.{self.ext}")

    def art_path(self, col: Column, art: Art, n: int) -> str:
        d = art.day
        return f"{col.slug}{d.year}{d.month:02d}/t{ymd(d, '')}_{n}.{self.ext}"

    def file_path(self, col: Column, day: date, ext: str) -> str:
        return (f"{col.slug}{day.year}{day.month:02d}/P0{ymd(day, '')}"
                f"{self.rng.randint(10**11, 10**12 - 1)}.{ext}")

    def pager(self, col: Column, i: int, n: int, path: str) -> str:
        if n <= 1:
            return ""
        if self.hy:
            call = f"createPageHTML('page_div',{n},{i + 1},'index','{self.ext}'," \
                   f"{len(col.entries)});"
        else:
            call = f"createPageHTML({n}, {i}, \"index\", \"{self.ext}\");"
        return (f"<div class=\"page\" id=\"page_div\"><script type=\"text/javascript\">"
                f"{call}</script></div>")


# ========================================================================= Hanweb

class Hanweb(Platform):
    """Hanweb jcms: `/col/colN/index.html` with the first records in a
    `<script type="text/xml">` datastore and the rest from `/module/web/jpage/dataproxy.jsp`
    (POST); articles `/art/Y/M/D/art_col_N.html`; attachments through
    `/module/download/downfile.jsp`."""

    family = "hanweb"
    content_class = "bt_content"

    def __init__(self, pb: PortalBuilder, host: Host, rng: random.Random) -> None:
        super().__init__(pb, host, rng)
        self.colids = iter(range(rng.choice([1229000000, 0]) + rng.randint(10000, 90000),
                                 10**10, rng.randint(1, 97)))
        self.unitid = rng.randint(3000, 9999999)
        self.webid = rng.randint(1, 400)

    def col_path(self, col: Column) -> str:
        cid = next(self.colids)
        col.extra["colid"] = cid
        return f"/col/col{cid}/index.html"

    def page_path(self, col: Column, i: int) -> str:
        return col.path

    def art_path(self, col: Column, art: Art, n: int) -> str:
        d = art.day
        return f"/art/{d.year}/{d.month}/{d.day}/art_{col.extra['colid']}_{n}.html"

    def file_path(self, col: Column, day: date, ext: str) -> str:
        return f"/attach/0/{hexid(self.rng, 32)}.{ext}"

    def attachments(self, col: Column, art: Art, page_path: str) -> tuple[str, list[str]]:
        if art.style == "a":
            art.style = "downfile"
        return super().attachments(col, art, page_path)

    def render_column(self, col: Column) -> None:
        entries = col.ordered()
        cid = col.extra["colid"]
        records = [f"<li><a href=\"{esc(self.href(col.path, e.url))}\" title=\"{esc(e.title)}\" "
                   f"target=\"_blank\">{esc(e.title)}</a>{e.note}<span class=\"bt-data-time\">"
                   f"{ymd(e.day)}</span></li>" for e in entries]
        cdata = ["<record><![CDATA[\n" + r + "\n]]></record>" for r in records]
        inline = col.extra.get("inline", 45)
        body = col.head
        if entries or not col.head:
            next_url = (f"/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid={self.webid}"
                        f"&path=/&columnid={cid}&unitid={self.unitid}"
                        f"&webname={quote(self.host.site_name)}&permissiontype=0")
            body += (f"<div id=\"{self.unitid}\"><script type=\"text/xml\"><datastore>"
                     f"<nextgroup><![CDATA[<a href=\"{esc(next_url)}\"></a>]]></nextgroup>"
                     f"<recordset>{''.join(cdata[:inline])}</recordset></datastore></script>"
                     f"</div>\n<script type=\"text/javascript\" "
                     f"src=\"/module/web/jpage/jpage.js\"></script>\n"
                     f"<script type=\"text/javascript\">$(document).ready(function(){{"
                     f"$('#{self.unitid}').jpage({{dataStore: dataStore, "
                     f"proxyUrl: '/module/web/jpage/dataproxy.jsp', "
                     f"perPage: {col.per_page}, totalRecord: {len(entries)}, "
                     f"groupSize: 3, barPosition: 'bottom', columnid: {cid}, "
                     f"unitid: {self.unitid}, webid: {self.webid}}});}});</script>")
            if len(records) > inline:
                self.host.put(f"/module/web/jpage/records/{cid}.xml",
                              "\n".join(c.replace("\n", "") for c in cdata))
        page = self.page(col.title, f"<div class=\"column\"><h2 class=\"col-title\">"
                                    f"{esc(col.title)}</h2>{body}</div>", col.crumbs, col.path)
        self.host.put(col.path, page)
        if "/module/web/jpage/jpage.js" not in self.host.site.files:
            self.host.put("/module/web/jpage/jpage.js",
                          "/* jpage */ (function($){$.fn.jpage=function(o){var s=this;"
                          "$.ajax({type:'POST',url:o.proxyUrl+'?startrecord='+1+'&endrecord='"
                          "+o.perPage*o.groupSize+'&perpage='+o.perPage,data:{col:1,appid:1,"
                          "webid:o.webid,path:'/',columnid:o.columnid,sourceContentType:1,"
                          "unitid:o.unitid,permissiontype:0}});};})(jQuery);\n")


# =========================================================================== UCAP

class UCAP(Platform):
    """UCAP / 开普云: `/<site>/<col>/index.shtml`, pages `index_2.shtml` (or `list_2.shtml`),
    articles `/<site>/<col>/YYYYMM/<32 hex>.shtml`, files under the article's folder."""

    family = "ucap"
    content_class = "Custom_UnionStyle"

    def __init__(self, pb: PortalBuilder, host: Host, rng: random.Random,
                 list_word: str = "index", first: str = "index") -> None:
        super().__init__(pb, host, rng)
        self.list_word = list_word
        self.first = first

    def col_path(self, col: Column) -> str:
        return col.slug + f"{self.first}.shtml"

    def col_link(self, col: Column) -> str:
        return self.host.url(col.slug) if col.extra.get("folder") else col.url

    def page_path(self, col: Column, i: int) -> str:
        return col.slug + (f"{self.first}.shtml" if i == 0 else f"{self.list_word}_{i + 1}.shtml")

    def art_path(self, col: Column, art: Art, n: int) -> str:
        d = art.day
        h = hexid(self.rng)
        col.extra.setdefault("art_hex", {})[n] = h
        return f"{col.slug}{d.year}{d.month:02d}/{h}.shtml"

    def file_path(self, col: Column, day: date, ext: str) -> str:
        return f"{col.slug}{day.year}{day.month:02d}/{hexid(self.rng)}/files/" \
               f"{hexid(self.rng)}.{ext}"


# ========================================================================= JEECMS

class Jeecms(Platform):
    """JEECMS: `/<col>/index.jhtml`, `index_2.jhtml`, articles `/<col>/N.jhtml`, files
    `/u/cms/www/YYYYMM/<digits>.pdf`."""

    family = "jeecms"

    def col_path(self, col: Column) -> str:
        return col.slug + "index.jhtml"

    def page_path(self, col: Column, i: int) -> str:
        return col.slug + ("index.jhtml" if i == 0 else f"index_{i + 1}.jhtml")

    def art_path(self, col: Column, art: Art, n: int) -> str:
        return f"{col.slug}{n}.jhtml"

    def file_path(self, col: Column, day: date, ext: str) -> str:
        return f"/u/cms/www/{day.year}{day.month:02d}/{day.day:02d}" \
               f"{self.rng.randint(10**11, 10**12 - 1)}.{ext}"


# ============================================================================ VSB

class VSB(Platform):
    """博达 VSB: list `/<col>.htm`, further pages `/<col>/N.htm` counting DOWN to 1, articles
    `/info/<colid>/<id>.htm`, attachments through `/system/_content/download.jsp`."""

    family = "vsb"
    content_class = "v_news_content"

    def __init__(self, pb: PortalBuilder, host: Host, rng: random.Random) -> None:
        super().__init__(pb, host, rng)
        self.colids = iter(range(rng.randint(1000, 3000), 10**6, rng.randint(1, 13)))

    def col_path(self, col: Column) -> str:
        col.extra["colid"] = next(self.colids)
        return col.slug.rstrip("/") + ".htm"

    def page_path(self, col: Column, i: int) -> str:
        if i == 0:
            return col.path
        n = col.extra["npages"]
        return f"{col.slug.rstrip('/')}/{n - i}.htm"

    def art_path(self, col: Column, art: Art, n: int) -> str:
        return f"/info/{col.extra['colid']}/{n}.htm"

    def file_path(self, col: Column, day: date, ext: str) -> str:
        h = hexid(self.rng, 32).upper()
        return f"/__local/{h[0]}/{h[1:3]}/{h[3:5]}/{h[5:]}_{h[:8]}.{ext}"

    def script_kind(self) -> str:
        return "vsb"

    def href(self, from_path: str, url: str) -> str:
        if not url.startswith(self.host.root + "/"):
            return url
        p = path_of(url)
        if "?" in p or from_path.count("/") < 2:
            return p
        return rel(from_path, p)

    def pager(self, col: Column, i: int, n: int, path: str) -> str:
        if n <= 1:
            return ""
        parts = [f"<span class=\"p_t\">共{len(col.entries)}条</span>",
                 f"<span class=\"p_pages\">{i + 1}/{n}</span>"]
        if i > 0:
            parts.append(f"<span class=\"p_prev p_fun\"><a href=\""
                         f"{esc(self.href(path, self.host.url(self.page_path(col, i - 1))))}\">"
                         f"上页</a></span>")
        if i < n - 1:
            parts.append(f"<span class=\"p_next p_fun\"><a href=\""
                         f"{esc(self.href(path, self.host.url(self.page_path(col, i + 1))))}\">"
                         f"下页</a></span>")
            parts.append(f"<span class=\"p_last p_fun\"><a href=\""
                         f"{esc(self.href(path, self.host.url(self.page_path(col, n - 1))))}\">"
                         f"尾页</a></span>")
        return "<div class=\"pb_sys_common\">" + "".join(parts) + "</div>"

    def render_column(self, col: Column) -> None:
        col.extra["npages"] = max(1, -(-len(col.entries) // col.per_page))
        super().render_column(col)


# ======================================================================== numeric

class Numeric(Platform):
    """The numeric column trees of many Hunan/Gansu sites: `/25221/25222/26735/`,
    `index_2.html`, articles `content_N.html`, page jumps in a `<select>`."""

    family = "numeric"

    def col_path(self, col: Column) -> str:
        return col.slug + "index.html"

    def col_link(self, col: Column) -> str:
        return self.host.url(col.slug)

    def art_path(self, col: Column, art: Art, n: int) -> str:
        return f"{col.slug}content_{n}.html"

    def pager(self, col: Column, i: int, n: int, path: str) -> str:
        if n <= 1:
            return ""
        opts = "".join(f"<option value=\"{esc(self.href(path, self.host.url(self.page_path(col, k))))}\""
                       f"{' selected' if k == i else ''}>第{k + 1}页</option>" for k in range(n))
        nxt = ""
        if i < n - 1:
            nxt = (f"<a href=\"{esc(self.href(path, self.host.url(self.page_path(col, i + 1))))}\">"
                   f"&gt;</a>")
        return (f"<div class=\"pages\">{nxt}<select onchange=\"location.href=this.value\">{opts}"
                f"</select></div>")


# ========================================================================= gdjy

class GDJY(Platform):
    """Guangdong's intensive platform: columns `/<col>/` with `index_2.html`, articles
    `/<col>/content/post_N.html`, attachments `/attachment/0/N/N/N.pdf`. Units also have a
    `gkmlpt` (政府信息公开目录) whose lists come from a JSON API only."""

    family = "gkmlpt"

    def __init__(self, pb: PortalBuilder, host: Host, rng: random.Random) -> None:
        super().__init__(pb, host, rng)
        self.ids = iter(range(rng.randint(1000000, 9000000), 10**9, rng.randint(3, 60)))

    def col_link(self, col: Column) -> str:
        return self.host.url(col.slug)

    def art_path(self, col: Column, art: Art, n: int) -> str:
        return f"{col.slug}content/post_{n}.html"

    def file_path(self, col: Column, day: date, ext: str) -> str:
        n = self.rng.randint(100000, 999999)
        return f"/attachment/0/{n // 1000}/{n}/{self.rng.randint(1000000, 9999999)}.{ext}"


class Gkmlpt:
    """One unit's `/gkmlpt/index`: categories whose articles come from
    `/gkmlpt/api/all/<cat>?page=N&sid=<sid>` (JSON, 10 a page)."""

    def __init__(self, plat: GDJY, unit_path: str, unit_name: str) -> None:
        self.plat = plat
        self.host = plat.host
        self.unit = unit_path  # "" or "/fgj"
        self.name = unit_name
        self.sid = plat.rng.randint(700000, 799999)
        self.base = plat.rng.randint(1000, 8999)
        self.cats: list[tuple[int, str, list[Entry]]] = []
        self.index = f"{unit_path}/gkmlpt/index"
        self.url = self.host.url(self.index)
        self.host.defer(self.render)

    def category(self, name: str) -> list[Entry]:
        entries: list[Entry] = []
        self.cats.append((self.base + 37 * len(self.cats), name, entries))
        return entries

    def article(self, entries: list[Entry], col: Column, art: Art) -> Pub:
        n = next(self.plat.ids)
        path = f"{self.unit}/gkmlpt/content/{n // 1000000}/{n // 1000}/post_{n}.html"
        att_html, urls = self.plat.attachments(col, art, path)
        meta_table = (f"<table class=\"gkml\"><tr><td>索引号：</td><td>{self.sid}/"
                      f"{art.day.year}-{n % 100000:05d}</td><td>分类：</td><td>政府信息公开年报"
                      f"</td></tr><tr><td>发布机构：</td><td>{esc(self.name)}</td><td>成文日期："
                      f"</td><td>{ymd(art.day)}</td></tr><tr><td>名称：</td><td colspan=\"3\">"
                      f"{esc(art.title)}</td></tr></table>")
        content = meta_table + art.intro + blocks_html(art.blocks) + att_html
        self.plat.put_article(col, art, path, content)
        url = self.host.url(path)
        entries.append(Entry(art.title, url, art.day))
        return Pub(url, urls)

    def render(self) -> None:
        cats = []
        for cid, name, entries in self.cats:
            api = f"{self.unit}/gkmlpt/api/all/{cid}"
            cats.append({"id": cid, "name": name, "api": f"{api}?page=1&sid={self.sid}"})
            self.host.route(api, self.api(entries))
        cfg = json.dumps({"SID": str(self.sid), "UNIT": self.name, "CATEGORIES": cats},
                         ensure_ascii=False)
        body = (f"<div id=\"app\"><div class=\"gkml-tree\"></div><div class=\"gkml-list\">"
                f"正在加载……</div></div>\n<script type=\"text/javascript\">window.GKMLPT_CONFIG = "
                f"{cfg};</script>\n<script src=\"/gkmlpt/static/js/app.js\"></script>")
        self.host.put(self.index, chrome(self.host, f"{self.name}政府信息公开目录", body,
                                         [("首页", self.host.url("/"))], self.index),
                      "text/html; charset=utf-8")
        if "/gkmlpt/static/js/app.js" not in self.host.site.files:
            self.host.put("/gkmlpt/static/js/app.js",
                          "/* gkmlpt */ fetch(cat.api).then(r=>r.json()).then(render);\n")

    def api(self, entries: list[Entry]) -> Any:
        ordered = sorted(entries, key=lambda e: e.day, reverse=True)

        def fn(site: Site, hit: Hit, q: dict[str, list[str]], body: bytes) -> Reply:
            try:
                page = max(1, int((q.get("page") or ["1"])[0]))
            except ValueError:
                page = 1
            chunk = ordered[(page - 1) * 10: page * 10]
            data = {"total": len(ordered), "page": page, "page_size": 10,
                    "articles": [{"id": 10**6 + (page - 1) * 10 + k,
                                  "title": e.title, "url": e.url,
                                  "first_publish_time": int(date_ts(e.day))}
                                 for k, e in enumerate(chunk)]}
            return Reply(200, json.dumps(data, ensure_ascii=False).encode(),
                         "application/json; charset=utf-8")
        return fn


def date_ts(d: date) -> int:
    return (d - date(1970, 1, 1)).days * 86400


# ======================================================================= UUID cols

class UUIDCols(Platform):
    """The Hebei-style platform: `/columns/<uuid>/index.html` whose list is filled from
    `/common/search/<uuid>?_isAgg=true&_pageSize=15&page=0` (JSON, page counted from 0);
    articles `/columns/<uuid>/YYYYMM/DD/<uuid>.html`."""

    family = "uuidcols"

    def uuid(self) -> str:
        h = hexid(self.rng, 32)
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def col_path(self, col: Column) -> str:
        col.extra["uuid"] = self.uuid()
        return f"/columns/{col.extra['uuid']}/index.html"

    def art_path(self, col: Column, art: Art, n: int) -> str:
        d = art.day
        return f"/columns/{col.extra['uuid']}/{d.year}{d.month:02d}/{d.day:02d}/{self.uuid()}.html"

    def file_path(self, col: Column, day: date, ext: str) -> str:
        return f"/uploadFiles/{self.uuid()}/{day.year}{day.month:02d}/{hexid(self.rng, 24)}.{ext}"

    def render_column(self, col: Column) -> None:
        uid = col.extra["uuid"]
        api = f"/common/search/{uid}"
        ordered = col.ordered()
        size = col.per_page
        body = col.head
        if ordered or not col.head:
            body += (f"<ul class=\"list\" id=\"list\"></ul><div id=\"pager\"></div>\n"
                     f"<script type=\"text/javascript\">var columnId = \"{uid}\";\n"
                     f"var listUrl = \"{api}?_isAgg=true&_isJson=true&_pageSize={size}"
                     f"&_template=index&page=0\";\n$.getJSON(listUrl, function(d){{ "
                     f"renderList(d.data.results); renderPager(d.data.total, {size}); }});"
                     f"</script>")

            def fn(site: Site, hit: Hit, q: dict[str, list[str]], b: bytes) -> Reply:
                try:
                    page = max(0, int((q.get("page") or ["0"])[0]))
                    n = max(1, min(100, int((q.get("_pageSize") or [str(size)])[0])))
                except ValueError:
                    page, n = 0, size
                chunk = ordered[page * n:(page + 1) * n]
                data = {"success": True, "data": {
                    "total": len(ordered), "rows": n, "page": page,
                    "results": [{"title": e.title, "url": path_of(e.url)
                                 if e.url.startswith(self.host.root) else e.url,
                                 "publishedTimeStr": ymd(e.day)} for e in chunk]}}
                return Reply(200, json.dumps(data, ensure_ascii=False).encode(),
                             "application/json; charset=utf-8")
            self.host.route(api, fn)
        page = self.page(col.title, f"<div class=\"column\"><h2>{esc(col.title)}</h2>{body}"
                                    f"</div>", col.crumbs, col.path)
        self.host.put(col.path, page)


# ========================================================================= Anhui

class AnhuiPublic(Platform):
    """Anhui's 信息公开 platform: `/public/column/<unit>?type=4&action=list&nav=3&catId=N`
    (pages `&pageIndex=N`), articles `/public/<unit>/<id>.html`, files in FastDFS groups."""

    family = "anhui"

    def __init__(self, pb: PortalBuilder, host: Host, rng: random.Random, unit: int) -> None:
        super().__init__(pb, host, rng)
        self.unit = unit
        self.landing_html = b""
        self.cats: dict[str, Column] = {}
        self.ids = iter(range(rng.randint(100000000, 190000000), 10**10, rng.randint(7, 400)))

    def col_path(self, col: Column) -> str:
        cat = str(self.rng.randint(10000000, 99999999))
        col.extra["cat"] = cat
        self.cats[cat] = col
        if f"/public/column/{self.unit}" not in self.host.site.routes:
            self.host.route(f"/public/column/{self.unit}", self.route)
        extra = col.slug  # e.g. "&isNianbao=1"
        return f"/public/column/{self.unit}?type=4&action=list&nav=3&catId={cat}{extra}"

    def page_path(self, col: Column, i: int) -> str:
        return col.path + (f"&pageIndex={i + 1}" if i else "")

    def art_path(self, col: Column, art: Art, n: int) -> str:
        return f"/public/{self.unit}/{n}.html"

    def file_path(self, col: Column, day: date, ext: str) -> str:
        h = hexid(self.rng, 30)
        return f"/group1/M00/{h[:2].upper()}/{h[2:4].upper()}/{h[4:]}.{ext}"

    def script_kind(self) -> str:
        return "common"

    def render_column(self, col: Column) -> None:
        entries = col.ordered()
        chunks = [entries[i:i + col.per_page] for i in range(0, len(entries), col.per_page)]
        pages = []
        for i, chunk in enumerate(chunks or [[]]):
            path = self.page_path(col, i)
            body = (col.head if i == 0 else "") + self.list_items(col, chunk, path) + \
                self.pager(col, i, len(chunks), path)
            pages.append(self.page(col.title, f"<div class=\"column\"><h2>{esc(col.title)}"
                                              f"</h2>{body}</div>", col.crumbs, path).encode())
        col.extra["pages"] = pages

    def landing(self) -> str:
        """The unit's catalogue page (no catId): `landing_html` set by the portal."""
        return self.host.url(f"/public/column/{self.unit}?type=4&action=list&nav=1")

    def route(self, site: Site, hit: Hit, q: dict[str, list[str]], body: bytes) -> Reply:
        if "catId" not in q and self.landing_html:
            return Reply(200, self.landing_html)
        col = self.cats.get((q.get("catId") or [""])[0])
        if col is None:
            return Reply(200, self.page("信息公开", "<p>栏目不存在</p>", [], "/").encode(),
                         validators=False)
        try:
            i = int((q.get("pageIndex") or ["1"])[0]) - 1
        except ValueError:
            i = 0
        pages = col.extra["pages"]
        return Reply(200, pages[max(0, min(i, len(pages) - 1))])


# ====================================================================== Old ASP

class OldASP(Platform):
    """A 2010-era ASP site in GBK: `ShowClass.asp?ClassID=N&page=K`,
    `ShowArticle.asp?ArticleID=N`, uploads `/UploadFiles/2012315...doc`."""

    family = "oldasp"

    def __init__(self, pb: PortalBuilder, host: Host, rng: random.Random) -> None:
        super().__init__(pb, host, rng)
        self.classes: dict[str, Column] = {}
        self.articles: dict[str, bytes] = {}
        self.class_ids = iter(range(rng.randint(3, 30), 10**5, 1))
        self.ids = iter(range(rng.randint(100, 3000), 10**6, rng.randint(1, 9)))
        host.route("/ShowClass.asp", self.show_class)
        host.route("/ShowArticle.asp", self.show_article)

    def col_path(self, col: Column) -> str:
        cid = str(next(self.class_ids))
        self.classes[cid] = col
        return f"/ShowClass.asp?ClassID={cid}"

    def page_path(self, col: Column, i: int) -> str:
        return col.path + (f"&page={i + 1}" if i else "")

    def art_path(self, col: Column, art: Art, n: int) -> str:
        return f"/ShowArticle.asp?ArticleID={n}"

    def file_path(self, col: Column, day: date, ext: str) -> str:
        return f"/UploadFiles/{day.year}{day.month}{day.day}{self.rng.randint(10**8, 10**9)}.{ext}"

    def put_article(self, col: Column, art: Art, path: str, content: str) -> None:
        aid = path.rsplit("=", 1)[1]

        def write() -> None:
            self.articles[aid] = self.article_html(col, art, path, content).encode(
                "gbk", "xmlcharrefreplace")
        self.host.defer(write)

    def render_column(self, col: Column) -> None:
        entries = col.ordered()
        chunks = [entries[i:i + col.per_page] for i in range(0, len(entries), col.per_page)]
        pages = []
        for i, chunk in enumerate(chunks or [[]]):
            path = self.page_path(col, i)
            rows = "".join(
                f"<TR><TD height=22><IMG src=\"/images/arrow.gif\"> <A href=\"\n "
                f"{esc(self.href(path, e.url))} \" target=_blank>{esc(e.title)}</A>{e.note}</TD>"
                f"<TD width=80>{e.day.year}-{e.day.month}-{e.day.day}</TD></TR>" for e in chunk)
            nav = ""
            if len(chunks) > 1:
                links = [f"<A href=\"{esc(path_of(self.host.url(self.page_path(col, k))))}\">"
                         f"[{k + 1}]</A>" for k in range(len(chunks)) if k != i]
                nav = f"<DIV align=center>共{len(entries)}篇 页次：{i + 1}/{len(chunks)} " \
                      + " ".join(links) + "</DIV>"
            body = (col.head if i == 0 else "") + \
                f"<TABLE width=\"100%\" border=0>{rows}</TABLE>{nav}"
            pages.append(self.page(col.title, body, col.crumbs, path).encode(
                "gbk", "xmlcharrefreplace"))
        col.extra["pages"] = pages

    def show_class(self, site: Site, hit: Hit, q: dict[str, list[str]], body: bytes) -> Reply:
        col = self.classes.get((q.get("ClassID") or [""])[0])
        if col is None:
            return Reply(404, b"", validators=False)
        try:
            i = int((q.get("page") or ["1"])[0]) - 1
        except ValueError:
            i = 0
        pages = col.extra["pages"]
        return Reply(200, pages[max(0, min(i, len(pages) - 1))], "text/html; charset=gb2312")

    def show_article(self, site: Site, hit: Hit, q: dict[str, list[str]], body: bytes) -> Reply:
        data = self.articles.get((q.get("ArticleID") or [""])[0])
        if data is None:
            return Reply(200, "<html><body>该文章不存在或已被删除！</body></html>".encode("gbk"),
                         "text/html; charset=gb2312", validators=False)
        return Reply(200, data, "text/html; charset=gb2312")

    def article_html(self, col: Column, art: Art, path: str, content: str) -> str:
        return (f"<HTML><HEAD><META http-equiv=Content-Type content=\"text/html; "
                f"charset=gb2312\"><TITLE>{esc(art.title)}--{esc(self.host.site_name)}</TITLE>"
                f"</HEAD><BODY><TABLE width=778 align=center><TR><TD>"
                f"<A href=\"/\">网站首页</A> &gt;&gt; <A href=\"{esc(path_of(col.url))}\">"
                f"{esc(col.title)}</A></TD></TR><TR><TD align=center><FONT size=4><B>"
                f"{esc(art.title)}</B></FONT></TD></TR><TR><TD align=center>作者：佚名  "
                f"更新时间：{art.day.year}-{art.day.month}-{art.day.day}</TD></TR>"
                f"<TR><TD>{content}</TD></TR></TABLE></BODY></HTML>")

    def page(self, title: str, body: str, crumbs: list[tuple[str, str]], path: str,
             meta: str = "", head: str = "") -> str:
        nav = " | ".join(f"<A href=\"{esc(self.href(path, u))}\">{esc(t)}</A>"
                         for t, u in self.host.nav)
        return (f"<HTML><HEAD><META http-equiv=Content-Type content=\"text/html; "
                f"charset=gb2312\"><TITLE>{esc(title)}--{esc(self.host.site_name)}</TITLE>"
                f"</HEAD><BODY><TABLE width=778 align=center><TR><TD>{nav}</TD></TR><TR><TD>"
                f"{body}</TD></TR><TR><TD align=center>版权所有：{esc(self.host.site_name)}"
                f"</TD></TR></TABLE></BODY></HTML>")


# ==================================================================== 集约化平台

class Jyh(Platform):
    """A province's 政府网站集约化平台 (Shandong style): every unit a `site_<code>`, columns
    `/gongkai/site_<code>/channel_<24 hex>/` answered by the platform (pages
    `?pageIndex=N`), articles `doc_<24 hex>.html`, uploads `/gongkai/site_<code>/upload/`."""

    family = "jyh"

    def __init__(self, pb: PortalBuilder, host: Host, rng: random.Random, site: str) -> None:
        super().__init__(pb, host, rng)
        self.site = site

    def col_path(self, col: Column) -> str:
        col.extra["folder"] = f"/gongkai/site_{self.site}/channel_{hexid(self.rng, 24)}/"
        self.host.route(col.extra["folder"], lambda site, hit, q, body, c=col: self.serve(c, q))
        return col.extra["folder"]

    def page_path(self, col: Column, i: int) -> str:
        return col.path + (f"?pageIndex={i + 1}" if i else "")

    def art_path(self, col: Column, art: Art, n: int) -> str:
        return f"{col.extra['folder']}doc_{hexid(self.rng, 24)}.html"

    def file_path(self, col: Column, day: date, ext: str) -> str:
        return f"/gongkai/site_{self.site}/upload/{day.year}{day.month:02d}/{hexid(self.rng, 24)}" \
               f".{ext}"

    def render_column(self, col: Column) -> None:
        entries = col.ordered()
        chunks = [entries[i:i + col.per_page] for i in range(0, len(entries), col.per_page)]
        pages = []
        for i, chunk in enumerate(chunks or [[]]):
            path = self.page_path(col, i)
            body = (col.head if i == 0 else "")
            if chunk or not col.head:
                body += self.list_items(col, chunk, path) + self.pager(col, i, len(chunks), path)
            pages.append(self.page(col.title, f"<div class=\"column\"><h2>{esc(col.title)}"
                                              f"</h2>{body}</div>", col.crumbs, path).encode())
        col.extra["pages"] = pages

    def serve(self, col: Column, q: dict[str, list[str]]) -> Reply:
        try:
            i = int((q.get("pageIndex") or ["1"])[0]) - 1
        except ValueError:
            i = 0
        pages = col.extra["pages"]
        return Reply(200, pages[max(0, min(i, len(pages) - 1))])


# ======================================================================= ASP.NET

class AspNet(Platform):
    """An ASP.NET department site: `InfoPublic.aspx?cid=N&page=K&kw=` whose 下一页 never
    stops (pages past the end are empty), articles `InfoDetail.aspx?id=N`."""

    family = "aspnet"

    def __init__(self, pb: PortalBuilder, host: Host, rng: random.Random) -> None:
        super().__init__(pb, host, rng)
        self.cols: dict[str, Column] = {}
        self.articles: dict[str, Any] = {}
        host.route("/InfoPublic.aspx", self.list_route)
        host.route("/InfoDetail.aspx", self.detail_route)
        self.ids = iter(range(rng.randint(1000, 9000), 10**6, rng.randint(1, 5)))

    def col_path(self, col: Column) -> str:
        cid = str(self.rng.randint(1000, 1999))
        while cid in self.cols:
            cid = str(int(cid) + 1)
        self.cols[cid] = col
        col.extra["cid"] = cid
        return f"/InfoPublic.aspx?cid={cid}&pid=971&page=1&kw="

    def page_path(self, col: Column, i: int) -> str:
        return f"/InfoPublic.aspx?cid={col.extra['cid']}&pid=971&page={i + 1}&kw="

    def art_path(self, col: Column, art: Art, n: int) -> str:
        return f"/InfoDetail.aspx?id={n}"

    def file_path(self, col: Column, day: date, ext: str) -> str:
        return f"/UploadFile/{day.year}{day.month:02d}/{self.rng.randint(10**14, 10**15)}.{ext}"

    def script_kind(self) -> str:
        return "aspx"

    def put_article(self, col: Column, art: Art, path: str, content: str) -> None:
        aid = path.rsplit("=", 1)[1]

        def write() -> None:
            data = self.article_html(col, art, path, content).encode()
            if art.slow:
                self.articles[aid] = slow(art.slow, data)
            elif art.fail_once:
                self.articles[aid] = fail_once(data)
            else:
                self.articles[aid] = data
        self.host.defer(write)

    def render_column(self, col: Column) -> None:
        col.extra["entries"] = col.ordered()

    def list_route(self, site: Site, hit: Hit, q: dict[str, list[str]], body: bytes) -> Reply:
        col = self.cols.get((q.get("cid") or [""])[0])
        if col is None:
            return Reply(200, self.page("信息公开", "<p>暂无信息</p>", [], "/").encode())
        try:
            i = max(1, int((q.get("page") or ["1"])[0]))
        except ValueError:
            i = 1
        entries = col.extra["entries"]
        chunk = entries[(i - 1) * col.per_page: i * col.per_page]
        path = self.page_path(col, i - 1)
        items = self.list_items(col, chunk, path) if chunk else "<p class=\"empty\">暂无数据</p>"
        nav = (f"<div class=\"pager\"><a href=\"{esc(self.page_path(col, 0))}\">首页</a> "
               + (f"<a href=\"{esc(self.page_path(col, i - 2))}\">上一页</a> " if i > 1 else "")
               + f"<a href=\"{esc(self.page_path(col, i))}\">下一页</a> 第{i}页</div>")
        page = self.page(col.title, f"<div class=\"column\"><h2>{esc(col.title)}</h2>"
                                    f"{col.head if i == 1 else ''}{items}{nav}</div>",
                         col.crumbs, path)
        return Reply(200, page.encode())

    def detail_route(self, site: Site, hit: Hit, q: dict[str, list[str]], body: bytes) -> Reply:
        item = self.articles.get((q.get("id") or [""])[0])
        if item is None:
            return Reply(200, self.page("提示", "<p>信息不存在</p>", [], "/").encode(),
                         validators=False)
        if isinstance(item, bytes):
            return Reply(200, item)
        return item(site, hit, q, body)


PLATFORMS = {"trs": TRS, "hanweb": Hanweb, "ucap": UCAP, "jeecms": Jeecms, "vsb": VSB,
             "numeric": Numeric, "gdjy": GDJY, "uuidcols": UUIDCols}

__all__ = ["SID", "Art", "Att", "Column", "Entry", "Platform", "PLATFORMS", "Gkmlpt",
           "AnhuiPublic", "OldASP", "AspNet", "Jyh", "chrome"]
