"""Search benchmark: N synthetic report versions made from the sample reports, then p50/p95
latency of two-character, four-character and phrase queries with a year filter, through the
index (archive.search) and through a plain LIKE '%…%' scan of the same data, on SQLite and
on PostgreSQL.

    .venv/bin/python bench/bench_search.py --n 100000
    .venv/bin/python bench/bench_search.py --n 2000 --backends sqlite --runs 10

Rows go straight into the tables (bulk inserts), records and index alike; reports are
spread over 2015-2024 with 1-3 versions each. Both ways do the same job: the latest
versions of the year matching the text, how many there are, and the first page of 20
(the index ranks them and, as "index+facets", counts them per year, region and failing
rule; the LIKE scan counts them per portal and takes the newest 20). `--keep DIR` loads a
SQLite archive once and reuses it in later runs. PostgreSQL needs a server (NIANBAO_TEST_PG,
default postgresql://postgres@127.0.0.1:5432/postgres); a throwaway database is made and
dropped.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, text  # noqa: E402

from archive import Archive  # noqa: E402
from archive.catalogue.models import CheckResult, Report, ReportVersion  # noqa: E402
from archive.config import Settings  # noqa: E402
from archive.filters import Filters  # noqa: E402
from archive.search.index import IndexRow, index_rows
from archive.search.query import search  # noqa: E402
from bench._samples import sample_files  # noqa: E402

PG_ADMIN_URL = os.environ.get("NIANBAO_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")

#: (label, query) timed with a year filter; the LIKE scan looks for the same text.
QUERIES = [
    ("2-char", "复议"),
    ("2-char", "公开"),
    ("2-char", "纠正"),
    ("4-char", "行政复议"),
    ("4-char", "依法公开"),
    ("4-char", "政务新媒"),
    ("phrase", '"政府信息公开申请"'),
    ("phrase", '"行政复议和行政诉讼"'),
    ("phrase", '"主动公开政府信息"'),
]
PLACES = ["北仑", "鄞州", "海曙", "江北", "镇海", "奉化", "余姚", "慈溪", "象山", "宁海", "北关",
          "文峰", "殷都", "龙安", "孟津", "洛龙", "西工", "老城", "涧西", "偃师", "新安", "栾川",
          "嵩县", "汝阳", "宜阳", "洛宁", "伊川", "海淀", "朝阳", "丰台", "通州", "顺义", "昌平"]
ORGANS = ["人民政府", "发展和改革局", "教育局", "公安局", "民政局", "司法局", "财政局",
          "人力资源和社会保障局", "自然资源局", "生态环境局", "住房和城乡建设局", "交通运输局",
          "水利局", "农业农村局", "商务局", "文化和旅游局", "卫生健康委员会", "应急管理局",
          "市场监督管理局", "统计局", "医疗保障局", "工信局", "行政审批和政务信息管理局",
          "红旗路街道办事处", "城关镇人民政府"]
REGIONS = ["浙江省宁波市", "河南省安阳市", "河南省洛阳市", "北京市"]


def sample_records() -> list[dict[str, Any]]:
    """Parse the sample reports once."""
    import parsers

    out = []
    for path in sample_files():
        out.append(parsers.parse_bytes(path.read_bytes(), media_type="text/plain",
                                       url=path.as_uri()).to_dict())
    return out


def sentence_pool(records: list[dict[str, Any]]) -> list[str]:
    pool = []
    for r in records:
        for value in (r.get("sections") or {}).values():
            if isinstance(value, str):
                pool += [s + "。" for s in re.split(r"[。；]", value) if len(s) > 8]
    return pool


def vary_tables(tables: Any, rnd: random.Random) -> Any:
    """The same table shape with other numbers."""
    if isinstance(tables, dict):
        return {k: vary_tables(v, rnd) for k, v in tables.items()}
    if isinstance(tables, list):
        return [vary_tables(v, rnd) for v in tables]
    if isinstance(tables, bool) or not isinstance(tables, int | float):
        return tables
    return int(rnd.expovariate(1 / max(3.0, float(tables) + 1)))


def synthetic(n: int, seed: int = 7) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(report row, version row) pairs: n versions over about n/2 reports."""
    rnd = random.Random(seed)
    records = sample_records()
    pool = sentence_pool(records)
    made = report_id = 0
    while made < n:
        report_id += 1
        base = rnd.choice(records)
        agency = f"{rnd.choice(PLACES)}区{rnd.choice(ORGANS)}" + (
            f"{report_id // 5000}" if report_id >= 5000 else "")
        year = 2015 + report_id % 10
        report = {"id": report_id, "agency": agency, "agency_key": f"{agency}#{report_id}",
                  "year": year, "kind": "gov_info_disclosure", "portal_id": 1 + report_id % 4,
                  "status": "online", "created_at": datetime(2025, 1, 1, tzinfo=UTC)}
        versions = []
        for number in range(1, rnd.choice((1, 1, 2, 3)) + 1):
            record = copy.deepcopy(base)
            record["agency"], record["year"] = agency, year
            record["title"] = f"{agency}{year}年政府信息公开工作年度报告"
            record["tables"] = vary_tables(base.get("tables"), rnd)
            record["sections"] = {key: "".join(rnd.sample(pool, rnd.randint(2, 6)))
                                  for key in ("overview", "active_disclosure", "requests",
                                              "review_litigation", "problems", "other")}
            record["checks"] = [{"rule": "requests.balance", "where": "natural_person",
                                 "detail": "x"}] if rnd.random() < 0.1 else []
            versions.append({"report_id": report_id, "number": number, "record": record,
                             "record_hash": uuid.uuid4().hex, "parser_version": "bench",
                             "cause": "published" if number == 1 else "changed",
                             "first_seen_at": datetime(2025, 1, number, tzinfo=UTC),
                             "last_seen_at": datetime(2025, 1, number, tzinfo=UTC)})
            made += 1
        yield report, versions  # type: ignore[misc]


def load(arc: Archive, n: int, batch: int = 2000) -> float:
    """Insert n synthetic versions (and their index entries); seconds taken."""
    start = time.perf_counter()
    with arc.session() as s:
        for i, region in enumerate(REGIONS, 1):
            s.execute(text("INSERT INTO portals (id, key, name, region, level, created_at) "
                           "VALUES (:id, :key, :key, :region, 'county', :at)"),
                      {"id": i, "key": f"p{i}", "region": region,
                       "at": datetime(2025, 1, 1, tzinfo=UTC)})
    reports: list[dict[str, Any]] = []
    versions: list[dict[str, Any]] = []
    next_id = 0

    def flush() -> None:
        with arc.session() as s:
            s.execute(insert(Report), reports)
            s.execute(insert(ReportVersion), versions)
            checks = [{"version_id": v["id"], "rule": c["rule"], "where": c["where"],
                       "detail": c["detail"]} for v in versions for c in v["record"]["checks"]]
            if checks:
                s.execute(insert(CheckResult), checks)
            index_rows(s, [IndexRow(v["id"], v["record"]["year"], v["record"]) for v in versions])
        reports.clear()
        versions.clear()

    for report, vs in synthetic(n):
        reports.append(report)
        for v in vs:
            next_id += 1
            v["id"] = next_id
        versions.extend(vs)
        if len(versions) >= batch:
            flush()
    if versions:
        flush()
    if arc.engine.dialect.name == "postgresql":
        with arc.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    else:
        with arc.engine.begin() as conn:
            conn.execute(text("INSERT INTO search_fts (search_fts) VALUES ('optimize')"))
            conn.execute(text("ANALYZE"))
    return time.perf_counter() - start


def like_scan(arc: Archive, query: str, year: int, limit: int = 20) -> Callable[[], int]:
    """The same job without the index: LIKE over the record's text, for the same versions
    (each report's latest, the year) as the indexed search: how many there are in all, per
    portal (a facet), and the first page of them. Returns the total."""
    needle = query.strip('"')
    keys = ("overview", "active_disclosure", "requests", "review_litigation", "problems",
            "other")
    if arc.engine.dialect.name == "postgresql":
        parts = ["coalesce(r.record->>'title', '')"] + \
            [f"coalesce(r.record->'sections'->>'{k}', '')" for k in keys]
    else:  # the JSON is stored ASCII-escaped: read the strings out of it
        parts = ["coalesce(json_extract(r.record, '$.title'), '')"] + \
            [f"coalesce(json_extract(r.record, '$.sections.{k}'), '')" for k in keys]
    where = (f"FROM report_versions r JOIN reports p ON p.id = r.report_id "
             f"WHERE p.year = :year AND ({' || '.join(parts)}) LIKE :pat "
             f"AND NOT EXISTS (SELECT 1 FROM report_versions n WHERE n.report_id = r.report_id "
             f"AND n.number > r.number)")
    counts = text(f"SELECT p.portal_id, count(*) {where} GROUP BY p.portal_id")
    page = text(f"SELECT r.id {where} ORDER BY r.id DESC LIMIT :limit")

    def run() -> int:
        params = {"year": year, "pat": f"%{needle}%", "limit": limit}
        with arc.engine.connect() as conn:
            total = sum(n for _, n in conn.execute(counts, params))
            conn.execute(page, params).all()
            return total
    return run


def index_search(arc: Archive, query: str, year: int, facets: bool) -> Callable[[], int]:
    def run() -> int:
        with arc.session() as s:
            page = search(s, query, Filters(year=year), limit=20, facets=facets)
            return page.total
    return run


def timed(fn: Callable[[], int], runs: int) -> tuple[float, float, int]:
    fn()  # warm
    times = []
    result = 0
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    return statistics.median(times), p95, result


def bench_backend(name: str, settings: Settings, n: int, runs: int,
                  marker: Path | None = None) -> list[dict[str, Any]]:
    with Archive.open(settings) as arc:
        if marker is not None and marker.exists():
            print(f"\n{name}: {n} versions already loaded ({marker.parent})", flush=True)
        else:
            seconds = load(arc, n)
            print(f"\n{name}: {n} versions loaded and indexed in {seconds:.1f} s", flush=True)
            if marker is not None:
                marker.write_text(str(n))
        rows = []
        for label, query in QUERIES:
            for how, fn in (("index+facets", index_search(arc, query, 2020, True)),
                            ("index", index_search(arc, query, 2020, False)),
                            ("LIKE scan", like_scan(arc, query, 2020))):
                p50, p95, hits = timed(fn, runs if how != "LIKE scan" else max(3, runs // 4))
                rows.append({"backend": name, "kind": label, "query": query, "how": how,
                             "p50_ms": round(p50, 1), "p95_ms": round(p95, 1), "hits": hits})
                print(f"  {label:7} {query:22} {how:13} p50 {p50:8.1f} ms   p95 {p95:8.1f} ms"
                      f"   (total {hits})", flush=True)
        return rows


def summary(rows: list[dict[str, Any]]) -> None:
    print("\nsummary (p50 / p95 over all queries of a kind, ms):")
    keys = sorted({(r["backend"], r["kind"], r["how"]) for r in rows})
    for backend, kind, how in keys:
        sel = [r for r in rows if (r["backend"], r["kind"], r["how"]) == (backend, kind, how)]
        print(f"  {backend:10} {kind:7} {how:13} p50 {statistics.median(r['p50_ms'] for r in sel):8.1f}"
              f"   p95 {max(r['p95_ms'] for r in sel):8.1f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100_000, help="synthetic report versions")
    ap.add_argument("--runs", type=int, default=40, help="timed runs per query")
    ap.add_argument("--backends", default="sqlite,postgres")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument("--keep", type=Path, help="SQLite only: load the archive into this "
                    "folder once and reuse it in later runs with the same --n")
    args = ap.parse_args()
    rows: list[dict[str, Any]] = []
    for backend in args.backends.split(","):
        if backend == "sqlite" and args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            rows += bench_backend(backend, Settings.from_env({"NIANBAO_HOME": str(args.keep)}),
                                  args.n, args.runs, args.keep / f"loaded-{args.n}")
            continue
        with tempfile.TemporaryDirectory(prefix="nianbao-bench-") as home:
            env = {"NIANBAO_HOME": home}
            if backend == "postgres":
                import psycopg

                db = f"nianbao_bench_{uuid.uuid4().hex[:8]}"
                with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
                    conn.execute(f'CREATE DATABASE "{db}"')
                env["NIANBAO_DB_URL"] = "postgresql+psycopg://" + \
                    PG_ADMIN_URL.split("://", 1)[1].rsplit("/", 1)[0] + f"/{db}"
                try:
                    rows += bench_backend(backend, Settings.from_env(env), args.n, args.runs)
                finally:
                    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
                        conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
            else:
                rows += bench_backend(backend, Settings.from_env(env), args.n, args.runs)
    summary(rows)
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
