"""How a report is put on a page in the *outer* world (see `outer.py`), and the look-alikes and
news that share its lists. `publish` writes one report in one form, registers it as expected
(its page and every file carrying its content) and returns its list line.

Forms: html (full text), pdf/docx/xlsx/xls/wps/doc/ofd (page + attachment), bare (the file linked
straight from the list), scan (page of JPG/PNG page images), multipage (`_2`, `_3`
continuations), object/embed (PDF shown in the page), pdfjs (iframe viewer with ?file=),
download (a download script, with or without Content-Disposition), post (a download form that
posts), gbkname (GBK percent-encoded Chinese file name), base (`<base href>` with relative
attachment links), onclick (opened by `window.open`), notice (关于公布…的通知 with the report
attached)."""

from __future__ import annotations

from urllib.parse import quote

from .outer_cms import Cms, Col, Item
from .outer_files import (
    docx_bytes,
    ofd_bytes,
    pdf_bytes,
    scan_images,
    word97_bytes,
    xls_bytes,
    xlsx_bytes,
)
from .outer_kit import Date, Loc, esc, published, stable
from .outer_text import (
    Doc,
    doc_html,
    lookalike_title,
    news_doc,
    news_title,
    notice_title,
    other_doc,
    report_doc,
    report_title,
    summary_html,
)

FILE_FORMS = ["pdf", "docx", "xlsx", "xls", "wps", "doc", "ofd"]
ALL_FORMS = ["html", *FILE_FORMS, "bare", "scan", "multipage", "object", "embed", "pdfjs",
             "download", "post", "gbkname", "base", "onclick", "notice"]


def file_data(ext: str, doc: Doc, docid: str) -> bytes:
    """The bytes of `doc` as an `ext` file."""
    if ext == "pdf":
        return pdf_bytes(doc)
    if ext == "docx":
        return docx_bytes(doc)
    if ext == "xlsx":
        return xlsx_bytes(doc)
    if ext == "xls":
        return xls_bytes(doc)
    if ext in ("doc", "wps"):
        return word97_bytes(doc)
    if ext == "ofd":
        return ofd_bytes(doc, docid)
    raise ValueError(ext)


def forms_for(cms: Cms, year: int, allowed: list[str] | None = None) -> list[str]:
    """The forms a report of `year` may take on this system (weighted by repetition)."""
    old = year <= 2014
    forms = ["html", "html", "pdf", "pdf", "docx", "bare", "scan", "multipage", "download",
             "onclick", "notice", "gbkname"]
    forms += ["doc", "wps", "scan", "bare"] if old else ["object", "embed", "pdfjs", "xlsx", "post",
                                                         "base", "pdf"]
    if year >= 2020:
        forms += ["ofd"]
    if 2012 <= year <= 2020:
        forms += ["wps"]
    if 2010 <= year <= 2018:
        forms += ["xls"]
    if cms.family == "asp":
        forms = [f for f in forms if f not in ("base", "pdfjs", "object", "embed", "ofd", "post")]
        forms += ["doc", "gbkname", "bare"]
    if allowed is not None:
        forms = [f for f in forms if f in allowed] or allowed
    return forms


def label_for(title: str, ext: str, cms: Cms) -> str:
    """How a page names an attachment."""
    return cms.rng.choice([f"{title}.{ext}", f"附件：{title}.{ext}", f"{title}（{ext.upper()}版）",
                           f"点击下载：{title}.{ext}"])


def put_file(cms: Cms, ext: str, doc: Doc, date: Date, aid: int) -> Loc:
    """Store `doc` as an uploaded `ext` file of article `aid`."""
    loc = cms.file_loc(ext, date, aid)
    cms.b.put(loc, file_data(ext, doc, stable(loc[1], 32)))
    return loc


def ensure_viewer(cms: Cms) -> str:
    """The pdf.js viewer of this host (made once)."""
    path = "/pdfjs/web/viewer.html"
    if not cms.b.has(cms.loc(path)):
        cms.b.put(cms.loc(path), '<!DOCTYPE html><html dir="ltr"><head><meta charset="utf-8">'
                                 "<title>PDF.js viewer</title>"
                                 '<link rel="stylesheet" href="viewer.css"><script src="../build/pdf.js">'
                                 '</script><script src="viewer.js"></script></head><body>'
                                 '<div id="outerContainer"><div id="viewerContainer">'
                                 '<div id="viewer" class="pdfViewer"></div></div></div></body></html>')
        cms.b.put(cms.loc("/pdfjs/web/viewer.css"), "#viewer{margin:0}", "text/css")
        cms.b.put(cms.loc("/pdfjs/web/viewer.js"),
                  "var params=new URLSearchParams(location.search);var file=params.get('file');"
                  "PDFViewerApplication.open(file);", "application/javascript")
        cms.b.put(cms.loc("/pdfjs/build/pdf.js"), "/* pdf.js 2.5.207 */", "application/javascript")
    return path


def publish(cms: Cms, col: Col, unit: str, year: int, form: str, *, where: str,
            title: str | None = None, list_title: str | None = None,
            date: Date | None = None, source: str = "", agency: str | None = None) -> Item:
    """Write `unit`'s report on `year` in `form`; register it; return its line for `col`."""
    rng, b = cms.rng, cms.b
    source = source or unit
    date = date or published(year, rng)
    title = title or report_title(unit, year, rng)
    doc = report_doc(unit, year, title, rng)
    aid = b.next_id()
    shown = list_title or title
    page = cms.art_loc(col, aid, date)
    locs: list[Loc] = [page]
    item = Item(shown, page, date_str(date), group=year)
    files: list[tuple[str, str]] = []
    content = doc_html(doc)
    head = ""
    extra = ""
    if form in FILE_FORMS:
        loc = put_file(cms, form, doc, date, aid)
        locs.append(loc)
        files.append((label_for(title, form, cms), cms.href(page, loc)))
        if form in ("xlsx", "xls"):
            files[-1] = (f"{title}（统计表）.{form}", files[-1][1])
        else:
            content = content if rng.random() < 0.35 else summary_html(doc, rng)
    elif form == "bare":
        ext = rng.choice(["pdf", "pdf", "doc", "docx", "wps"] if year <= 2016 else
                         ["pdf", "pdf", "pdf", "docx", "ofd"] if year >= 2020 else ["pdf", "docx"])
        loc = put_file(cms, ext, doc, date, aid)
        item.loc = loc
        b.report(agency or unit, year, [loc], where, f"bare/{ext}", item)
        return item
    elif form == "scan":
        fmt = rng.choice(["JPEG", "JPEG", "PNG"])
        ext = "jpg" if fmt == "JPEG" else "png"
        imgs = scan_images(doc, rng.randint(2, 5), rng, fmt)
        parts = []
        for k, data in enumerate(imgs, 1):
            loc = cms.img_loc(date, aid, k, ext)
            b.put(loc, data)
            locs.append(loc)
            parts.append(f'<p style="text-align:center"><img src="{esc(cms.href(page, loc))}" '
                         f'width="700" alt="{k}" border="0"></p>')
        content = "".join(parts)
    elif form == "multipage":
        pieces = doc.split(rng.randint(2, 3))
        all_locs = [page] + [cms.cont_loc(page, k) for k in range(2, len(pieces) + 1)]
        for k, piece in enumerate(pieces):
            cms.article(col, title, date, doc_html(piece), aid=aid, loc=all_locs[k],
                        source=source, extra=cms.article_pager(all_locs, k))
        b.report(agency or unit, year, all_locs, where, f"multipage/{len(all_locs)}", item)
        return item
    elif form in ("object", "embed", "pdfjs"):
        loc = put_file(cms, "pdf", doc, date, aid)
        locs.append(loc)
        h = cms.href(page, loc)
        if form == "object":
            content = (f'<object data="{esc(h)}" type="application/pdf" width="100%" height="1100px">'
                       '<p>您的浏览器不支持在线预览PDF文件。</p></object>')
        elif form == "embed":
            content = f'<embed src="{esc(h)}" type="application/pdf" width="100%" height="1000">'
        else:
            viewer = ensure_viewer(cms)
            target = quote(h, safe="") if rng.random() < 0.6 else h
            content = (f'<iframe src="{viewer}?file={esc(target)}" width="100%" height="1000" '
                       'frameborder="0" scrolling="no"></iframe>')
    elif form == "download":
        ext = rng.choice(["pdf", "pdf", "doc" if year <= 2015 else "docx"])
        mode = rng.choice(["cd-utf8", "cd-gbk", "cd-plain", "none"])
        loc = cms.dl_loc(col, aid, date)
        cms.serve_file(loc, file_data(ext, doc, stable(loc[1], 32)), f"{title}.{ext}", mode)
        locs.append(loc)
        files.append((f"{title}.{ext}", cms.href(page, loc)))
        content = summary_html(doc, rng) if rng.random() < 0.7 else content
        form = f"download/{mode}"
    elif form == "post":
        ext = rng.choice(["pdf", "docx"])
        loc = cms.post_loc(aid)
        ctype = "application/pdf" if ext == "pdf" else \
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        key = cms.site.put(loc[1], file_data(ext, doc, stable(loc[1], 32)), ctype,
                           {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(title)}.{ext}"},
                           dynamic=True)
        cms.site.post_only.add(key)
        locs.append(loc)
        fid = loc[1].rsplit("=", 1)[-1]
        extra = (f'<form id="down{fid}" action="{esc(cms.href(page, loc))}" method="post" target="_blank">'
                 f'<input type="hidden" name="fileId" value="{fid}"><input type="hidden" name="token" '
                 f'value="{stable(loc[1], 16)}"></form><div class="attach">附件：<a href="javascript:void(0);" '
                 f"onclick=\"document.getElementById('down{fid}').submit();\">{esc(title)}.{ext}</a></div>")
        content = summary_html(doc, rng)
    elif form == "gbkname":
        ext = rng.choice(["pdf", "doc" if year <= 2015 else "docx", "pdf"])
        folder = cms.file_loc(ext, date, aid)[1].rsplit("/", 1)[0]
        name = rng.choice([f"{title}.{ext}", f"{year}年政府信息公开工作年度报告.{ext}",
                           f"{unit}{year}年度报告.{ext}"])
        loc = cms.loc(f"{folder}/{aid}/{quote(name.encode('gbk'))}")
        b.put(loc, file_data(ext, doc, stable(loc[1], 32)))
        locs.append(loc)
        files.append((name, loc[1]))
        content = content if rng.random() < 0.3 else summary_html(doc, rng)
    elif form == "base":
        ext = rng.choice(["pdf", "docx", "pdf"])
        folder = cms.file_loc(ext, date, aid)[1].rsplit("/", 1)[0]
        fname = f"P0{date[0]}{date[1]:02d}{date[2]:02d}{stable(str(aid), 8)}.{ext}"
        loc = cms.loc(f"{folder}/{fname}")
        b.put(loc, file_data(ext, doc, stable(loc[1], 32)))
        locs.append(loc)
        head = f'<base href="{b.url(cms.loc(folder + "/"))}">'
        files.append((f"{title}.{ext}", f"<a href=\"{fname}\" target=\"_blank\">{esc(title)}.{ext}</a>"))
        content = content if rng.random() < 0.5 else summary_html(doc, rng)
    elif form == "onclick":
        item.onclick = True
        if rng.random() < 0.5:
            loc = put_file(cms, "pdf", doc, date, aid)
            locs.append(loc)
            h = esc(cms.href(page, loc))
            files.append(("", f'<a href="javascript:void(0)" onclick="window.open(\'{h}\',\'_blank\')">'
                              f"{esc(title)}.pdf</a>"))
            content = summary_html(doc, rng)
    elif form == "notice":
        ext = rng.choice(["pdf", "docx", "doc" if year <= 2016 else "pdf", "wps" if year <= 2019 else "pdf"])
        loc = put_file(cms, ext, doc, date, aid)
        locs.append(loc)
        ntitle = notice_title(unit, year, title, rng)
        item.title = list_title or ntitle
        content = (f'<p style="text-indent:2em">各{rng.choice(["乡镇人民政府、街道办事处", "有关单位", "科室、直属单位"])}：</p>'
                   f'<p style="text-indent:2em">根据《中华人民共和国政府信息公开条例》规定，现将《{esc(title)}》'
                   f'予以公布。</p><p style="text-align:right">{esc(unit)}</p>'
                   f'<p style="text-align:right">{date[0]}年{date[1]}月{date[2]}日</p>')
        files.append((f"{title}.{ext}", cms.href(page, loc)))
        cms.article(col, ntitle, date, content, aid=aid, loc=page, files=files, source=source)
        b.report(agency or unit, year, locs, where, f"notice/{ext}", item)
        return item
    elif form != "html":
        raise ValueError(form)
    cms.article(col, title, date, content, aid=aid, loc=page, files=files, head=head,
                source=source, extra=extra)
    b.report(agency or unit, year, locs, where, form, item)
    return item


def date_str(d: Date) -> str:
    """YYYY-MM-DD."""
    return f"{d[0]:04d}-{d[1]:02d}-{d[2]:02d}"


def publish_look(cms: Cms, col: Col, unit: str, place: str, year: int, *,
                 kinds: set[str] | None = None, bare: bool = False, date: Date | None = None,
                 title: str | None = None) -> Item:
    """A look-alike (never a report): its page, maybe with a file, or a bare file."""
    rng, b = cms.rng, cms.b
    t, kind = lookalike_title(unit, place, year, rng, kinds)
    title = title or t
    date = date or ((year + 1, rng.randint(1, 6), rng.randint(1, 28)) if year < 2025
                    else (2026, 1, rng.randint(5, 28)))
    doc = other_doc(title, unit, year, kind, rng)
    aid = b.next_id()
    if bare:
        ext = rng.choice(["pdf", "xlsx" if kind == "money" else "pdf", "docx"])
        loc = put_file(cms, ext, doc, date, aid)
        b.lookalike(loc)
        return Item(title, loc, date_str(date), group=year)
    page = cms.art_loc(col, aid, date)
    files = []
    if kind in ("law", "money", "stats", "gov", "fund", "site", "other") and rng.random() < 0.55:
        ext = "xlsx" if kind in ("money", "site") and rng.random() < 0.5 else "pdf"
        loc = put_file(cms, ext, doc, date, aid)
        files.append((f"{title}.{ext}", cms.href(page, loc)))
        b.lookalike(loc)
    content = doc_html(doc)
    if kind == "read" and rng.random() < 0.5:
        img = cms.img_loc(date, aid, 1, "png")
        b.put(img, scan_images(doc, 1, rng, "PNG")[0])
        content += f'<p style="text-align:center"><img src="{esc(cms.href(page, img))}"></p>'
        b.lookalike(img)
    cms.article(col, title, date, content, aid=aid, loc=page, files=files)
    b.lookalike(page)
    return Item(title, page, date_str(date), group=year)


def publish_news(cms: Cms, col: Col, unit: str, place: str, year: int,
                 title: str | None = None, date: Date | None = None) -> Item:
    """An ordinary news item or notice."""
    rng = cms.rng
    title = title or news_title(place, year, rng)
    date = date or (year, rng.randint(1, 12), rng.randint(1, 28))
    doc = news_doc(title, unit, year, rng)
    aid = cms.b.next_id()
    page = cms.article(col, title, date, doc_html(doc), aid=aid)
    return Item(title, page, date_str(date), group=year)
