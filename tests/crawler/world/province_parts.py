"""Parts the portals of the `province` world are assembled from: static assets, home pages,
news columns hundreds of pages long, calendars and search pages that never end, sitemaps,
and `publish`, which turns one unit's report for one year into an article in one of the many
forms real sites use (text, PDF, scan, images, DOCX+XLSX, ZIP, download script, viewer…)
and records it as expected."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from crawler.sample_portal.server import Hit, Reply, Site
from tests.crawler.world.province_cms import (
    GDJY,
    TRS,
    UCAP,
    VSB,
    Art,
    AspNet,
    Att,
    Column,
    Hanweb,
    Jeecms,
    Jyh,
    Numeric,
    Platform,
    UUIDCols,
    chrome,
    hash_code,
)
from tests.crawler.world.province_files import (
    docx_doc,
    page_image,
    pdf_scan,
    pdf_text,
    rtf_doc,
    xlsx_doc,
    zip_of,
)
from tests.crawler.world.province_kit import Host, PortalBuilder, Pub, esc, hexid, ymd
from tests.crawler.world.province_text import (
    blocks_html,
    lookalike,
    news_title,
    pick_style,
    report_blocks,
    report_title,
)


@dataclass
class Ctx:
    """What every portal builder of one world shares."""

    seed: int
    port: int
    friends: list[tuple[str, str]] = field(default_factory=list)  # (name, home URL)
    tally: dict[str, int] = field(default_factory=dict)


# ------------------------------------------------------------------ platforms

def make_plat(kind: str, pb: PortalBuilder, host: Host, rng: random.Random) -> Platform:
    if kind == "trs":
        return TRS(pb, host, rng)
    if kind == "trs_hy":
        return TRS(pb, host, rng, hy=True)
    if kind == "hanweb":
        return Hanweb(pb, host, rng)
    if kind == "ucap":
        p = UCAP(pb, host, rng, list_word=rng.choice(["index", "index", "list"]))
        p.slug_style = rng.choice(["name", "c"])  # type: ignore[attr-defined]
        return p
    if kind == "jeecms":
        j = Jeecms(pb, host, rng)
        j.base_href = rng.random() < 0.5
        return j
    if kind == "vsb":
        return VSB(pb, host, rng)
    if kind == "numeric":
        p2 = Numeric(pb, host, rng)
        p2.slug_style = "numeric"  # type: ignore[attr-defined]
        return p2
    if kind == "gdjy":
        return GDJY(pb, host, rng)
    if kind == "uuidcols":
        return UUIDCols(pb, host, rng)
    if kind == "aspnet":
        return AspNet(pb, host, rng)
    if kind == "jyh":
        first, second = host.name.split(".")[:2]
        label = second[:6] + ("" if first == "www" else first)
        return Jyh(pb, host, rng, f"{label}{rng.randint(10, 99)}")
    if kind == "plain":
        return Platform(pb, host, rng)
    raise ValueError(kind)


def sub(plat: Platform, parent: str, name: str) -> str:
    """The folder of a sub-column as this CMS names it (words, `c123456`, or numbers)."""
    style = getattr(plat, "slug_style", "name")
    if style == "numeric":
        return f"{parent}{plat.rng.randint(10000, 99999)}/"
    if style == "c":
        return f"{parent}c{plat.rng.randint(100000, 199999)}/"
    return f"{parent}{name}/"


# --------------------------------------------------------------------- assets

@lru_cache(maxsize=1)
def _logo() -> bytes:
    import io

    from PIL import Image
    im = Image.new("RGB", (120, 40), (180, 20, 20))
    out = io.BytesIO()
    im.save(out, "PNG")
    return out.getvalue()


GIF = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00"
       b"\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")


def assets(host: Host) -> None:
    host.put("/images/logo.png", _logo())
    host.put("/images/red.png", _logo())
    host.put("/images/loading.gif", GIF)
    host.put("/css/style.css", "body{font-family:'Microsoft YaHei'}.tab-con{display:none}"
                               ".tab-con.on{display:block}\n", "text/css")
    host.put("/counter.js", "document.write(Math.floor(Math.random()*1000));\n",
             "application/javascript")


def friend_links(ctx: Ctx, rng: random.Random, own_home: str, n: int = 4) -> list[tuple[str, str]]:
    """Links to other governments' sites: other portals of this world, the central
    government, and sites on ports nothing listens on."""
    others = [f for f in ctx.friends if f[1] != own_home]
    picked = rng.sample(others, min(n, len(others)))
    return [("中国政府网", "https://www.gov.cn/"), ("国务院客户端", "http://app.www.gov.cn/")] + \
        picked + [("国家政务服务平台", "https://gjzwfw.www.gov.cn/")]


# ------------------------------------------------------------------------ news

class News:
    """A news column hundreds of pages long, answered by a prefix route (nothing stored).

    styles: `trs` (index_N.html announced by createPageHTML), `plain` (index_N.html links),
    `query` (`?page=N` whose 下一页 never stops), `pagenum` (Hanweb `?uid=&pageNum=N`),
    `countdown` (VSB `<col>/N.htm`)."""

    def __init__(self, host: Host, slug: str, title: str, pages: int, place: str,
                 style: str, per: int = 20) -> None:
        self.host = host
        self.slug = slug
        self.title = title
        self.pages = pages
        self.place = place
        self.style = style
        self.per = per
        self.base = 900000 + hash_code(host.name + slug) % 90000
        self.url = host.url(self.page_path(0))
        self.art_rx = re.compile(re.escape(slug) + r"(\d{6})/t(\d{8})_(\d+)\.html$")
        host.prefix(slug, self.route)

    def page_path(self, i: int) -> str:
        s = self.slug
        if self.style == "trs":
            return s + ("index.html" if i == 0 else f"index_{i}.html")
        if self.style == "plain":
            return s + ("index.html" if i == 0 else f"index_{i + 1}.html")
        if self.style == "query":
            return s + ("list.html" if i == 0 else f"list.html?page={i + 1}")
        if self.style == "pagenum":
            return s + ("index.html" if i == 0 else f"index.html?uid=1&pageNum={i + 1}")
        if self.style == "countdown":
            return s + ("index.htm" if i == 0 else f"index/{self.pages - i}.htm")
        raise ValueError(self.style)

    def item(self, k: int) -> tuple[str, str, date]:
        day = date(2025, 3, 28) - timedelta(days=k // 3)
        n = self.base + 7 * (10**5 - k)
        title = news_title(random.Random(self.base * 1000 + k), self.place)
        return title, f"{self.slug}{day.year}{day.month:02d}/t{ymd(day, '')}_{n}.html", day

    def sample(self, n: int) -> list[tuple[str, str]]:
        return [(t, self.host.url(p)) for t, p, _ in (self.item(k) for k in range(n))]

    def route(self, site: Site, hit: Hit, q: dict[str, list[str]], body: bytes) -> Reply | None:
        path = hit.path
        m = self.art_rx.match(path)
        if m:
            k = 10**5 - (int(m.group(3)) - self.base) // 7
            if not 0 <= k < self.pages * self.per:
                return None
            title, p, day = self.item(k)
            if p != path:
                return None
            rng = random.Random(k + self.base)
            text = "".join(f"<p>{self.place}{rng.choice(['近日', '日前', '本周'])}，"
                           f"{title}。会议强调，要{rng.choice(['压实责任', '狠抓落实', '统筹推进'])}"
                           f"，确保各项工作取得实效。</p>" for _ in range(3))
            page = chrome(self.host, f"{title}_{self.host.site_name}",
                          f"<h1>{esc(title)}</h1><div class=\"info\">{ymd(day)}</div>{text}",
                          [("首页", self.host.url("/")), (self.title, self.url)], path)
            return Reply(200, page.encode(self.host.charset, "xmlcharrefreplace"),
                         f"text/html; charset={self.host.charset}")
        i = self.page_index(path, q)
        if i is None:
            return None
        items = [self.item(k) for k in range(i * self.per, (i + 1) * self.per)
                 if i < self.pages]
        lis = "".join(f"<li><a href=\"{esc(p)}\" target=\"_blank\">{esc(t)}</a>"
                      f"<span>{ymd(d)}</span></li>" for t, p, d in items)
        nav = self.pager(i)
        page = chrome(self.host, f"{self.title}_{self.host.site_name}",
                      f"<h2>{esc(self.title)}</h2><ul class=\"list\">{lis}</ul>{nav}",
                      [("首页", self.host.url("/")), (self.title, self.url)], path)
        return Reply(200, page.encode(self.host.charset, "xmlcharrefreplace"),
                     f"text/html; charset={self.host.charset}")

    def page_index(self, path: str, q: dict[str, list[str]]) -> int | None:
        rest = path[len(self.slug):]
        try:
            if self.style == "trs":
                if rest in ("", "index.html"):
                    return 0
                m = re.fullmatch(r"index_(\d+)\.html", rest)
                return int(m.group(1)) if m and 0 < int(m.group(1)) < self.pages else None
            if self.style == "plain":
                if rest in ("", "index.html"):
                    return 0
                m = re.fullmatch(r"index_(\d+)\.html", rest)
                return int(m.group(1)) - 1 if m and 1 < int(m.group(1)) <= self.pages else None
            if self.style == "query":
                if rest != "list.html":
                    return 0 if rest == "" else None
                return max(0, int((q.get("page") or ["1"])[0]) - 1)
            if self.style == "pagenum":
                if rest not in ("", "index.html"):
                    return None
                i = int((q.get("pageNum") or ["1"])[0]) - 1
                return i if 0 <= i < self.pages else None
            if self.style == "countdown":
                if rest in ("", "index.htm"):
                    return 0
                m = re.fullmatch(r"index/(\d+)\.htm", rest)
                return self.pages - int(m.group(1)) if m and 0 < int(m.group(1)) < self.pages \
                    else None
        except ValueError:
            return None
        return None

    def pager(self, i: int) -> str:
        if self.style == "trs":
            return (f"<div class=\"page\"><script>createPageHTML({self.pages}, {i}, \"index\", "
                    f"\"html\");</script></div>")
        links = [f"<span>共{self.pages}页</span>"]
        if i > 0:
            links.append(f"<a href=\"{esc(self.page_path(i - 1))}\">上一页</a>")
        if i < self.pages - 1 or self.style == "query":
            links.append(f"<a href=\"{esc(self.page_path(i + 1))}\">下一页</a>")
        if self.style != "query":
            links.append(f"<a href=\"{esc(self.page_path(self.pages - 1))}\">尾页</a>")
        return "<div class=\"pagination\">" + " ".join(links) + "</div>"


def calendar(host: Host, slug: str = "/hdrl/") -> str:
    """领导活动日历: months and days linked back and forth without end."""
    def fn(site: Site, hit: Hit, q: dict[str, list[str]], body: bytes) -> Reply | None:
        rest = hit.path[len(slug):]
        m = re.fullmatch(r"(\d{4})-(\d\d)\.html", rest) if rest else None
        d = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)\.html", rest) if rest else None
        if not rest or rest == "index.html":
            y, mo = 2025, 3
        elif m:
            y, mo = int(m.group(1)), int(m.group(2))
            if not 1 <= mo <= 12 or not 1900 < y < 2200:
                return None
        elif d:
            try:
                day = date(int(d.group(1)), int(d.group(2)), int(d.group(3)))
            except ValueError:
                return None
            prev, nxt = day - timedelta(days=1), day + timedelta(days=1)
            body_html = (f"<h2>{day.year}年{day.month}月{day.day}日 活动安排</h2><p>暂无活动安排"
                         f"</p><a href=\"{slug}{ymd(prev)}.html\">前一天</a> <a href=\""
                         f"{slug}{ymd(nxt)}.html\">后一天</a> <a href=\"{slug}{day.year}-"
                         f"{day.month:02d}.html\">返回本月</a>")
            page = chrome(host, "领导活动安排", body_html, [("首页", host.url("/"))], hit.path)
            return Reply(200, page.encode(host.charset, "xmlcharrefreplace"),
                         f"text/html; charset={host.charset}")
        else:
            return None
        py, pm = (y, mo - 1) if mo > 1 else (y - 1, 12)
        ny, nm = (y, mo + 1) if mo < 12 else (y + 1, 1)
        days = "".join(f"<td><a href=\"{slug}{y}-{mo:02d}-{k:02d}.html\">{k}</a></td>"
                       for k in range(1, 29))
        body_html = (f"<h2>{y}年{mo}月</h2><a href=\"{slug}{py}-{pm:02d}.html\">上个月</a> "
                     f"<a href=\"{slug}{ny}-{nm:02d}.html\">下个月</a><table class=\"cal\"><tr>"
                     f"{days}</tr></table>")
        page = chrome(host, "领导活动日历", body_html, [("首页", host.url("/"))], hit.path)
        return Reply(200, page.encode(host.charset, "xmlcharrefreplace"),
                     f"text/html; charset={host.charset}")
    host.prefix(slug, fn)
    return host.url(slug + "index.html")


def search(host: Host, path: str, results: list[tuple[str, str]], key: str = "searchword") -> str:
    """A search page: any query answers the same results, and 下一页 never stops."""
    def fn(site: Site, hit: Hit, q: dict[str, list[str]], body: bytes) -> Reply:
        word = (q.get(key) or [""])[0]
        try:
            page = max(1, int((q.get("page") or ["1"])[0]))
        except ValueError:
            page = 1
        chosen = [results[(page * 3 + k) % len(results)] for k in range(min(8, len(results)))] \
            if results else []
        lis = "".join(f"<li><a href=\"{esc(u)}\" target=\"_blank\">{esc(t)}</a></li>"
                      for t, u in chosen)
        from urllib.parse import quote
        nxt = f"{path}?{key}={quote(word)}&page={page + 1}"
        page_html = chrome(host, f"搜索结果 {word}", f"<div class=\"search\"><p>找到约"
                                                     f"{len(results) * 37}条结果</p><ul>{lis}</ul>"
                                                     f"<a href=\"{esc(nxt)}\">下一页</a></div>",
                           [("首页", host.url("/"))], path)
        return Reply(200, page_html.encode(host.charset, "xmlcharrefreplace"),
                     f"text/html; charset={host.charset}", validators=False)
    host.route(path, fn)
    from urllib.parse import quote
    return host.url(f"{path}?{key}={quote('年报')}")


def sitemap(host: Host, urls: list[str], index: bool = False) -> None:
    """`/sitemap.xml` (or an index pointing at two sitemaps), announced in robots.txt."""
    def doc(us: list[str]) -> str:
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps"
                ".org/schemas/sitemap/0.9\">\n" + "".join(
                    f"<url><loc>{esc(u)}</loc><lastmod>2025-03-01</lastmod></url>\n" for u in us)
                + "</urlset>\n")
    if index:
        half = len(urls) // 2
        host.put("/sitemap/sitemap_1.xml", doc(urls[:half]), "text/xml; charset=utf-8")
        host.put("/sitemap/sitemap_2.xml", doc(urls[half:]), "text/xml; charset=utf-8")
        host.put("/sitemap_index.xml", (
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www."
            "sitemaps.org/schemas/sitemap/0.9\">\n"
            f"<sitemap><loc>{host.url('/sitemap/sitemap_1.xml')}</loc></sitemap>\n"
            f"<sitemap><loc>{host.url('/sitemap/sitemap_2.xml')}</loc></sitemap>\n"
            "</sitemapindex>\n"), "text/xml; charset=utf-8")
        host.sitemaps.append(host.url("/sitemap_index.xml"))
    else:
        host.put("/sitemap.xml", doc(urls), "text/xml; charset=utf-8")
        host.sitemaps.append(host.url("/sitemap.xml"))


# ---------------------------------------------------------------- page pieces

def links_ul(plat: Platform, path: str, links: list[tuple[str, str]], cls: str = "list") -> str:
    return f"<ul class=\"{cls}\">" + "".join(
        f"<li><a href=\"{esc(plat.href(path, u))}\" target=\"_blank\" title=\"{esc(t)}\">"
        f"{esc(t)}</a></li>" for t, u in links) + "</ul>"


def tabs(plat: Platform, path: str, sections: list[tuple[str, list[tuple[str, str]], str]],
         table: bool = False) -> str:
    """Several lists in one page, one shown at a time (`<div class="tab">`); each may end with
    a 更多 link."""
    heads = "".join(f"<li class=\"{'on' if i == 0 else ''}\" onmouseover=\"tab({i})\">"
                    f"{esc(t)}</li>" for i, (t, _, _) in enumerate(sections))
    cons = []
    for i, (_, links, more) in enumerate(sections):
        if table:
            inner = "<table class=\"nb-table\">" + "".join(
                f"<tr><td>{k + 1}</td><td><a href=\"{esc(plat.href(path, u))}\" "
                f"target=\"_blank\">{esc(t)}</a></td></tr>" for k, (t, u) in enumerate(links)) \
                + "</table>"
        else:
            inner = links_ul(plat, path, links)
        if more:
            inner += f"<a class=\"more\" href=\"{esc(plat.href(path, more))}\">更多&gt;&gt;</a>"
        cons.append(f"<div class=\"tab-con{' on' if i == 0 else ''}\">{inner}</div>")
    return (f"<div class=\"tab\"><ul class=\"tab-title\">{heads}</ul>{''.join(cons)}</div>"
            "<script>function tab(i){var c=document.querySelectorAll('.tab-con');"
            "for(var k=0;k<c.length;k++){c[k].className='tab-con'+(k==i?' on':'');}}</script>")


def select(plat: Platform, path: str, label: str, options: list[tuple[str, str]],
           new_window: bool = False) -> str:
    """A `<select>` whose options are page addresses (choose a year, a unit)."""
    act = "window.open(this.value)" if new_window else "window.location.href=this.value"
    opts = "".join(f"<option value=\"{esc(plat.href(path, u))}\">{esc(t)}</option>"
                   for t, u in options)
    return (f"<div class=\"select\"><span>{esc(label)}</span><select onchange=\"if(this.value)"
            f"{{{act}}}\"><option value=\"\">--请选择--</option>{opts}</select></div>")


SERVICES = ["社保查询", "公积金查询", "不动产登记", "户籍办理", "出入境", "车驾管", "婚姻登记",
            "企业开办", "医保报销", "就业服务", "教育缴费", "水电气缴费", "公交查询", "天气预报",
            "12345热线", "政策问答", "办事指南", "证照办理", "预约挂号", "法律援助"]
TOPICS = ["优化营商环境", "乡村振兴", "学习贯彻党的二十大精神", "安全生产月", "创建全国文明城市",
          "民生实事", "扫黑除恶", "河湖长制", "森林防火", "防汛抗旱", "数字政府", "一网通办"]


def std_blocks(ctx: Ctx, host: Host, rng: random.Random, news: News, size: str = "big"
               ) -> list[tuple[str, list[tuple[str, str]], str]]:
    """The rest of a government home page: 政策文件, 图片新闻, 便民服务 (some links dead,
    some on other hosts), 专题专栏, 互动交流. `big` pages carry 100+ links in all."""
    n = {"big": 1.0, "mid": 0.6, "small": 0.3}[size]
    dom = ".".join(host.name.split(".")[1:])
    services = [(s, rng.choice([f"http://zwfw.{dom}:{host.port}/{hexid(rng, 6)}.html",
                                host.url(f"/bmfw/{hexid(rng, 6)}.html"),
                                f"https://www.{rng.choice(['gjzwfw', 'zwfw', 'ga'])}.gov.cn/"]))
                for s in SERVICES[:int(20 * n)]]
    topics = [(t, host.url(f"/ztzl/{hexid(rng, 4)}/")) for t in TOPICS[:int(12 * n)]]
    blocks = [("政策文件", news.sample(int(30 * n))[int(15 * n):], news.url),
              ("图片新闻", news.sample(int(40 * n))[int(30 * n):], news.url),
              ("便民服务", services, ""), ("专题专栏", topics, "")]
    if size != "small":
        blocks.append(("互动交流", [("领导信箱", host.url("/hdjl/ldxx/")),
                                    ("在线访谈", host.url("/hdjl/zxft/")),
                                    ("征集调查", host.url("/hdjl/zjdc/")),
                                    ("政务服务热线", f"http://12345.{dom}:{host.port}/")], ""))
    return blocks


def home_page(host: Host, plat: Platform, blocks: list[tuple[str, list[tuple[str, str]], str]],
              banner: str = "", path: str = "/index.html", hot: str = "") -> str:
    """A portal's home page: banner, blocks of links (each may have a 更多 link)."""
    parts = [banner]
    for title, links, more in blocks:
        m = f"<a class=\"more\" href=\"{esc(plat.href(path, more))}\">更多</a>" if more else ""
        parts.append(f"<div class=\"block\"><div class=\"block-title\"><h3>{esc(title)}</h3>{m}"
                     f"</div>{links_ul(plat, path, links)}</div>")
    if hot:
        parts.append(hot)
    page = plat.page(host.site_name, "\n".join(parts), [], path)
    host.put(path, page)
    return host.url("/" if path == "/index.html" else path)


# ------------------------------------------------------------------ publishing

PRES_OLD = ["text", "text", "text", "doc", "doc", "text_pdf"]
PRES_MID = ["text", "text", "text", "text_pdf", "pdf", "pdf", "scan", "images", "frame"]
PRES_NEW = ["text", "text", "text_pdf", "text_pdf", "pdf", "pdf", "pdf", "docx", "docx_xlsx",
            "scan", "images", "zip", "only"]
LINKS = ["a"] * 9 + ["script", "script", "onclick", "viewer", "embed", "object"]


def pubday(rng: random.Random, year: int) -> date:
    d = date(year + 1, rng.choice([1, 1, 1, 2, 3]), rng.randint(5, 28))
    return min(d, date(2025, 3, 28))


def report_art(rng: random.Random, agency: str, year: int, title: str, day: date,
               pres: str | None = None, link: str | None = None) -> tuple[Art, str]:
    """An article carrying one report, in a form of its era. Returns (art, form)."""
    pool = PRES_OLD if year <= 2012 else PRES_MID if year <= 2018 else PRES_NEW
    pres = pres or rng.choice(pool)
    blocks = report_blocks(agency, year, rng)
    link = link or rng.choice(LINKS)
    fname = rng.choice([title, f"{agency}{year}年政府信息公开工作年度报告", "附件",
                        f"{year}年度报告", hexid(rng, 12)])
    art = Art(title, day, source=agency, generic_title=rng.random() < 0.15)
    if pres == "text":
        art.blocks = blocks
    elif pres == "text_pdf":
        art.blocks = blocks
        art.files = [Att(fname, "pdf", pdf_text(title, blocks, agency))]
        art.style = link
    elif pres == "pdf":
        art.intro = "<p>" + rng.choice(["详见附件。", "全文请见附件。", "现将报告全文予以公布。",
                                        f"{agency}{year}年政府信息公开工作年度报告已编制完成，"
                                        "现予公布。"]) + "</p>"
        art.files = [Att(fname, "pdf", pdf_text(title, blocks, agency),
                         rng.choice([None, None, "application/octet-stream"]))]
        art.style = link
    elif pres == "only":
        art.files = [Att(fname, "pdf", pdf_text(title, blocks, agency))]
        art.style = "only"
    elif pres == "doc":
        art.intro = "<p>附件下载：</p>"
        art.files = [Att(fname, "doc", rtf_doc(title, blocks))]
        art.style = rng.choice(["a", "a", "only"])
    elif pres == "docx":
        art.intro = "<p>详见附件。</p>"
        art.files = [Att(fname, "docx", docx_doc(title, blocks))]
        art.style = rng.choice(["a", "a", "script"])
    elif pres == "docx_xlsx":
        art.blocks = blocks[:3]
        rows = [[str(c) for c in row] for kind, value in blocks if kind == "table"
                for row in value]  # type: ignore[attr-defined]
        art.files = [Att(fname, "docx", docx_doc(title, blocks)),
                     Att("附表：政府信息公开情况统计表", "xlsx", xlsx_doc(title, rows))]
        art.style = rng.choice(["a", "a", "script"])
    elif pres == "zip":
        art.intro = "<p>报告全文及统计表见附件压缩包。</p>"
        art.files = [Att(fname, "zip", zip_of({f"{year}年度报告.docx": docx_doc(title, blocks),
                                               "统计表.pdf": pdf_text(title, blocks[-4:])}))]
        art.style = "a"
    elif pres == "scan":
        art.intro = "<p>（扫描件）</p>"
        art.files = [Att(fname, "pdf", pdf_scan(rng, 2))]
        art.style = rng.choice(["a", "a", "viewer", "embed"])
    elif pres == "images":
        n = rng.randint(2, 4)
        fmt = rng.choice(["JPEG", "JPEG", "PNG"])
        ext = "jpg" if fmt == "JPEG" else "png"
        art.files = [Att(f"{k + 1}", ext, page_image(rng, fmt=fmt, stamp=k == n - 1))
                     for k in range(n)]
        art.style = rng.choice(["images", "images", "lazy"])
    elif pres == "frame":
        art.style = "frame"
        inner = (f"<html><head><meta charset=\"utf-8\"><title>{esc(title)}</title></head><body>"
                 f"<h2>{esc(title)}</h2>{blocks_html(blocks)}</body></html>")
        art.files = [Att(f"{hexid(rng, 10)}", "html", inner.encode())]
    else:
        raise ValueError(pres)
    return art, pres



def publish(pb: PortalBuilder, col: Column, agency: str, year: int, where: str, *,
            title: str | None = None, style: str | None = None, bare: bool = False,
            pres: str | None = None, link: str | None = None, day: date | None = None,
            listed: bool = True, direct: float = 0.0, extra: dict[str, Any] | None = None,
            list_title: str | None = None) -> Pub:
    """Publish `agency`'s report for `year` into `col` and expect it."""
    rng = pb.rng
    day = day or pubday(rng, year)
    title = title or report_title(agency, year, style or pick_style(rng, year, bare))
    if direct and rng.random() < direct:
        blocks = report_blocks(agency, year, rng)
        pub = col.direct(title, day, Att(title, "pdf", pdf_text(title, blocks, agency)),
                         listed=listed)
        pb.report(agency, year, pub, where + " (listed straight as a PDF)")
        return pub
    art, form = report_art(rng, agency, year, title, day, pres, link)
    if isinstance(col.plat, TRS) and art.blocks and not art.files and rng.random() < 0.12:
        art.split = rng.randint(2, 3)
    for k, v in (extra or {}).items():
        setattr(art, k, v)
        pb.trap({"slow": "slow", "fail_once": "500-once"}.get(k, k))
    pub = col.article(art, listed=listed, list_title=list_title)
    detail = form + ("" if art.style == "a" or not art.files else f", {art.style}")
    if art.split > 1:
        detail += f", split over {art.split} pages"
    if art.slow:
        detail += f", slow {art.slow:g} s"
    if art.fail_once:
        detail += ", 500 once"
    pb.report(agency, year, pub, f"{where} [{detail}]")
    return pub


def look(pb: PortalBuilder, col: Column, kind: str, agency: str, place: str, year: int,
         day: date | None = None, listed: bool = True) -> Pub:
    """Publish a look-alike (工作要点, 决算, 一图读懂…) into `col`."""
    rng = pb.rng
    title, blocks = lookalike(kind, agency, place, year)
    day = day or pubday(rng, year)
    art = Art(title, day, blocks=blocks, source=agency)
    if kind in ("juesuan", "yusuan", "tongji", "gzbg", "zhifa") and rng.random() < 0.6:
        art.files = [Att(title, "pdf", pdf_text(title, blocks, agency))]
    elif kind in ("yitu", "jiedu"):
        art.files = [Att("图解", "jpg", page_image(rng, lines=12, size=(500, 700)))]
        art.style = "images"
    elif kind == "wangzhan" and rng.random() < 0.5:
        art.files = [Att(title, "xlsx", xlsx_doc(title, [["指标", "数值"], ["访问量", "12345"]]))]
    pub = col.article(art, listed=listed)
    pb.look(pub)
    return pub


def no_report_page(host: Host, plat: Platform, path: str, unit: str, year: int) -> str:
    """A `暂无年报` page some selects lead to."""
    page = plat.page(f"{unit}政府信息公开年报", f"<div class=\"nb\"><h2>{esc(unit)}"
                                             f"政府信息公开年报</h2><p>{year}年度暂无年报。</p></div>",
                     [("首页", host.url("/"))], path)
    return host.put(path, page)
