"""HTML of the county world: page chrome per CMS family (header, nav, breadcrumb, footer with
its many links), list items, every pagination style, article templates and report bodies."""

from __future__ import annotations

import html as htmlmod
from dataclasses import dataclass, field

from tests.crawler.world.county_text import Looka, ReportText

esc = htmlmod.escape


@dataclass
class Skin:
    """How one site (a portal's main site or a department's) dresses its pages."""

    family: str
    site_name: str
    home: str  # this site's home URL
    main_home: str  # the portal's home URL
    charset: str
    nav: list[tuple[str, str]]
    footer: list[tuple[str, str]]
    images: dict[str, str]  # logo, banner, qrcode, dzjg -> URL
    site_code: str
    meta_charset: str = ""
    extra_head: str = ""
    search: str = ""  # search form action
    outside: list[tuple[str, str]] = field(default_factory=list)  # links to other governments


def page(skin: Skin, title: str, body: str, crumbs: list[tuple[str, str]] | None = None,
         *, head: str = "", wide_footer: bool = False) -> str:
    cs = skin.meta_charset or skin.charset
    meta = (f'<meta http-equiv="Content-Type" content="text/html; charset={cs}">'
            if skin.family in ("plain", "vsb", "hanweb") else f'<meta charset="{cs}">')
    crumb = ""
    if crumbs:
        crumb = ('<div class="position">当前位置：' + " &gt; ".join(
            f'<a href="{u}">{esc(t)}</a>' if u else esc(t) for t, u in crumbs) + "</div>")
    nav = "".join(f'<li><a href="{u}">{esc(t)}</a></li>' for t, u in skin.nav)
    imgs = skin.images
    search = (f'<form class="search" action="{skin.search}" method="get"><input name="searchWord" '
              'type="text" placeholder="请输入关键词"><button type="submit">搜索</button></form>'
              if skin.search else "")
    top = (f'<div class="top-bar"><span>欢迎访问{esc(skin.site_name)}</span>'
           '<a href="javascript:void(0)" onclick="aria.start()">无障碍浏览</a> '
           '<a href="javascript:void(0)" class="zh-tw">繁体</a> '
           '<a href="javascript:void(0)" class="elder">长者模式</a></div>')
    foot_links = " | ".join(f'<a href="{u}">{esc(t)}</a>' for t, u in skin.footer)
    outside = ""
    if skin.outside and wide_footer:
        outside = ('<div class="yqlj"><span>政府网站：</span>' + "".join(
            f'<a href="{u}" target="_blank">{esc(t)}</a>' for t, u in skin.outside) + "</div>")
    footer = (f'<div class="footer">{outside}<div class="flinks">{foot_links}</div>'
              f'<p>主办：{esc(skin.site_name)}　网站标识码：{skin.site_code}</p>'
              f'<p><a href="https://beian.miit.gov.cn/" target="_blank">ICP备{skin.site_code[-6:]}号-1</a>'
              f'　<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode={skin.site_code[:10]}01" '
              'target="_blank">公安机关备案号</a></p>'
              f'<a href="https://bszs.conac.cn/sitename?method=show&amp;id={skin.site_code[-8:]}" '
              f'target="_blank"><img src="{imgs["dzjg"]}" alt="党政机关"></a>'
              f'<a href="https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code={skin.site_code}" '
              f'target="_blank"><img src="{imgs["jiucuo"]}" alt="政府网站找错"></a>'
              f'<img src="{imgs["qrcode"]}" alt="微信公众号" class="qr"></div>')
    if skin.family == "hanweb":
        header = (f'<table width="1200" align="center" cellpadding="0" cellspacing="0"><tr><td>'
                  f'<img src="{imgs["logo"]}" alt="{esc(skin.site_name)}"></td><td>{search}</td></tr>'
                  f'<tr><td colspan="2" class="nav"><ul>{nav}</ul></td></tr></table>')
    elif skin.family == "vsb":
        header = (f'<div class="head"><a href="{skin.home}"><img src="{imgs["logo"]}"></a>{search}'
                  f'</div><div class="menu"><ul id="nav">{nav}</ul></div>')
    else:
        header = (f'<div class="header"><div class="logo"><a href="{skin.home}"><img src="{imgs["logo"]}"'
                  f' alt="{esc(skin.site_name)}"></a></div>{search}'
                  f'<div class="banner"><img src="{imgs["banner"]}" alt=""></div></div>'
                  f'<div class="nav"><ul>{nav}</ul></div>')
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head>{meta}<title>{esc(title)}</title>'
            f'<meta name="SiteName" content="{esc(skin.site_name)}"><meta name="SiteDomain" '
            f'content="{skin.home}"><meta name="SiteIDCode" content="{skin.site_code}">'
            f'{skin.extra_head}{head}<link rel="stylesheet" href="/css/style.css"></head>'
            f"<body>{top}{header}<div class=\"main\">{crumb}{body}</div>{footer}</body></html>\n")


# ------------------------------------------------------------------ list items

def short(title: str, n: int) -> str:
    return title if len(title) <= n else title[:n] + "…"


def list_item(style: str, href: str, title: str, date: str, *, truncate: int = 0,
              extra: str = "") -> str:
    shown = esc(short(title, truncate) if truncate else title)
    t = esc(title)
    if style == "ucap":
        return (f'<li><span class="date">{date}</span><a href="{href}" title="{t}" target="_blank"'
                f"{extra}>{shown}</a></li>")
    if style == "table":
        return (f'<tr><td class="bt"><a href="{href}" title="{t}" target="_blank"{extra}>{shown}'
                f'</a></td><td class="rq">{date}</td></tr>')
    if style == "xxgk":
        return (f'<tr><td><a href="{href}" title="{t}" target="_blank"{extra}>{shown}</a></td>'
                f"<td>{date}</td></tr>")
    if style == "vsb":
        return (f'<li><a href="{href}" target="_blank" title="{t}"{extra}>{shown}</a>'
                f'<span class="time">{date}</span></li>')
    if style == "dl":
        return f'<dl><dt><a href="{href}" title="{t}"{extra}>{shown}</a></dt><dd>{date}</dd></dl>'
    return (f'<li><a href="{href}" target="_blank" title="{t}"{extra}>{shown}</a>'
            f"<span>{date}</span></li>")


def wrap_items(style: str, items: list[str]) -> str:
    if style in ("table", "xxgk"):
        head = ("<tr><th>标题</th><th>发布日期</th></tr>" if style == "xxgk" else "")
        return f'<table class="list-table" width="100%">{head}{"".join(items)}</table>'
    if style == "dl":
        return f'<div class="list-dl">{"".join(items)}</div>'
    return f'<ul class="list">{"".join(items)}</ul>'


# ------------------------------------------------------------------ pagination

TRS_PAGER_JS = """
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){
  if(_nPageCount == null || _nPageCount<=1){ return; }
  var nCurrIndex = _nCurrIndex || 0;
  if(nCurrIndex == 0) document.write("<span class=\\"first\\">首页</span>&nbsp;<span>上一页</span>&nbsp;");
  else {
    document.write("<a href=\\""+_sPageName+"."+_sPageExt+"\\">首页</a>&nbsp;");
    if(nCurrIndex == 1) document.write("<a href=\\""+_sPageName+"."+_sPageExt+"\\">上一页</a>&nbsp;");
    else document.write("<a href=\\""+_sPageName+"_" + (nCurrIndex-1) + "."+_sPageExt+"\\">上一页</a>&nbsp;");
  }
  if(nCurrIndex == (_nPageCount-1)) document.write("<span>下一页</span>&nbsp;<span>尾页</span>");
  else {
    document.write("<a href=\\""+_sPageName+"_" + (nCurrIndex+1) + "."+_sPageExt+"\\">下一页</a>&nbsp;");
    document.write("<a href=\\""+_sPageName+"_" + (_nPageCount-1) + "."+_sPageExt+"\\">尾页</a>");
  }
}
"""


def trs_pager(count: int, current: int, ext: str, inline_fn: bool) -> str:
    """TRS WCM: the page links exist only as a script call (index_1.html … index_{n-1})."""
    fn = f"<script>{TRS_PAGER_JS}</script>" if inline_fn else \
        '<script src="/images/trs_page.js"></script>'
    return (f'{fn}<div class="page"><script language="JavaScript">\n'
            f"var currentPage = {current};//所在页从0开始\n"
            f"var prevPage = currentPage-1//上一页\nvar nextPage = currentPage+1//下一页\n"
            f"var countPage = {count}//共多少页\n"
            f'createPageHTML(countPage, currentPage, "index", "{ext}");\n</script></div>')


def numbers_pager(n: int, count: int, href: callable, window: int = 10) -> str:
    """1 2 3 … 10 下一页 (a window of numbered links)."""
    if count <= 1:
        return ""
    lo = max(1, min(n - window // 2, count - window + 1))
    hi = min(count, lo + window - 1)
    parts = []
    if n > 1:
        parts.append(f'<a href="{href(n - 1)}" class="prev">上一页</a>')
    if lo > 1:
        parts.append(f'<a href="{href(1)}">1</a><span>…</span>')
    for k in range(lo, hi + 1):
        parts.append(f'<span class="current">{k}</span>' if k == n else f'<a href="{href(k)}">{k}</a>')
    if hi < count:
        parts.append("<span>…</span>")
    if n < count:
        parts.append(f'<a href="{href(n + 1)}" class="next">下一页</a>')
    return f'<div class="pagination">{" ".join(parts)}</div>'


def fpnl_pager(n: int, count: int, href: callable, total: int, *, always_next: bool = False) -> str:
    """首页 上一页 下一页 尾页, 当前第n/count页."""
    if count <= 1 and not always_next:
        return f'<div class="page">共{total}条 第1/1页</div>'
    first = f'<a href="{href(1)}">首页</a>' if n > 1 else "<span>首页</span>"
    prev = f'<a href="{href(n - 1)}">上一页</a>' if n > 1 else "<span>上一页</span>"
    nxt = (f'<a href="{href(n + 1)}">下一页</a>' if n < count or always_next
           else "<span>下一页</span>")
    last = (f'<a href="{href(count)}">尾页</a>' if n < count and not always_next
            else "<span>尾页</span>")
    shown = f"{n}/{count}" if not always_next else f"{n}"
    return (f'<div class="page">共{total}条　{first} {prev} {nxt} {last}　当前第{shown}页</div>')


def vsb_pager(n: int, count: int, href: callable) -> str:
    """VSB (博达): 首页 上页 1 2 3 下页 尾页, the later pages numbered downwards on disk."""
    if count <= 1:
        return ""
    out = ['<span class="p_pages">']
    out.append(f'<span class="p_first"><a href="{href(1)}">首页</a></span>' if n > 1 else
               '<span class="p_first_d">首页</span>')
    out.append(f'<span class="p_prev"><a href="{href(n - 1)}">上页</a></span>' if n > 1 else
               '<span class="p_prev_d">上页</span>')
    for k in range(max(1, n - 3), min(count, n + 3) + 1):
        out.append(f'<span class="p_no_d">{k}</span>' if k == n else
                   f'<span class="p_no"><a href="{href(k)}">{k}</a></span>')
    out.append(f'<span class="p_next"><a href="{href(n + 1)}">下页</a></span>' if n < count else
               '<span class="p_next_d">下页</span>')
    out.append(f'<span class="p_last"><a href="{href(count)}">尾页</a></span>' if n < count else
               '<span class="p_last_d">尾页</span>')
    out.append("</span>")
    return "".join(out)


# ------------------------------------------------------------------ article bodies

def report_body(text: ReportText, *, tables: bool = True, style: str = "p") -> str:
    parts = []
    for head, paras in text.sections:
        if style == "h":
            parts.append(f"<h3>{esc(head)}</h3>")
        else:
            parts.append(f'<p style="text-indent:2em"><strong>{esc(head)}</strong></p>')
        for p in paras:
            parts.append(f'<p style="text-indent:2em">{esc(p)}</p>')
        if tables and text.tables and head.startswith(("二", "三")):
            cap, rows = text.tables[0 if head.startswith("二") else 1]
            trs = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r) + "</tr>" for r in rows)
            parts.append(f'<table border="1" cellspacing="0" class="nb-table"><caption>{esc(cap)}'
                         f"</caption>{trs}</table>")
    parts.append(f'<p style="text-align:right">{esc(text.agency)}</p>'
                 f'<p style="text-align:right">{esc(text.date_cn())}</p>')
    return "".join(parts)


def looka_body(doc: Looka) -> str:
    return "".join(f'<p style="text-indent:2em">{esc(p)}</p>' for p in doc.paras)


def xxgk_meta(index_no: str, category: str, agency: str, date: str, title: str, doc_no: str = "") -> str:
    return ('<table class="xxgk-meta" width="100%">'
            f"<tr><td>索引号：</td><td>{index_no}</td><td>主题分类：</td><td>{esc(category)}</td></tr>"
            f"<tr><td>发布机构：</td><td>{esc(agency)}</td><td>发文日期：</td><td>{date}</td></tr>"
            f'<tr><td>名　　称：</td><td colspan="3">{esc(title)}</td></tr>'
            f"<tr><td>文　　号：</td><td>{doc_no}</td><td>时　　效：</td><td>有效</td></tr></table>")


def article(template: str, title: str, date: str, source: str, body: str, *,
            meta: str = "", attachments: str = "", prevnext: str = "", sub: str = "") -> str:
    info = (f'<div class="info"><span>发布时间：{date}</span><span>来源：{esc(source)}</span>'
            '<span>浏览次数：<script>document.write(Math.floor(Math.random()*900))</script></span>'
            '<a href="javascript:window.print()">【打印】</a><a href="javascript:window.close()">【关闭】</a></div>')
    h = f"<h1>{esc(title)}</h1>" + (f"<h2 class=\"sub\">{esc(sub)}</h2>" if sub else "")
    if template == "trs":
        return (f'<div class="article">{meta}{h}{info}<div class="view TRS_UEDITOR trs_paper_default">'
                f'<div class="TRS_Editor">{body}</div></div>{attachments}{prevnext}</div>')
    if template == "zoom":
        return (f'<table width="100%" class="article"><tr><td>{meta}</td></tr><tr><td align="center" '
                f'class="title">{h}</td></tr><tr><td>{info}</td></tr><tr><td><div id="zoom">{body}'
                f"</div></td></tr><tr><td>{attachments}</td></tr></table>{prevnext}")
    if template == "vsb":
        return (f'<form name="_newscontent_fromname"><div class="content-title">{h}</div>{info}'
                f'<div id="vsb_content"><div class="v_news_content">{body}</div></div>{attachments}'
                f"</form>{prevnext}")
    if template == "table":
        return (f'<table width="960" border="0" align="center"><tr><td class="title" align="center">'
                f'<b>{esc(title)}</b></td></tr><tr><td align="center">{info}</td></tr>'
                f'<tr><td class="content">{body}{attachments}</td></tr></table>{prevnext}')
    cls = "article-content" if template == "article-content" else "content"
    return (f'<div class="detail">{meta}{h}{info}<div class="{cls}">{body}</div>{attachments}'
            f"{prevnext}</div>")
