"""Charts drawn on the server as plain SVG (no script, no chart library): bars of one
number per year, and stacked bars of how requests were handled."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from archive.web.i18n import label

#: The outcome groups of the requests table (三、本年度办理结果), with their record rows.
OUTCOME_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("予以公开", ("granted",)),
    ("部分公开", ("partially_granted",)),
    ("不予公开", ("denied_state_secret", "denied_prohibited_by_law", "denied_security_stability",
                  "denied_third_party_rights", "denied_internal_affairs", "denied_process_info",
                  "denied_enforcement_files", "denied_query_matters")),
    ("无法提供", ("unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear")),
    ("不予处理", ("not_processed_petition", "not_processed_repeated",
                  "not_processed_publications", "not_processed_excessive",
                  "not_processed_confirmation")),
    ("其他处理", ("other_no_correction", "other_fee_unpaid", "other_other", "other_handling")),
)
COLOURS = ("#2e7d32", "#81c784", "#c62828", "#f9a825", "#6d4c41", "#78909c")
FONT = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"


def outcome_totals(tables: dict[str, Any] | None) -> list[tuple[str, int]]:
    """(group label, total) for each outcome group of a record's requests table."""
    requests = (tables or {}).get("requests") or {}
    out = []
    for name, rows in OUTCOME_GROUPS:
        total = 0
        for row in rows:
            value = (requests.get(row) or {}).get("total")
            if isinstance(value, int | float):
                total += int(value)
        out.append((name, total))
    return out


def _nice_max(value: float) -> float:
    """A round axis maximum at or above `value`."""
    if value <= 0:
        return 1
    step = 10 ** (len(str(int(value))) - 1)
    return ((int(value) // step) + 1) * step


def _svg(width: int, height: int, title: str, body: list[str]) -> Markup:
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" '
        f'font-family="{FONT}" font-size="12">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>")


def bar_chart(points: list[tuple[str, float | None]], title: str, *,
              width: int = 480, height: int = 220) -> Markup:
    """Vertical bars, one per (label, value); a missing value leaves a gap."""
    left, right, top, bottom = 48, 12, 16, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = _nice_max(max((v or 0 for _, v in points), default=0))
    body = [f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
            'stroke="#555"/>']
    for i in range(5):
        y = top + plot_h - plot_h * i / 4
        body.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#555">'
                    f"{top_value * i / 4:g}</text>")
        if i:
            body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" '
                        'stroke="#ddd"/>')
    slot = plot_w / max(len(points), 1)
    for i, (name, value) in enumerate(points):
        x = left + i * slot + slot * 0.15
        body.append(f'<text x="{x + slot * 0.35:.1f}" y="{height - 8}" text-anchor="middle">'
                    f"{escape(name)}</text>")
        if value is None:
            continue
        h = plot_h * value / top_value
        body.append(
            f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{slot * 0.7:.1f}" '
            f'height="{h:.1f}" fill="#1565c0"><title>{escape(name)}: {value:g}</title></rect>'
            f'<text x="{x + slot * 0.35:.1f}" y="{top + plot_h - h - 4:.1f}" '
            f'text-anchor="middle" fill="#222">{value:g}</text>')
    return _svg(width, height, title, body)


def stacked_bars(rows: list[tuple[str, list[tuple[str, int]]]], title: str, lang: str, *,
                 width: int = 560) -> Markup:
    """Horizontal bars, one per row label, split into coloured segments (with a legend);
    every bar is scaled to the largest row total."""
    left, right, bar_h, gap, top = 64, 56, 22, 10, 8
    legend_h = 24
    height = top + len(rows) * (bar_h + gap) + legend_h + 8
    plot_w = width - left - right
    biggest = max((sum(v for _, v in segs) for _, segs in rows), default=0) or 1
    body: list[str] = []
    for r, (name, segments) in enumerate(rows):
        y = top + r * (bar_h + gap)
        body.append(f'<text x="{left - 6}" y="{y + bar_h / 2 + 4:.1f}" text-anchor="end">'
                    f"{escape(name)}</text>")
        x = float(left)
        total = sum(v for _, v in segments)
        for i, (seg, value) in enumerate(segments):
            if value <= 0:
                continue
            w = plot_w * value / biggest
            body.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" '
                        f'fill="{COLOURS[i % len(COLOURS)]}"><title>{escape(label(seg, lang))}: '
                        f"{value} / {total}</title></rect>")
            x += w
        body.append(f'<text x="{min(x + 4, width - right):.1f}" y="{y + bar_h / 2 + 4:.1f}" '
                    f'fill="#222">{total}</text>')
    y = top + len(rows) * (bar_h + gap) + 6
    x = float(left)
    for i, (seg, _) in enumerate(rows[0][1] if rows else []):
        name = label(seg, lang)
        body.append(f'<rect x="{x:.1f}" y="{y}" width="10" height="10" '
                    f'fill="{COLOURS[i % len(COLOURS)]}"/>'
                    f'<text x="{x + 14:.1f}" y="{y + 9}">{escape(name)}</text>')
        x += 24 + 12 * len(name) * (1 if lang == "zh" else 0.55)
    return _svg(width, height, title, body)
