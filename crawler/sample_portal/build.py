"""Generate the sample portal's static files from the sample reports vendored in
`tests/fixtures/samples` (real published reports), or from the folder given.

    python -m crawler.sample_portal.build [SAMPLES_DIR] [OUT_DIR]

The output (`crawler/sample_portal/site/`) is committed, so `nianbao demo` needs neither the
samples folder nor the internet. The site is a small prefecture portal, 示例市人民政府:

- a home page and a news column (distractors: a training-meeting news item);
- a 政府信息公开 area with 工作要点 and 法治政府建设年度报告 (distractors);
- a 年报 column in TRS style, two pages (`createPageHTML(2, 0, "index", "html")`): report
  pages as HTML and as PDF attachments, a 解读 and a 统计年报 (distractors);
- department sub-columns in TRS style (a DOCX attachment behind a download script) and in
  Hanweb style (`/col/col1501/`, items in a `<datastore>`, the rest via POST dataproxy.jsp);
- a township column whose report is served by Hanweb's xxgkAnnualReport.jsp endpoint;
- robots.txt forbidding /admin/ (linked from the home page: never requested).

Report texts are the real ones of SAMPLES_DIR/reports; PDFs are SAMPLES_DIR/pdf. What the
agencies change later (`nianbao demo --republish`) is a table of edits in `republish.py`,
applied when the site is served; after a rebuild that moves their text it says so.
"""

from __future__ import annotations

import html
import io
import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SITE = HERE / "site"
#: The sample reports vendored with the repository (tests/fixtures/samples).
DEFAULT_SAMPLES = HERE.parents[1] / "tests" / "fixtures" / "samples"

SITE_NAME = "示例市人民政府"

# (text file, path of the report page, how it is published)
HTML_REPORTS = [
    ("002_0587ca1cc9f7563f.txt", "/zwgk/zfxxgknb/202503/t20250331_1001.html",
     "北仑区人民政府2024年度政府信息公开工作年度报告", "2025-03-31"),
    ("000_d707c82d816c5970.txt", "/zwgk/zfxxgknb/bmnb/202501/t20250120_2001.html",
     "北关区行政审批和政务信息管理局2024年政府信息公开工作年度报告", "2025-01-20"),
]
PDF_REPORTS = [
    ("10_huaian_szf_2024.pdf", "/zwgk/zfxxgknb/202503/t20250328_1002.html",
     "淮安市人民政府2024年政府信息公开工作年度报告", "2025-03-28",
     "/zwgk/zfxxgknb/202503/P020250328338201.pdf"),
    ("13_hongze_2024.pdf", "/zwgk/zfxxgknb/202503/t20250325_1003.html",
     "淮安市洪泽区人民政府2024年政府信息公开工作年度报告", "2025-03-25",
     "/zwgk/zfxxgknb/202503/P020250325641507.pdf"),
    ("12_hongze_2023.pdf", "/zwgk/zfxxgknb/202403/t20240329_0903.html",
     "淮安市洪泽区人民政府2023年政府信息公开工作年度报告", "2024-03-29",
     "/zwgk/zfxxgknb/202403/P020240329117342.pdf"),
]
DOCX_REPORT = ("001_d24b5322b0421a36.txt", "/zwgk/zfxxgknb/bmnb/202501/t20250124_2002.html",
               "北关区工信局2024年政府信息公开工作年度报告", "2025-01-24", "gxj2024nb.docx")
HANWEB_REPORT = ("004_7063f1814de91bcc.txt", "/art/2025/1/22/art_1501_3017.html",
                 "孟津区行政审批和政务信息管理局2024年政府信息公开工作年度报告", "2025-01-22")
ANNUAL_ENDPOINT_REPORT = ("003_ed60ee903ad4e3a2.txt", "hqljd", 2023,
                          "北关区红旗路街道办事处2023年政府信息公开工作年度报告")

DISTRACTOR_BODY = ("为深入贯彻落实党中央、国务院关于全面推进政务公开工作的决策部署，"
                   "结合本市实际，现就有关工作安排如下。一、加强组织领导。二、突出重点领域。"
                   "三、强化平台建设。四、抓好督促落实。") * 3


def page(title: str, body: str, *, crumbs: str = "", extra_head: str = "") -> str:
    """A portal page with the usual chrome (header nav, breadcrumb, footer)."""
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(title)}_{SITE_NAME}</title>
{extra_head}</head>
<body>
<div class="header"><img src="/images/logo.png" alt="logo"><span>{SITE_NAME}门户网站</span>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/xwdt/">新闻动态</a></li>
<li><a href="/zwgk/">政府信息公开</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="crumbs">当前位置：<a href="/">首页</a> &gt; {crumbs}</div>
<div class="main">
{body}
</div>
<div class="footer">主办：{SITE_NAME}办公室 <a href="/admin/login.html">管理登录</a></div>
</body></html>
"""


def text_to_html(text: str) -> str:
    """Report text -> paragraphs and tables (tab-separated or | rows become table rows)."""
    out: list[str] = []
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            out.append("<table border=\"1\">" + "".join(
                "<tr>" + "".join(f"<td>{html.escape(c.strip())}</td>" for c in r) + "</tr>"
                for r in rows) + "</table>")
            rows.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        if "\t" in line or (line.startswith("|") and line.endswith("|")):
            cells = [c for c in re.split(r"\t|\|", line)]
            cells = [c for c in cells if c.strip() != "" or "\t" in line]
            if all(set(c.strip()) <= set("-: ") for c in cells):
                continue
            rows.append(cells)
            continue
        flush()
        out.append(f"<p>{html.escape(line.lstrip('#').strip())}</p>")
    flush()
    return "\n".join(out)


def article(title: str, date: str, body_html: str, crumbs: str, *, source: str) -> str:
    """A TRS-style article page (ArticleTitle meta, TRS_Editor body)."""
    head = (f'<meta name="ArticleTitle" content="{html.escape(title)}">\n'
            f'<meta name="PubDate" content="{date}">\n'
            f'<meta name="ContentSource" content="{html.escape(source)}">')
    body = (f'<h1 class="article-title">{html.escape(title)}</h1>\n'
            f'<div class="info">发布日期：{date}　来源：{html.escape(source)}</div>\n'
            f'<div class="TRS_Editor">{body_html}</div>')
    return page(title, body, crumbs=crumbs, extra_head=head)


def trs_list(title: str, items: list[tuple[str, str, str]], crumbs: str, *, total: int = 1,
             current: int = 0, subcolumns: list[tuple[str, str]] | None = None) -> str:
    """A TRS list page: <ul> of items, and the createPageHTML pager script."""
    subs = ""
    if subcolumns:
        subs = "<div class=\"subcolumns\">" + "".join(
            f'<a href="{u}">{html.escape(t)}</a> ' for t, u in subcolumns) + "</div>"
    lis = "".join(f'<li><a href="{u}" title="{html.escape(t)}">{html.escape(t)}</a>'
                  f"<span>{d}</span></li>\n" for t, u, d in items)
    pager = (f'<div class="page"><script>createPageHTML({total}, {current}, "index", "html");'
             f"</script></div>")
    return page(title, f"<h2>{html.escape(title)}</h2>{subs}<ul class=\"list\">\n{lis}</ul>"
                       f"{pager}", crumbs=crumbs)


def docx_bytes(text: str) -> bytes:
    """A DOCX of the report text (python-docx)."""
    import docx

    doc = docx.Document()
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            width = max(len(r) for r in rows)
            table = doc.add_table(rows=len(rows), cols=width)
            for i, r in enumerate(rows):
                for j, c in enumerate(r):
                    table.cell(i, j).text = c.strip()
            rows.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        flush()
        doc.add_paragraph(line)
    flush()
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def build(samples: Path = DEFAULT_SAMPLES, out: Path = SITE) -> Path:
    """Write the site into `out` (replacing it)."""
    reports = samples / "reports"
    pdfs = samples / "pdf"
    if out.exists():
        shutil.rmtree(out)
    files: dict[str, bytes | str] = {}

    def text(name: str) -> str:
        return (reports / name).read_text(encoding="utf-8")

    files["/robots.txt"] = "User-agent: *\nDisallow: /admin/\n"
    files["/images/logo.png"] = _PNG
    files["/admin/login.html"] = page("管理登录", "<p>内部系统</p>")
    files["/index.html"] = page("首页", """
<div class="focus"><a href="/xwdt/202503/t20250310_5001.html">我市召开政府信息公开工作年度报告编制培训会</a></div>
<div class="links"><a href="/zwgk/">政府信息公开</a> <a href="/xwdt/">新闻动态</a>
<a href="/zwgk/zfxxgknb/">政府信息公开年报</a></div>""", crumbs="首页")
    files["/hdjl/index.html"] = page("互动交流", "<p>领导信箱 在线访谈</p>", crumbs="互动交流")
    files["/xwdt/index.html"] = trs_list("新闻动态", [
        ("我市召开政府信息公开工作年度报告编制培训会", "/xwdt/202503/t20250310_5001.html",
         "2025-03-10"),
        ("市政府召开常务会议", "/xwdt/202502/t20250220_5002.html", "2025-02-20")],
        "新闻动态")
    files["/xwdt/202503/t20250310_5001.html"] = article(
        "我市召开政府信息公开工作年度报告编制培训会", "2025-03-10",
        "<p>3月10日，市政府办公室召开全市政府信息公开工作年度报告编制培训会。</p>"
        + f"<p>{DISTRACTOR_BODY}</p>", "新闻动态", source="市政府办公室")
    files["/xwdt/202502/t20250220_5002.html"] = article(
        "市政府召开常务会议", "2025-02-20", f"<p>{DISTRACTOR_BODY}</p>", "新闻动态",
        source="市政府办公室")

    files["/zwgk/index.html"] = page("政府信息公开", """
<ul class="zwgk-nav">
<li><a href="/zwgk/gkzn/">政府信息公开指南</a></li>
<li><a href="/zwgk/zfxxgknb/">政府信息公开年报</a></li>
<li><a href="/zwgk/gzyd/202502/t20250215_4001.html">2025年政务公开工作要点</a></li>
<li><a href="/zwgk/fzzf/202503/t20250330_4002.html">示例市2024年法治政府建设年度报告</a></li>
</ul>""", crumbs="政府信息公开")
    files["/zwgk/gkzn/index.html"] = page("政府信息公开指南", f"<p>{DISTRACTOR_BODY}</p>",
                                          crumbs="政府信息公开 &gt; 指南")
    files["/zwgk/gzyd/202502/t20250215_4001.html"] = article(
        "2025年政务公开工作要点", "2025-02-15", f"<p>{DISTRACTOR_BODY}</p>", "政府信息公开",
        source=SITE_NAME)
    files["/zwgk/fzzf/202503/t20250330_4002.html"] = article(
        "示例市2024年法治政府建设年度报告", "2025-03-30", f"<p>{DISTRACTOR_BODY}</p>",
        "政府信息公开", source=SITE_NAME)

    crumbs = '<a href="/zwgk/">政府信息公开</a> &gt; <a href="/zwgk/zfxxgknb/">政府信息公开年报</a>'
    for name, path, title, date in HTML_REPORTS:
        agency = title.split("20")[0]
        files[path] = article(title, date, text_to_html(text(name)), crumbs, source=agency)
    for name, path, title, date, pdf_path in PDF_REPORTS:
        agency = re.split(r"20\d\d", title)[0]
        body = (f"<p>{html.escape(title)}全文详见附件。</p>"
                f'<p>附件：<a href="./{pdf_path.rsplit("/", 1)[1]}" '
                f'OLDSRC="{pdf_path.rsplit("/", 1)[1]}">{html.escape(title)}.pdf</a></p>')
        files[path] = article(title, date, body, crumbs, source=agency)
        files[pdf_path] = (pdfs / name).read_bytes()
    name, path, title, date, docx_name = DOCX_REPORT
    files[f"/attach/{docx_name}"] = docx_bytes(text(name))
    files[path] = article(title, date, (
        f"<p>{html.escape(title)}，请下载附件查看。</p>"
        f'<p><a href="/module/download/downfile.jsp?classid=0&amp;filename={docx_name}" '
        f'target="_blank">附件：{html.escape(title)}.docx</a></p>'), crumbs, source="北关区工信局")

    files["/zwgk/zfxxgknb/index.html"] = trs_list("政府信息公开年报", [
        (HTML_REPORTS[0][2], HTML_REPORTS[0][1], HTML_REPORTS[0][3]),
        (PDF_REPORTS[0][2], PDF_REPORTS[0][1], PDF_REPORTS[0][3]),
        (PDF_REPORTS[1][2], PDF_REPORTS[1][1], PDF_REPORTS[1][3]),
        ("关于《淮安市人民政府2024年政府信息公开工作年度报告》的解读",
         "/zwgk/zfxxgknb/202503/t20250329_1009.html", "2025-03-29")],
        crumbs, total=2, current=0,
        subcolumns=[("部门年报", "/zwgk/zfxxgknb/bmnb/"), ("乡镇（街道）年报", "/zwgk/zfxxgknb/xzjd/"),
                    ("孟津区行政审批和政务信息管理局", "/col/col1501/index.html")])
    files["/zwgk/zfxxgknb/index_1.html"] = trs_list("政府信息公开年报", [
        (PDF_REPORTS[2][2], PDF_REPORTS[2][1], PDF_REPORTS[2][3]),
        ("示例市2023年统计年报", "/zwgk/tjxx/202404/t20240410_1010.html", "2024-04-10")],
        crumbs, total=2, current=1)
    files["/zwgk/zfxxgknb/202503/t20250329_1009.html"] = article(
        "关于《淮安市人民政府2024年政府信息公开工作年度报告》的解读", "2025-03-29",
        f"<p>{DISTRACTOR_BODY}</p>", crumbs, source=SITE_NAME)
    files["/zwgk/tjxx/202404/t20240410_1010.html"] = article(
        "示例市2023年统计年报", "2024-04-10", f"<p>{DISTRACTOR_BODY}</p>", "统计信息",
        source="示例市统计局")
    files["/zwgk/zfxxgknb/bmnb/index.html"] = trs_list("部门年报", [
        (DOCX_REPORT[2], DOCX_REPORT[1], DOCX_REPORT[3]),
        (HTML_REPORTS[1][2], HTML_REPORTS[1][1], HTML_REPORTS[1][3]),
        ("北关区工信局2024年工作总结", "/zwgk/zfxxgknb/bmnb/202501/t20250110_2003.html",
         "2025-01-10")], crumbs + " &gt; 部门年报")
    files["/zwgk/zfxxgknb/bmnb/202501/t20250110_2003.html"] = article(
        "北关区工信局2024年工作总结", "2025-01-10", f"<p>{DISTRACTOR_BODY}</p>", crumbs,
        source="北关区工信局")

    _, area, year, title = ANNUAL_ENDPOINT_REPORT
    endpoint = f"/module/xxgk/xxgkAnnualReport.jsp?area={area}&amp;fbtime={year}"
    files["/zwgk/zfxxgknb/xzjd/index.html"] = page("乡镇（街道）年报", f"""
<h2>乡镇（街道）年报</h2>
<ul class="list"><li><a href="{endpoint}">北关区红旗路街道办事处</a></li></ul>""",
        crumbs=crumbs + " &gt; 乡镇（街道）年报")
    files[f"/module/xxgk/annual/{area}-{year}.html"] = page(
        title, f'<div class="xxgk-nb"><h1>{html.escape(title)}</h1>'
               f'<div id="zoom">{text_to_html(text(ANNUAL_ENDPOINT_REPORT[0]))}</div></div>',
        crumbs="信息公开年报")

    # Hanweb department column: 15 records inline, 20 in all; the report is record 17.
    name, path, title, date = HANWEB_REPORT
    records = []
    for i in range(1, 21):
        if i == 17:
            t, u, d = title, path, date
        else:
            t = f"孟津区行政审批和政务信息管理局工作动态（第{i}期）"
            u, d = f"/art/2024/12/{i}/art_1501_30{i:02d}.html", f"2024-12-{i:02d}"
            files[u] = hanweb_article(t, d, f"<p>{DISTRACTOR_BODY}</p>")
        records.append(f'<record><![CDATA[<li><a href="{u}" title="{html.escape(t)}" '
                       f'target="_blank">{html.escape(t)}</a><span>{d}</span></li>]]></record>')
    files[path] = hanweb_article(title, date, text_to_html(text(name)))
    files["/module/web/jpage/records/1501.xml"] = "\n".join(records) + "\n"
    nextgroup = ("/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=1&path=/&columnid=1501"
                 "&unitid=8801&webname=示例市&permissiontype=0")
    files["/col/col1501/index.html"] = page("孟津区行政审批和政务信息管理局", f"""
<h2>信息公开年报</h2>
<div id="8801"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="{nextgroup}"></a>]]></nextgroup>
<recordset>
{chr(10).join(records[:15])}
</recordset></datastore></script></div>
<script type="text/javascript">
$('#8801').jpage({{dataStore: dataStore, perPage: 5, totalRecord: 20, groupSize: 3,
  proxyUrl: '/module/web/jpage/dataproxy.jsp', barPosition: 'bottom'}});
</script>""", crumbs="部门 &gt; 信息公开年报")

    for rel, data in files.items():
        target = out / rel.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return out


def hanweb_article(title: str, date: str, body_html: str) -> str:
    """A Hanweb JCMS article page (/art/Y/M/D/art_COL_ID.html)."""
    head = f'<meta name="ArticleTitle" content="{html.escape(title)}">'
    body = (f'<table class="article"><tr><td class="title">{html.escape(title)}</td></tr>'
            f'<tr><td>发布日期：{date}</td></tr>'
            f'<tr><td id="zoom">{body_html}</td></tr></table>')
    return page(title, body, crumbs="信息公开", extra_head=head)


# A 1×1 transparent PNG for the logo.
_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000000500010d0a2db40000000049454e44ae426082")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    samples = Path(argv[0]) if argv else DEFAULT_SAMPLES
    out = Path(argv[1]) if len(argv) > 1 else SITE
    if not (samples / "reports").is_dir() or not (samples / "pdf").is_dir():
        print(f"error: {samples} has no reports/ and pdf/ folders; give the samples folder "
              "(default tests/fixtures/samples) as the first argument", file=sys.stderr)
        return 2
    build(samples, out)
    n = sum(1 for p in out.rglob("*") if p.is_file())
    print(f"wrote {n} files to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
