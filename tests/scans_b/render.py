"""Draw a whole report from a record as clean page images, with Pillow alone.

The page is A4 at 300 dpi, greyscale. What varies per seed is a `Style`: the fonts (chosen
by file path from the Debian font packages, see FONTS), the type sizes (tables 小五 9pt to
五号 10.5pt), column widths, cell padding, rule weight, how numbers sit in their cells and
the page margins. `render` returns the pages and where every value cell was drawn, so the
degradations can stamp a seal over numbers or correct one by hand.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from tests.scans_b.grids import GRIDS, Cell, Grid

DPI = 300
A4 = (2480, 3508)  # 210 x 297 mm at 300 dpi
MM = DPI / 25.4

# name -> (font file, face index in a collection). Debian packages: fonts-noto-cjk,
# fonts-arphic-uming, fonts-arphic-ukai, fonts-wqy-zenhei, fonts-wqy-microhei, fonts-liberation.
FONTS: dict[str, tuple[str, int]] = {
    "noto-serif-sc": ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
    "noto-serif-sc-bold": ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc", 2),
    "noto-sans-sc": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    "noto-sans-sc-bold": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),
    "uming-cn": ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    "ukai-cn": ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),
    "wqy-zenhei": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    "wqy-microhei": ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    "liberation-serif": ("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf", 0),
    "liberation-sans": ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf", 0),
    "liberation-sans-narrow": ("/usr/share/fonts/truetype/liberation/LiberationSansNarrow-Regular.ttf", 0),
}
# Which fonts play which part (a font family is one line here).
LABEL_FONTS = ("noto-serif-sc", "noto-sans-sc", "uming-cn", "ukai-cn", "wqy-zenhei", "wqy-microhei")
BODY_FONTS = ("noto-serif-sc", "uming-cn", "ukai-cn", "wqy-microhei")
HEADING_FONTS = ("noto-sans-sc-bold", "wqy-zenhei", "noto-serif-sc-bold")
TITLE_FONTS = ("noto-serif-sc-bold", "noto-sans-sc-bold", "wqy-zenhei")
DIGIT_FONTS = ("same", "liberation-serif", "liberation-sans", "liberation-sans-narrow")
TABLE_PT = (9.0, 9.5, 10.0, 10.5)  # 小五 .. 五号


@cache
def font(name: str, px: int) -> ImageFont.FreeTypeFont:
    path, index = FONTS[name]
    if not Path(path).exists():
        raise FileNotFoundError(f"{path}: install the Debian font package that provides it")
    return ImageFont.truetype(path, px, index=index)


def pt(points: float) -> int:
    return round(points * DPI / 72)


@dataclass
class Style:
    """Everything a seed varies in how the report is typeset."""

    label_font: str
    digit_font: str
    body_font: str
    heading_font: str
    title_font: str
    table_pt: float
    body_pt: float
    line_px: int
    pad_px: int
    values: str  # "center" or "right"
    labels: str  # "left" or "center"
    margins_mm: tuple[float, float, float, float]  # left, top, right, bottom
    label_share: float  # the label columns' share of the requests table's width
    ad_label_share: float
    thousands: bool  # 474,394

    @classmethod
    def pick(cls, rng: random.Random) -> Style:
        left = rng.uniform(18, 32)
        return cls(
            label_font=rng.choice(LABEL_FONTS),
            digit_font=rng.choice(DIGIT_FONTS),
            body_font=rng.choice(BODY_FONTS),
            heading_font=rng.choice(HEADING_FONTS),
            title_font=rng.choice(TITLE_FONTS),
            table_pt=rng.choice(TABLE_PT),
            body_pt=rng.choice((12.0, 14.0, 15.0, 16.0)),
            line_px=rng.choice((2, 3, 4, 5, 6)),
            pad_px=rng.randint(6, 24),
            values=rng.choice(("center", "center", "right")),
            labels=rng.choice(("left", "center")),
            margins_mm=(left, rng.uniform(20, 37), left + rng.uniform(-4, 4), rng.uniform(20, 35)),
            label_share=rng.uniform(0.36, 0.52),
            ad_label_share=rng.uniform(0.25, 0.4),
            thousands=rng.random() < 0.15,
        )

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Rendered:
    """The clean pages and, per value cell path, the page and box it was printed in."""

    pages: list[Image.Image]
    boxes: dict[str, tuple[int, tuple[int, int, int, int]]] = field(default_factory=dict)
    printed: dict[str, str] = field(default_factory=dict)
    style: Style | None = None
    signature: tuple[int, tuple[int, int, int, int]] | None = None  # where a seal usually goes


def number_text(value: Any, thousands: bool) -> str:
    """A record value as a report prints it ('' for null)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}" if thousands and abs(value) >= 1000 else str(value)
    return f"{value:.2f}".rstrip("0").rstrip(".")


def wrap(text: str, f: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Break text into lines no wider than width (any character may start a line, as in CJK)."""
    lines: list[str] = []
    line = ""
    for ch in text:
        if ch == "\n":
            lines.append(line)
            line = ""
            continue
        if line and f.getlength(line + ch) > width:
            lines.append(line)
            line = ""
        line += ch
    if line or not lines:
        lines.append(line)
    return lines


class Flow:
    """Pages filled top to bottom: paragraphs and tables, a new page when one is full."""

    def __init__(self, style: Style) -> None:
        self.style = style
        left, top, right, bottom = (round(m * MM) for m in style.margins_mm)
        self.x0, self.x1 = left, A4[0] - right
        self.top, self.bottom = top, A4[1] - bottom
        self.pages: list[Image.Image] = []
        self.out = Rendered(self.pages, style=style)
        self.new_page()

    @property
    def width(self) -> int:
        return self.x1 - self.x0

    def new_page(self) -> None:
        if self.pages:
            self._folio()
        self.pages.append(Image.new("L", A4, 255))
        self.draw = ImageDraw.Draw(self.pages[-1])
        self.y = self.top

    def _folio(self) -> None:
        """The page number, centred at the foot ('- 3 -')."""
        f = font(self.style.digit_font if self.style.digit_font != "same" else "liberation-serif", pt(10.5))
        text = f"- {len(self.pages)} -"
        self.draw.text(((A4[0] - f.getlength(text)) / 2, A4[1] - (A4[1] - self.bottom) * 0.6), text, font=f, fill=0)

    def finish(self) -> Rendered:
        self._folio()
        return self.out

    def space(self, px: int) -> None:
        self.y += px

    def paragraph(self, text: str, font_name: str, points: float, *, indent: bool = True,
                  align: str = "left", spacing: float = 1.6) -> None:
        f = font(font_name, pt(points))
        em = pt(points)
        lead = round(em * spacing)
        first = "\u3000\u3000" if indent else ""
        for line in wrap(first + text, f, self.width):
            if self.y + lead > self.bottom:
                self.new_page()
            x = self.x0 if align == "left" else self.x0 + (self.width - f.getlength(line)) / 2
            self.draw.text((x, self.y), line, font=f, fill=0)
            self.y += lead

    def table(self, grid: Grid, record: dict[str, Any]) -> None:
        s = self.style
        fl = font(s.label_font, pt(s.table_pt))
        fd = font(s.label_font if s.digit_font == "same" else s.digit_font, pt(s.table_pt))
        lead = round(pt(s.table_pt) * 1.3)
        widths = self._widths(grid)
        xs = [self.x0]
        for w in widths:
            xs.append(xs[-1] + w)
        cells = sorted(grid.cells, key=lambda c: (c.row, c.col))
        texts = {c: (number_text(_value(record, c.path), s.thousands) if c.is_value else c.text) for c in cells}
        fonts = {c: self._fit(texts[c], fd, xs[c.col + c.cols] - xs[c.col] - 2 * s.pad_px) if c.is_value else fl
                 for c in cells}
        lines = {c: wrap(texts[c], fonts[c], xs[c.col + c.cols] - xs[c.col] - 2 * s.pad_px) for c in cells}
        heights = [lead + 2 * s.pad_px] * grid.nrows
        for c in sorted(cells, key=lambda c: c.rows):
            need = len(lines[c]) * lead + 2 * s.pad_px
            have = sum(heights[c.row:c.row + c.rows])
            if need > have:
                heights[c.row + c.rows - 1] += need - have
        # rows to pages: (page index, top y) for each row
        if self.y + sum(heights[:min(4, grid.nrows)]) > self.bottom:
            self.new_page()
        place: list[tuple[int, int]] = []
        for h in heights:
            if self.y + h > self.bottom:
                self.new_page()
            place.append((len(self.pages) - 1, self.y))
            self.y += h
        for c in cells:
            self._cell(c, place, heights, xs, lines[c], fonts[c], lead)
            if c.is_value:
                assert c.path
                page, top = place[c.row]
                self.out.boxes[c.path] = (page, (xs[c.col], top, xs[c.col + c.cols], top + heights[c.row]))
                self.out.printed[c.path] = texts[c]

    @staticmethod
    def _fit(text: str, f: ImageFont.FreeTypeFont, width: int) -> ImageFont.FreeTypeFont:
        """A number is never broken over two lines: a smaller size of its font if need be."""
        size = f.size
        while f.getlength(text) > width and size > 12:
            size -= 2
            f = f.font_variant(size=size)
        return f

    def _widths(self, grid: Grid) -> list[int]:
        s = self.style
        if grid.label_cols == 0:
            return [self.width // grid.ncols] * grid.ncols
        if grid.label_cols == 1:
            first = round(self.width * s.ad_label_share)
            rest = (self.width - first) // (grid.ncols - 1)
            return [first] + [rest] * (grid.ncols - 1)
        labels = round(self.width * s.label_share)
        em = pt(s.table_pt)
        c0 = em * 2 + 2 * s.pad_px + s.line_px
        c1 = max(em * 4 + 2 * s.pad_px, round((labels - c0) * 0.35))
        c2 = labels - c0 - c1
        rest = (self.width - labels) // (grid.ncols - 3)
        return [c0, c1, c2] + [rest] * (grid.ncols - 3)

    def _cell(self, c: Cell, place: list[tuple[int, int]], heights: list[int], xs: list[int],
              lines: list[str], f: ImageFont.FreeTypeFont, lead: int) -> None:
        """Borders of the cell on every page it spans; its text in its first fragment."""
        s = self.style
        x0, x1 = xs[c.col], xs[c.col + c.cols]
        frags: dict[int, list[int]] = {}
        for r in range(c.row, c.row + c.rows):
            page, top = place[r]
            span = frags.setdefault(page, [top, top])
            span[1] = top + heights[r]
        for i, (page, (y0, y1)) in enumerate(sorted(frags.items())):
            d = ImageDraw.Draw(self.pages[page])
            d.rectangle((x0, y0, x1, y1), outline=0, width=s.line_px)
            if i:
                continue
            ty = y0 + (y1 - y0 - len(lines) * lead) / 2
            for line in lines:
                w = f.getlength(line)
                if c.is_value and s.values == "right":
                    tx = x1 - s.pad_px - w - s.line_px
                elif c.is_value or s.labels == "center" or c.row < 3 and not c.col:
                    tx = x0 + (x1 - x0 - w) / 2
                else:
                    tx = x0 + s.pad_px + s.line_px
                d.text((tx, ty + lead / 2), line, font=f, fill=0, anchor="lm")
                ty += lead


def _value(record: dict[str, Any], path: str | None) -> Any:
    node: Any = record.get("tables") or {}
    for part in (path or "").split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node


SECTIONS = (
    ("overview", "一、总体情况"),
    ("active_disclosure", "二、主动公开政府信息情况"),
    ("requests", "三、收到和处理政府信息公开申请情况"),
    ("review_litigation", "四、政府信息公开行政复议、行政诉讼情况"),
    ("problems", "五、存在的主要问题及改进情况"),
    ("other", "六、其他需要报告的事项"),
)
FILLER = {
    "overview": "{agency}坚持以公开为常态、不公开为例外，围绕中心工作做好政府信息公开，"
                "持续完善主动公开目录，规范依申请公开办理流程，强化平台建设和监督保障。",
    "problems": "对照新形势新要求，政务公开工作仍存在公开内容不够全面、政策解读形式较为单一等不足。"
                "下一步将加强业务培训，完善工作机制，提升政务公开质量。",
    "other": "本年度未收取政府信息公开信息处理费。",
}


def _body(record: dict[str, Any], key: str) -> str:
    """Some body text for a part: the real report's opening and closing sentences, if known."""
    ex = (record.get("sections_excerpt") or {}).get(key) or {}
    parts = [ex.get("starts") or "", FILLER.get(key, "").format(agency=record.get("agency") or "本机关")]
    if ex.get("ends") and ex.get("ends") != ex.get("starts"):
        parts.append(ex["ends"])
    return "".join(p for p in parts if p)


def render(record: dict[str, Any], style: Style) -> Rendered:
    """The report of `record` typeset in `style`: title, agency, six parts, three tables."""
    grids = dict((g.key, g) for g in GRIDS[record.get("format") or "2021"])
    flow = Flow(style)
    title = record.get("title") or f"{record.get('agency', '')}{record.get('year', '')}年政府信息公开工作年度报告"
    agency = record.get("agency") or ""
    flow.space(pt(12))
    if agency and title.startswith(agency):
        flow.paragraph(agency, style.title_font, 20, indent=False, align="center", spacing=1.5)
        flow.paragraph(title[len(agency):], style.title_font, 20, indent=False, align="center", spacing=1.5)
    else:
        flow.paragraph(title, style.title_font, 20, indent=False, align="center", spacing=1.5)
    flow.space(pt(14))
    pre = _body(record, "preface")
    if pre:
        flow.paragraph(pre, style.body_font, style.body_pt)
    for key, heading in SECTIONS:
        flow.space(pt(style.body_pt * 0.5))
        flow.paragraph(heading, style.heading_font, style.body_pt, indent=True)
        if key in grids:
            flow.space(pt(4))
            flow.table(grids[key], record)
            flow.space(pt(style.body_pt))
        else:
            flow.paragraph(_body(record, key), style.body_font, style.body_pt)
    flow.space(pt(style.body_pt * 2))
    year = record.get("year") or 2024
    for line in (agency, f"{int(year) + 1}年1月20日"):
        f = font(style.body_font, pt(style.body_pt))
        if flow.y + pt(style.body_pt) * 2 > flow.bottom:
            flow.new_page()
        flow.draw.text((flow.x1 - f.getlength(line) - pt(style.body_pt) * 2, flow.y), line, font=f, fill=0)
        flow.y += round(pt(style.body_pt) * 1.6)
    out = flow.finish()
    out.signature = (len(out.pages) - 1, (flow.x1 - pt(style.body_pt) * 12, flow.y - pt(style.body_pt) * 4,
                                                   flow.x1, flow.y))
    return out
