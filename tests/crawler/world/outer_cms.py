"""Content systems of the *outer* world (see `outer.py`): how each names its columns, list pages,
articles, uploads and download scripts, how it pages a list, and what its pages look like.

* `Dede` (织梦 DedeCMS): `/a/<dir>/list_<tid>_<n>.html`, articles `/a/<dir>/<Y>/<MMDD>/<id>.html`
  with `_2.html` continuations, uploads under `/uploads/soft/`, `/plus/download.php`.
* `Phpcms` (PHPCMS v9): everything is `/index.php?m=content&c=index&a=lists&catid=<n>&page=<n>`.
* `Ecms` (帝国CMS): `/<dir>/index_<n>.html`, static or `/e/action/ShowInfo.php?classid=&id=`
  articles, files under `/d/file/`, `/e/DownSys/GetDown`.
* `SiteServer` (SiteServer CMS): `/channels/<n>_<p>.html`, `/contents/<ch>/<id>.html`.
* `Api`: list pages are empty shells; a script reads `/api/cms/article/page?...&pageIndex=&pageSize=`.
* `Tabs`: a hand-made static site; the 年报 column holds every year's list in hidden tabs.
* `Asp`: an old GBK site in framesets, `news_list.asp?id=&page=`, `ShowArticle.asp?ArticleID=`.
* `Openness`: a 政务公开 platform under `/openness/` (`list.jsp?deptId=&catId=&pageNo=`) whose
  pager is written by a script and whose links carry `;jsessionid=`.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

from crawler.sample_portal.server import Hit, Reply

from .outer_files import tiny_png
from .outer_kit import Builder, Date, Loc, OSite, digits, esc, hexid, iso, stable

EXTERNAL = [("中国政府网", "https://www.gov.cn/"), ("国家政务服务平台", "https://gjzwfw.www.gov.cn/"),
            ("全国人大", "http://www.npc.gov.cn/"), ("最高人民法院", "https://www.court.gov.cn/"),
            ("国家统计局", "https://www.stats.gov.cn/"), ("中央纪委国家监委", "https://www.ccdi.gov.cn/")]


@dataclass
class Item:
    """One line of a list page."""

    title: str
    loc: Loc
    date: str
    onclick: bool = False  # opened by window.open('...') instead of a plain href
    group: int = 0  # the year tab it sits in
    home: bool = True  # may be previewed on the home page and channel covers
    page: int = 0  # the list page it landed on (set when the list is written)
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class Col:
    """A column (栏目)."""

    cid: int
    name: str
    slug: str
    parent: Col | None = None
    style: str = "list"  # list | cover | tabs
    per_page: int = 15
    preview: bool = True  # its items may be previewed on covers
    items: list[Item] = field(default_factory=list)
    children: list[Col] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    link: Loc | None = None  # a column that is only a link elsewhere


class Cms:
    """What every family shares: the page chrome, list pages, covers and articles."""

    family = "base"
    css = "/css/style.css"
    logo = "/images/logo.png"
    list_class = "list"

    def __init__(self, b: Builder, host: str, site_name: str, *, charset: str = "utf-8",
                 declare: bool = True) -> None:
        self.b, self.rng, self.host, self.site_name = b, b.rng, host, site_name
        self.site: OSite = b.site(host, charset, declare)
        self.charset = self.site.charset  # a second system on a host writes in its charset
        self.cols: list[Col] = []
        self.nav: list[tuple[str, Loc]] = []
        self.footer: list[tuple[str, Loc]] = []
        self.session = ""  # "" | "path" (;jsessionid=) | "query" (PHPSESSID=)
        self.tracking = ""  # name of a tracking parameter added to nav links
        self.per_page = self.rng.choice([10, 12, 15, 18, 20])
        self.cut = self.rng.choice([0, 20, 24, 28])
        self.code = digits(self.rng, 10)
        self.icp = f"{self.rng.choice(['滇', '黔', '湘', '赣', '皖', '豫', '蒙', '桂', '川', '陕'])}ICP备" \
                   f"{digits(self.rng, 8)}号"
        self.ids = 0
        self.search: Loc = self.loc("/search/")
        self.statics()

    # ------------------------------------------------------------ addresses
    def loc(self, path: str) -> Loc:
        """A location on this system's host."""
        return (self.host, path)

    def next_cid(self) -> int:
        """The next column id, as this system numbers them."""
        self.ids += self.rng.randint(1, 6)
        return self.ids

    def col(self, name: str, slug: str, parent: Col | None = None, style: str = "list",
            per_page: int | None = None, preview: bool = True) -> Col:
        """A new column under `parent`."""
        c = Col(self.next_cid(), name, slug, parent, style, per_page or self.per_page, preview)
        if parent is not None:
            parent.children.append(c)
        self.cols.append(c)
        return c

    def col_loc(self, col: Col, n: int = 1) -> Loc:
        """Page `n` of a column's list."""
        raise NotImplementedError

    def art_loc(self, col: Col, aid: int, date: Date) -> Loc:
        """Where article `aid` of `col`, published on `date`, lives."""
        raise NotImplementedError

    def cont_loc(self, loc: Loc, k: int) -> Loc:
        """Page k (2, 3, ...) of an article printed over several pages."""
        path = loc[1]
        stem, dot, ext = path.rpartition(".")
        return (loc[0], f"{stem}_{k}.{ext}")

    def file_loc(self, ext: str, date: Date, aid: int) -> Loc:
        """Where an uploaded file of article `aid` lives."""
        raise NotImplementedError

    def img_loc(self, date: Date, aid: int, k: int, ext: str = "jpg") -> Loc:
        """Where picture `k` of article `aid` lives."""
        host, path = self.file_loc(ext, date, aid)
        stem, _, e = path.rpartition(".")
        return (host, f"{stem}-{k}.{e}")

    def dl_loc(self, col: Col, aid: int, date: Date) -> Loc:
        """The download script's address for article `aid`'s file."""
        raise NotImplementedError

    def post_loc(self, aid: int) -> Loc:
        """Where a download form posts to (the file answers POST only)."""
        path = {"dede": "/plus/downpost.php?fid=", "phpcms": "/index.php?m=content&c=down&a=post&fid=",
                "ecms": "/e/DownSys/DownPost.php?fid=", "siteserver": "/sitefiles/services/cms/"
                "downpost.aspx?fid=", "api": "/api/file/post?fid=", "asp": "/DownPost.asp?fid=",
                "openness": "/openness/fileDownload.do?fid="}.get(self.family, "/common/download.do?fid=")
        return self.loc(f"{path}{aid}")

    def first(self, col: Col) -> Loc:
        """Where a link to `col` goes."""
        return col.link or self.col_loc(col, 1)

    # ------------------------------------------------------------ links
    def href(self, here: Loc, to: Loc, nav: bool = False) -> str:
        """How a page at `here` writes a link to `to` (navigation links may carry a session id
        or a tracking tag)."""
        if to[0] != here[0]:
            return self.b.url(to)
        path = to[1]
        if nav and self.session == "path" and ";" not in path:
            sid = stable(f"{here}{to}", 32).upper()
            head, q, query = path.partition("?")
            path = f"{head};jsessionid={sid}" + (f"?{query}" if q else "")
        elif nav and self.session == "query":
            path += ("&" if "?" in path else "?") + f"PHPSESSID={stable(f'{here}{to}', 26)}"
        elif nav and self.tracking:
            path += ("&" if "?" in path else "?") + f"{self.tracking}={stable(here[1], 6)}"
        return path

    def a(self, here: Loc, it: Item, cut: int | None = None) -> str:
        """A list line's link, its title cut to `cut` characters."""
        cut = self.cut if cut is None else cut
        shown = it.title if not cut or len(it.title) <= cut else it.title[:cut] + "…"
        h = esc(self.href(here, it.loc))
        if it.onclick:
            return (f'<a href="javascript:void(0);" onclick="window.open(\'{h}\')" '
                    f'title="{esc(it.title)}">{esc(shown)}</a>')
        return f'<a href="{h}" target="_blank" title="{esc(it.title)}">{esc(shown)}</a>'

    def crumbs_of(self, col: Col | None) -> list[tuple[str, Loc]]:
        """The breadcrumb trail down to `col`."""
        out = []
        while col is not None:
            out.append((col.name, self.first(col)))
            col = col.parent
        return out[::-1]

    # ------------------------------------------------------------ pages
    def statics(self) -> None:
        """Style sheet, logo and the system's fixed addresses."""
        self.b.put(self.loc(self.css), "body{font:14px/1.8 SimSun,serif;margin:0}"
                                       ".main{width:1100px;margin:0 auto}", "text/css")
        self.b.put(self.loc(self.logo), tiny_png(self.rng, 300, 60), "image/png")

    def meta(self, title: str) -> str:
        """The charset declaration of a page."""
        if self.charset == "utf-8":
            return '<meta charset="utf-8">'
        return f'<meta http-equiv="Content-Type" content="text/html; charset={self.charset}">'

    def header(self, here: Loc) -> str:
        """Logo and search form."""
        return (f'<div class="header"><a href="{esc(self.href(here, self.loc("/")))}">'
                f'<img src="{self.logo}" alt="{esc(self.site_name)}"></a>'
                f'<form action="{esc(self.search[1])}" method="get" target="_blank">'
                '<input type="text" name="q" placeholder="请输入关键字"><input type="submit" '
                'value="搜索"></form></div>')

    def nav_html(self, here: Loc) -> str:
        """The top navigation bar."""
        lis = "".join(f'<li><a href="{esc(self.href(here, loc, nav=True))}">{esc(label)}</a></li>'
                      for label, loc in self.nav)
        return f'<div class="nav"><ul>{lis}</ul></div>'

    def crumb_html(self, here: Loc, crumbs: list[tuple[str, Loc]]) -> str:
        """您当前的位置：首页 > ..."""
        if not crumbs:
            return ""
        parts = [f'<a href="{esc(self.href(here, self.loc("/")))}">首页</a>']
        parts += [f'<a href="{esc(self.href(here, loc, nav=True))}">{esc(n)}</a>' for n, loc in crumbs]
        sep = {"dede": " &gt; ", "phpcms": " &gt; ", "ecms": "&nbsp;&gt;&nbsp;"}.get(self.family, " » ")
        return f'<div class="location">您当前的位置：{sep.join(parts)}</div>'

    def footer_html(self, here: Loc) -> str:
        """Footer links, the government sites drop-down, 主办单位 and 网站标识码."""
        links = " | ".join(f'<a href="{esc(self.href(here, loc))}">{esc(n)}</a>'
                           for n, loc in self.footer)
        ext = "".join(f'<option value="{u}">{esc(n)}</option>' for n, u in EXTERNAL)
        return (f'<div class="footer"><div class="links">{links}</div>'
                f'<select onchange="if(this.value)window.open(this.value)"><option value="">'
                f"——政府网站——</option>{ext}</select>"
                f"<p>主办单位：{esc(self.site_name)}　网站标识码：{self.code}　{self.icp}</p>"
                '<p><a href="https://bszs.conac.cn/sitename?method=show&amp;id=' + self.code
                + '" target="_blank">党政机关</a>　<a href="https://zfwzzc.www.gov.cn/" '
                'target="_blank">政府网站找错</a></p></div>')

    def page(self, here: Loc, title: str, body: str, crumbs: list[tuple[str, Loc]] | None = None,
             head: str = "", tail: str = "") -> str:
        """A whole page of this site around `body`."""
        full = title if title == self.site_name else f"{title}_{self.site_name}"
        return ("<!DOCTYPE html>\n<html><head>" + self.meta(title)
                + f"<title>{esc(full)}</title>"
                f'<meta name="SiteName" content="{esc(self.site_name)}">'
                f'<meta name="SiteDomain" content="{self.host}">'
                f'<meta name="SiteIDCode" content="{self.code}">'
                f'<link rel="stylesheet" type="text/css" href="{self.css}">{head}</head>\n<body>'
                + self.header(here) + self.nav_html(here) + self.crumb_html(here, crumbs or [])
                + f'<div class="main">{body}</div>' + self.footer_html(here) + tail
                + "</body></html>")

    def write(self, loc: Loc, text: str) -> None:
        """Store a page."""
        self.b.put(loc, text)

    # ------------------------------------------------------------ lists
    def list_block(self, here: Loc, items: list[Item]) -> str:
        """The lines of a list page."""
        lis = "".join(f'<li>{self.a(here, it)}<span class="date">{it.date}</span></li>'
                      for it in items)
        return f'<ul class="{self.list_class}">{lis}</ul>'

    def pager(self, here: Loc, col: Col, n: int, pages: int, total: int) -> str:
        """How page `n` of `pages` links to the other pages."""
        raise NotImplementedError

    def sorted_items(self, col: Col) -> list[Item]:
        """Newest first."""
        return sorted(col.items, key=lambda it: (it.date, it.title), reverse=True)

    def write_list(self, col: Col) -> None:
        """Every page of a column's list."""
        items = self.sorted_items(col)
        pages = max(1, math.ceil(len(items) / col.per_page))
        for n in range(1, pages + 1):
            chunk = items[(n - 1) * col.per_page:n * col.per_page]
            for it in chunk:
                it.page = n
            here = self.col_loc(col, n)
            body = (f'<div class="col-title"><h2>{esc(col.name)}</h2></div>'
                    + self.list_block(here, chunk) + self.pager(here, col, n, pages, len(items)))
            self.write(here, self.page(here, col.name, self.side(here, col) + body,
                                       self.crumbs_of(col)))
            self.also_write(col, n, here)

    def also_write(self, col: Col, n: int, here: Loc) -> None:
        """Other addresses of the same list page (hook)."""

    def side(self, here: Loc, col: Col) -> str:
        """The left menu of a list page: the column's siblings."""
        sibs = col.parent.children if col.parent else []
        if not sibs:
            return ""
        lis = "".join(f'<li{" class=on" if c is col else ""}><a href="'
                      f'{esc(self.href(here, self.first(c), nav=True))}">{esc(c.name)}</a></li>'
                      for c in sibs)
        return f'<div class="side"><h3>{esc(col.parent.name if col.parent else "")}</h3><ul>{lis}</ul></div>'

    def write_cover(self, col: Col) -> None:
        """A channel page: each child column with its latest lines and a 更多 link."""
        here = self.col_loc(col, 1)
        boxes = []
        for c in col.children:
            items = self.sorted_items(c)[:6] if c.preview and c.style != "cover" else []
            lis = "".join(f"<li>{self.a(here, it, 22)}<span>{it.date[5:]}</span></li>"
                          for it in items if it.home)
            boxes.append(f'<div class="box"><div class="box-hd"><h3>{esc(c.name)}</h3><a class="more" '
                         f'href="{esc(self.href(here, self.first(c), nav=True))}">更多&gt;&gt;</a></div>'
                         f'<ul>{lis}</ul></div>')
        self.write(here, self.page(here, col.name, self.side(here, col) + "".join(boxes),
                                   self.crumbs_of(col)))

    def write_tabs(self, col: Col) -> None:
        """Every year's items in one page, one hidden div a year, switched by a script."""
        here = self.col_loc(col, 1)
        groups = sorted({it.group for it in col.items}, reverse=True)
        tabs, divs = [], []
        for i, g in enumerate(groups):
            cls = ' class="on"' if i == 0 else ""
            tabs.append(f'<li{cls} onmouseover="showTab({g})" id="t{g}">{g}年度</li>')
            items = [it for it in self.sorted_items(col) if it.group == g]
            for it in items:
                it.page = 1
            style = "block" if i == 0 else "none"
            divs.append(f'<div class="tab-con" id="con{g}" style="display:{style}">'
                        + self.list_block(here, items) + "</div>")
        script = ("<script>function showTab(y){var d=document.querySelectorAll('.tab-con');"
                  "for(var i=0;i<d.length;i++){d[i].style.display='none';}"
                  "document.getElementById('con'+y).style.display='block';}</script>")
        body = (f'<div class="col-title"><h2>{esc(col.name)}</h2></div><ul class="tab-nav">'
                + "".join(tabs) + "</ul>" + "".join(divs))
        self.write(here, self.page(here, col.name, self.side(here, col) + body,
                                   self.crumbs_of(col), tail=script))

    def flush(self) -> None:
        """Write every column's pages (after all items are in)."""
        for col in self.cols:
            if col.link is not None:
                continue
            if col.style == "cover":
                self.write_cover(col)
            elif col.style == "tabs":
                self.write_tabs(col)
            else:
                self.write_list(col)

    # ------------------------------------------------------------ articles
    def info_line(self, col: Col, aid: int, date: str, source: str) -> str:
        """发布时间 / 来源 under an article's title."""
        return (f'<div class="info">发布时间：{date}　来源：{esc(source)}　'
                f'<a href="javascript:window.print()">【打印】</a> '
                f'<a href="javascript:window.close()">【关闭】</a></div>')

    def article(self, col: Col, title: str, date: Date, content: str, *, aid: int,
                loc: Loc | None = None, files: list[tuple[str, str]] | None = None,
                head: str = "", source: str = "", extra: str = "") -> Loc:
        """Write an article page; `files` are (label, href) shown as 附件."""
        loc = loc or self.art_loc(col, aid, date)
        att = ""
        if files:
            lis = "".join(f"<p>{h}</p>" if h.startswith("<") else
                          f'<p><a href="{esc(h)}" target="_blank">{esc(label)}</a></p>'
                          for label, h in files)
            att = f'<div class="attach"><p>附件：</p>{lis}</div>'
        body = (f'<div class="article"><h1>{esc(title)}</h1>'
                + self.info_line(col, aid, iso(date), source or self.site_name)
                + f'<div class="content" id="zoom">{content}</div>{att}{extra}</div>')
        self.write(loc, self.page(loc, title, body, self.crumbs_of(col) + [("正文", loc)]
                                  if self.family != "asp" else self.crumbs_of(col), head=head))
        return loc

    def article_pager(self, locs: list[Loc], k: int) -> str:
        """共N页 上一页 1 2 3 下一页 under page `k` of a long article."""
        here = locs[k]
        parts = [f"共{len(locs)}页："]
        if k > 0:
            parts.append(f'<a href="{esc(self.href(here, locs[k - 1]))}">上一页</a>')
        for i, loc in enumerate(locs):
            parts.append(f"<b>{i + 1}</b>" if i == k else
                         f'<a href="{esc(self.href(here, loc))}">{i + 1}</a>')
        if k + 1 < len(locs):
            parts.append(f'<a href="{esc(self.href(here, locs[k + 1]))}">下一页</a>')
        return f'<div class="pagelist">{" ".join(parts)}</div>'

    # ------------------------------------------------------------ downloads
    def serve_file(self, loc: Loc, data: bytes, filename: str, mode: str) -> None:
        """Serve `data` at a download script's address. mode: cd-utf8 | cd-gbk | cd-plain |
        none (no Content-Disposition, application/octet-stream)."""
        headers: dict[str, str] = {}
        ext = filename.rsplit(".", 1)[-1].lower()
        ctype = {"pdf": "application/pdf", "doc": "application/msword",
                 "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml."
                         "document"}.get(ext, "application/octet-stream")
        if mode == "cd-utf8":
            from urllib.parse import quote
            headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
        elif mode == "cd-gbk":  # raw GBK bytes in the header, as many Java servers send
            headers["Content-Disposition"] = \
                'attachment; filename="' + filename.encode("gbk").decode("latin-1") + '"'
        elif mode == "cd-plain":
            from urllib.parse import quote
            headers["Content-Disposition"] = f'attachment;filename="{quote(filename)}"'
        else:
            ctype = "application/octet-stream"
        self.b.put(loc, data, ctype, headers, dynamic=True)

    # ------------------------------------------------------------ home
    def home(self, here: Loc, title: str, body: str) -> None:
        """Write the home page."""
        self.write(here, self.page(here, title, body))

    def count_script(self, col: Col, aid: int) -> str:
        """A hit counter script tag (none by default)."""
        return ""


def js_route(text: str) -> Any:
    """A route answering a hit counter's script."""
    def route(site: OSite, hit: Hit, q: dict[str, list[str]], body: bytes) -> Reply:
        return Reply(200, text.encode("utf-8"), "application/javascript", validators=False)
    return route


# ------------------------------------------------------------------ DedeCMS

class Dede(Cms):
    """织梦 DedeCMS: /a/<dir>/list_<tid>_<n>.html, /uploads/soft/, /plus/download.php; GBK on many
    sites."""
    family = "dede"
    css = "/templets/default/style/dedecms.css"
    logo = "/templets/default/images/logo.png"
    list_class = "e2"

    def __init__(self, b: Builder, host: str, site_name: str) -> None:
        # many DedeCMS sites were installed in GBK; some servers do not say so in the header
        gbk = b.rng.random() < 0.4
        super().__init__(b, host, site_name, charset="gb2312" if gbk else "utf-8",
                         declare=not gbk or b.rng.random() < 0.5)

    def statics(self) -> None:
        super().statics()
        self.search = self.loc("/plus/search.php")
        self.site.routes["/plus/count.php"] = js_route("document.write('" + digits(self.rng, 3) + "');")

    def next_cid(self) -> int:
        self.ids += 1
        return self.ids

    def col_loc(self, col: Col, n: int = 1) -> Loc:
        base = f"/a/{col.slug}/"
        return self.loc(base if n == 1 else f"{base}list_{col.cid}_{n}.html")

    def also_write(self, col: Col, n: int, here: Loc) -> None:
        if n == 1:
            twin = self.loc(f"/a/{col.slug}/list_{col.cid}_1.html")
            self.b.put(twin, self.site.files[here[1] + "index.html"])

    def art_loc(self, col: Col, aid: int, date: Date) -> Loc:
        return self.loc(f"/a/{col.slug}/{date[0]}/{date[1]:02d}{date[2]:02d}/{aid}.html")

    def file_loc(self, ext: str, date: Date, aid: int) -> Loc:
        d = f"{date[0] % 100:02d}{date[1]:02d}{date[2]:02d}"
        return self.loc(f"/uploads/soft/{d}/1-{d}{self.rng.randint(8, 17):02d}{aid}.{ext}")

    def img_loc(self, date: Date, aid: int, k: int, ext: str = "jpg") -> Loc:
        d = f"{date[0] % 100:02d}{date[1]:02d}{date[2]:02d}"
        return self.loc(f"/uploads/allimg/{d}/1-{d}0Z{aid}-{k}.{ext}")

    def dl_loc(self, col: Col, aid: int, date: Date) -> Loc:
        return self.loc(f"/plus/download.php?open=2&id={aid}&uhash={hexid(self.rng, 24)}")

    def pager(self, here: Loc, col: Col, n: int, pages: int, total: int) -> str:
        def h(k: int) -> str:
            return f"list_{col.cid}_{k}.html"
        lis = []
        if n > 1:
            lis += [f"<li><a href='{h(1)}'>首页</a></li>", f"<li><a href='{h(n - 1)}'>上一页</a></li>"]
        for k in range(max(1, n - 4), min(pages, n + 4) + 1):
            lis.append(f'<li class="thisclass">{k}</li>' if k == n else f"<li><a href='{h(k)}'>{k}</a></li>")
        if n < pages:
            lis += [f"<li><a href='{h(n + 1)}'>下一页</a></li>", f"<li><a href='{h(pages)}'>末页</a></li>"]
        lis.append(f'<li><span class="pageinfo">共 <strong>{pages}</strong>页<strong>{total}</strong>条</span></li>')
        return f'<div class="dede_pages"><ul class="pagelist">{"".join(lis)}</ul></div>'

    def info_line(self, col: Col, aid: int, date: str, source: str) -> str:
        return (f'<div class="info"><small>时间:</small>{date} {self.rng.randint(8, 17):02d}:'
                f'{self.rng.randint(0, 59):02d}<small>来源:</small>{esc(source)}<small>作者:</small>'
                f'admin<small>点击:</small><script src="/plus/count.php?view=yes&aid={aid}&mid=1" '
                'type="text/javascript" language="javascript"></script>次</div>')


# ------------------------------------------------------------------ PHPCMS v9

class Phpcms(Cms):
    """PHPCMS v9: every page is /index.php?m=content&c=index&a=lists|show&catid=&id=&page=."""
    family = "phpcms"
    css = "/statics/css/default_blue.css"
    logo = "/statics/images/v9/logo.png"
    list_class = "list lh24 f14"

    def statics(self) -> None:
        super().statics()
        self.search = self.loc("/index.php?m=search&c=index&a=init&typeid=1&siteid=1")
        self.site.query_paths.add("/index.php")
        self.site.routes["/api.php"] = js_route("$('#hits').html('" + digits(self.rng, 3) + "');")

    def col_loc(self, col: Col, n: int = 1) -> Loc:
        base = f"/index.php?m=content&c=index&a=lists&catid={col.cid}"
        return self.loc(base if n == 1 else f"{base}&page={n}")

    def art_loc(self, col: Col, aid: int, date: Date) -> Loc:
        return self.loc(f"/index.php?m=content&c=index&a=show&catid={col.cid}&id={aid}")

    def cont_loc(self, loc: Loc, k: int) -> Loc:
        return (loc[0], f"{loc[1]}&page={k}")

    def file_loc(self, ext: str, date: Date, aid: int) -> Loc:
        return self.loc(f"/uploadfile/{date[0]}/{date[1]:02d}{date[2]:02d}/{date[0]}{date[1]:02d}"
                        f"{date[2]:02d}{self.rng.randint(80000, 175959)}{aid}.{ext}")

    def dl_loc(self, col: Col, aid: int, date: Date) -> Loc:
        return self.loc(f"/index.php?m=content&c=down&a=download&a_k={hexid(self.rng, 40)}")

    def pager(self, here: Loc, col: Col, n: int, pages: int, total: int) -> str:
        if pages <= 1:
            return ""

        def h(k: int) -> str:
            return esc(self.col_loc(col, k)[1])
        parts = [f'<a class="a1">{total}条</a>', f'<a href="{h(max(1, n - 1))}" class="a1">上一页</a>']
        for k in range(1, pages + 1):
            parts.append(f"<span>{k}</span>" if k == n else f'<a href="{h(k)}">{k}</a>')
        parts.append(f'<a href="{h(min(pages, n + 1))}" class="a1">下一页</a>')
        return f'<div id="pages" class="text-c">{" ".join(parts)}</div>'

    def info_line(self, col: Col, aid: int, date: str, source: str) -> str:
        return (f'<div class="tit-info">发布时间：{date}　来源：{esc(source)}　点击：<span id="hits"></span>'
                f'</div><script language="JavaScript" src="/api.php?op=count&id={aid}&modelid=1">'
                "</script>")


# ------------------------------------------------------------------ 帝国CMS

class Ecms(Cms):
    """帝国CMS: /<dir>/index_<n>.html, static or ShowInfo.php articles, /d/file/ uploads."""
    family = "ecms"
    css = "/skin/default/css/style.css"
    logo = "/skin/default/images/logo.png"
    list_class = "news-list"

    def statics(self) -> None:
        super().statics()
        self.search = self.loc("/e/search/index.php")
        self.site.routes["/e/public/ViewClick/"] = js_route("document.write('" + digits(self.rng, 3) + "');")

    def col_loc(self, col: Col, n: int = 1) -> Loc:
        return self.loc(f"/{col.slug}/" if n == 1 else f"/{col.slug}/index_{n}.html")

    def art_loc(self, col: Col, aid: int, date: Date) -> Loc:
        if col.extra.get("dynamic"):
            return self.loc(f"/e/action/ShowInfo.php?classid={col.cid}&id={aid}")
        return self.loc(f"/{col.slug}/{iso(date)}/{aid}.html")

    def cont_loc(self, loc: Loc, k: int) -> Loc:
        if "ShowInfo.php" in loc[1]:
            return (loc[0], f"{loc[1]}&page={k - 1}")
        return super().cont_loc(loc, k)

    def file_loc(self, ext: str, date: Date, aid: int) -> Loc:
        return self.loc(f"/d/file/p/{iso(date)}/{stable(f'{self.host}{aid}{ext}', 32)}.{ext}")

    def dl_loc(self, col: Col, aid: int, date: Date) -> Loc:
        return self.loc(f"/e/DownSys/GetDown?classid={col.cid}&id={aid}&pathid=0&pass="
                        f"{hexid(self.rng, 32)}")

    def pager(self, here: Loc, col: Col, n: int, pages: int, total: int) -> str:
        def h(k: int) -> str:
            return esc(self.col_loc(col, k)[1])
        parts = [f'<a title="Total record">&nbsp;<b>{total}</b> </a>&nbsp;&nbsp;']
        if n > 1:
            parts += [f'<a href="{h(1)}">首页</a>', f'<a href="{h(n - 1)}">上一页</a>']
        for k in range(1, pages + 1):
            parts.append(f"<b>{k}</b>" if k == n else f'<a href="{h(k)}">{k}</a>')
        if n < pages:
            parts += [f'<a href="{h(n + 1)}">下一页</a>', f'<a href="{h(pages)}">尾页</a>']
        return f'<div class="epages">{"&nbsp;".join(parts)}</div>'

    def list_block(self, here: Loc, items: list[Item]) -> str:
        rows = "".join(f'<tr><td class="t">·{self.a(here, it)}</td><td class="d">[{it.date}]</td></tr>'
                       for it in items)
        return f'<table class="{self.list_class}" width="100%">{rows}</table>'

    def info_line(self, col: Col, aid: int, date: str, source: str) -> str:
        return (f'<div class="info">发布时间：{date}&nbsp;&nbsp;来源：{esc(source)}&nbsp;&nbsp;浏览次数：'
                f"<script src=/e/public/ViewClick/?classid={col.cid}&id={aid}&addclick=1></script>"
                "</div>")


# ------------------------------------------------------------------ SiteServer CMS

class SiteServer(Cms):
    """SiteServer CMS (.NET): /channels/<id>_<n>.html and /contents/<channel>/<id>.html."""
    family = "siteserver"

    def statics(self) -> None:
        super().statics()
        self.search = self.loc("/sitefiles/services/cms/search.aspx")
        self.b.put(self.loc("/js/jquery.js"), "/*! jQuery v1.8.3 */", "application/javascript")

    def next_cid(self) -> int:
        self.ids += self.rng.randint(1, 9)
        return 100 + self.ids

    def col_loc(self, col: Col, n: int = 1) -> Loc:
        return self.loc(f"/channels/{col.cid}.html" if n == 1 else f"/channels/{col.cid}_{n}.html")

    def art_loc(self, col: Col, aid: int, date: Date) -> Loc:
        return self.loc(f"/contents/{col.cid}/{aid}.html")

    def file_loc(self, ext: str, date: Date, aid: int) -> Loc:
        folder = "images" if ext in ("jpg", "png", "gif") else "files"
        return self.loc(f"/upload/{folder}/{date[0]}/{date[1]}/{date[2]}{self.rng.randint(80000, 175959)}"
                        f"{aid}.{ext}")

    def img_loc(self, date: Date, aid: int, k: int, ext: str = "jpg") -> Loc:
        return self.loc(f"/upload/images/{date[0]}/{date[1]}/{date[2]}{k}{aid:06d}{k}.{ext}")

    def dl_loc(self, col: Col, aid: int, date: Date) -> Loc:
        return self.loc(f"/sitefiles/services/cms/download.aspx?siteId=1&channelId={col.cid}"
                        f"&contentId={aid}")

    def pager(self, here: Loc, col: Col, n: int, pages: int, total: int) -> str:
        if pages <= 1:
            return ""

        def h(k: int) -> str:
            return esc(self.col_loc(col, k)[1])
        parts = [f'<a href="{h(1)}">首页</a>']
        parts.append(f'<a href="{h(n - 1)}">上一页</a>' if n > 1 else "<span>上一页</span>")
        for k in range(1, pages + 1):
            parts.append(f'<span class="current">{k}</span>' if k == n else f'<a href="{h(k)}">{k}</a>')
        parts.append(f'<a href="{h(n + 1)}">下一页</a>' if n < pages else "<span>下一页</span>")
        parts.append(f'<a href="{h(pages)}">末页</a>')
        return f'<div class="pages">{" ".join(parts)}</div>'


# ------------------------------------------------------------------ JSON lists

class Api(Cms):
    """A modern site whose list pages are shells filled from a JSON content API."""
    family = "api"
    css = "/static/css/app.css"
    logo = "/static/img/logo.png"
    api = "/api/cms/article/page"

    def statics(self) -> None:
        super().statics()
        self.search = self.loc("/search/index.html")
        self.json_cols: dict[str, Col] = {}
        self.b.put(self.loc("/static/js/jquery.min.js"), "/*! jQuery v3.6.0 */", "application/javascript")
        self.b.put(self.loc("/static/js/list.js"), LIST_JS, "application/javascript")
        self.site.routes[self.api] = self.json_route

    def col_loc(self, col: Col, n: int = 1) -> Loc:
        return self.loc(f"/{col.slug}/index.html")

    def json_loc(self, col: Col, n: int) -> Loc:
        """Page `n` of a column in the content API."""
        return self.loc(f"{self.api}?channelId={col.cid}&pageIndex={n}&pageSize={col.per_page}")

    def art_loc(self, col: Col, aid: int, date: Date) -> Loc:
        return self.loc(f"/{col.slug}/{date[0]}{date[1]:02d}/{aid}.html")

    def file_loc(self, ext: str, date: Date, aid: int) -> Loc:
        return self.loc(f"/upload/file/{iso(date).replace('-', '')}/{stable(f'{self.host}{aid}{ext}', 16)}.{ext}")

    def dl_loc(self, col: Col, aid: int, date: Date) -> Loc:
        return self.loc(f"/api/file/download?fileId={stable(f'{self.host}{aid}dl', 32)}")

    def pager(self, here: Loc, col: Col, n: int, pages: int, total: int) -> str:
        return ""

    def write_list(self, col: Col) -> None:
        here = self.col_loc(col, 1)
        self.json_cols[str(col.cid)] = col
        items = self.sorted_items(col)
        for i, it in enumerate(items):
            it.page = i // col.per_page + 1
        first = self.json_loc(col, 1)[1]
        body = (f'<div class="col-title"><h2>{esc(col.name)}</h2></div><ul class="list" id="list">'
                '<li class="loading">加载中…</li></ul><div class="pager" id="pager"></div>')
        tail = ('<script src="/static/js/jquery.min.js"></script><script src="/static/js/list.js">'
                f'</script><script>loadList({{url: "{first}", box: "#list", pager: "#pager"}});</script>')
        self.write(here, self.page(here, col.name, self.side(here, col) + body, self.crumbs_of(col),
                                   tail=tail))

    def json_route(self, site: OSite, hit: Hit, q: dict[str, list[str]], body: bytes) -> Reply:
        """The content API: any pageIndex/pageSize of a channel, empty past the end."""
        col = self.json_cols.get((q.get("channelId") or [""])[0])
        if col is None:
            return Reply(200, b'{"code":500,"msg":"channel not found","data":null}',
                         "application/json;charset=UTF-8", validators=False)
        try:
            n = max(1, int((q.get("pageIndex") or ["1"])[0]))
            size = min(100, max(1, int((q.get("pageSize") or [str(col.per_page)])[0])))
        except ValueError:
            return Reply(400, b'{"code":400,"msg":"bad request"}', "application/json", validators=False)
        items = self.sorted_items(col)
        chunk = items[(n - 1) * size:n * size]
        records = [{"id": stable(it.loc[1], 8), "title": it.title, "publishTime": it.date,
                    "url": it.loc[1] if it.loc[0] == self.host else self.b.url(it.loc),
                    "isTop": 0, **it.extra} for it in chunk]
        data = {"code": 200, "msg": "success", "data": {
            "total": len(items), "pageIndex": n, "pageSize": size,
            "pages": max(1, math.ceil(len(items) / size)), "records": records}}
        return Reply(200, json.dumps(data, ensure_ascii=False).encode("utf-8"),
                     "application/json;charset=UTF-8", validators=False)


LIST_JS = """/* list.js: renders a channel's articles from the content API */
function loadList(opt) {
  function go(url) {
    $.getJSON(url, function (res) {
      var d = res.data, html = [];
      $.each(d.records, function (i, r) {
        html.push('<li><a href="' + r.url + '" target="_blank" title="' + r.title + '">' + r.title +
                  '</a><span class="date">' + r.publishTime + '</span></li>');
      });
      $(opt.box).html(html.join(''));
      var p = [], base = url.replace(/pageIndex=\\d+/, 'pageIndex=');
      for (var k = 1; k <= d.pages; k++) {
        p.push(k == d.pageIndex ? '<span>' + k + '</span>' : '<a href="javascript:;" data-p="' + k + '">' + k + '</a>');
      }
      $(opt.pager).html('共' + d.total + '条 ' + p.join(' '));
      $(opt.pager).find('a').click(function () { go(base + $(this).data('p')); });
    });
  }
  go(opt.url);
}
"""


# ------------------------------------------------------------------ static site with year tabs

class Tabs(Cms):
    """A hand-made static site; its 年报 page keeps every year in a hidden tab."""
    family = "tabs"
    css = "/css/main.css"

    def statics(self) -> None:
        super().statics()
        self.search = self.loc("/search.htm")

    def col_loc(self, col: Col, n: int = 1) -> Loc:
        return self.loc(f"/{col.slug}/index.htm" if n == 1 else f"/{col.slug}/index_{n - 1}.htm")

    def art_loc(self, col: Col, aid: int, date: Date) -> Loc:
        return self.loc(f"/{col.slug}/{date[0]}{date[1]:02d}/{aid}.htm")

    def file_loc(self, ext: str, date: Date, aid: int) -> Loc:
        return self.loc(f"/Upload/{date[0]}/{date[1]:02d}/{aid}{self.rng.randint(10, 99)}.{ext}")

    def dl_loc(self, col: Col, aid: int, date: Date) -> Loc:
        return self.loc(f"/attach/down?fid={aid}{self.rng.randint(100, 999)}")

    def pager(self, here: Loc, col: Col, n: int, pages: int, total: int) -> str:
        if pages <= 1:
            return ""
        parts = [f"第{n}页/共{pages}页"]
        if n > 1:
            parts.append(f'<a href="{esc(self.col_loc(col, n - 1)[1])}">上一页</a>')
        if n < pages:
            parts.append(f'<a href="{esc(self.col_loc(col, n + 1)[1])}">下一页</a>')
        return f'<div class="page">{" ".join(parts)}</div>'


# ------------------------------------------------------------------ old ASP site in frames

class Asp(Cms):
    """An old ASP site: GBK without a charset header, framesets, tables, ?id=&page= lists."""
    family = "asp"
    css = "/css/style.css"
    logo = "/images/top.jpg"

    def __init__(self, b: Builder, host: str, site_name: str) -> None:
        super().__init__(b, host, site_name, charset="gb2312", declare=False)

    def statics(self) -> None:
        from .outer_files import scan_images
        from .outer_text import Doc
        self.b.put(self.loc(self.css), "td{font-size:12px}", "text/css")
        self.b.put(self.loc(self.logo), scan_images(Doc("top", []), 1, self.rng)[0], "image/jpeg")
        self.search = self.loc("/Search.asp")
        self.site.query_paths.update({"/news_list.asp", "/ShowArticle.asp", "/DownLoad.asp"})
        self.site.routes["/GetHits.asp"] = js_route("document.write('" + digits(self.rng, 3) + "');")

    def next_cid(self) -> int:
        self.ids += self.rng.randint(1, 4)
        return self.ids

    def col_loc(self, col: Col, n: int = 1) -> Loc:
        return self.loc(f"/news_list.asp?id={col.cid}" + (f"&page={n}" if n > 1 else ""))

    def art_loc(self, col: Col, aid: int, date: Date) -> Loc:
        return self.loc(f"/ShowArticle.asp?ArticleID={aid}")

    def cont_loc(self, loc: Loc, k: int) -> Loc:
        return (loc[0], f"{loc[1]}&ArticlePage={k}")

    def file_loc(self, ext: str, date: Date, aid: int) -> Loc:
        return self.loc(f"/UploadFiles/{date[0]}{date[1]:02d}/{date[0]}{date[1]:02d}{date[2]:02d}"
                        f"{self.rng.randint(80000, 175959)}{aid % 1000:03d}.{ext}")

    def img_loc(self, date: Date, aid: int, k: int, ext: str = "jpg") -> Loc:
        return self.loc(f"/UploadFiles/{date[0]}{date[1]:02d}/{aid}{k}{self.rng.randint(10, 99)}.{ext}")

    def dl_loc(self, col: Col, aid: int, date: Date) -> Loc:
        return self.loc(f"/DownLoad.asp?id={aid}")

    def meta(self, title: str) -> str:
        return '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'

    def page(self, here: Loc, title: str, body: str, crumbs: list[tuple[str, Loc]] | None = None,
             head: str = "", tail: str = "") -> str:
        where = " &gt;&gt; ".join(f'<a href="{esc(self.href(here, loc))}">{esc(n)}</a>'
                                   for n, loc in crumbs or [])
        return ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
                f"<title>{esc(title)}--{esc(self.site_name)}</title>"
                f'<link href="{self.css}" rel="stylesheet" type="text/css">{head}</head>'
                '<body leftmargin="0" topmargin="0"><table width="760" border="0" align="center" '
                'cellpadding="0" cellspacing="0"><tr><td height="25" bgcolor="#F0F0F0">&nbsp;您现在的位置：'
                f'<a href="/main.asp">网站首页</a> &gt;&gt; {where}</td></tr><tr><td valign="top">{body}'
                '</td></tr><tr><td align="center" height="40">'
                f"版权所有：{esc(self.site_name)}　建议使用IE6.0以上浏览器 1024*768分辨率浏览</td></tr></table>"
                f"{tail}</body></html>")

    def list_block(self, here: Loc, items: list[Item]) -> str:
        rows = "".join(
            f'<tr><td height="22">·{self.a(here, it, 30)} <font color="#999999">'
            f"({int(it.date[:4])}-{int(it.date[5:7])}-{int(it.date[8:])})</font></td></tr>"
            for it in items)
        return f'<table width="100%" border="0" cellspacing="0" cellpadding="0">{rows}</table>'

    def pager(self, here: Loc, col: Col, n: int, pages: int, total: int) -> str:
        base = f"news_list.asp?id={col.cid}&page="
        first = f"<a href='{base}1'>首页</a>" if n > 1 else "首页"
        prev = f"<a href='{base}{n - 1}'>上一页</a>" if n > 1 else "上一页"
        nxt = f"<a href='{base}{n + 1}'>下一页</a>" if n < pages else "下一页"
        last = f"<a href='{base}{pages}'>尾页</a>" if n < pages else "尾页"
        opts = "".join(f"<option value='{k}'{' selected' if k == n else ''}>第{k}页</option>"
                       for k in range(1, pages + 1))
        return (f'<table width="100%"><tr><td align="center">共 <b>{total}</b> 条记录&nbsp;&nbsp;页次：'
                f"<b>{n}</b>/{pages}页&nbsp;&nbsp;每页 {col.per_page} 条&nbsp;&nbsp;{first} {prev} {nxt} "
                f"{last} 转到：<select name='page' onchange=\"javascript:location='{base}'+"
                f'this.options[this.selectedIndex].value;">{opts}</select></td></tr></table>')

    def info_line(self, col: Col, aid: int, date: str, source: str) -> str:
        return (f'<div align="center">作者：佚名　文章来源：{esc(source)}　点击数：<script src="GetHits.asp?'
                f'ArticleID={aid}"></script>　更新时间：{int(date[:4])}-{int(date[5:7])}-{int(date[8:])}</div>')

    def side(self, here: Loc, col: Col) -> str:
        return ""

    def write_cover(self, col: Col) -> None:
        here = self.col_loc(col, 1)
        rows = "".join(f'<tr><td height="24">■ <a href="{esc(self.href(here, self.first(c)))}">'
                       f"{esc(c.name)}</a></td></tr>" for c in col.children)
        self.write(here, self.page(here, col.name, f'<table width="100%">{rows}</table>',
                                   self.crumbs_of(col)))

    def frames(self, menu: list[tuple[str, Loc]], welcome: str) -> Loc:
        """The frameset home page, its top and menu frames and the welcome page."""
        """The frameset home page, its top and menu frames and the welcome page."""
        top = self.loc("/top.asp")
        left = self.loc("/left.asp")
        main = self.loc("/main.asp")
        home = self.loc("/index.asp")
        self.write(home, '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
                         f"<title>{esc(self.site_name)}</title></head>"
                         '<frameset rows="128,*" frameborder="NO" border="0" framespacing="0">'
                         '<frame src="top.asp" name="topFrame" scrolling="NO" noresize>'
                         '<frameset cols="180,*" frameborder="NO" border="0" framespacing="0">'
                         '<frame src="left.asp" name="leftFrame" scrolling="NO" noresize>'
                         '<frame src="main.asp" name="mainFrame"></frameset></frameset>'
                         "<noframes><body>您的浏览器不支持框架。</body></noframes></html>")
        self.write(top, f'<html><body><img src="{self.logo}" width="760" height="120"></body></html>')
        rows = "".join(f'<tr><td height="26" align="center"><a href="{esc(self.href(left, loc))}" '
                       f'target="mainFrame">{esc(n)}</a></td></tr>' for n, loc in menu)
        self.write(left, '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
                         f'</head><body><table width="170">{rows}</table></body></html>')
        self.write(main, self.page(main, "首页", welcome))
        self.site.redirects["/index.html"] = (302, "/index.asp")
        return home


# ------------------------------------------------------------------ 政务公开 platform

class Openness(Cms):
    """A 政务公开 platform under /openness/: unit tree, category lists, script pager."""
    family = "openness"
    css = "/openness/css/gk.css"
    logo = "/openness/images/gk_banner.png"

    def statics(self) -> None:
        super().statics()
        self.search = self.loc("/openness/search.jsp")
        self.session = "path"
        self.b.trap("session-id")
        self.units: list[tuple[str, str, list[Col]]] = []  # (deptId, name, columns)
        self.site.routes["/openness/print.jsp"] = self.print_route

    def col_loc(self, col: Col, n: int = 1) -> Loc:
        if col.style == "cover":
            return self.loc(f"/openness/deptIndex.jsp?deptId={col.extra['dept']}")
        base = f"/openness/list.jsp?deptId={col.extra['dept']}&catId={col.extra['cat']}"
        return self.loc(base if n == 1 else f"{base}&pageNo={n}")

    def art_loc(self, col: Col, aid: int, date: Date) -> Loc:
        return self.loc(f"/openness/detail.jsp?deptId={col.extra['dept']}&infoId="
                        f"{stable(f'{self.host}{aid}', 32)}")

    def cont_loc(self, loc: Loc, k: int) -> Loc:
        return (loc[0], f"{loc[1]}&page={k}")

    def file_loc(self, ext: str, date: Date, aid: int) -> Loc:
        return self.loc(f"/openness/upload/{date[0]}{date[1]:02d}/{stable(f'{aid}{ext}', 32)}.{ext}")

    def dl_loc(self, col: Col, aid: int, date: Date) -> Loc:
        return self.loc(f"/openness/download.jsp?id={aid}&type=1")

    def list_block(self, here: Loc, items: list[Item]) -> str:
        rows = "".join(f'<tr><td class="xh">{i + 1}</td><td class="bt">{self.a(here, it)}</td>'
                       f'<td class="rq">{it.date}</td></tr>' for i, it in enumerate(items))
        return ('<table class="gk-list" width="100%"><tr><th>序号</th><th>信息名称</th><th>发布日期</th>'
                f"</tr>{rows}</table>")

    def pager(self, here: Loc, col: Col, n: int, pages: int, total: int) -> str:
        base = f"list.jsp?deptId={col.extra['dept']}&catId={col.extra['cat']}&pageNo="
        return (f'<div class="pagination"><span>共{total}条 共{pages}页 当前第{n}页</span>'
                '<span id="pageLinks"></span> 跳转到<input type="text" id="jumpPage" size="3">页'
                '<a href="javascript:void(0)" onclick="jump()">GO</a></div>'
                f'<script type="text/javascript">var pageCount = {pages}; var pageNo = {n}; '
                f'var pageUrl = "{base}";'
                "function jump(){var p=parseInt(document.getElementById('jumpPage').value);"
                "if(p>=1&&p<=pageCount){location.href=pageUrl+p;}}"
                "(function(){var h=[];if(pageNo>1){h.push('<a href=\"'+pageUrl+'1\">首页</a>');"
                "h.push('<a href=\"'+pageUrl+(pageNo-1)+'\">上一页</a>');}"
                "if(pageNo<pageCount){h.push('<a href=\"'+pageUrl+(pageNo+1)+'\">下一页</a>');"
                "h.push('<a href=\"'+pageUrl+pageCount+'\">尾页</a>');}"
                "document.getElementById('pageLinks').innerHTML=h.join(' ');})();</script>")

    def side(self, here: Loc, col: Col) -> str:
        tree = "".join(f'<li><a href="{esc(self.href(here, self.loc(f"/openness/deptIndex.jsp?deptId={d}"), nav=True))}">'
                       f"{esc(name)}</a></li>" for d, name, _ in self.units)
        return f'<div class="gk-tree"><h3>公开目录</h3><ul>{tree}</ul></div>'

    def write_cover(self, col: Col) -> None:
        here = self.col_loc(col, 1)
        cats = "".join(f'<li><a href="{esc(self.href(here, self.first(c), nav=True))}">{esc(c.name)}'
                       "</a></li>" for c in col.children)
        body = (f'<div class="gk-unit"><h2>{esc(col.name)}</h2><table class="gk-info"><tr><td>机构名称'
                f"</td><td>{esc(col.name)}</td></tr><tr><td>办公地址</td><td>略</td></tr></table>"
                f'<ul class="gk-cats">{cats}</ul></div>')
        self.write(here, self.page(here, col.name, self.side(here, col) + body,
                                   self.crumbs_of(col)))

    def article(self, col: Col, title: str, date: Date, content: str, *, aid: int,
                loc: Loc | None = None, files: list[tuple[str, str]] | None = None,
                head: str = "", source: str = "", extra: str = "") -> Loc:
        """A detail page with a 打印 link to print.jsp (which robots.txt forbids)."""
        loc = loc or self.art_loc(col, aid, date)
        query = loc[1].split("?", 1)[1]
        extra += (f'<div class="tools"><a href="/openness/print.jsp?{esc(query)}" target="_blank">打印本页</a>'
                  ' <a href="javascript:window.close()">关闭窗口</a></div>')
        return super().article(col, title, date, content, aid=aid, loc=loc, files=files, head=head,
                               source=source, extra=extra)

    def print_route(self, site: OSite, hit: Hit, q: dict[str, list[str]], body: bytes) -> Reply:
        """print.jsp: the detail page again (robots.txt forbids it)."""
        data = site.files.get(f"/openness/detail.jsp?{hit.query}")
        if data is None:
            return Reply(404, b"not found", "text/html", validators=False)
        return Reply(200, data, site.html_type, validators=False)

    def info_line(self, col: Col, aid: int, date: str, source: str) -> str:
        code = f"{col.extra['code']}/{date[:4]}-{aid % 100000:05d}"
        return ('<table class="gk-meta" width="100%"><tr><td>索引号：</td><td>' + code + "</td>"
                f'<td>信息分类：</td><td>{esc(col.name)}</td></tr><tr><td>发布机构：</td>'
                f"<td>{esc(source)}</td><td>发布日期：</td><td>{date}</td></tr></table>")

    def header(self, here: Loc) -> str:
        return (f'<div class="gk-header"><img src="{self.logo}" alt="政府信息公开"><a href="'
                f'{esc(self.href(here, self.loc("/openness/index.jsp"), nav=True))}">政府信息公开平台</a>'
                f'<a href="{esc(self.href(here, self.loc("/")))}">返回门户网站</a></div>')


FAMILIES: dict[str, type[Cms]] = {
    "dede": Dede, "phpcms": Phpcms, "ecms": Ecms, "siteserver": SiteServer, "api": Api,
    "tabs": Tabs,
}


def route_query(site: OSite, path: str, fn: Any) -> None:
    """Install `fn(site, hit, query, body)` at `path`, keeping what was there for other queries."""
    old = site.routes.get(path)

    def route(s: OSite, hit: Hit, q: dict[str, list[str]], body: bytes) -> Reply | None:
        reply = fn(s, hit, q, body)
        if reply is None and old is not None:
            return old(s, hit, q, body)
        return reply
    site.routes[path] = route


def qv(q: dict[str, list[str]], name: str) -> str:
    """The first value of a query parameter ('' if absent)."""
    return (q.get(name) or [""])[0]

