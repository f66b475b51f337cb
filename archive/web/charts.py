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


#: Colours of the lines of a series chart, one per key number, told apart in grey too.
LINE_COLOURS = ("#1565c0", "#2e7d32", "#c62828", "#ef6c00", "#6a1b9a", "#00838f")


def _ticks(top: float) -> tuple[float, float]:
    """(axis maximum, step) for values up to `top`: steps of 1, 2 or 5 times a power of ten,
    at most five of them, so counts get whole-number ticks."""
    if top <= 0:
        return 1, 1
    magnitude = 10 ** max(len(str(int(top))) - 1, 0)
    for step in (magnitude * f for f in (0.1, 0.2, 0.5, 1, 2, 5, 10)):
        if step >= 1 and top / step <= 5:
            return step * -(-top // step), step
    return top, top


def _shown(value: float) -> str:
    """A number as a label: whole numbers plainly, others to two decimals."""
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0")


#: One line of a series chart: its name and one value per column (None: missing).
Line = tuple[str, list[float | None]]
#: A panel: its title and the lines drawn on its axis.
Panel = tuple[str, list[Line]]


def series_chart(columns: list[str], panels: list[Panel], title: str, *,
                 height: int = 300) -> Markup:
    """Key numbers across years as lines, one panel per group of comparable numbers (each
    with its own axis), every point labelled with its value, one legend for all lines.

    `columns` are the x labels (years); each panel is (title, [(line name, one value per
    column)]). A missing value (None) is a gap: no point and no line through it, never a
    0. Points carry data-line/data-column/data-value, for people's tools and for tests."""
    left, right, top, bottom = 44, 40, 40, 26
    panel_w = max(380, 64 * len(columns) + left + right)
    names = [name for _, lines in panels for name, _ in lines]
    colour = {name: LINE_COLOURS[i % len(LINE_COLOURS)] for i, name in enumerate(names)}
    width = panel_w * max(len(panels), 1)
    legend, legend_h = _legend(names, colour, left, height + 6, width)
    plot_h = height - top - bottom
    body: list[str] = []
    for p, (panel_title, lines) in enumerate(panels):
        x0 = p * panel_w + left
        plot_w = panel_w - left - right
        top_value, step = _ticks(max((v for _, vs in lines for v in vs if v is not None),
                                     default=0))
        body.append(f'<text x="{x0 + plot_w / 2:.1f}" y="{top - 22}" text-anchor="middle" '
                    f'font-weight="600">{escape(panel_title)}</text>')
        tick = 0.0
        while tick <= top_value + 1e-9:
            y = top + plot_h - plot_h * tick / top_value
            body.append(f'<line x1="{x0}" y1="{y:.1f}" x2="{x0 + plot_w}" y2="{y:.1f}" '
                        f'stroke="{"#555" if tick == 0 else "#e0e0e0"}"/>'
                        f'<text x="{x0 - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#555">'
                        f"{_shown(tick)}</text>")
            tick += step
        body.append(f'<line x1="{x0}" y1="{top}" x2="{x0}" y2="{top + plot_h}" stroke="#555"/>')
        slot = plot_w / max(len(columns), 1)
        xs = [x0 + slot * (i + 0.5) for i in range(len(columns))]
        for x, name in zip(xs, columns, strict=True):
            body.append(f'<text x="{x:.1f}" y="{height - 8}" text-anchor="middle" '
                        f'class="column">{escape(name)}</text>')
        labels: dict[int, list[tuple[float, str, str]]] = {}
        for name, values in lines:
            ys = [None if v is None else top + plot_h - plot_h * v / top_value for v in values]
            for i in range(1, len(columns)):
                a, b = ys[i - 1], ys[i]
                if a is not None and b is not None:
                    body.append(f'<line class="segment" x1="{xs[i - 1]:.1f}" y1="{a:.1f}" '
                                f'x2="{xs[i]:.1f}" y2="{b:.1f}" stroke="{colour[name]}" '
                                f'stroke-width="2" data-line="{escape(name)}"/>')
            for i, (value, y) in enumerate(zip(values, ys, strict=True)):
                if value is None or y is None:
                    continue
                body.append(
                    f'<circle class="point" cx="{xs[i]:.1f}" cy="{y:.1f}" r="3.5" '
                    f'fill="{colour[name]}" data-line="{escape(name)}" '
                    f'data-column="{escape(columns[i])}" data-value="{_shown(value)}">'
                    f"<title>{escape(name)} {escape(columns[i])}: {_shown(value)}</title>"
                    "</circle>")
                labels.setdefault(i, []).append((y, _shown(value), colour[name]))
        for i, placed in labels.items():  # lowest first, each at least a line above the last
            floor = float(top + plot_h + 13)
            for y, text, fill in sorted(placed, reverse=True):
                floor = min(y - 5, floor - 13)
                body.append(f'<text class="value" x="{xs[i] + 6:.1f}" y="{floor:.1f}" '
                            f'fill="{fill}" stroke="#fff" stroke-width="3" '
                            f'paint-order="stroke">{text}</text>')
    return _svg(width, height + legend_h, title, [*body, *legend])


def _text_width(text: str) -> float:
    """Roughly how wide `text` is at 12 px: Chinese characters a full em, others about half."""
    return sum(12.5 if ord(ch) > 0x2e80 else 7 for ch in text)


def _legend(names: list[str], colour: dict[str, str], left: int, y: int, width: int,
            ) -> tuple[list[str], int]:
    """The legend's entries (a line in its colour and the name), wrapped to `width`, and
    the height they take."""
    row, x, out = 22, float(left), []
    first = y
    for name in names:
        size = 28 + _text_width(name)
        if x > left and x + size > width:
            x, y = float(left), y + row
        out.append(f'<g class="legend"><line x1="{x:.1f}" y1="{y + 6}" x2="{x + 18:.1f}" '
                   f'y2="{y + 6}" stroke="{colour[name]}" stroke-width="3"/>'
                   f'<text x="{x + 22:.1f}" y="{y + 10}">{escape(name)}</text></g>')
        x += size + 14
    return out, y - first + row + 6
