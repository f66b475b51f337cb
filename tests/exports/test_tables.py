"""CSV, Parquet and JSONL read back with the tools people use (pandas, pyarrow, json):
one row per report version, one column per cell, values equal to the stored records."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from archive.exports import export
from archive.exports.columns import CELL_COLUMNS, COLUMNS, META_COLUMNS
from archive.filters import Filters
from parsers.record import flatten_cells
from tests.exports.conftest import EDITED_TO, Built

CELL_NAMES = [c.name for c in CELL_COLUMNS]


def cells_of(record: dict[str, Any]) -> dict[str, Any]:
    """The record's cells that have a column (legacy free-form rows have none)."""
    cells = flatten_cells(record.get("tables"))
    return {name: cells[name] for name in CELL_NAMES if name in cells}


def same(a: Any, b: Any) -> bool:
    """Equal, with pandas' NaN/NA standing for a missing cell."""
    missing = a is None or a is pd.NA or (isinstance(a, float) and math.isnan(a))
    return b is None if missing else a == b


def test_csv_has_a_bom_and_one_row_per_latest_version(built: Built, tmp_path: Path) -> None:
    out = tmp_path / "reports.csv"
    summary = export(built.arc, "csv", out, Filters())

    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    df = pd.read_csv(out, encoding="utf-8-sig")
    assert summary.items == len(df) == 7  # five 2021 reports, one 2019, one legacy
    assert list(df.columns) == [c.name for c in COLUMNS]
    assert list(df.columns[:3]) == ["report_id", "version", "agency"]
    # 2021 template order first, 2019 extras appended after the last 2021 cell.
    assert CELL_NAMES.index("requests.new.natural_person") < CELL_NAMES.index("requests.new.total")
    assert CELL_NAMES.index("review_litigation.litigation_after_review.total") < \
        CELL_NAMES.index("active_disclosure.procurement.amount")


def test_csv_cells_equal_the_records(built: Built, tmp_path: Path) -> None:
    out = tmp_path / "reports.csv"
    export(built.arc, "csv", out, Filters())
    df = pd.read_csv(out, encoding="utf-8-sig")
    records = built.latest_records()

    for row in df.to_dict("records"):
        record = records[(row["report_id"], row["version"])]
        assert row["agency"] == record["agency"] and row["format"] == record["format"]
        for name, value in cells_of(record).items():
            assert same(row[name], value), (row["agency"], name, row[name], value)
        absent = set(CELL_NAMES) - set(cells_of(record))
        assert all(same(row[name], None) for name in absent)


def test_csv_metadata_names_failing_rules_and_the_republished_version(
        built: Built, tmp_path: Path) -> None:
    out = tmp_path / "reports.csv"
    export(built.arc, "csv", out, Filters())
    df = pd.read_csv(out, encoding="utf-8-sig").set_index("agency")

    beilun = df.loc["北仑区人民政府"]
    assert beilun["version"] == 2 and beilun["year"] == 2024
    assert beilun["active_disclosure.licensing.decisions"] == int(EDITED_TO)
    assert beilun["failing_rules"] == "requests.balance" and beilun["failing_checks"] == 2
    assert len(beilun["record_hash"]) == 64
    assert pd.Timestamp(beilun["first_seen_at"]).tzinfo is not None
    qingshi = df.loc["青石县自然资源局"]
    assert qingshi["format"] == "2019"
    assert qingshi["active_disclosure.procurement.amount"] == 85.6
    assert qingshi["active_disclosure.procurement.amount_unit"] == "万元"
    assert qingshi["requests.other_handling.total"] >= 0
    assert math.isnan(qingshi["requests.other_other.total"])  # a 2021-only row


def test_parquet_is_the_same_table_with_typed_columns(built: Built, tmp_path: Path) -> None:
    csv_out, parquet_out = tmp_path / "reports.csv", tmp_path / "reports.parquet"
    export(built.arc, "csv", csv_out, Filters())
    export(built.arc, "parquet", parquet_out, Filters())

    table = pq.read_table(parquet_out)
    schema = table.schema
    assert schema.names == [c.name for c in COLUMNS]
    assert schema.field("requests.new.total").type == pa.int64()
    assert schema.field("active_disclosure.fees.amount_wan_yuan").type == pa.float64()
    assert schema.field("active_disclosure.procurement.amount_unit").type == pa.string()
    assert schema.field("first_seen_at").type == pa.timestamp("us", tz="UTC")
    assert schema.field("requests.new.total").metadata[b"label"].decode() == \
        "一、本年新收政府信息公开申请数量：总计"

    df = table.to_pandas()
    from_csv = pd.read_csv(csv_out, encoding="utf-8-sig")
    assert len(df) == len(from_csv) == 7
    records = built.latest_records()
    for row in df.to_dict("records"):
        record = records[(row["report_id"], row["version"])]
        for name, value in cells_of(record).items():
            assert same(row[name], value), (row["agency"], name)
    assert (df["record_hash"].tolist() == from_csv["record_hash"].tolist())


def test_jsonl_holds_full_records_with_version_metadata(built: Built, tmp_path: Path) -> None:
    out = tmp_path / "reports.jsonl"
    summary = export(built.arc, "jsonl", out, Filters())

    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert summary.items == len(lines) == 7
    records = built.latest_records()
    for line in lines:
        assert line["record"] == records[(line["report_id"], line["version"])]
        assert line["record"]["schema"] == "nianbao.report/1"
        assert {"agency", "year", "first_seen_at", "record_hash", "sources"} <= line.keys()
        assert all(len(src["sha256"]) == 64 for src in line["sources"])
    legacy = next(line for line in lines if line["format"] == "legacy")
    assert legacy["record"]["tables"]["legacy"]  # free-form rows are kept whole here
    beilun = next(line for line in lines if line["agency"] == "北仑区人民政府")
    assert beilun["failing_rules"] == ["requests.balance"]
    assert beilun["sources"][0]["url"] == built.edited_url


def test_a_filter_that_matches_nothing_still_writes_the_header(built: Built,
                                                              tmp_path: Path) -> None:
    out = tmp_path / "none.csv"
    summary = export(built.arc, "csv", out, Filters.parse(["year=1999"]))

    assert summary.items == 0
    assert list(pd.read_csv(out, encoding="utf-8-sig").columns) == [c.name for c in COLUMNS]
    assert len(META_COLUMNS) + len(CELL_COLUMNS) == len(COLUMNS)
