"""The content systems of the metro world: how each one names its columns, list pages,
articles and files, and how it announces more pages (TRS `createPageHTML`, Hanweb datastore and
`dataproxy.jsp`, UCAP `list_N.shtml`, VSB counting down, JEECMS `index_N.jhtml` with
`;jsessionid=`, ASP.NET `?page=`, Java list forms, FastDFS files on a 集约化 platform, gkmlpt
JSON). `Flavor.publish_report` writes one report in one of many forms and registers it."""

from __future__ import annotations

import posixpath
import random
from dataclasses import dataclass, field
from urllib.parse import parse_qs, quote

from crawler.sample_portal.server import Hit, Reply

from .metro_kit import (
    EXTERNAL,
    PB,
    Doc,
    MSite,
    digits,
    doc_html,
    docx_bytes,
    dstr,
    esc,
    hexid,
    jdump,
    n_tables,
    other_doc,
    pdf_bytes,
    report_doc,
    scan_jpgs,
    table_png,
    xlsx_bytes,
)

Loc = tuple[str, str]  # (host, path[?query])


@dataclass
class Entry:
    """One line of a list page."""

    title: str
    loc: Loc
    date: str
    full: str = ""  # title attribute when the shown title is cut
    year: int = 0  # the year a report is about (0: not a report)


@dataclass
class Chrome:
    """What every page of one site shows around its content."""

    site_name: str
    home: Loc
    nav: list[tuple[str, Loc]] = field(default_factory=list)
    footer_links: list[tuple[str, Loc]] = field(default_factory=list)
    charset: str = "utf-8"
    session: bool = False  # JEECMS: nav links carry ;jsessionid=
    tracking: bool = False  # nav links carry ?from= tracking parameters
    code: str = ""


def href(pb: PB, here: Loc, to: Loc, relative: bool = False) -> str:
    if to[0] != here[0]:
        return pb.url(*to)
    if relative and "?" not in to[1]:
        base = posixpath.dirname(here[1].split("?")[0])
        if to[1].startswith(base + "/"):
            return "./" + to[1][len(base) + 1:]
    return to[1]


def page_html(pb: PB, ch: Chrome, here: Loc, title: str, body: str, crumbs: list[tuple[str, Loc]]
              | None = None, head: str = "", tail: str = "") -> str:
    rng = pb.rng
    nav = []
    for label, loc in ch.nav:
        h = href(pb, here, loc)
        if ch.session and loc[0] == here[0]:
            h += f";jsessionid={hexid(rng, 32).upper()}"
        elif ch.tracking and loc[0] == here[0] and "?" not in h:
            h += f"?from={['index', 'nav', 'top'][len(nav) % 3]}"
        nav.append(f'<li><a href="{esc(h)}">{esc(label)}</a></li>')
    crumb = ""
    if crumbs:
        parts = [f'<a href="{esc(href(pb, here, ch.home))}">首页</a>']
        parts += [f'<a href="{esc(href(pb, here, loc))}">{esc(label)}</a>' for label, loc in crumbs]
        crumb = '<div class="position">当前位置：' + " &gt; ".join(parts) + "</div>"
    foot = " | ".join(f'<a href="{esc(href(pb, here, loc))}">{esc(label)}</a>'
                      for label, loc in ch.footer_links)
    ext = "".join(f'<option value="{u}">{u.split("//")[1].strip("/")}</option>'
                  for u in rng.sample(EXTERNAL, 4))
    meta = (f'<meta http-equiv="Content-Type" content="text/html; charset={ch.charset}">'
            if ch.charset != "utf-8" else '<meta charset="utf-8">')
    return (f"<!DOCTYPE html><html><head>{meta}<title>{esc(title)}</title>"
            f'<meta name="SiteName" content="{esc(ch.site_name)}">'
            f'<meta name="SiteIDCode" content="{ch.code}">'
            f'<link rel="stylesheet" href="/css/style.css">{head}</head><body>'
            f'<div class="top"><span>{esc(ch.site_name)}</span>'
            f'<form action="/search/" method="get"><input name="q"><button>搜索</button></form></div>'
            f'<ul class="nav">{"".join(nav)}</ul>{crumb}<div class="main">{body}</div>'
            f'<div class="links">相关链接：<select onchange="window.open(this.value)">{ext}</select></div>'
            f'<div class="footer">{foot}<p>主办单位：{esc(ch.site_name)} 网站标识码：{ch.code} '
            f'ICP备{digits(rng, 8)}号</p></div>{tail}</body></html>')


def encode(ch: Chrome, text: str) -> bytes:
    if ch.charset == "utf-8":
        return text.encode("utf-8")
    return text.encode("gb18030")


def ctype_of(ch: Chrome) -> str | None:
    return None if ch.charset == "utf-8" else f"text/html; charset={ch.charset}"


def li(pb: PB, here: Loc, e: Entry, relative: bool) -> str:
    h = esc(href(pb, here, e.loc, relative))
    t = esc(e.full or e.title)
    return f'<li><a href="{h}" target="_blank" title="{t}">{esc(e.title)}</a><span>{e.date}</span></li>'


# ------------------------------------------------------------------ downloads

def serve_download(site: MSite, key: str, data: bytes, filename: str, octet: bool) -> None:
    """A download script answer for `key` (path?query): Content-Disposition, maybe a generic
    content type, no file extension in the URL."""
    path = key.split("?", 1)[0]
    site.downloads = getattr(site, "downloads", {})  # type: ignore[attr-defined]
    site.downloads[key] = (data, filename, octet)  # type: ignore[attr-defined]

    def route(s: MSite, hit: Hit, query: dict[str, list[str]], body: bytes) -> Reply | None:
        k = hit.path.split(";")[0] + (f"?{hit.query}" if hit.query else "")
        got = getattr(s, "downloads", {}).get(k)
        if got is None:
            return Reply(404, b"file not found", "text/plain", validators=False)
        data, name, octet = got
        ctype = "application/octet-stream" if octet else {
            "pdf": "application/pdf", "docx": "application/vnd.openxmlformats-officedocument."
            "wordprocessingml.document", "xlsx": "application/vnd.openxmlformats-officedocument."
            "spreadsheetml.sheet", "jpg": "image/jpeg", "png": "image/png"}.get(
                name.rsplit(".", 1)[-1], "application/octet-stream")
        return Reply(200, data, ctype,
                     {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})

    site.routes[path] = route


# ------------------------------------------------------------------ flavors

class Flavor:
    """How one CMS lays out one site."""

    name = "plain"
    relative = False

    def __init__(self, pb: PB, host: str, ch: Chrome, slug: str = "site") -> None:
        self.pb, self.host, self.ch, self.rng, self.slug = pb, host, ch, pb.rng, slug
        self.site = pb.site(host)
        self.print_prefix: str | None = None  # print versions under a robots-disallowed folder
        self.file_host: str | None = None  # files on a file server sub-domain
        self.chinese_names = 0.0  # share of files named by their Chinese title
        self.last_print = ""
        self.articles: list[Loc] = []

    # --- naming
    def column(self, slug: str) -> str:
        return f"/{slug.strip('/')}/"

    def list_paths(self, base: str, n: int) -> list[str]:
        return [base + "index.html"] + [base + f"index_{i}.html" for i in range(1, n)]

    def article_path(self, base: str, date: tuple[int, int, int]) -> str:
        y, m, d = date
        return f"{base}{y}{m:02d}/t{y}{m:02d}{d:02d}_{self.pb.next_id(1000000)}.html"

    def file_path(self, art: str, date: tuple[int, int, int], ext: str) -> str:
        y, m, d = date
        pre = "W0" if ext in ("png", "jpg") else "P0"
        return f"{posixpath.dirname(art)}/{pre}{y}{m:02d}{d:02d}{digits(self.rng, 12)}.{ext}"

    def script_download(self, data: bytes, name: str) -> str:
        key = f"/common/download.do?fileId={self.pb.next_id(50000)}"
        serve_download(self.site, key, data, name, self.rng.random() < 0.5)
        return key

    # --- lists
    def paging(self, base: str, i: int, n: int, paths: list[str]) -> str:
        return f'<script type="text/javascript">createPageHTML({n}, {i}, "index", "html");</script>'

    def publish_list(self, base: str, heading: str, entries: list[Entry], per: int,
                     crumbs: list[tuple[str, Loc]], intro: str = "") -> Loc:
        n = max(1, -(-len(entries) // per))
        paths = self.list_paths(base, n)
        for i, path in enumerate(paths):
            here = (self.host, path)
            items = "".join(li(self.pb, here, e, self.relative)
                            for e in entries[i * per:(i + 1) * per])
            if not items:
                items = "<li>暂无信息</li>"
            body = (f'<h2 class="lm">{esc(heading)}</h2>{intro}<ul class="list">{items}</ul>'
                    f'<div class="page">{self.paging(base, i, n, paths)}</div>')
            self.site.put(path, encode(self.ch, page_html(self.pb, self.ch, here, heading, body,
                                                          crumbs)), ctype_of(self.ch))
        return (self.host, paths[0])

    # --- articles
    def article(self, path: str, title: str, date: str, body: str,
                crumbs: list[tuple[str, Loc]], source: str = "", extra: str = "") -> Loc:
        here = (self.host, path)
        tools = ""
        pp = ""
        if self.print_prefix:
            pp = self.print_prefix + path.strip("/").replace("/", "_").replace("?", "_") \
                .replace("=", "_").replace("&", "_")
            tools = f'<a href="{pp}" target="_blank">打印本页</a> '
            self.site.put(pp, f"<html><head><title>{esc(title)}</title></head><body>"
                              f"<h1>{esc(title)}</h1>{body}</body></html>")
        self.last_print = pp
        b = (f'<div class="article"><h1>{esc(title)}</h1><div class="info">发布时间：{date} '
             f'来源：{esc(source or self.ch.site_name)} 浏览次数：<span id="hits"></span></div>'
             f'<div class="TRS_Editor" id="zoom">{body}</div>{extra}'
             f'<div class="tools">{tools}<a href="javascript:window.close()">关闭窗口</a></div></div>')
        self.site.put(path, encode(self.ch, page_html(self.pb, self.ch, here, title, b, crumbs)),
                      ctype_of(self.ch))
        self.articles.append(here)
        return here

    def report_article(self, path: str, title: str, date: str, body: str,
                       crumbs: list[tuple[str, Loc]], source: str = "", extra: str = "") -> Loc:
        here = self.article(path, title, date, body, crumbs, source, extra)
        if self.last_print:
            self.pb.never.add(self.pb.url(self.host, self.last_print))
        return here

    # --- files
    def store(self, art: str, date: tuple[int, int, int], ext: str, data: bytes,
              name: str = "") -> tuple[str, str]:
        """Put a file: (the href the page writes, the absolute URL a crawler fetches). Files may
        live on a file server sub-domain, and may be named by their Chinese title."""
        host = self.file_host or self.host
        y, m, d = date
        path = f"/uploadfile/{y}/{m:02d}{d:02d}/{name}.{ext}"
        if (name and self.ch.charset == "utf-8" and self.rng.random() < self.chinese_names
                and path not in self.pb.site(host).files):
            pass
        else:
            path = self.file_path(art, date, ext)
        self.pb.site(host).put(path, data)
        url = self.pb.url(host, quote(path))
        if host != self.host:
            return self.pb.url(host, path), url
        same_dir = posixpath.dirname(path) == posixpath.dirname(art.split("?")[0])
        return ("./" + posixpath.basename(path) if self.relative and same_dir else path), url

    # --- the many forms of a report
    def attach_link(self, art: str, date: tuple[int, int, int], data: bytes, ext: str,
                    label: str, style: str) -> tuple[str, str]:
        """(html, absolute URL) linking a file from the article at `art`."""
        if style == "script":
            path = self.script_download(data, f"{label}.{ext}")
            return (f'<p>附件：<a href="{esc(path)}">{esc(label)}.{ext}</a></p>',
                    self.pb.url(self.host, path))
        h, path = self.store(art, date, ext, data, label)
        if style == "onclick":
            fn = self.rng.choice(["downloadFile", "openFile", "window.open", "doDownload"])
            return (f'<p>附件：<a href="javascript:void(0);" onclick="{fn}(\'{h}\')">'
                    f'{esc(label)}.{ext}</a></p>', path)
        if style == "viewer" and ext == "pdf":
            self.site.put("/static/pdfjs/web/viewer.html",
                          "<html><head><title>PDF.js viewer</title><script src=\"viewer.js\">"
                          "</script></head><body><div id=\"viewerContainer\"></div></body></html>")
            f = posixpath.dirname(art) + h[1:] if h.startswith("./") else h
            f = quote(f, safe="") if self.rng.random() < 0.5 else f
            return (f'<iframe src="/static/pdfjs/web/viewer.html?file={f}" width="100%" '
                    f'height="900" frameborder="0"></iframe>', path)
        if style == "embed" and ext == "pdf":
            tag = self.rng.choice(["embed", "object"])
            if tag == "embed":
                return f'<embed src="{h}" type="application/pdf" width="100%" height="800">', path
            return (f'<object data="{h}" type="application/pdf" width="100%" height="800">'
                    f'<p>您的浏览器不支持PDF预览</p></object>', path)
        return (f'<p class="fj">附件：<a href="{esc(h)}" target="_blank">{esc(label)}.{ext}</a></p>',
                path)

    def publish_report(self, base: str, unit: str, year: int, title: str,
                       date: tuple[int, int, int], form: str, style: str,
                       crumbs: list[tuple[str, Loc]], where: str, list_title: str = "",
                       agency: str = "", page_title: str = "") -> Entry:
        """Write one report in `form`, register it, and return its list entry."""
        pb, rng = self.pb, self.rng
        ds = dstr(date)
        doc = report_doc(unit, year, title, self.ch.site_name, rng)
        shown = list_title or title
        urls: list[str] = []
        where = f"{self.name}: {where}, {form}" + (f"/{style}" if form in
                                                   ("pdf", "docx", "notice", "full+pdf") else "")
        if form == "bare":
            ext = rng.choice(["pdf", "pdf", "docx"])
            data = pdf_bytes(doc) if ext == "pdf" else docx_bytes(doc)
            art = self.article_path(base, date)
            if style == "script":
                path = self.script_download(data, f"{title}.{ext}")
                url = pb.url(self.host, path)
            else:
                _, url = self.store(art, date, ext, data, title)
            pb.report(agency or unit, year, [url], where)
            p = url.split("/", 3)
            return Entry(shown, (p[2].split(":")[0], "/" + p[3]), ds, title, year)
        art = self.article_path(base, date)
        here_url = pb.url(self.host, art)
        urls.append(here_url)
        if form == "html":
            body = doc_html(doc)
        elif form == "imgtables":
            imgs = []
            for kind, val in doc.blocks:
                if kind == "t":
                    h, url = self.store(art, date, "png", table_png(val))
                    imgs.append(h)
                    urls.append(url)
            body = doc_html(doc, imgs)
            assert len(imgs) == n_tables(doc)
        elif form == "scan":
            pages = scan_jpgs(doc, rng.randint(2, 4), rng)
            parts = []
            for data in pages:
                h, url = self.store(art, date, "jpg", data)
                urls.append(url)
                parts.append(f'<p style="text-align:center"><img src="{esc(h)}" width="600"></p>')
            body = "".join(parts)
        elif form in ("pdf", "docx", "xlsx", "full+pdf", "notice"):
            ext = {"docx": "docx", "xlsx": "xlsx"}.get(form, "pdf")
            data = {"pdf": pdf_bytes, "docx": docx_bytes, "xlsx": xlsx_bytes}[ext](doc)
            label = title if rng.random() < 0.7 else f"{year}年报"
            link, url = self.attach_link(art, date, data, ext, label, style)
            urls.append(url)
            if form == "notice":
                body = (f"<p>根据《中华人民共和国政府信息公开条例》规定，现将《{esc(title)}》予以公布。</p>"
                        f"<p>特此公告。</p><p style=\"text-align:right\">{esc(unit)}<br>{ds}</p>"
                        + link)
            elif form == "full+pdf" or form == "xlsx":
                body = doc_html(doc) + link
            else:
                body = f"<p>{esc(title)}详见附件。</p>" + link if rng.random() < 0.6 else link
        elif form == "iframe":
            inner = f"{posixpath.dirname(art.split('?')[0]).rstrip('/')}/content_{hexid(rng, 10)}.html"
            self.site.put(inner, encode(self.ch, f"<html><head><meta charset=\"{self.ch.charset}\">"
                                                 f"<title>{esc(title)}</title></head><body>"
                                                 f"{doc_html(doc)}</body></html>"), ctype_of(self.ch))
            urls.append(pb.url(self.host, inner))
            body = (f'<iframe id="contentFrame" src="{inner}" width="100%" '
                    f'height="1600" frameborder="0" scrolling="auto"></iframe>')
        elif form == "multipage":
            return self._multipage(base, art, doc, unit, year, title, date, crumbs, where,
                                   shown, agency)
        else:
            raise ValueError(form)
        self.report_article(art, page_title or title, ds, body, crumbs, source=unit)
        pb.report(agency or unit, year, urls, where)
        return Entry(shown, (self.host, art), ds, title, year)

    def _multipage(self, base: str, art: str, doc: Doc, unit: str, year: int, title: str,
                   date: tuple[int, int, int], crumbs: list[tuple[str, Loc]], where: str,
                   shown: str, agency: str) -> Entry:
        n = self.rng.randint(2, 3)
        stem = posixpath.basename(art).rsplit(".", 1)[0]
        paths = [art] + [art.rsplit(".", 1)[0] + f"_{i}.html" for i in range(1, n)]
        chunk = -(-len(doc.blocks) // n)
        for i, p in enumerate(paths):
            part = Doc(title, doc.blocks[i * chunk:(i + 1) * chunk])
            pager = f'<script type="text/javascript">createPageHTML({n}, {i}, "{stem}", "html");</script>'
            self.report_article(p, title, dstr(date), doc_html(part), crumbs, source=unit,
                         extra=f'<div class="page">{pager}</div>')
        self.pb.report(agency or unit, year, [self.pb.url(self.host, p) for p in paths], where)
        return Entry(shown, (self.host, art), dstr(date), title, year)

    def publish_other(self, base: str, title: str, date: str, unit: str,
                      crumbs: list[tuple[str, Loc]], attach: bool, lookalike: bool) -> Entry:
        """A news item or a look-alike page (with its attachment)."""
        y, m, d = (int(x) for x in date.split("-"))
        art = self.article_path(base, (y, m, d))
        doc = other_doc(title, unit, self.rng)
        body = doc_html(doc)
        if attach:
            data = pdf_bytes(doc) if self.rng.random() < 0.7 else xlsx_bytes(doc)
            ext = "pdf" if data[:4] == b"%PDF" else "xlsx"
            link, url = self.attach_link(art, (y, m, d), data, ext, title, "plain")
            body += link
            if lookalike:
                self.pb.lookalikes.add(url)
        self.article(art, title, date, body, crumbs, source=unit)
        if lookalike:
            self.pb.lookalikes.add(self.pb.url(self.host, art))
        return Entry(title, (self.host, art), date)


class TRS(Flavor):
    name = "trs"
    relative = True

    def paging(self, base: str, i: int, n: int, paths: list[str]) -> str:
        if self.rng.random() < 0.5:
            return (f'<script type="text/javascript">var countPage = {n}//共多少页\n'
                    f'var currentPage = {i};//当前第几页\nvar prevPage = "index";\n'
                    f'createPageHTML(countPage, currentPage, prevPage, "html");</script>')
        return super().paging(base, i, n, paths)


class Hanweb(Flavor):
    name = "hanweb"

    def column(self, slug: str) -> str:
        return f"/col/col{self.pb.next_id(1229000000, 900)}/"

    def list_paths(self, base: str, n: int) -> list[str]:
        return [base + "index.html"]

    def article_path(self, base: str, date: tuple[int, int, int]) -> str:
        col = base.strip("/").split("col")[-1]
        return f"/art/{date[0]}/{date[1]}/{date[2]}/art_{col}_{self.pb.next_id(80000)}.html"

    def file_path(self, art: str, date: tuple[int, int, int], ext: str) -> str:
        folder = "picture" if ext in ("png", "jpg") else "attach"
        return f"/{folder}/0/{hexid(self.rng, 32)}.{ext}"

    def script_download(self, data: bytes, name: str) -> str:
        fname = f"{hexid(self.rng, 20)}.{name.rsplit('.', 1)[-1]}"
        self.site.put(f"/attach/{fname}", data)
        return f"/module/download/downfile.jsp?classid=0&filename={fname}"

    def publish_list(self, base: str, heading: str, entries: list[Entry], per: int,
                     crumbs: list[tuple[str, Loc]], intro: str = "") -> Loc:
        path = base + "index.html"
        here = (self.host, path)
        col = base.strip("/").split("col")[-1]
        records = [f"<record><![CDATA[{li(self.pb, here, e, False)}]]></record>" for e in entries]
        first = records[:per * 3]
        cfg = ""
        if len(records) > len(first):
            self.site.put(f"/module/web/jpage/records/{col}.xml", "\n".join(records))
            cfg = (f"<script>$(document).ready(function(){{ $('#div{col}').jpage({{"
                   f"dataStore: dataStore, proxyUrl: '/module/web/jpage/dataproxy.jsp', "
                   f"perPage: {per}, totalRecord: {len(records)}, groupSize: 3, "
                   f"ajaxParam: {{col: 1, appid: 1, webid: {self.pb.next_id(1, 9)}, path: '/', "
                   f"columnid: {col}, sourceContentType: 1, unitid: '{self.pb.next_id(4000)}', "
                   f"permissiontype: 0}} }}); }});</script>")
        body = (f'<h2 class="lm">{esc(heading)}</h2>{intro}<div id="div{col}">'
                f'<script type="text/xml"><datastore><nextgroup><![CDATA[]]></nextgroup>'
                f'<recordset>{"".join(first)}</recordset></datastore></script></div>'
                f'<script language="javascript" src="/module/web/jpage/jpage.js"></script>{cfg}')
        self.site.put(path, page_html(self.pb, self.ch, here, heading, body, crumbs))
        return here


class UCAP(Flavor):
    name = "ucap"

    def column(self, slug: str) -> str:
        return f"/{self.slug}/c{self.pb.next_id(100000, 300)}/"

    def list_paths(self, base: str, n: int) -> list[str]:
        return [base + "list.shtml"] + [base + f"list_{i}.shtml" for i in range(2, n + 1)]

    def article_path(self, base: str, date: tuple[int, int, int]) -> str:
        return f"{base}{date[0]}{date[1]:02d}/{hexid(self.rng)}.shtml"

    def file_path(self, art: str, date: tuple[int, int, int], ext: str) -> str:
        kind = "images" if ext in ("png", "jpg") else "files"
        return f"{art.rsplit('.', 1)[0]}/{kind}/{hexid(self.rng)}.{ext}"

    def paging(self, base: str, i: int, n: int, paths: list[str]) -> str:
        out = [f"共{n}页 第{i + 1}页 "]
        out.append(f'<a href="{paths[0]}">首页</a>')
        if i > 0:
            out.append(f'<a href="{paths[i - 1]}">上一页</a>')
        if i < n - 1:
            out.append(f'<a href="{paths[i + 1]}">下一页</a>')
        out.append(f'<a href="{paths[-1]}">尾页</a>')
        return " ".join(out)


class VSB(Flavor):
    name = "vsb"

    def column(self, slug: str) -> str:
        return f"/{slug.strip('/').replace('/', '_')}"

    def list_paths(self, base: str, n: int) -> list[str]:
        return [base + ".htm"] + [f"{base}/{n - k + 1}.htm" for k in range(2, n + 1)]

    def article_path(self, base: str, date: tuple[int, int, int]) -> str:
        colnum = 1000 + sum(map(ord, base)) % 90
        return f"/info/{colnum}/{self.pb.next_id(10000)}.htm"

    def file_path(self, art: str, date: tuple[int, int, int], ext: str) -> str:
        h = hexid(self.rng, 40).upper()
        return f"/__local/{h[0]}/{h[1:3]}/{h[3:5]}/{h[5:37]}_{h[37:40]}{digits(self.rng, 5)}.{ext}"

    def script_download(self, data: bytes, name: str) -> str:
        key = (f"/system/_content/download.jsp?urltype=news.DownloadAttachUrl&owner="
               f"{digits(self.rng, 10)}&wbfileid={self.pb.next_id(1000000)}")
        serve_download(self.site, key, data, name, True)
        return key

    def paging(self, base: str, i: int, n: int, paths: list[str]) -> str:
        here_dir = posixpath.dirname(paths[i])

        def rel(p: str) -> str:
            return posixpath.relpath(p, here_dir)
        out = [f'<span class="p_pages">共{n}页&nbsp;{i + 1}/{n}&nbsp;']
        if i:
            out.append(f'<span class="p_first"><a href="{rel(paths[0])}">首页</a></span>'
                       f'<span class="p_prev"><a href="{rel(paths[i - 1])}">上页</a></span>')
        lo = max(0, i - 2)
        for k in range(lo, min(n, lo + 5)):
            out.append(f"<span class=\"p_no_d\">{k + 1}</span>" if k == i else
                       f'<span class="p_no"><a href="{rel(paths[k])}">{k + 1}</a></span>')
        if i < n - 1:
            out.append(f'<span class="p_next"><a href="{rel(paths[i + 1])}">下页</a></span>'
                       f'<span class="p_last"><a href="{rel(paths[-1])}">尾页</a></span>')
        return "".join(out) + "</span>"


class JEECMS(Flavor):
    name = "jeecms"

    def column(self, slug: str) -> str:
        return f"/{slug.strip('/').replace('/', '_')}/"

    def list_paths(self, base: str, n: int) -> list[str]:
        return [base + "index.jhtml"] + [base + f"index_{i}.jhtml" for i in range(2, n + 1)]

    def article_path(self, base: str, date: tuple[int, int, int]) -> str:
        return f"{base}{self.pb.next_id(3000)}.jhtml"

    def file_path(self, art: str, date: tuple[int, int, int], ext: str) -> str:
        y, m, d = date
        return f"/u/cms/www/{y}{m:02d}/{d:02d}{digits(self.rng, 6)}{hexid(self.rng, 4)}.{ext}"

    def script_download(self, data: bytes, name: str) -> str:
        key = f"/attachment.jspx?cid={self.pb.next_id(3000)}&i=0&t={digits(self.rng, 13)}"
        serve_download(self.site, key, data, name, True)
        return key

    def paging(self, base: str, i: int, n: int, paths: list[str]) -> str:
        out = [f"共 {n} 页 当前第 {i + 1} 页 "]
        if i > 0:
            out.append(f'<a href="{posixpath.basename(paths[0])}">首页</a> '
                       f'<a href="{posixpath.basename(paths[i - 1])}">上一页</a>')
        if i < n - 1:
            out.append(f'<a href="{posixpath.basename(paths[i + 1])}">下一页</a> '
                       f'<a href="{posixpath.basename(paths[-1])}">尾页</a>')
        return " ".join(out)


class ASPX(Flavor):
    name = "aspx"

    def column(self, slug: str) -> str:
        return f"/InfoPublic.aspx?cid={self.pb.next_id(1000, 20)}&pid={self.pb.next_id(900, 5)}"

    def list_paths(self, base: str, n: int) -> list[str]:
        return [base] + [f"{base}&page={k}&kw=" for k in range(2, n + 1)]

    def article_path(self, base: str, date: tuple[int, int, int]) -> str:
        return f"/Content-{self.pb.next_id(2700000)}.html"

    def file_path(self, art: str, date: tuple[int, int, int], ext: str) -> str:
        y, m, d = date
        return f"/UploadFiles/{y}{m:02d}/{y}{m:02d}{d:02d}{digits(self.rng, 10)}.{ext}"

    def paging(self, base: str, i: int, n: int, paths: list[str]) -> str:
        lo = max(0, i - 3)
        out = [f'<a href="{esc(paths[k])}">{k + 1}</a>' if k != i else f"<b>{k + 1}</b>"
               for k in range(lo, min(n, lo + 6))]
        if i < n - 1:
            out.append(f'<a href="{esc(paths[i + 1])}">下一页</a>')
        return f"<span>共{n}页</span>" + " ".join(out)


class JavaDo(Flavor):
    """A Java list that pages through a form (POST, or GET with the same field)."""

    name = "javado"

    def column(self, slug: str) -> str:
        return f"/web/{self.slug}/information/list?columnId={hexid(self.rng, 16)}"

    def list_paths(self, base: str, n: int) -> list[str]:
        return [base] + [f"{base}&pageNo={k}" for k in range(2, n + 1)]

    def article_path(self, base: str, date: tuple[int, int, int]) -> str:
        return f"/web/{self.slug}/information/detail?id={hexid(self.rng)}"

    def file_path(self, art: str, date: tuple[int, int, int], ext: str) -> str:
        y, m, d = date
        return f"/upload/{y}{m:02d}{d:02d}/{hexid(self.rng, 20)}.{ext}"

    def script_download(self, data: bytes, name: str) -> str:
        key = f"/web/file/download?fileId={hexid(self.rng, 24)}"
        serve_download(self.site, key, data, name, self.rng.random() < 0.6)
        return key

    def paging(self, base: str, i: int, n: int, paths: list[str]) -> str:
        links = []
        if i > 0:
            links.append(f'<a href="javascript:goPage({i})">上一页</a>')
        if i < n - 1:
            links.append(f'<a href="javascript:goPage({i + 2})">下一页</a>')
            links.append(f'<a href="javascript:goPage({n})">尾页</a>')
        return (f'<form id="pageForm" name="pageForm" action="{esc(base)}" method="post">'
                f'<input type="hidden" name="pageNo" value="{i + 1}"></form>'
                f'<span>共{n}页 当前第{i + 1}页</span> ' + " ".join(links) +
                '<script>function goPage(n){var f=document.getElementById("pageForm");'
                'f.pageNo.value=n;f.submit();}</script>')

    def publish_list(self, base: str, heading: str, entries: list[Entry], per: int,
                     crumbs: list[tuple[str, Loc]], intro: str = "") -> Loc:
        first = super().publish_list(base, heading, entries, per, crumbs, intro)
        path = base.split("?")[0]

        def route(s: MSite, hit: Hit, query: dict[str, list[str]], body: bytes) -> Reply | None:
            if hit.method != "POST":
                return None
            form = parse_qs(body.decode("utf-8", "replace"))
            page = (form.get("pageNo") or ["1"])[0]
            key = f"{path}?{hit.query}" + (f"&pageNo={page}" if page != "1" else "")
            data = s.files.get(key)
            if data is None:
                return Reply(404, b"", validators=False)
            return Reply(200, data, validators=False)

        self.site.routes[path] = route
        return first


class Jiyue(Flavor):
    """A provincial 集约化 platform: /gongkai/site_x/channel_y/doc_z.html, FastDFS files."""

    name = "jiyue"

    def column(self, slug: str) -> str:
        return f"/gongkai/site_{self.slug}/channel_{hexid(self.rng, 24)}/"

    def list_paths(self, base: str, n: int) -> list[str]:
        return [base] + [f"{base}?page={k}" for k in range(2, n + 1)]

    def article_path(self, base: str, date: tuple[int, int, int]) -> str:
        return f"{base}doc_{hexid(self.rng, 24)}.html"

    def file_path(self, art: str, date: tuple[int, int, int], ext: str) -> str:
        abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
        tail = "".join(self.rng.choice(abc) for _ in range(22))
        return f"/group1/M00/{hexid(self.rng, 2).upper()}/{hexid(self.rng, 2).upper()}/{tail}.{ext}"

    def paging(self, base: str, i: int, n: int, paths: list[str]) -> str:
        lo = max(0, i - 2)
        out = []
        for k in range(lo, min(n, lo + 5)):
            q = "?page=" + str(k + 1) if k else "./"
            out.append(f'<a href="{q}">{k + 1}</a>' if k != i else f'<span class="cur">{k + 1}</span>')
        if i < n - 1:
            out.append(f'<a href="?page={i + 2}">下一页</a><a href="?page={n}">末页</a>')
        return "".join(out)


FLAVORS: dict[str, type[Flavor]] = {
    "trs": TRS, "hanweb": Hanweb, "ucap": UCAP, "vsb": VSB, "jeecms": JEECMS, "aspx": ASPX,
    "javado": JavaDo, "jiyue": Jiyue,
}

# which report forms and link styles suit which era
FORMS_NEW = ["html", "html", "html", "imgtables", "pdf", "pdf", "full+pdf", "docx", "iframe",
             "bare", "xlsx", "notice", "multipage"]
FORMS_OLD = ["html", "html", "pdf", "scan", "docx", "bare", "imgtables"]
STYLES = ["plain", "plain", "plain", "script", "onclick", "viewer", "embed"]


def pick_form(rng: random.Random, year: int, flavor: Flavor, allowed: list[str] | None = None) \
        -> tuple[str, str]:
    forms = list(allowed or (FORMS_NEW if year >= 2016 else FORMS_OLD))
    if flavor.name != "trs" and "multipage" in forms:
        forms.remove("multipage")
    form = rng.choice(forms)
    style = rng.choice(STYLES)
    return form, style


def put_json(site: MSite, key: str, obj: object) -> None:
    site.put(key, jdump(obj), "application/json; charset=utf-8")


class GKMLPT(Flavor):
    """Guangdong's 政府信息公开目录平台: an empty page whose script names JSON list APIs."""

    name = "gkmlpt"

    def __init__(self, pb: PB, host: str, ch: Chrome, slug: str = "") -> None:
        super().__init__(pb, host, ch, slug)
        self.prefix = f"/{slug}" if slug else ""
        self.sid = digits(self.rng, 6)

    def column(self, slug: str) -> str:
        return f"{self.prefix}/gkmlpt/api/all/{self.pb.next_id(2000, 60)}"

    def list_paths(self, base: str, n: int) -> list[str]:
        return [f"{base}?page={k}&sid={self.sid}" for k in range(1, n + 1)]

    def article_path(self, base: str, date: tuple[int, int, int]) -> str:
        i = self.pb.next_id(600000, 4000)
        return f"{self.prefix}/gkmlpt/content/{i // 1000000}/{i // 1000}/post_{i}.html"

    def file_path(self, art: str, date: tuple[int, int, int], ext: str) -> str:
        return f"/attachment/0/{digits(self.rng, 3)}/{digits(self.rng, 6)}/{digits(self.rng, 7)}.{ext}"

    def publish_list(self, base: str, heading: str, entries: list[Entry], per: int,
                     crumbs: list[tuple[str, Loc]], intro: str = "") -> Loc:
        n = max(1, -(-len(entries) // per))
        paths = self.list_paths(base, n)
        for k, path in enumerate(paths):
            arts = [{"id": int(e.loc[1].rsplit("_", 1)[-1].split(".")[0])
                     if "post_" in e.loc[1] else 0,
                     "title": e.full or e.title, "url": self.pb.url(*e.loc),
                     "display_publish_time": e.date, "attachments": []}
                    for e in entries[k * per:(k + 1) * per]]
            put_json(self.site, path, {"total": len(entries), "page": k + 1, "page_size": per,
                                       "name": heading, "articles": arts})
        return (self.host, paths[0])

    def index_page(self, cats: list[tuple[str, Loc]], title: str,
                   crumbs: list[tuple[str, Loc]]) -> Loc:
        path = f"{self.prefix}/gkmlpt/index"
        conf = {"sid": self.sid, "name": title,
                "cats": [{"id": int(loc[1].split("/")[-1].split("?")[0]), "name": name,
                          "api": loc[1]} for name, loc in cats]}
        body = (f'<div id="app"><noscript>本页面需要启用JavaScript</noscript></div>'
                f"<script>window.GKMLPT = {jdump(conf)};</script>"
                f'<script src="/gkmlpt/static/js/app.{hexid(self.rng, 8)}.js"></script>')
        self.site.put(path, page_html(self.pb, self.ch, (self.host, path), title, body, crumbs))
        return (self.host, path)


FLAVORS["gkmlpt"] = GKMLPT
