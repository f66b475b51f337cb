"""A mock government portal for the crawler tests, served by a real HTTP server on 127.0.0.1
(`crawler.sample_portal.server.Site`), with one endpoint per pattern the crawler must handle:

| path                         | what it tests |
|------------------------------|---------------|
| /robots.txt                  | Disallow: /private/ (a report there must never be requested) |
| /xxgk/ndbg/                  | TRS column: createPageHTML(3, 0) → index_1.html, index_2.html |
| /xxgk/ndbg/index_N.html      | reports, a distractor per page |
| /col/col77/index.html        | Hanweb datastore (6 inline) + dataproxy.jsp POST for the rest |
| /qp/list.html?page=N         | plain ?page=N pagination |
| /np/list1.html → list2.html  | 下一页 links |
| /gbk/index.html              | a GBK-encoded column and report page |
| /old/report.html             | 301 → /xxgk/ndbg/202401/t20240130_9.html |
| /offsite.html                | 302 → http://offsite.invalid/… (must be refused and recorded) |
| /flaky/always500.html        | 500 every time (retried, then recorded as 500) |
| /flaky/once.html             | 500 once, then 200 (retry succeeds) |
| /slow.html                   | answers after the test's DOWNLOAD_TIMEOUT (recorded as an error) |
| /gone.html                   | a soft 404: 200 "页面不存在" |
| /huge.pdf                    | larger than the test's DOWNLOAD_MAXSIZE (recorded as an error) |
| /api/list?page=N             | a JSON list API, used through a user portal profile |
| /scan/…                      | a scanned report: page images are archived |
"""

from __future__ import annotations

import threading
import time
from typing import Any

from crawler.sample_portal.server import Hit, Reply, Site

REPORT_BODY = (
    "一、总体情况\n本机关认真贯彻落实《中华人民共和国政府信息公开条例》，"
    "全年主动公开政府信息1200条。\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n"
    "四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n六、其他需要报告的事项\n")
FILLER = "为深入推进政务公开，现将有关情况报告如下。" * 8


def html_page(title: str, body: str, *, charset: str = "utf-8") -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title>'
            f'</head><body><div class="nav"><a href="/">首页</a> <a href="/xxgk/">信息公开</a>'
            f"</div>{body}</body></html>")


def report_page(title: str, extra: str = "") -> str:
    paras = "".join(f"<p>{line}</p>" for line in REPORT_BODY.splitlines())
    return html_page(title, f'<h1>{title}</h1><div class="TRS_Editor">{paras}{extra}</div>')


def list_page(title: str, items: list[tuple[str, str]], extra: str = "") -> str:
    lis = "".join(f'<li><a href="{u}">{t}</a></li>' for t, u in items)
    return html_page(title, f"<h2>{title}</h2><ul>{lis}</ul>{extra}")


# Which paths hold reports, attachments, images — and which must never be fetched.
EXPECTED_REPORTS: set[str] = set()
EXPECTED_ATTACHMENTS: set[str] = set()
EXPECTED_IMAGES: set[str] = set()
NEVER: set[str] = {"/private/t20240101_1.html", "/xxgk/ndbg/gzyd.html", "/xxgk/ndbg/fzzf.html",
                   "/xxgk/ndbg/tjnb.html", "/col/col77/art_77_9.html", "/qp/zj.html",
                   "/gbk/js.html"}

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000000500010d0a2db40000000049454e44ae426082")


def build_files() -> dict[str, bytes]:
    files: dict[str, str | bytes] = {}
    EXPECTED_REPORTS.clear()
    EXPECTED_ATTACHMENTS.clear()
    EXPECTED_IMAGES.clear()

    def report(path: str, title: str, extra: str = "") -> tuple[str, str]:
        files[path] = report_page(title, extra)
        EXPECTED_REPORTS.add(path)
        return title, path

    files["/robots.txt"] = "User-agent: *\nDisallow: /private/\n"
    files["/index.html"] = html_page("模拟市人民政府", """
<a href="/xxgk/">政府信息公开</a> <a href="/news/">新闻中心</a>
<a href="/private/t20240101_1.html">模拟市2023年政府信息公开工作年度报告（内部）</a>
<a href="/old/report.html">政府信息公开年报（旧址）</a>
<a href="/offsite.html">政府信息公开年报（镜像）</a>""")
    files["/news/index.html"] = list_page("新闻中心", [("市长调研", "/news/1.html")])
    files["/news/1.html"] = html_page("市长调研", f"<p>{FILLER}</p>")
    files["/xxgk/index.html"] = list_page("政府信息公开", [
        ("政府信息公开年报", "/xxgk/ndbg/"), ("部门信息公开年报", "/col/col77/index.html"),
        ("区县年报", "/qp/list.html?page=1"), ("乡镇年报", "/np/list1.html"),
        ("街道年报", "/gbk/index.html"), ("公开年报（异常）", "/xxgk/errors.html")])
    # TRS column, three pages
    pages: list[list[tuple[str, str]]] = [[], [], []]
    for i in range(9):
        year = 2016 + i
        pages[i % 3].append(report(f"/xxgk/ndbg/{year + 1}03/t{year + 1}0330_{i}.html",
                                   f"模拟市人民政府{year}年政府信息公开工作年度报告"))
    pages[0].append(("2024年政务公开工作要点", "/xxgk/ndbg/gzyd.html"))
    pages[1].append(("模拟市2023年法治政府建设年度报告", "/xxgk/ndbg/fzzf.html"))
    pages[2].append(("模拟市2023年统计年报", "/xxgk/ndbg/tjnb.html"))
    # a report whose body is a PDF and one published as scanned images
    pdf = "/xxgk/ndbg/202503/P020250330.pdf"
    files[pdf] = b"%PDF-1.4\n% mock report\n%%EOF\n"
    EXPECTED_ATTACHMENTS.add(pdf)
    pages[0].append(report("/xxgk/ndbg/202503/t20250330_99.html",
                           "模拟市人民政府2024年政府信息公开工作年度报告（附件版）",
                           '<p><a href="./P020250330.pdf">附件下载</a></p>'))
    files["/scan/202503/t20250331_1.html"] = html_page(
        "模拟市教育局2024年政府信息公开工作年度报告",
        '<h1>模拟市教育局2024年政府信息公开工作年度报告</h1><div class="TRS_Editor">'
        '<img src="/scan/202503/p1.png"><img src="/scan/202503/p2.png"></div>'
        '<img src="/images/logo.png">')
    EXPECTED_REPORTS.add("/scan/202503/t20250331_1.html")
    files["/scan/202503/p1.png"] = PNG + b"1"
    files["/scan/202503/p2.png"] = PNG + b"2"
    files["/images/logo.png"] = PNG
    EXPECTED_IMAGES.update({"/scan/202503/p1.png", "/scan/202503/p2.png"})
    pages[1].append(("模拟市教育局2024年政府信息公开工作年度报告", "/scan/202503/t20250331_1.html"))
    for n, items in enumerate(pages):
        name = "index.html" if n == 0 else f"index_{n}.html"
        files[f"/xxgk/ndbg/{name}"] = list_page(
            "政府信息公开年报", items,
            f'<script>createPageHTML(3, {n}, "index", "html");</script>')
    for path in ("/xxgk/ndbg/gzyd.html", "/xxgk/ndbg/fzzf.html", "/xxgk/ndbg/tjnb.html"):
        files[path] = html_page("distractor", f"<p>{FILLER}</p>")
    files["/private/t20240101_1.html"] = report_page("模拟市2023年政府信息公开工作年度报告（内部）")
    # Hanweb column: 6 inline, 10 in all (perPage 2 → groups of 6)
    recs = []
    for i in range(1, 11):
        if i in (3, 8):
            t, u = report(f"/art/2025/1/{i}/art_77_{i}.html",
                          f"模拟市第{i}局2024年度政府信息公开工作年度报告")
        elif i == 9:
            t, u = "模拟市第9局2024年度部门决算", "/col/col77/art_77_9.html"
        else:
            t, u = f"第{i}局工作动态", f"/art/2024/12/{i}/art_77_{i}.html"
            files[u] = html_page(t, f"<p>{FILLER}</p>")
        recs.append(f'<record><![CDATA[<li><a href="{u}">{t}</a></li>]]></record>')
    files["/module/web/jpage/records/77.xml"] = "\n".join(recs)
    files["/col/col77/index.html"] = html_page("部门信息公开年报", (
        '<div id="5"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/'
        'web/jpage/dataproxy.jsp?page=1&appid=1&webid=3&path=/&columnid=77&unitid=5&'
        'permissiontype=0"></a>]]></nextgroup><recordset>' + "".join(recs[:6]) +
        "</recordset></datastore></script></div><script>$('#5').jpage({perPage: 2, "
        "totalRecord: 10, proxyUrl: '/module/web/jpage/dataproxy.jsp'});</script>"))
    # ?page=N
    files["/qp/zj.html"] = html_page("x", FILLER)
    for n in (1, 2, 3):
        items = [report(f"/qp/detail_{n}.html", f"模拟{n}区2024年政府信息公开工作年度报告")]
        if n == 2:
            items.append(("模拟2区2024年工作总结", "/qp/zj.html"))
        nav = " ".join(f'<a href="/qp/list.html?page={k}">{k}</a>' for k in (1, 2, 3))
        files[f"/qp/list.html?page={n}"] = list_page("区县年报", items, f"<div>{nav}</div>")
    # 下一页
    for n in (1, 2, 3):
        items = [report(f"/np/detail_{n}.html", f"模拟{n}镇2024年政府信息公开工作年度报告")]
        nxt = f'<a href="/np/list{n + 1}.html">下一页</a>' if n < 3 else ""
        files[f"/np/list{n}.html"] = list_page("乡镇年报", items, f"<div>第{n}页 {nxt}</div>")
    # GBK
    gbk_report = report_page("模拟街道办事处2024年政府信息公开工作年度报告").replace(
        'charset="utf-8"', 'charset="gbk"')
    files["/gbk/t20250101_1.html"] = gbk_report.encode("gbk")
    EXPECTED_REPORTS.add("/gbk/t20250101_1.html")
    files["/gbk/js.html"] = html_page("x", FILLER).encode("gbk")
    files["/gbk/index.html"] = list_page("街道年报", [
        ("模拟街道办事处2024年政府信息公开工作年度报告", "/gbk/t20250101_1.html"),
        ("模拟街道办事处2024年度决算公开", "/gbk/js.html")]).replace(
        'charset="utf-8"', 'charset="gbk"').encode("gbk")
    # redirect target (archived under the old URL, with this one as its final URL)
    files["/xxgk/ndbg/202401/t20240130_9.html"] = report_page(
        "模拟市发展改革委2023年政府信息公开工作年度报告")
    # errors page: links to every failure mode
    files["/xxgk/errors.html"] = list_page("公开年报（异常）", [
        ("模拟A局2024年政府信息公开工作年度报告", "/flaky/always500.html"),
        ("模拟B局2024年政府信息公开工作年度报告", "/flaky/once.html"),
        ("模拟C局2024年政府信息公开工作年度报告", "/slow.html"),
        ("模拟D局2024年政府信息公开工作年度报告", "/gone.html"),
        ("模拟E局2024年政府信息公开工作年度报告", "/huge.pdf")])
    EXPECTED_REPORTS.add("/flaky/once.html")
    files["/gone.html"] = html_page("页面不存在", "<p>对不起，您访问的页面不存在或已被删除。</p>")
    return {k: v.encode("utf-8") if isinstance(v, str) else v for k, v in files.items()}


class MockPortal:
    """The mock portal and its request log."""

    def __init__(self, *, slow_seconds: float = 3.0, huge_bytes: int = 3 * 1024 * 1024) -> None:
        self.slow_seconds = slow_seconds
        self.huge_bytes = huge_bytes
        self.once_lock = threading.Lock()
        self.once_seen = 0
        files = build_files()
        # ?page=N pages are stored under their query; serve them by route
        self.site = Site(files=files, routes={
            "/qp/list.html": self.query_page, "/old/report.html": self.redirect_in,
            "/offsite.html": self.redirect_out, "/flaky/always500.html": self.always500,
            "/flaky/once.html": self.once, "/slow.html": self.slow, "/huge.pdf": self.huge,
            "/api/list": self.api}, type_overrides={"/gbk/": "text/html"})
        self.url = ""
        self._stop: Any = None

    def start(self) -> MockPortal:
        self.url, self._stop = self.site.serve()
        return self

    def stop(self) -> None:
        if self._stop:
            self._stop()

    def hits(self, path: str) -> list[Hit]:
        return [h for h in list(self.site.hits) if h.path == path]

    # ------------------------------------------------------------- routes
    def query_page(self, site: Site, hit: Hit, query: dict[str, list[str]], body: bytes) -> Reply:
        data = site.files.get(f"/qp/list.html?page={(query.get('page') or ['1'])[0]}")
        return Reply(200, data) if data else Reply(404, b"", validators=False)

    def redirect_in(self, site: Site, hit: Hit, query: Any, body: bytes) -> Reply:
        return Reply(301, b"", headers={"Location": "/xxgk/ndbg/202401/t20240130_9.html"},
                     validators=False)

    def redirect_out(self, site: Site, hit: Hit, query: Any, body: bytes) -> Reply:
        return Reply(302, b"", headers={"Location": "http://offsite.invalid/ndbg/"},
                     validators=False)

    def always500(self, site: Site, hit: Hit, query: Any, body: bytes) -> Reply:
        return Reply(500, b"<html><body>Internal Server Error</body></html>", validators=False)

    def once(self, site: Site, hit: Hit, query: Any, body: bytes) -> Reply:
        with self.once_lock:
            self.once_seen += 1
            first = self.once_seen == 1
        if first:
            return Reply(503, b"busy", validators=False)
        return Reply(200, report_page("模拟B局2024年政府信息公开工作年度报告").encode("utf-8"))

    def slow(self, site: Site, hit: Hit, query: Any, body: bytes) -> Reply:
        time.sleep(self.slow_seconds)
        return Reply(200, b"<html><body>late</body></html>", validators=False)

    def huge(self, site: Site, hit: Hit, query: Any, body: bytes) -> Reply:
        return Reply(200, b"%PDF-1.4\n" + b"0" * self.huge_bytes, "application/pdf",
                     validators=False)

    def api(self, site: Site, hit: Hit, query: dict[str, list[str]], body: bytes) -> Reply:
        import json

        page = int((query.get("page") or ["1"])[0])
        items = []
        if page <= 2:
            path = f"/api/report_{page}.html"
            items = [{"title": f"模拟API{page}局2024年政府信息公开工作年度报告", "link": path}]
        return Reply(200, json.dumps({"data": {"list": items}}, ensure_ascii=False).encode(),
                     "application/json; charset=utf-8", validators=False)


def add_api_reports(portal: MockPortal) -> set[str]:
    """Report pages reachable only through the JSON API profile."""
    out = set()
    for page in (1, 2):
        path = f"/api/report_{page}.html"
        portal.site.files[path] = report_page(
            f"模拟API{page}局2024年政府信息公开工作年度报告").encode("utf-8")
        out.add(path)
    return out
