"""The sample portal shipped with nianbao: a small government site (示例市人民政府) built
from real published reports, served on 127.0.0.1 for `nianbao demo` and the tests.

    from crawler.sample_portal import serve
    url, stop = serve()          # http://127.0.0.1:<port>/
    ...
    stop()

`python -m crawler.sample_portal [PORT]` serves it until Ctrl-C (default port 8765, the
`sample` entry of the portal registry). See `build.py` for what the site holds and
`republish.py` for its later state (`site(later=True)`, served by `nianbao demo --republish`).

`nianbao demo` publishes it under the fixed address `SAMPLE_URL` (a `.test` host that never
resolves), its crawl routed to whichever local port the server got: the archive's addresses
do not depend on the port, so a second demo on another port sees the same documents.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from crawler.sample_portal.server import Site

SITE_DIR = Path(__file__).resolve().parent / "site"
#: The host the demo publishes the sample portal under (RFC 2606 `.test`: never a real site).
SAMPLE_HOST = "sample-portal.nianbao.test"
SAMPLE_URL = f"http://{SAMPLE_HOST}/"

# What a complete crawl of the sample portal must archive (path -> kind), and must not.
EXPECTED_REPORT_PAGES = {
    "/zwgk/zfxxgknb/202503/t20250331_1001.html",
    "/zwgk/zfxxgknb/202503/t20250328_1002.html",
    "/zwgk/zfxxgknb/202503/t20250325_1003.html",
    "/zwgk/zfxxgknb/202403/t20240329_0903.html",
    "/zwgk/zfxxgknb/bmnb/202501/t20250120_2001.html",
    "/zwgk/zfxxgknb/bmnb/202501/t20250124_2002.html",
    "/art/2025/1/22/art_1501_3017.html",
    "/module/xxgk/xxgkAnnualReport.jsp?area=hqljd&fbtime=2023",
}
EXPECTED_ATTACHMENTS = {
    "/zwgk/zfxxgknb/202503/P020250328338201.pdf",
    "/zwgk/zfxxgknb/202503/P020250325641507.pdf",
    "/zwgk/zfxxgknb/202403/P020240329117342.pdf",
    "/module/download/downfile.jsp?classid=0&filename=gxj2024nb.docx",
}
DISTRACTORS = {
    "/zwgk/gzyd/202502/t20250215_4001.html",
    "/zwgk/fzzf/202503/t20250330_4002.html",
    "/zwgk/zfxxgknb/202503/t20250329_1009.html",
    "/zwgk/tjxx/202404/t20240410_1010.html",
    "/zwgk/zfxxgknb/bmnb/202501/t20250110_2003.html",
    "/xwdt/202503/t20250310_5001.html",
}


def site(*, later: bool = False) -> Site:
    """The sample site as published, or `later` as its agencies changed it (see
    `republish.py`); built from the vendored sample reports first if the files are missing."""
    if not (SITE_DIR / "index.html").exists():
        from crawler.sample_portal.build import build

        build()
    published = Site(SITE_DIR)
    if not later:
        return published
    from crawler.sample_portal.republish import later_site

    return later_site(published)


def serve(port: int = 0, *, later: bool = False) -> tuple[str, Callable[[], None]]:
    """Serve the sample portal on 127.0.0.1 in a background thread: (base URL, stop)."""
    return site(later=later).serve(port)
