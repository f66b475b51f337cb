"""OCR for scanned PDF pages and page images: rapidocr-onnxruntime (its wheel carries the
PP-OCR Chinese models, so it works offline) reads text boxes; OpenCV finds the table's
ruling lines; `parsers.geometry` rebuilds the cells from both. A numeric cell read with low
confidence is left blank (the record gets null and a `cell.unreadable` check), never
guessed. Optional: `pip install 'nianbao[ocr]'`.
"""

from __future__ import annotations

import functools
import io
import warnings
from typing import Any

import numpy as np

from parsers.document import Extraction, library_version
from parsers.geometry import Glyph, Page, Region, Segment, layout_pages
from parsers.grid import is_cjk
from parsers.limits import DEFAULT_LIMITS, Deadline, ImageTooLarge, Limits, Malformed, MissingTool

VERSION = "ocr/2"
DPI = 200  # renders 小五号 (9 pt) digits about 25 px high
MIN_SCORE = 0.80  # a value cell read with less confidence is left blank
RULE_FRACTION = 40  # a ruling line is at least 1/40 of the page side long
#: How much darker than its surroundings (grey levels) a pixel of a ruling line is. Low, so
#: that a faint copy's rules are found whole; grain and text do not make lines this long.
RULE_CONTRAST = 6


def ocr_library() -> str:
    return library_version("rapidocr-onnxruntime", "onnxruntime")


@functools.cache
def engine() -> Any:
    """The OCR engine, loaded once per process."""
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as exc:
        raise MissingTool(
            f"OCR needs rapidocr-onnxruntime: pip install 'nianbao[ocr]' ({exc})"
        ) from None
    return RapidOCR()


def rules_from_image(gray: np.ndarray) -> list[Segment]:
    """Horizontal and vertical ruling lines of a page image, in pixels (top-down)."""
    import cv2

    binary = cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, RULE_CONTRAST
    )
    h, w = gray.shape
    segs: list[Segment] = []
    for horizontal in (True, False):
        # vertical rules can be as short as one table row: longer than a character's stroke
        size = max(w // RULE_FRACTION, 15) if horizontal else max(h // (2 * RULE_FRACTION), 15)
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (size, 1) if horizontal else (1, size))
        mask = cv2.morphologyEx(binary, cv2.MORPH_OPEN, kernel)
        mask = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
        n, _, stats, _ = cv2.connectedComponentsWithStats(mask)
        for x, y, bw, bh, area in stats[1:n]:
            # thin, and straight within a few pixels: deskewing leaves a long rule slanted by
            # a fraction of a degree, so its box is wider than the rule is thick
            if horizontal and bw >= size and area / bw <= 12 and bh <= 12 + bw / 400:
                segs.append(Segment(float(x), y + bh / 2, float(x + bw), y + bh / 2))
            elif not horizontal and bh >= size and area / bh <= 12 and bw <= 12 + bh / 400:
                segs.append(Segment(x + bw / 2, float(y), x + bw / 2, float(y + bh)))
    return segs


def not_strokes(segs: list[Segment], boxes: list[Any]) -> list[Segment]:
    """The ruling lines that are not strokes of characters: a long stroke of a large
    character (the title's, a heading's, body text at 300 dpi) is as straight and thin as a
    rule, and made tiny tables that tore the title apart. A rule lying wholly inside a text
    box OCR read as Chinese is such a stroke, unless it continues a line that runs outside
    the boxes (a table's rule that text sits on, broken under a descender)."""
    chinese = []
    for box, text, _score in boxes:
        if sum(is_cjk(c) for c in text) >= max(1, len(text) // 2):
            xs, ys = [p[0] for p in box], [p[1] for p in box]
            chinese.append((min(xs), min(ys), max(xs), max(ys)))

    def inside(s: Segment) -> bool:
        return any(bx0 <= min(s.x0, s.x1) and max(s.x0, s.x1) <= bx1
                   and by0 <= min(s.y0, s.y1) and max(s.y0, s.y1) <= by1
                   for bx0, by0, bx1, by1 in chinese)

    strokes, lines = [], []
    for s in segs:
        (strokes if inside(s) else lines).append(s)

    def continues(s: Segment, gap: float = 20.0) -> bool:
        return any(r.horizontal == s.horizontal and (
            abs(r.y0 - s.y0) <= 3 and r.x0 - gap <= s.x1 and s.x0 <= r.x1 + gap if s.horizontal
            else abs(r.x0 - s.x0) <= 3 and r.y0 - gap <= s.y1 and s.y0 <= r.y1 + gap)
            for r in lines)

    return lines + [s for s in strokes if continues(s)]


def deskew(gray: np.ndarray) -> tuple[np.ndarray, float]:
    """Straighten a slightly rotated scan using its long horizontal strokes (table rules,
    underlines); returns the image and the angle corrected, in degrees."""
    import cv2

    binary = cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15
    )
    h, w = gray.shape
    mask = cv2.morphologyEx(
        binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(w // 60, 15), 1))
    )
    mask = cv2.morphologyEx(
        mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (max(w // 60, 15), 5))
    )
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask)
    slopes = []
    for i in range(1, n):
        x, y, bw, bh, _ = stats[i]
        if bw < w / 6:
            continue
        ys, xs = np.nonzero(labels[y : y + bh, x : x + bw] == i)
        if len(xs) > 50:
            slopes.append(np.polyfit(xs, ys, 1)[0])
    if not slopes:
        return gray, 0.0
    angle = float(np.degrees(np.arctan(np.median(slopes))))
    if abs(angle) < 0.05 or abs(angle) > 5:
        return gray, 0.0
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255), angle


def ink(crop: np.ndarray, dark: int = 150, line: float | None = None) -> np.ndarray | None:
    """The part of a crop that holds ink, with a margin of half its height; None if blank.
    The recogniser reads a lone digit far better without acres of paper around it. Ink is
    what is darker than `dark`, or than the paper by 60 grey levels on a faint copy, whose
    figures would otherwise be cut to their darkest strokes (446738 read as 80).

    `line` is the height of the page's text boxes in pixels. With it, only the figure's own
    line is kept: marks at least 0.4 line high are its characters, and smaller ones count
    only beside them (a point, a comma), so a speck of dust in a corner of the cell does not
    leave the figure small in a crop of paper. Ink taller than 1.3 lines is not one line of
    text, and counts as none."""
    if crop.size == 0:
        return None
    import cv2

    dark = int(min(max(float(np.percentile(crop, 90)) - 60, dark), 210))
    dark_px = (crop < dark).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(dark_px, connectivity=8)
    h, w = crop.shape
    touching = [i for i in range(1, n)
                if stats[i, 0] == 0 or stats[i, 1] == 0
                or stats[i, 0] + stats[i, 2] >= w or stats[i, 1] + stats[i, 3] >= h]
    if touching and len(touching) < n - 1:  # pieces of the cell's rules, not its text
        dark_px[np.isin(labels, touching)] = 0
    if line is not None:
        dark_px = _on_the_line(dark_px, line)
    ys, xs = np.nonzero(dark_px)
    if len(xs) < 12:
        return None
    y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    if line is not None and y1 - y0 > 1.3 * line:
        return None  # more than a line of text: not one figure
    m = max(4, (y1 - y0) // 2)
    return np.ascontiguousarray(crop[max(y0 - m, 0) : y1 + m, max(x0 - m, 0) : x1 + m])


def _on_the_line(dark_px: np.ndarray, line: float) -> np.ndarray:
    """The ink of a cell that belongs to its line of text (see `ink`). A character broken by
    faint toner is one mark: pieces closer than a sixth of a line are taken together."""
    import cv2

    reach = max(2, round(line / 12))
    grown = cv2.dilate(dark_px, cv2.getStructuringElement(cv2.MORPH_RECT, (2 * reach + 1,) * 2))
    n, marks = cv2.connectedComponents(grown, connectivity=8)
    marks = np.where(dark_px > 0, marks, 0)
    boxes = []  # (mark, top, bottom, left, right) of the ink itself, not of the grown mark
    for i in range(1, n):
        ys, xs = np.nonzero(marks == i)
        if len(xs):
            boxes.append((i, ys.min(), ys.max() + 1, xs.min(), xs.max() + 1))
    chars = [b for b in boxes if b[2] - b[1] >= 0.4 * line]
    if not chars:
        return dark_px
    top, bottom = min(b[1] for b in chars), max(b[2] for b in chars)
    left, right = min(b[3] for b in chars), max(b[4] for b in chars)
    keep = [b[0] for b in boxes if b in chars or (
        top <= (b[1] + b[2]) / 2 <= bottom and b[3] < right + line and b[4] > left - line)]
    return np.isin(marks, keep).astype(np.uint8)


#: What a table's value cell may print: digits and a decimal point (CTC's blank is index 0).
FIGURE_CHARS = "0123456789.,"
#: What the recogniser makes of a lone 0 without neighbours to compare it with.
ZERO_LOOKALIKES = frozenset("。Oo〇○°")


@functools.cache
def _figure_alphabet() -> tuple[np.ndarray, list[str]]:
    """Indices in the recogniser's dictionary of CTC's blank and FIGURE_CHARS."""
    chars = engine().text_rec.postprocess_op.character
    where = {c: i for i, c in enumerate(chars)}
    keep = [0] + [where[c] for c in FIGURE_CHARS]
    return np.array(keep), ["", *FIGURE_CHARS]


def read_figures(crops: list[np.ndarray]) -> list[tuple[str, float]]:
    """Read value cells (grey crops around their ink) as figures: the recogniser's output
    restricted to digits and a point, so a lone 0 is not read as 。 or O. The score of a
    reading is its least sure character's probability among the figures at its peak; a
    crop whose strongest reading is some other character (a 无, a dash, Chinese) is
    returned as the recogniser read it, for the table reader to judge."""
    if not crops:
        return []
    rec = engine().text_rec
    keep, alphabet = _figure_alphabet()
    imgs = [np.dstack([c] * 3) for c in crops]
    out: list[tuple[str, float]] = [("", 0.0)] * len(imgs)
    order = sorted(range(len(imgs)), key=lambda i: imgs[i].shape[1] / imgs[i].shape[0])
    _, height, width = rec.rec_image_shape
    for start in range(0, len(order), 16):
        batch = order[start : start + 16]
        ratios = [imgs[i].shape[1] / imgs[i].shape[0] for i in batch]
        # padded at least to the width the recogniser was trained on: narrower, it reads
        # a lone 0 far less surely (198 of 200 cells of a clean scan; 153 at half the width)
        max_ratio = max(width / height, *ratios)
        norm = np.stack([rec.resize_norm_img(imgs[i], max_ratio) for i in batch]).astype(np.float32)
        preds = rec.session(norm)[0]
        for i, ratio, pred in zip(batch, ratios, preds, strict=True):
            steps = pred[: max(1, int(np.ceil(len(pred) * ratio / max_ratio)))]
            out[i] = _decode_figure(steps, keep, alphabet, rec.postprocess_op.character)
    return out


def _decode_figure(steps: np.ndarray, keep: np.ndarray, alphabet: list[str],
                   chars: list[str]) -> tuple[str, float]:
    """CTC-decode one crop's steps restricted to figures (see `read_figures`)."""
    best = steps.argmax(axis=1)
    foreign = [chars[b] for b, p in zip(best, steps.max(axis=1), strict=True)
               if b not in keep and chars[b] not in ZERO_LOOKALIKES and p >= 0.5]
    if foreign:
        text = "".join(chars[b] for i, b in enumerate(best)
                       if b != 0 and (i == 0 or best[i - 1] != b))
        return text, float(steps.max(axis=1)[best != 0].min())
    sub = steps[:, keep]
    sub = sub / np.maximum(sub.sum(axis=1, keepdims=True), 1e-9)
    idx = sub.argmax(axis=1)
    if not any(alphabet[k].isdigit() for k in idx):  # a lone point is a 0 seen alone
        sub = sub.copy()
        sub[:, alphabet.index(".")] = 0
        sub = sub / np.maximum(sub.sum(axis=1, keepdims=True), 1e-9)
        idx = sub.argmax(axis=1)
    text, scores, prev = [], [], 0
    for t, k in enumerate(idx):
        if k != 0 and k != prev:
            text.append(alphabet[k])
            scores.append(float(sub[t, k]))
        elif k != 0 and k == prev:
            scores[-1] = max(scores[-1], float(sub[t, k]))
        prev = k
    while text and text[0] in ".,":  # a speck of dust beside the figure
        text, scores = text[1:], scores[1:]
    while text and text[-1] in ".,":
        text, scores = text[:-1], scores[:-1]
    if len(text) == 1 and text[0].isdigit():
        # a lone figure's rival reading is mostly a point (a lone 0 looks like one), and no
        # cell prints a point alone: its sureness is measured against the other figures
        # and against nothing at all (CTC's blank)
        cols = [i for i, a in enumerate(alphabet) if a not in (".", ",")]
        alone = steps[:, keep[cols]]
        alone = alone / np.maximum(alone.sum(axis=1, keepdims=True), 1e-9)
        scores = [max(scores[0], float(alone[:, cols.index(alphabet.index(text[0]))].max()))]
    return "".join(text), min(scores, default=0.0)


def _explode(box: Any, text: str, score: float) -> list[Glyph]:
    """A text box as per-character glyphs, spread over its width by character class, so
    a box that straddles a cell border still lands each character in its own cell."""
    xs = [p[0] for p in box]
    ys = [p[1] for p in box]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return []
    weights = [1.0 if is_cjk(c) else 0.55 for c in chars]
    total = sum(weights)
    out, x = [], x0
    for c, wgt in zip(chars, weights, strict=True):
        cw = (x1 - x0) * wgt / total
        out.append(Glyph(x, y0, x + cw, y1, c, score))
        x += cw
    return out


def ocr_gray(gray: np.ndarray, dpi: float) -> Page:
    """OCR one page image (8-bit grey, top-down) into a `Page` in points."""
    gray, _angle = deskew(gray)
    result, _ = engine()(np.dstack([gray] * 3), use_cls=False, text_score=0.0)
    k = 72.0 / dpi
    glyphs = []
    for box, text, score in result or []:
        if score < 0.5 and any(is_cjk(c) for c in text):
            continue  # low-confidence Chinese: noise, or a label the parser will miss anyway
        glyphs.extend(
            Glyph(g.x0 * k, g.y0 * k, g.x1 * k, g.y1 * k, g.text, g.score)
            for g in _explode(box, text, float(score))
        )
    segs = [Segment(s.x0 * k, s.y0 * k, s.x1 * k, s.y1 * k)
            for s in not_strokes(rules_from_image(gray), result or [])]
    h, w = gray.shape
    box_heights = [max(p[1] for p in box) - min(p[1] for p in box) for box, _, _ in result or []]
    line = float(np.median(box_heights)) if box_heights else None

    def read_regions(regions: list[Region]) -> list[tuple[str, float]]:
        """Read table cells (points) as figures, each cropped inside its rules to its ink."""
        crops, where = [], []
        for i, (x0, y0, x1, y1) in enumerate(regions):
            px0, py0, px1, py1 = (int(v / k) for v in (x0, y0, x1, y1))
            inset = 3
            crop = ink(gray[py0 + inset : py1 - inset, px0 + inset : px1 - inset], line=line)
            if crop is not None:
                crops.append(crop)
                where.append(i)
        out = [("", 0.0)] * len(regions)
        for i, reading in zip(where, read_figures(crops), strict=True):
            out[i] = reading
        return out

    return Page(w * k, h * k, glyphs, segs, tol=3.0, min_score=MIN_SCORE, reread=read_regions)


def printed_pages(gray: np.ndarray) -> list[np.ndarray]:
    """The pages printed on one image: a landscape sheet holding two pages side by side (a
    book-style copy) is cut at the blank gutter near its middle; anything else is one page."""
    import cv2

    h, w = gray.shape
    if w < 1.2 * h:
        return [gray]
    binary = cv2.adaptiveThreshold(  # ink, not the gutter's smooth shadow
        gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15
    )
    band = max(3, w // 200)
    ink_share = np.convolve((binary > 0).mean(axis=0), np.ones(band) / band, mode="same")
    lo, hi = int(w * 0.4), int(w * 0.6)
    x = lo + int(np.argmin(ink_share[lo:hi]))
    if ink_share[x] > 0.002:
        return [gray]
    return [np.ascontiguousarray(gray[:, :x]), np.ascontiguousarray(gray[:, x:])]


def ocr_pdf_page(
    page: Any, limits: Limits = DEFAULT_LIMITS, deadline: Deadline | None = None
) -> list[Page]:
    """Render a scanned PDF page (pypdfium2) and OCR the page or pages printed on it."""
    w, h = page.get_size()
    dpi = float(DPI)
    while (w * dpi / 72) * (h * dpi / 72) > limits.max_render_pixels and dpi > 72:
        dpi *= 0.8
    if deadline:
        deadline.check()
    return [ocr_gray(p, dpi) for p in printed_pages(ink_of(page.render(scale=dpi / 72).to_numpy()))]


def ink_of(pixels: np.ndarray) -> np.ndarray:
    """A page image as the grey the OCR reads: each pixel its lightest channel, so a red
    seal or a blue stamp over the figures fades to paper while black ink stays black."""
    if pixels.ndim == 3:
        pixels = pixels[:, :, :3].max(axis=2)
    return np.ascontiguousarray(pixels, dtype=np.uint8)


def image_ink(img: Any) -> np.ndarray:
    """A PIL image as `ink_of` reads it (palettes, alpha and CMYK made RGB first)."""
    if img.mode not in ("L", "RGB"):
        img = img.convert("RGB" if img.mode in ("RGBA", "P", "PA", "CMYK", "LA", "YCbCr") else "L")
    return ink_of(np.asarray(img))


def open_image(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Any:
    """Open an image, checking its pixel count from the header before decoding it."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
            w, h = img.size
            if w * h > limits.max_image_pixels:
                raise ImageTooLarge(
                    f"the image is {w:,}x{h:,} pixels, over {limits.max_image_pixels:,} (Limits.max_image_pixels)"
                )
            img.load()
    except ImageTooLarge:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageTooLarge(f"the image is too large to decode safely ({exc})") from None
    except Exception as exc:  # PIL raises OSError, SyntaxError, ValueError for bad files
        raise Malformed(f"the image cannot be decoded ({type(exc).__name__}: {exc})") from None
    return img


def extract_image(
    data: bytes,
    *,
    media_type: str | None = None,
    url: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Extraction:
    """One page image (PNG, JPEG, …) -> OCR'd paragraphs and tables."""
    img = open_image(data, limits)
    dpi = float((img.info.get("dpi") or (0, 0))[0] or 0)
    if dpi < 72 or dpi > 1200:
        dpi = img.size[0] / 8.27  # assume an A4-wide page
    printed = printed_pages(image_ink(img))
    if len(printed) > 1 and not img.info.get("dpi"):
        dpi /= 2  # the A4 width assumed was the sheet's, holding two pages
    pages = [ocr_gray(p, dpi) for p in printed]
    return Extraction(
        extractor="ocr",
        extractor_version=f"{VERSION} {ocr_library()}",
        media_type=media_type or "image",
        blocks=layout_pages(pages, limits.max_table_cells),
        pages=len(pages),
        ocr_pages=len(pages),
    )


def extract_images(pages: list[bytes], limits: Limits = DEFAULT_LIMITS) -> Extraction:
    """A report published as a series of page images (an article of <img>s), in order."""
    geo = []
    deadline = Deadline(limits.max_seconds, "the page images")
    for data in pages[: limits.max_ocr_pages]:
        deadline.check()
        img = open_image(data, limits)
        printed = printed_pages(image_ink(img))
        geo.extend(ocr_gray(p, p.shape[1] / 8.27) for p in printed)  # A4 wide, as assumed
    return Extraction(
        extractor="ocr",
        extractor_version=f"{VERSION} {ocr_library()}",
        media_type="image",
        blocks=layout_pages(geo, limits.max_table_cells),
        pages=len(geo),
        ocr_pages=len(geo),
    )
