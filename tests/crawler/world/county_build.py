"""Portal builder of the county world: holds one portal's hosts, files and routes while it is
generated, and writes columns (every pagination style) and articles (every route to the
bytes), registering expected reports and look-alikes as it goes."""

from __future__ import annotations

import itertools
import random
import re
from collections import defaultdict
from datetime import date as Date
from functools import lru_cache
from typing import Any
from urllib.parse import quote, urlsplit

from crawler.sample_portal.server import Route
from tests.crawler.world import Report
from tests.crawler.world import county_files as F
from tests.crawler.world import county_html as H
from tests.crawler.world.county_schemes import Col, Doc, Owner, Scheme, ha, rel
from tests.crawler.world.county_site import (
    CSite,
    Downloads,
    GkmlptApi,
    QueryList,
    QueryPages,
    VueApi,
)
from tests.crawler.world.county_text import Looka, ReportText

MAX_DEPTH = 9  # no expected URL deeper than this many clicks from the home page

STYLE_WORDS = {
    "trs": "TRS createPageHTML script pagination (index_N.html announced only in a script)",
    "hanweb": "Hanweb datastore list, later records only by POST to dataproxy.jsp",
    "numbers": "numbered page links",
    "fpnl": "首页/上一页/下一页/尾页 links",
    "vsb": "VSB pages numbered downwards (xxgknb/3.htm … 1.htm)",
    "query": "query-string pagination",
    "gk": "gkmlpt JSON API (/gkmlpt/api/all/<cat>?page=N&sid=…) written in the page script",
    "vue": "JSON list API (/api/content/list?channelId=…&pageNo=…) written in the page script",
}
DELIVERY_WORDS = {
    "html": "report text in the page",
    "pdf": "page says 详见附件, content in a linked PDF",
    "html+pdf": "text in the page plus a PDF attachment",
    "docx": "DOCX attachment",
    "pdf+xlsx": "PDF plus an XLSX statistics table",
    "downfile": "PDF behind downfile.jsp?classid=0&filename=…",
    "downloaddo": "PDF behind /attach/download.do?id=… (Content-Disposition only)",
    "vsbdl": "PDF behind VSB download.jsp?…&wbfileid=… (Content-Disposition only)",
    "onclick": "PDF opened by onclick=window.open(…) on href=javascript:void(0)",
    "pdfjs": "PDF only inside a pdf.js viewer iframe (viewer.html?file=…)",
    "embed": "PDF only in an <embed src>",
    "images": "image-only page: the report is scanned images next to logo/banner/qrcode",
    "scanpdf": "scanned image-only PDF (no text layer)",
    "direct": "no page: the list links straight to the file",
    "onlydl": ".shtml article holding only the download link",
}


class PB:
    """Everything one portal is made of while it is generated."""

    def __init__(self, spec: Any, port: int) -> None:
        self.spec = spec
        self.port = port
        self.rng = random.Random(f"county/{spec.seed}/{spec.idx}/{spec.base}")
        self.files: dict[str, dict[str, bytes]] = defaultdict(dict)
        self.routes: dict[str, dict[str, Route]] = defaultdict(dict)
        self.prefix_routes: dict[str, dict[str, Route]] = defaultdict(dict)
        self.charset: dict[str, str] = {}
        self.hosts: list[str] = []
        self.reports: list[Report] = []
        self.never: set[str] = set()
        self.lookalikes: set[str] = set()
        self.flaky: dict[str, set[str]] = defaultdict(set)
        self.slow: dict[str, dict[str, float]] = defaultdict(dict)
        self._ids = itertools.count(self.rng.randint(1_200_000, 4_800_000), 7)
        self._cids = itertools.count(self.rng.randint(10_000, 90_000), 3)
        self.qlists: dict[tuple[str, str], QueryList] = {}
        self.qpages: dict[tuple[str, str], QueryPages] = {}
        self.downloads: dict[tuple[str, str], Downloads] = {}
        self.gk_api = GkmlptApi(page_size=10)
        self.vue_api = VueApi()
        self.skins: dict[str, H.Skin] = {}
        self.meta: dict[str, Any] = {"lists": set(), "dead": set(), "deliveries": defaultdict(int),
                                     "styles": set(), "sitemap_only": set()}
        self.sitemap: list[str] = []
        self._track = 0
        self._dup = 0
        self.scheme: Scheme | None = None
        self.units: Any = None

    # -------------------------------------------------------------- ids and names
    def u(self, host: str, path: str) -> str:
        return f"http://{host}:{self.port}{path}"

    def next_id(self) -> int:
        return next(self._ids)

    def next_cid(self) -> int:
        return next(self._cids)

    def hex(self, n: int) -> str:
        return "".join(self.rng.choice("0123456789abcdef") for _ in range(n))

    def digits(self, n: int) -> str:
        return "".join(self.rng.choice("0123456789") for _ in range(n))

    def uuid(self) -> str:
        h = self.hex(32)
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    # -------------------------------------------------------------- storing
    def add_host(self, host: str, charset: str = "utf-8") -> None:
        if host not in self.charset:
            self.hosts.append(host)
            self.charset[host] = charset

    def encode(self, host: str, html: str) -> bytes:
        if "tracking" in self.spec.traps and host == self.spec.main_host:
            html = self._with_tracking(html)
        return html.encode(self.charset[host], "xmlcharrefreplace")

    def put(self, host: str, path: str, data: bytes) -> None:
        if "?" in path:
            script, _, query = path.partition("?")
            param, _, value = query.partition("=")
            key = (host, script)
            if key not in self.qpages:
                self.qpages[key] = QueryPages(param, self.charset[host])
                self.routes[host][script] = self.qpages[key]
            self.qpages[key].pages[value] = data
            return
        if path.endswith("/"):
            path += "index.html"
        if path in self.files[host]:
            raise ValueError(f"{host}{path} written twice")
        self.files[host][path] = data

    def put_html(self, host: str, path: str, html: str) -> None:
        self.put(host, path, self.encode(host, html))

    def qlist(self, host: str, path: str, id_param: str | None, page_param: str) -> QueryList:
        key = (host, path)
        if key not in self.qlists:
            self.qlists[key] = QueryList(id_param, page_param, self.charset[host])
            self.routes[host][path] = self.qlists[key]
        return self.qlists[key]

    def download(self, host: str, path: str, param: str, octet: bool = False) -> Downloads:
        key = (host, path)
        if key not in self.downloads:
            self.downloads[key] = Downloads(param, octet)
            self.routes[host][path] = self.downloads[key]
        return self.downloads[key]

    def _with_tracking(self, html: str) -> str:
        """Tracking parameters on every internal link (spm differs per page and position)."""
        self._track += 1
        n, k = self._track, itertools.count(1)

        def add(m: re.Match[str]) -> str:
            url = m.group(1)
            if not url or url.startswith(("javascript:", "mailto:")):
                return m.group(0)
            if url.startswith("http") and urlsplit(url.replace("&amp;", "&")).hostname not in self.hosts:
                return m.group(0)
            sep = "&amp;" if "?" in url else "?"
            return (f'href="{url}{sep}utm_source=zfwz&amp;utm_medium=pc&amp;'
                    f'spm={self.spec.idx}.{n}.{next(k)}"')

        return re.sub(r'href="([^"#]*)"', add, html)

    def col_link(self, url: str) -> str:
        """A link to a column's first page; on a 'duplicates' portal the same column is linked
        as /a/, /a/index.html and /a/index.html?from=nav from different places."""
        if "duplicates" not in self.spec.traps or "?" in url:
            return url
        m = re.match(r"(.*/)(index\.s?html?)?$", url)
        if not m:
            return url
        self._dup += 1
        return [m.group(1), m.group(1) + (m.group(2) or "index.html"),
                m.group(1) + (m.group(2) or "index.html") + "?from=nav"][self._dup % 3]

    def report(self, doc: Doc, urls: list[str], where: str) -> None:
        self.reports.append(Report(doc.agency, doc.year, frozenset(urls), where))

    # -------------------------------------------------------------- sites
    def sites(self) -> dict[str, CSite]:
        out = {}
        for host in self.hosts:
            site = CSite(self.files[host], self.routes[host], charset=self.charset[host],
                         session=self.spec.session if host == self.spec.main_host else None,
                         prefix_routes=self.prefix_routes[host], flaky=self.flaky[host],
                         slow=self.slow[host])
            site.portal_hosts = set(self.hosts)
            out[host] = site
        return out


def skin_of(pb: PB, owner: Owner) -> H.Skin:
    return pb.skins[f"{owner.abbr}@{owner.host}"]


# ------------------------------------------------------------------ files of a document

def doc_lines(doc: Doc) -> list[str]:
    c = doc.content
    if isinstance(c, ReportText):
        return c.lines()[2:]
    if isinstance(c, Looka):
        return list(c.paras)
    return list(c or [])


def make_file(pb: PB, doc: Doc, ext: str) -> bytes:
    lines = tuple(doc_lines(doc))
    if ext == "pdf":
        if doc.delivery == "scanpdf":
            return F.scanned_pdf(doc.title, doc.id, 2 + doc.id % 2)
        return F.text_pdf(doc.title, lines, doc.agency)
    if ext == "docx":
        return F.docx(doc.title, lines, doc.agency)
    if ext == "xlsx":
        c = doc.content
        rows = tuple(tuple(r) for _, t in (c.tables if isinstance(c, ReportText) else [])
                     for r in t) or (("项目", "数量"), ("主动公开", "100"))
        return F.xlsx(doc.title, rows)
    raise ValueError(ext)


def body_html(doc: Doc, skin: H.Skin) -> str:
    c = doc.content
    if isinstance(c, ReportText):
        return H.report_body(c, tables=doc.year >= 2019, style="h" if doc.id % 3 == 0 else "p")
    if isinstance(c, Looka):
        return H.looka_body(c)
    return "".join(f'<p style="text-indent:2em">{H.esc(p)}</p>' for p in (c or []))


# ------------------------------------------------------------------ articles

def emit_article(pb: PB, sch: Scheme, col: Col, doc: Doc, page_no: int, count: int,
                 depth: int, prev: Doc | None, nxt: Doc | None) -> None:
    """Write the document's page and files; register it if it is a report or look-alike."""
    host, path = col.host, doc.path
    skin = skin_of(pb, col.owner)
    dl = doc.delivery
    urls: list[str] = []
    attach = ""
    body = body_html(doc, skin)
    title_file = doc.title.replace("/", "")

    def link(to_path: str) -> str:
        return sch.href(path, to_path, host, host)

    def store(ext: str, i: int = 0) -> str:
        fpath = sch.file(col, doc, path, ext, i)
        pb.put(host, fpath, make_file(pb, doc, ext))
        urls.append(pb.u(host, fpath))
        return fpath

    if dl == "direct":
        ext = "pdf" if doc.id % 3 else "docx"
        fpath = sch.file(col, doc, path, ext, 0)
        pb.put(host, fpath, make_file(pb, doc, ext))
        doc.link = fpath
        doc.urls = [pb.u(host, fpath)]
        _register(pb, col, doc, page_no, count, depth)
        return
    if dl in ("pdf", "html+pdf", "docx", "pdf+xlsx", "scanpdf", "onlydl"):
        exts = {"docx": ["docx"], "pdf+xlsx": ["pdf", "xlsx"]}.get(dl, ["pdf"])
        items = []
        for i, ext in enumerate(exts):
            fpath = store(ext, i)
            old = f' OLDSRC="/protect{fpath}"' if sch.family == "trs" else ""
            label = (f"{title_file}.{ext}" if i == 0 else f"{doc.year}年政府信息公开工作年度报告统计表.{ext}")
            items.append(f'<a href="{link(fpath)}" target="_blank"{old}>{H.esc(label)}</a>')
        attach = ('<div class="attachment"><p>附件：</p><p>' + "</p><p>".join(items) + "</p></div>")
        if dl in ("pdf", "docx", "scanpdf"):
            body = ('<p style="text-indent:2em">' + H.esc(doc.title) + "全文详见附件。</p>"
                    if dl != "scanpdf" else
                    f'<p style="text-indent:2em">现将{H.esc(doc.title)}予以公开（扫描件）。</p>')
        elif dl == "onlydl":
            body = ""
    elif dl == "downfile":
        name = f"{doc.date.replace('-', '')}{pb.digits(9)}.pdf"
        pb.put(host, f"/attach/{name}", make_file(pb, doc, "pdf"))
        dpath = f"/module/download/downfile.jsp?classid=0&filename={name}"
        urls.append(pb.u(host, dpath))
        attach = (f'<div class="attachment">附件：<a href="{ha(dpath)}" target="_blank">'
                  f"{H.esc(title_file)}.pdf</a></div>")
        if pb.rng.random() < 0.5:
            body = f'<p style="text-indent:2em">{H.esc(doc.title)}（详见附件）</p>'
    elif dl in ("downloaddo", "vsbdl"):
        fid = str(pb.next_cid() * 7 + 11)
        if dl == "downloaddo":
            script, param = "/attach/download.do", "id"
            dpath = f"{script}?id={fid}"
        else:
            script, param = "/system/_content/download.jsp", "wbfileid"
            dpath = f"{script}?urltype=news.DownloadAttachUrl&owner={pb.digits(10)}&wbfileid={fid}"
        dls = pb.download(host, script, param, octet=(dl == "downloaddo" and doc.id % 2 == 0))
        dls.files[fid] = (make_file(pb, doc, "pdf"), f"{title_file}.pdf")
        urls.append(pb.u(host, dpath))
        if dl == "vsbdl":
            attach = (f'<ul style="list-style-type:none;"><li>附件【<a href="{ha(dpath)}" '
                      f'target="_blank">{H.esc(title_file)}.pdf</a>】已下载<span id="nattach{fid}">'
                      f'<script language="javascript">getClickTimes({fid},1,"wbnewsfile","attach")'
                      "</script></span>次</li></ul>")
        else:
            attach = (f'<div class="fj">相关附件：<a href="{ha(dpath)}">{H.esc(title_file)}.pdf</a>'
                      "</div>")
        body = f'<p style="text-indent:2em">{H.esc(doc.title)}详见附件。</p>' + \
            (body if pb.rng.random() < 0.3 else "")
    elif dl in ("onclick", "pdfjs", "embed"):
        fpath = store("pdf")
        if dl == "onclick":
            attach = (f'<div class="attach">附件：<a href="javascript:void(0)" onclick="window.open('
                      f"'{fpath}')\">{H.esc(title_file)}.pdf</a></div>")
            body = f'<p style="text-indent:2em">{H.esc(doc.title)}请点击附件查看。</p>'
        elif dl == "pdfjs":
            viewer = "/pdfjs/web/viewer.html"
            if viewer not in pb.files[host]:
                pb.put(host, viewer, PDFJS_VIEWER)
            body = (f'<iframe src="{viewer}?file={fpath}" width="100%" height="900" '
                    'frameborder="0"></iframe>')
        else:
            body = f'<embed src="{fpath}" type="application/pdf" width="100%" height="900">'
    elif dl == "images":
        n = 3 + doc.id % 4
        imgs = []
        for i in range(n):
            ipath = sch.img(col, doc, path, i + 1)
            pb.put(host, ipath, F.scan_image(doc.id * 10 + i, "JPEG", stamp=i == n - 1))
            urls.append(pb.u(host, ipath))
            imgs.append(f'<p style="text-align:center"><img src="{link(ipath)}" '
                        f'alt="{H.esc(doc.title)}（第{i + 1}页）" width="800"></p>')
        body = "".join(imgs)
    if doc.photo:
        ipath = sch.img(col, doc, path, 1)
        pb.put(host, ipath, F.picture(doc.id % 12, 240, 160, "JPEG"))
        body = f'<p style="text-align:center"><img src="{link(ipath)}"></p>' + body
    prevnext = ""
    if pb.spec.prevnext and (prev is not None or nxt is not None):
        def pn(label: str, d: Doc | None) -> str:
            if d is None or not d.link:
                return f"<p>{label}：没有了</p>"
            return f'<p>{label}：<a href="{link(d.link)}">{H.esc(d.title)}</a></p>'
        prevnext = f'<div class="prev-next">{pn("上一篇", prev)}{pn("下一篇", nxt)}</div>'
    meta = ""
    if doc.kind in ("report", "look", "doc") and (sch.family in ("gkmlpt", "hanweb", "ucap")
                                                   or col.owner.kind != "gov"):
        index_no = f"{pb.spec.code[:12]}/{doc.date[:4]}-{doc.id % 100000:05d}"
        meta = H.xxgk_meta(index_no, col.name, doc.agency or col.owner.name, doc.date, doc.title)
    head = ""
    if sch.family == "trs":
        head = (f'<meta name="ArticleTitle" content="{H.esc(doc.title)}">'
                f'<meta name="PubDate" content="{doc.date} 09:{doc.id % 60:02d}">'
                f'<meta name="ContentSource" content="{H.esc(doc.agency or col.owner.name)}">'
                f'<meta name="ColumnName" content="{H.esc(col.name)}">')
    crumbs = col.crumbs + [(col.name, pb.col_link(pb.u(col.host, col.first))), ("正文", "")]
    html = H.page(skin, f"{doc.title}_{skin.site_name}",
                  H.article(sch.template, doc.title, doc.date, doc.agency or col.owner.name, body,
                            meta=meta, attachments=attach, prevnext=prevnext),
                  crumbs, head=head)
    pb.put_html(host, path, html)
    doc.urls = [doc.page_url or pb.u(host, path)] + urls
    _register(pb, col, doc, page_no, count, depth)


def _register(pb: PB, col: Col, doc: Doc, page_no: int, count: int, depth: int) -> None:
    pb.meta["deliveries"][doc.delivery] += doc.kind == "report"
    if doc.kind == "look":
        pb.lookalikes.update(doc.urls)
    elif doc.kind == "report":
        where = " → ".join(col.trail)
        if count > 1:
            where += f", page {page_no} of {count} ({STYLE_WORDS.get(col.style, col.style)})"
        else:
            where += f" ({STYLE_WORDS.get(col.style, col.style)})"
        where += f"; {DELIVERY_WORDS[doc.delivery]}; ~{depth} clicks from home"
        if doc.note:
            where += f"; {doc.note}"
        pb.report(doc, doc.urls, where)


# ------------------------------------------------------------------ columns

def page_extra(style: str, k: int, count: int, qpager: str = "fpnl") -> int:
    """Clicks from a column's first page to its page k, following its pager's links."""
    return _pager_distances(style if style != "query" else qpager, count)[k - 1]


@lru_cache(maxsize=512)
def _pager_distances(style: str, count: int) -> tuple[int, ...]:
    if style in ("hanweb", "gk", "vue"):
        return (0,) + (1,) * (count - 1)

    def links(n: int) -> set[int]:
        out = {n - 1, n + 1}
        if style == "numbers":
            lo = max(1, min(n - 5, count - 9))
            out |= set(range(lo, min(count, lo + 9) + 1)) | {1}
        elif style == "vsb":
            out |= set(range(max(1, n - 3), min(count, n + 3) + 1)) | {1, count}
        else:  # trs createPageHTML, 首页/上一页/下一页/尾页
            out |= {1, count}
        return {k for k in out if 1 <= k <= count}

    dist = {1: 0}
    todo = [1]
    while todo:
        n = todo.pop(0)
        for k in sorted(links(n)):
            if k not in dist:
                dist[k] = dist[n] + 1
                todo.append(k)
    return tuple(dist[k] for k in range(1, count + 1))


def leaf_depth(col: Col, k: int, count: int, depth: int, doc: Doc) -> int:
    return depth + page_extra(col.style, k, count, col.qpager) + (1 if doc.delivery == "direct" else 2)


def page_path(col: Col, k: int, count: int) -> str:
    if k == 1:
        return col.first
    if col.style == "trs":
        return f"{col.dir}index_{k - 1}.{col.ext}"
    if col.style == "vsb":
        return f"{col.dir}{count - k + 1}.htm"
    if col.style == "query":
        return f"{col.qpath}?{col.qid}={col.cid}&{col.qparam}={k}"
    return col.dir + col.fmt.format(n=k, m=k - 1)


def emit_column(pb: PB, sch: Scheme, col: Col, docs: list[Doc], depth: int) -> str:
    """Write a column (its list pages in its pagination style, its articles and files) whose
    first page is `depth` clicks from home. Returns the URL of the first page."""
    docs = sorted(docs, key=lambda d: (d.date, d.id), reverse=True)
    for d in docs:
        if not d.id:
            d.id = pb.next_id()
        d.path = sch.art(col, d)
        d.link = d.path
    per = max(1, col.per_page)
    while True:
        count = max(1, -(-len(docs) // per))
        if all(leaf_depth(col, i // per + 1, count, depth, d) <= MAX_DEPTH
               for i, d in enumerate(docs) if d.kind == "report"):
            break
        if per > len(docs):
            raise ValueError(f"column {col.name} at depth {depth} cannot be shallow enough")
        per += 1
    col.per_page = per
    pages = [docs[i:i + per] for i in range(0, len(docs), per)] or [[]]
    count = len(pages)
    pb.meta["styles"].add(col.style)
    for k, chunk in enumerate(pages, 1):
        for d in chunk:
            if d.delivery == "direct":
                emit_article(pb, sch, col, d, k, count, depth + page_extra(col.style, k, count, col.qpager) + 1,
                             None, None)
    for k, chunk in enumerate(pages, 1):
        for d in chunk:
            if d.delivery != "direct":
                i = docs.index(d)
                emit_article(pb, sch, col, d, k, count, depth + page_extra(col.style, k, count, col.qpager) + 1,
                             docs[i - 1] if i > 0 else None,
                             docs[i + 1] if i + 1 < len(docs) else None)
    render_lists(pb, sch, col, pages)
    return pb.u(col.host, col.first)


def _items(pb: PB, sch: Scheme, col: Col, from_path: str, chunk: list[Doc],
           style: str | None = None) -> list[str]:
    out = []
    for d in chunk:
        href = sch.href(from_path, d.link, col.host, col.host)
        out.append(H.list_item(style or col.item_style, href, d.title, d.date,
                               truncate=col.truncate))
    return out


def render_lists(pb: PB, sch: Scheme, col: Col, pages: list[list[Doc]]) -> None:
    skin = skin_of(pb, col.owner)
    count = len(pages)
    total = sum(len(p) for p in pages)
    crumbs = col.crumbs + [(col.name, "")]
    title = f"{col.name}_{skin.site_name}"
    head = f'<div class="column-title"><h2>{H.esc(col.name)}</h2></div>{col.lead}'
    empty = '<div class="no-data">暂无信息</div>'
    host = col.host
    if col.style == "hanweb":
        _hanweb_list(pb, col, pages, skin, crumbs, title, head)
        return
    if col.style == "gk":
        _gk_list(pb, col, pages)
        return
    if col.style == "vue":
        _vue_list(pb, col, pages, skin, crumbs, title, head)
        return
    for k, chunk in enumerate(pages, 1):
        path = page_path(col, k, count)
        items = _items(pb, sch, col, path, chunk)
        lst = H.wrap_items(col.item_style, items) if items else empty

        def href(n: int, path: str = path) -> str:
            return ha(rel(path, page_path(col, n, count)))

        if col.style == "trs":
            pager = H.trs_pager(count, k - 1, col.ext, inline_fn=pb.spec.idx % 2 == 0)
            if pb.spec.idx % 2 and "/images/trs_page.js" not in pb.files[host]:
                pb.put(host, "/images/trs_page.js", H.TRS_PAGER_JS.encode())
        elif col.style == "vsb":
            pager = H.vsb_pager(k, count, href)
        elif col.style == "numbers" or (col.style == "query" and col.qpager == "numbers"):
            pager = H.numbers_pager(k, count, href)
        else:
            pager = H.fpnl_pager(k, count, href, total, always_next=col.endless)
        html = H.page(skin, title, head + lst + pager, crumbs)
        pb.meta["lists"].add(pb.u(host, path))
        if col.style == "query":
            ql = pb.qlist(host, col.qpath, col.qid, col.qparam)
            ql.pages.setdefault(col.cid, []).append(pb.encode(host, html))
        else:
            pb.put_html(host, path, html)


def _hanweb_list(pb: PB, col: Col, pages: list[list[Doc]], skin: H.Skin,
                 crumbs: list[tuple[str, str]], title: str, head: str) -> None:
    docs = [d for p in pages for d in p]
    per = col.per_page
    group = pb.rng.choice([1, 2, 3])
    records = []
    for d in docs:
        href = ha(d.link if d.link.startswith("/") else d.link)
        records.append(f'<record><![CDATA[<li><a href="{href}" title="{H.esc(d.title)}" '
                       f'target="_blank">{H.esc(H.short(d.title, col.truncate) if col.truncate else d.title)}'
                       f'</a><span class="bt-data-time">{d.date}</span></li>]]></record>')
    unitid = str(4_000_000 + int(col.cid) % 999_983)
    webid = str(pb.spec.idx * 17 + 3)
    webname = quote(skin.site_name)
    nextgroup = (f'<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid={webid}&path=/'
                 f'&columnid={col.cid}&unitid={unitid}&webname={webname}&permissiontype=0"></a>')
    store = (f'<div id="{unitid}"><script type="text/xml">\n<datastore>\n<nextgroup><![CDATA[{nextgroup}]]>'
             f"</nextgroup>\n<recordset>\n" + "\n".join(records[:per * group]) +
             "\n</recordset>\n</datastore>\n</script></div>")
    script = ('<script language="javascript" src="/module/web/jpage/jpage.js"></script>'
              "<script>\n$(document).ready(function(){\n"
              f"  $('#{unitid}').jpage({{\n    dataStore: $('#{unitid} script').text(),\n"
              f"    proxyUrl: '/module/web/jpage/dataproxy.jsp',\n"
              f"    perPage: {per},\n    totalRecord: {len(docs)},\n    groupSize: {group},\n"
              "    barPosition: 'bottom',\n    dataBefore: '<ul class=\"list\">',\n    dataAfter: '</ul>',\n"
              f"    ajaxParam: {{col: 1, appid: 1, webid: {webid}, path: '/', columnid: {col.cid}, "
              f"sourceContentType: 1, unitid: '{unitid}', webname: '{webname}', permissiontype: 0}}\n"
              "  });\n});\n</script>")
    if not docs:
        store = '<div class="no-data">暂无信息</div>'
        script = ""
    html = H.page(skin, title, head + store + script, crumbs)
    pb.put_html(col.host, col.first, html)
    pb.put(col.host, f"/module/web/jpage/records/{col.cid}.xml", "\n".join(records).encode())
    if "/module/web/jpage/jpage.js" not in pb.files[col.host]:
        pb.put(col.host, "/module/web/jpage/jpage.js", JPAGE_JS)
    pb.meta["lists"].add(pb.u(col.host, col.first))


def _gk_list(pb: PB, col: Col, pages: list[list[Doc]]) -> None:
    items = []
    for d in [d for p in pages for d in p]:
        y, m, day = (int(x) for x in d.date.split("-"))
        items.append({"id": d.id, "title": d.title, "url": pb.u(col.host, d.link),
                      "publish_time": f"{d.date} 10:{d.id % 60:02d}:00",
                      "date": int((Date(y, m, day) - Date(1970, 1, 1)).total_seconds()) + 7200,
                      "identifier": f"{pb.spec.code[:12]}/{d.date[:4]}-{d.id % 100000:05d}",
                      "document_number": "", "classify_name": col.name,
                      "publisher": d.agency or col.owner.name})
    pb.gk_api.lists[(col.sid, col.cid)] = items
    pb.gk_api.lists.setdefault((col.sid, "0"), []).extend(items)
    for cat in (col.cid, "0"):
        pb.routes[col.host].setdefault(f"/gkmlpt/api/all/{cat}", pb.gk_api.route(cat))


def _vue_list(pb: PB, col: Col, pages: list[list[Doc]], skin: H.Skin,
              crumbs: list[tuple[str, str]], title: str, head: str) -> None:
    docs = [d for p in pages for d in p]
    pb.vue_api.lists[col.cid] = [{"id": str(d.id), "title": d.title, "url": d.link,
                                  "publishDate": d.date, "source": d.agency or col.owner.name}
                                 for d in docs]
    pb.routes[col.host]["/api/content/list"] = pb.vue_api
    size = col.per_page
    body = (head + '<div id="app"><ul class="list" id="list"></ul><div id="pager"></div></div>'
            '<script src="/js/vue.min.js"></script><script>\n'
            f'var channelId = "{col.cid}";\nvar pageSize = {size};\n'
            "function load(pageNo) {\n"
            '  fetch("/api/content/list?channelId=" + channelId + "&pageNo=" + pageNo + '
            '"&pageSize=" + pageSize)\n'
            "    .then(function (r) { return r.json(); })\n"
            "    .then(function (res) { render(res.data.list, res.data.total, pageNo); });\n"
            "}\nload(1);\n</script>")
    pb.put_html(col.host, col.first, H.page(skin, title, body, crumbs))
    pb.meta["lists"].add(pb.u(col.host, col.first))


def endless_list(pb: PB, host: str, path: str, name: str, docs: list[Doc], skin: H.Skin,
                 per: int = 15) -> str:
    """A `?page=N` list that never ends: past the real pages the items repeat and 下一页 is
    always there (a trap)."""
    ql = pb.qlist(host, path, None, "page")
    real = [docs[i:i + per] for i in range(0, len(docs), per)] or [[]]

    def render(n: int) -> bytes:
        chunk = real[(n - 1) % len(real)]
        items = [H.list_item("li", ha(d.link), d.title, d.date) for d in chunk]

        def href(k: int) -> str:
            return ha(f"{path}?page={k}")

        pager = H.fpnl_pager(n, n + 1, href, len(docs) * 10, always_next=True)
        return pb.encode(host, H.page(skin, f"{name}_{skin.site_name}",
                                      f"<h2>{name}</h2>" + H.wrap_items("li", items) + pager,
                                      [("首页", pb.u(host, "/")), (name, "")]))

    ql.pages[""] = [render(n) for n in range(1, len(real) + 1)]
    ql.endless[""] = render
    return pb.u(host, f"{path}?page=1")


PDFJS_VIEWER = (b"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>PDF.js viewer</title>"
                b"<script src=\"pdf.js\"></script><script src=\"viewer.js\"></script></head><body>"
                b"<div id=\"viewerContainer\"><div id=\"viewer\" class=\"pdfViewer\"></div></div>"
                b"</body></html>")
JPAGE_JS = (b"/* jpage 3.0 */ (function($){ $.fn.jpage = function(config){ var proxy = config.proxyUrl;"
            b" /* POST proxy?startrecord=&endrecord=&perpage= with config.ajaxParam */ }; })(jQuery);")

