"""How quantities are shown to people (light: the crawl's parent process imports it): sizes,
and times. The catalogue stores UTC; people judge deadlines in Beijing time, so every time a
person reads (terminal, web pages, XLSX/CSV) is shown in Asia/Shanghai with its offset named,
in one form, "2025-03-01 16:10 +08:00" (`shown_time`). Programs (JSON, the API, Parquet,
WARC) keep ISO 8601 with the offset."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def _beijing_zone() -> timezone | ZoneInfo:
    """Asia/Shanghai from the zone database; where a machine has none (no tzdata), the same
    fixed +08:00 (China has kept no daylight saving time since 1991)."""
    try:
        return ZoneInfo("Asia/Shanghai")
    except ZoneInfoNotFoundError:
        return timezone(timedelta(hours=8), "CST")


#: The zone every time is shown in.
BEIJING = _beijing_zone()


def human_size(n: float) -> str:
    """A byte count for people: 1023 B, 1.5 KB, 2.0 GB."""
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if n < 1024 or unit == "TB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"


def in_beijing(when: datetime) -> datetime:
    """A stored time in Beijing time; a naive one is UTC (SQLite hands stored times back
    without their zone, as catalogue.models.aware says)."""
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(BEIJING)


def shown_time(when: datetime | str | None) -> str:
    """A time for people: "2025-03-01 16:10 +08:00" (Beijing time, offset named); also takes
    an ISO 8601 string (a command's JSON); None is blank."""
    if when is None or when == "":
        return ""
    local = in_beijing(datetime.fromisoformat(when) if isinstance(when, str) else when)
    offset = local.strftime("%z")  # +0800; "%:z" needs Python 3.12
    return local.strftime("%Y-%m-%d %H:%M ") + f"{offset[:3]}:{offset[3:]}"


def shown_date(when: datetime | str | None) -> str:
    """The Beijing calendar day of a time ("2025-03-01"): a fetch at 20:00 UTC on 28 Feb is
    on 1 March for the clerk reading it."""
    if when is None or when == "":
        return ""
    return in_beijing(datetime.fromisoformat(when) if isinstance(when, str) else when
                      ).strftime("%Y-%m-%d")
