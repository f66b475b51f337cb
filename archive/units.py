"""How quantities are shown to people (light: the crawl's parent process imports it)."""

from __future__ import annotations


def human_size(n: float) -> str:
    """A byte count for people: 1023 B, 1.5 KB, 2.0 GB."""
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if n < 1024 or unit == "TB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"
