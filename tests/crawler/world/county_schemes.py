"""URL schemes of the CMS families in the county world: where a family puts its navigation
pages, columns, list pages, articles, attachments and images, and how it writes links.

TRS WCM (`…/zfxxgknb/index.html`, `index_1.html`, `./202401/t20240125_4812907.html`,
`./P020240125….pdf`), Hanweb (`/col/col1229…/index.html`, `/art/2024/1/25/art_COL_ID.html`,
`downfile.jsp?classid=0&filename=`), UCAP (`/site/c100028/index.shtml`, `…/202401/<32 hex>.shtml`),
gkmlpt (`/gkmlpt/index`, `/gkmlpt/content/4/4688/post_4688997.html`, `/attachment/0/…`),
VSB/博达 (`/xxgk/xxgknb.htm`, `xxgknb/3.htm`, `/info/1039/108122.htm`) and hand-made sites
(`list.asp?classid=&page=`, `show.asp?id=`, `list.jsp?channelId=&pageNo=`, static `list_2.html`,
a Vue front end reading `/api/content/list`)."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Any

# ------------------------------------------------------------------ records


@dataclass
class Owner:
    """A publishing unit and where its pages live."""

    kind: str  # gov, dept, street
    name: str  # full name, e.g. 清河县发展和改革局
    short: str
    abbr: str
    host: str
    prefix: str = ""  # path prefix of a sub-tree site ("" on its own host)
    own_site: bool = False  # has a home page of its own
    old: list[tuple[str, int]] = field(default_factory=list)
    site: str = ""  # UCAP site code
    reports: list[Any] = field(default_factory=list)
    looks: list[Any] = field(default_factory=list)  # look-alikes in its 年报 column
    fin_looks: list[Any] = field(default_factory=list)  # 预算/决算 look-alikes
    mixed: bool = False  # its 年报 column mixes look-alikes first, reports on later pages
    deep: bool = False  # its 年报 column is paged two to a page (reports 9 clicks deep)
    home: str = ""  # home URL (own site) or ""
    entry: str = ""  # URL directories link to
    area: str = ""  # Hanweb 信息公开 unit code
    sid: str = ""  # gkmlpt site id


@dataclass
class Doc:
    title: str
    date: str  # YYYY-MM-DD
    kind: str  # report, look, news, doc
    agency: str = ""
    year: int = 0
    delivery: str = "html"
    content: Any = None  # ReportText, Looka or list of paragraphs
    note: str = ""  # extra words for Report.where
    id: int = 0
    path: str = ""  # article path on the column's host (file path for "direct")
    link: str = ""  # path lists link to (the article, or the file of a "direct" item)
    photo: bool = False
    urls: list[str] = field(default_factory=list)
    page_url: str = ""  # URL the page is served at, when not its path (a script in front)


@dataclass
class Col:
    owner: Owner
    host: str
    name: str
    dir: str
    first: str  # path of page 1
    style: str  # trs hanweb numbers fpnl vsb query gk vue
    cid: str
    trail: list[str]
    crumbs: list[tuple[str, str]] = field(default_factory=list)
    per_page: int = 15
    ext: str = "html"
    fmt: str = "index_{m}.html"  # numbers/fpnl page file name (n = page number, m = n - 1)
    qpath: str = ""
    qid: str = ""
    qparam: str = "page"
    qpager: str = "fpnl"
    endless: bool = False
    item_style: str = "li"
    truncate: int = 0
    lead: str = ""
    sid: str = ""  # gkmlpt site id


def rel(from_path: str, to_path: str) -> str:
    """A relative link from the page at from_path to to_path (both absolute paths)."""
    to_p, _, q = to_path.partition("?")
    fdir = from_path.rsplit("/", 1)[0] or "/"
    r = posixpath.relpath(to_p, fdir)
    if to_p.endswith("/") and r != ".":
        r += "/"
    if r == ".":
        r = "./"
    return r + (f"?{q}" if q else "")


def ha(url: str) -> str:
    """A URL inside an HTML attribute."""
    return url.replace("&", "&amp;")


def ymd(date: str) -> tuple[str, str, str]:
    y, m, d = date.split("-")
    return y, m, d


# ------------------------------------------------------------------ families


class Scheme:
    family = "plain"
    link_mode = "abs"  # rel | abs | url
    template = "content"
    item_style = "li"
    ext = "html"
    default_style = "numbers"
    deliveries: dict[str, int] = {"html": 3, "pdf": 3, "html+pdf": 2, "docx": 1, "images": 1,
                                  "onclick": 1}
    per_page = (12, 20)

    def __init__(self, pb: Any) -> None:
        self.pb = pb
        self.rng = pb.rng
        self.variant = pb.spec.variant

    def cid(self) -> str:
        return str(self.pb.next_cid())

    def nav(self, owner: Owner, slug: str) -> str:
        return f"{owner.prefix}/{slug}/"

    def col(self, owner: Owner, parent: str, slug: str, name: str, trail: list[str], *,
            style: str | None = None) -> Col:
        d = f"{owner.prefix}{parent}{slug}/"
        c = Col(owner, owner.host, name, d, d + f"index.{self.ext}", style or self.default_style,
                self.cid(), trail, ext=self.ext, item_style=self.item_style,
                per_page=self.rng.randint(*self.per_page))
        c.fmt = self.rng.choice(["index_{n}.", "list_{n}."]) + self.ext
        return c

    def art(self, col: Col, doc: Doc) -> str:
        y, m, d = ymd(doc.date)
        return f"{col.dir}{y}{m}/{doc.id}.{self.ext}"

    def file(self, col: Col, doc: Doc, art: str, ext: str, i: int) -> str:
        y, m, d = ymd(doc.date)
        return f"/upload/{y}/{m}/{d}/{self.pb.hex(16)}{i or ''}.{ext}"

    def img(self, col: Col, doc: Doc, art: str, i: int) -> str:
        y, m, d = ymd(doc.date)
        return f"/upload/{y}/{m}/{d}/img_{doc.id}_{i}.jpg"

    def href(self, from_path: str, to_path: str, host: str, from_host: str) -> str:
        if host != from_host or self.link_mode == "url":
            return ha(self.pb.u(host, to_path))
        if self.link_mode == "rel":
            r = rel(from_path, to_path)
            return ha(r if r.startswith(("./", "../")) else "./" + r)
        return ha(to_path)


class Trs(Scheme):
    family = "trs"
    link_mode = "rel"
    template = "trs"
    default_style = "trs"
    deliveries = {"html": 3, "html+pdf": 3, "pdf": 4, "docx": 1, "pdf+xlsx": 1, "onclick": 1,
                  "images": 1, "direct": 1}

    def __init__(self, pb: Any) -> None:
        super().__init__(pb)
        self.ext = self.rng.choice(["html", "html", "html", "shtml", "htm"])

    def col(self, owner: Owner, parent: str, slug: str, name: str, trail: list[str], *,
            style: str | None = None) -> Col:
        c = super().col(owner, parent, slug, name, trail, style=style)
        c.fmt = "index_{m}." + self.ext
        return c

    def nav(self, owner: Owner, slug: str) -> str:
        return f"{owner.prefix}/{slug}/"

    def art(self, col: Col, doc: Doc) -> str:
        y, m, d = ymd(doc.date)
        return f"{col.dir}{y}{m}/t{y}{m}{d}_{doc.id}.{self.ext}"

    def file(self, col: Col, doc: Doc, art: str, ext: str, i: int) -> str:
        y, m, d = ymd(doc.date)
        return f"{art.rsplit('/', 1)[0]}/P0{y}{m}{d}{self.pb.digits(12)}{i or ''}.{ext}"

    def img(self, col: Col, doc: Doc, art: str, i: int) -> str:
        y, m, d = ymd(doc.date)
        return f"{art.rsplit('/', 1)[0]}/W0{y}{m}{d}{self.pb.digits(12)}{i}.jpg"


class Hanweb(Scheme):
    family = "hanweb"
    template = "zoom"
    default_style = "hanweb"
    deliveries = {"html": 2, "downfile": 5, "pdf": 2, "onclick": 1, "images": 1, "docx": 1,
                  "html+pdf": 1}
    per_page = (10, 18)

    def nav(self, owner: Owner, slug: str) -> str:
        return f"/col/col{self.cid()}/index.html"

    def col(self, owner: Owner, parent: str, slug: str, name: str, trail: list[str], *,
            style: str | None = None) -> Col:
        cid = self.cid()
        d = f"/col/col{cid}/"
        return Col(owner, owner.host, name, d, d + "index.html", style or "hanweb", cid, trail,
                   per_page=self.rng.randint(*self.per_page))

    def art(self, col: Col, doc: Doc) -> str:
        y, m, d = ymd(doc.date)
        return f"/art/{y}/{int(m)}/{int(d)}/art_{col.cid}_{doc.id}.html"

    def file(self, col: Col, doc: Doc, art: str, ext: str, i: int) -> str:
        return f"/picture/0/{self.pb.hex(16)}{i or ''}.{ext}"

    def img(self, col: Col, doc: Doc, art: str, i: int) -> str:
        return f"/picture/0/{self.pb.hex(12)}{i}.jpg"


class Ucap(Scheme):
    family = "ucap"
    link_mode = "rel"
    template = "article-content"
    item_style = "ucap"
    ext = "shtml"
    default_style = "fpnl"
    deliveries = {"html": 2, "pdf": 3, "onlydl": 4, "pdfjs": 1, "embed": 1, "images": 1,
                  "docx": 1}

    def nav(self, owner: Owner, slug: str) -> str:
        return f"/{owner.site}/{slug}/index.shtml"

    def col(self, owner: Owner, parent: str, slug: str, name: str, trail: list[str], *,
            style: str | None = None) -> Col:
        cid = self.cid()
        d = f"/{owner.site}/c{cid}/"
        return Col(owner, owner.host, name, d, d + "index.shtml",
                   style or self.rng.choice(["fpnl", "numbers"]), cid, trail, ext="shtml",
                   fmt="index_{m}.shtml", item_style="ucap", per_page=self.rng.randint(*self.per_page))

    def art(self, col: Col, doc: Doc) -> str:
        y, m, d = ymd(doc.date)
        return f"{col.dir}{y}{m}/{self.pb.hex(32)}.shtml"

    def file(self, col: Col, doc: Doc, art: str, ext: str, i: int) -> str:
        return f"{art[:-6]}/files/{self.pb.hex(32)}.{ext}"

    def img(self, col: Col, doc: Doc, art: str, i: int) -> str:
        return f"{art[:-6]}/images/{self.pb.hex(32)}.jpg"


class Gkmlpt(Scheme):
    family = "gkmlpt"
    link_mode = "url"
    template = "article-content"
    default_style = "numbers"
    deliveries = {"html": 3, "pdf": 3, "html+pdf": 2, "pdfjs": 1, "images": 1, "docx": 1}

    def col(self, owner: Owner, parent: str, slug: str, name: str, trail: list[str], *,
            style: str | None = None) -> Col:
        c = super().col(owner, parent, slug, name, trail, style=style)
        c.fmt = "index_{n}.html"
        return c

    def art(self, col: Col, doc: Doc) -> str:
        if col.style == "gk":
            return (f"{col.owner.prefix}/gkmlpt/content/{doc.id // 1000000}/{doc.id // 1000}/"
                    f"post_{doc.id}.html")
        return f"{col.dir}content/post_{doc.id}.html"

    def file(self, col: Col, doc: Doc, art: str, ext: str, i: int) -> str:
        k = self.pb.next_cid()
        return f"/attachment/0/{k // 1000 % 1000}/{k}/{doc.id}{i or ''}.{ext}"

    def img(self, col: Col, doc: Doc, art: str, i: int) -> str:
        k = self.pb.next_cid()
        return f"/img/0/{k // 1000 % 1000}/{k}/{doc.id}_{i}.jpg"


class Vsb(Scheme):
    family = "vsb"
    link_mode = "rel"
    template = "vsb"
    item_style = "vsb"
    ext = "htm"
    default_style = "vsb"
    deliveries = {"html": 2, "vsbdl": 5, "pdf": 2, "images": 1, "embed": 1}

    def nav(self, owner: Owner, slug: str) -> str:
        return f"{owner.prefix}/{slug}.htm"

    def col(self, owner: Owner, parent: str, slug: str, name: str, trail: list[str], *,
            style: str | None = None) -> Col:
        base = f"{owner.prefix}{parent}{slug}"
        return Col(owner, owner.host, name, base + "/", base + ".htm", style or "vsb",
                   str(1000 + self.pb.next_cid() % 9000), trail, ext="htm", item_style="vsb",
                   per_page=self.rng.randint(*self.per_page))

    def art(self, col: Col, doc: Doc) -> str:
        return f"{col.owner.prefix}/info/{col.cid}/{doc.id % 1000000}.htm"

    def file(self, col: Col, doc: Doc, art: str, ext: str, i: int) -> str:
        h = self.pb.hex(32).upper()
        return f"/__local/{h[0]}/{h[1:3]}/{h[3:5]}/{h[5:]}_{self.pb.digits(8)}.{ext}"

    def img(self, col: Col, doc: Doc, art: str, i: int) -> str:
        h = self.pb.hex(32).upper()
        return f"/__local/{h[0]}/{h[1:3]}/{h[3:5]}/{h[5:]}_{i}.jpg"


class Plain(Scheme):
    """Hand-made sites; variant asp (GBK, list.asp/show.asp), jsp (list.jsp?pageNo=,
    download.do), html (static), vue (JSON list API)."""

    family = "plain"

    def __init__(self, pb: Any) -> None:
        super().__init__(pb)
        v = self.variant
        if v == "asp":
            self.template, self.item_style, self.default_style = "table", "table", "query"
            self.deliveries = {"html": 3, "pdf": 3, "docx": 2, "direct": 2, "images": 1,
                               "downloaddo": 1}
        elif v == "jsp":
            self.template, self.item_style, self.default_style = "content", "dl", "query"
            self.deliveries = {"html": 2, "downloaddo": 4, "downfile": 2, "pdf": 1, "onclick": 1,
                               "images": 1}
        elif v == "vue":
            self.template, self.default_style = "article-content", "vue"
            self.deliveries = {"html": 2, "pdf": 2, "pdfjs": 2, "embed": 1, "onclick": 1,
                               "images": 1}
        else:
            self.template = self.rng.choice(["content", "article-content"])
            self.default_style = self.rng.choice(["numbers", "fpnl"])
            self.deliveries = {"html": 2, "pdf": 2, "pdfjs": 3, "embed": 2, "onclick": 2,
                               "images": 1, "docx": 1, "direct": 1}
        self.hebei = v == "html" and self.rng.random() < 0.5

    def nav(self, owner: Owner, slug: str) -> str:
        if self.variant == "asp":
            return f"{owner.prefix}/{slug}/index.asp"
        return f"{owner.prefix}/{slug}/index.html"

    def col(self, owner: Owner, parent: str, slug: str, name: str, trail: list[str], *,
            style: str | None = None) -> Col:
        style = style or self.default_style
        if self.variant in ("asp", "jsp") and style == "query":
            cid = str(self.pb.next_cid() % 900 + 10)
            if self.variant == "asp":
                qpath, qid, qparam = f"{owner.prefix}/news/list.asp", "classid", "page"
            else:
                qpath, qid, qparam = f"{owner.prefix}/gongkai/list.jsp", "channelId", "pageNo"
            c = Col(owner, owner.host, name, f"{owner.prefix}/{slug}/", f"{qpath}?{qid}={cid}",
                    "query", cid, trail, qpath=qpath, qid=qid, qparam=qparam,
                    qpager=self.rng.choice(["fpnl", "numbers"]), item_style=self.item_style,
                    per_page=self.rng.randint(*self.per_page))
            return c
        c = super().col(owner, parent, slug, name, trail, style=style)
        c.item_style = self.item_style if self.item_style != "table" else "li"
        if style == "vue":
            c.cid = self.pb.hex(24)
        return c

    def art(self, col: Col, doc: Doc) -> str:
        y, m, d = ymd(doc.date)
        if self.variant == "asp":
            return f"{col.owner.prefix}/news/show.asp?id={doc.id % 100000}"
        if self.variant == "jsp":
            return f"{col.owner.prefix}/gongkai/show/{y}{m}{d}{self.pb.digits(9)}.html"
        if self.variant == "vue":
            return f"{col.dir}content_{doc.id}.html"
        if self.hebei:
            return f"/columns/{self.pb.uuid()}/{y}{m}/{d}/{self.pb.uuid()}.html"
        return f"{col.dir}{y}{m}/{doc.id}.html"

    def file(self, col: Col, doc: Doc, art: str, ext: str, i: int) -> str:
        y, m, d = ymd(doc.date)
        if self.variant == "asp":
            return f"/uploadfile/{y}/{m}{d}/{y}{m}{d}{self.pb.digits(9)}{i or ''}.{ext}"
        return f"/upload/{y}/{m}/{self.pb.hex(20)}{i or ''}.{ext}"

    def img(self, col: Col, doc: Doc, art: str, i: int) -> str:
        y, m, d = ymd(doc.date)
        if self.variant == "asp":
            return f"/uploadfile/{y}/{m}{d}/{y}{m}{d}{self.pb.digits(6)}{i}.jpg"
        return f"/upload/{y}/{m}/{self.pb.hex(20)}_{i}.jpg"


SCHEMES: dict[str, type[Scheme]] = {"trs": Trs, "hanweb": Hanweb, "ucap": Ucap, "gkmlpt": Gkmlpt,
                                    "vsb": Vsb, "plain": Plain}
