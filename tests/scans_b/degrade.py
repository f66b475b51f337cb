"""Make clean pages look scanned or photographed, as published scans of reports do.

Each degradation is one function; a *kind* (KINDS) names the ones it applies, and the seed
draws their strengths. Paper-side effects (a red seal, a handwritten correction, faint
toner, two pages copied side by side) act on the clean 300 dpi pages; capture-side effects
(resolution, rotation, blur, grain, dust, a phone's perspective and lighting, JPEG) act on
the captured image. `scan` runs a kind over a rendered report and returns the images.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter

from tests.scans_b.render import DPI, Rendered, font, pt

# kind -> the degradations it applies, in order (paper first, then capture).
KINDS: dict[str, tuple[str, ...]] = {
    "clean": (),
    "scan": ("rotate", "blur", "grain", "dust"),
    "lowres": ("lowres", "rotate", "blur", "grain"),
    "toner": ("toner", "rotate", "blur", "grain", "dust"),
    "seal": ("seal", "rotate", "blur", "grain"),
    "correction": ("correction", "rotate", "blur", "grain"),
    "photo": ("photo", "blur", "grain"),
    "twoup": ("twoup", "rotate", "blur", "grain", "dust"),
    "mixed": ("seal", "toner", "rotate", "blur", "grain", "dust"),
}


@dataclass
class Scanned:
    """Captured page images, their resolution and JPEG quality, what was applied (recipe)
    and the cells whose truth a correction made ambiguous: path -> (printed, written)."""

    images: list[Image.Image]
    dpi: int
    quality: int
    recipe: dict[str, Any] = field(default_factory=dict)
    ambiguous: dict[str, tuple[Any, Any]] = field(default_factory=dict)


# ----------------------------------------------------------------- on paper


def seal(pages: list[Image.Image], rendered: Rendered, rng: random.Random, agency: str) -> dict[str, Any]:
    """A red official seal (ring, star, agency name around the ring), semi-transparent,
    stamped over the signature and over a few numbers of a table."""
    targets = []
    if rendered.signature:
        page, (x0, y0, x1, y1) = rendered.signature
        targets.append((page, ((x0 + x1) // 2, (y0 + y1) // 2)))
    value_boxes = [b for p, b in rendered.boxes.items() if p.startswith(("requests.", "review_litigation."))]
    for _ in range(rng.randint(1, 2)):
        page, (x0, y0, x1, y1) = rng.choice(value_boxes)
        targets.append((page, ((x0 + x1) // 2, (y0 + y1) // 2)))
    alpha = rng.uniform(0.55, 0.85)
    for page, centre in targets:
        pages[page] = _stamp(pages[page].convert("RGB"), centre, agency, rng, alpha)
    return {"seals": len(targets), "alpha": round(alpha, 2)}


def _stamp(page: Image.Image, centre: tuple[int, int], agency: str, rng: random.Random,
           alpha: float) -> Image.Image:
    r = round(21 * DPI / 25.4)  # a 42 mm seal
    size = 2 * r + 20
    ink = Image.new("L", (size, size), 0)
    d = ImageDraw.Draw(ink)
    c = size / 2
    d.ellipse((c - r, c - r, c + r, c + r), outline=255, width=round(r * 0.07))
    star = [(c + math.cos(math.radians(-90 + 36 * i)) * (r * (0.3 if i % 2 else 0.12) * 1),
             c + math.sin(math.radians(-90 + 36 * i)) * (r * (0.3 if i % 2 else 0.12) * 1)) for i in range(10)]
    star = [(c + (x - c) * (1 if i % 2 else 2.6), c + (y - c) * (1 if i % 2 else 2.6)) for i, (x, y) in enumerate(star)]
    d.polygon(star, fill=255)
    text = agency or "人民政府办公室"
    f = font("noto-serif-sc-bold", round(r * 0.24))
    sweep = min(250.0, 20.0 * len(text))
    for i, ch in enumerate(text):
        ang = -90 - sweep / 2 + sweep * (i + 0.5) / len(text)
        glyph = Image.new("L", (f.size * 2, f.size * 2), 0)
        ImageDraw.Draw(glyph).text((f.size, f.size), ch, font=f, fill=255, anchor="mm")
        glyph = glyph.rotate(-(ang + 90), resample=Image.Resampling.BICUBIC)
        gx = c + math.cos(math.radians(ang)) * r * 0.72 - f.size
        gy = c + math.sin(math.radians(ang)) * r * 0.72 - f.size
        ink.paste(255, (round(gx), round(gy)), glyph)
    ink = ink.rotate(rng.uniform(-30, 30), resample=Image.Resampling.BICUBIC)
    # uneven ink: blotchy pressure, a few gaps
    coarse = np.random.default_rng(rng.randint(0, 2**31)).normal(128, 60, (size // 16, size // 16))
    noise = np.asarray(Image.fromarray(np.clip(coarse, 0, 255).astype(np.uint8))  # seeded, unlike
                       .resize((size, size), Image.Resampling.BICUBIC), dtype=np.float32) / 255  # effect_noise
    a = np.asarray(ink, dtype=np.float32) / 255 * np.clip(0.45 + noise, 0, 1) * alpha
    mask = Image.fromarray((a * 255).astype(np.uint8))
    red = Image.new("RGB", (size, size), (rng.randint(200, 235), rng.randint(20, 60), rng.randint(30, 60)))
    box = (centre[0] - size // 2, centre[1] - size // 2)
    region = page.crop((*box, box[0] + size, box[1] + size))
    tinted = Image.composite(ImageChops.multiply(region, red), region, mask)
    page.paste(tinted, box)
    return page


HAND_FONT = "ukai-cn"


def correction(pages: list[Image.Image], rendered: Rendered, rng: random.Random,
               truth: dict[str, Any]) -> tuple[dict[str, Any], dict[str, tuple[Any, Any]]]:
    """A number struck through by hand with a new one written beside it. The cell's truth is
    then either value (or null): it is reported as ambiguous, not as truth."""
    candidates = [p for p in rendered.boxes if p.startswith("requests.") and isinstance(truth.get(p), int)]
    path = rng.choice(candidates)
    old = truth[path]
    new = old + rng.choice((-3, -2, -1, 1, 2, 3)) if old > 3 else old + rng.randint(1, 5)
    page, (x0, y0, x1, y1) = rendered.boxes[path]
    img = pages[page] = pages[page].convert("RGB")
    d = ImageDraw.Draw(img)
    ink = rng.choice(((20, 30, 90), (15, 15, 20), (30, 40, 140)))
    text = rendered.printed[path]
    f = font(rendered.style.digit_font if rendered.style and rendered.style.digit_font != "same" else "liberation-serif",
             pt(rendered.style.table_pt if rendered.style else 10.5))
    w = f.getlength(text)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    for k in range(rng.randint(1, 2)):
        dy = (k - 0.5) * 6
        d.line((cx - w / 2 - 12, cy + dy + rng.uniform(-4, 4), cx + w / 2 + 12, cy + dy + rng.uniform(-4, 4)),
               fill=ink, width=rng.randint(3, 5))
    hand = font(HAND_FONT, round(pt(rendered.style.table_pt if rendered.style else 10.5) * rng.uniform(1.6, 2.0)))
    glyphs = Image.new("L", (round(hand.getlength(str(new))) + 20, hand.size + 20), 0)
    ImageDraw.Draw(glyphs).text((10, 10), str(new), font=hand, fill=255, stroke_width=2, stroke_fill=255)
    glyphs = glyphs.rotate(rng.uniform(-8, 8), expand=True, resample=Image.Resampling.BICUBIC)
    pos = (round(cx + w / 2 + 4), round(y0 - glyphs.height * 0.45))
    img.paste(Image.new("RGB", glyphs.size, ink), pos, glyphs)
    return {"cell": path, "printed": old, "written": new}, {path: (old, new)}


def toner(pages: list[Image.Image], rng: random.Random) -> dict[str, Any]:
    """Faint toner: strokes lighter and patchy, thin rules broken in places."""
    strength = rng.uniform(0.45, 0.7)
    dropout = rng.uniform(0.1, 0.3)
    for i, page in enumerate(pages):
        a = np.asarray(page.convert("L"), dtype=np.float32)
        w, h = page.size
        nrng = np.random.default_rng(rng.randint(0, 2**31))  # PIL's effect_noise is unseeded
        coarse = np.clip(nrng.normal(128, 80, (max(h // 24, 1), max(w // 24, 1))), 0, 255).astype(np.uint8)
        blotch = np.asarray(Image.fromarray(coarse).resize((w, h), Image.Resampling.BICUBIC),
                            dtype=np.float32) / 255
        speck = nrng.random(a.shape, dtype=np.float32)
        keep = strength * np.clip(blotch * 1.6 - 0.3, 0.15, 1.0)
        keep = np.where(speck < dropout * (1 - blotch), 0.0, keep)
        ink = (255 - a) * keep
        grey = Image.fromarray(np.clip(255 - ink, 0, 255).astype(np.uint8))
        if page.mode == "RGB":  # keep a seal's colour: lighten by the same factor
            grey = ImageChops.lighter(page, Image.merge("RGB", (grey,) * 3))
        pages[i] = grey
    return {"strength": round(strength, 2), "dropout": round(dropout, 2)}


def twoup(pages: list[Image.Image], rng: random.Random) -> list[Image.Image]:
    """Two pages side by side on one sheet (a book-style copy), with a gutter shadow."""
    out = []
    for i in range(0, len(pages), 2):
        left = pages[i]
        right = pages[i + 1] if i + 1 < len(pages) else Image.new(left.mode, left.size, 255)
        mode = "RGB" if "RGB" in (left.mode, right.mode) else "L"
        sheet = Image.new(mode, (left.width * 2, left.height), 255)
        sheet.paste(left.convert(mode), (0, 0))
        sheet.paste(right.convert(mode), (left.width, 0))
        g = np.ones(sheet.size[::-1], dtype=np.float32)
        xs = np.arange(sheet.width, dtype=np.float32)
        g *= 1 - rng.uniform(0.15, 0.35) * np.exp(-((xs - left.width) / rng.uniform(30, 80)) ** 2)
        out.append(_shade(sheet, g))
    return out


# ----------------------------------------------------------------- capture


def _shade(img: Image.Image, gain: np.ndarray) -> Image.Image:
    a = np.asarray(img, dtype=np.float32)
    if a.ndim == 3:
        gain = gain[..., None]
    return Image.fromarray(np.clip(a * gain, 0, 255).astype(np.uint8), img.mode)


def rotate(img: Image.Image, rng: random.Random) -> tuple[Image.Image, float]:
    angle = rng.uniform(-1.2, 1.2)
    fill = (255, 255, 255) if img.mode == "RGB" else 255
    return img.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=fill), angle


def grain(img: Image.Image, rng: random.Random, sigma: float) -> Image.Image:
    a = np.asarray(img, dtype=np.float32)
    noise = np.random.default_rng(rng.randint(0, 2**31)).normal(0, sigma, a.shape[:2]).astype(np.float32)
    if a.ndim == 3:
        noise = noise[..., None]
    return Image.fromarray(np.clip(a + noise, 0, 255).astype(np.uint8), img.mode)


def dust(img: Image.Image, rng: random.Random) -> Image.Image:
    d = ImageDraw.Draw(img)
    scale = img.width / 1240
    for _ in range(rng.randint(20, 120)):
        x, y = rng.uniform(0, img.width), rng.uniform(0, img.height)
        r = rng.uniform(0.5, 2.2) * scale
        grey = rng.randint(0, 110)
        d.ellipse((x - r, y - r, x + r, y + r), fill=(grey,) * 3 if img.mode == "RGB" else grey)
    for _ in range(rng.randint(0, 4)):  # a hair or a scratch
        x, y = rng.uniform(0, img.width), rng.uniform(0, img.height)
        pts = [(x, y)]
        for _ in range(6):
            x += rng.uniform(-15, 15) * scale
            y += rng.uniform(-15, 15) * scale
            pts.append((x, y))
        d.line(pts, fill=(90,) * 3 if img.mode == "RGB" else 90, width=max(1, round(scale)))
    return img


def photo(img: Image.Image, rng: random.Random) -> tuple[Image.Image, dict[str, Any]]:
    """A phone photo of the page: the page on a desk, seen a little askew (perspective),
    lit unevenly with a soft shadow, in colour."""
    page = img.convert("RGB")
    paper = np.array(page, dtype=np.float32) * np.array([1.0, rng.uniform(0.96, 1.0), rng.uniform(0.88, 0.97)])
    page = Image.fromarray(np.clip(paper, 0, 255).astype(np.uint8))
    w, h = page.size
    border = round(w * rng.uniform(0.04, 0.1))
    desk = tuple(rng.randint(40, 140) for _ in range(3))
    canvas = Image.new("RGB", (w + 2 * border, h + 2 * border), desk)
    canvas.paste(page, (border, border))
    W, H = canvas.size
    j = w * rng.uniform(0.01, 0.035)
    # where the page corners go in the photo (tl, tr, br, bl); solve the inverse map
    src = [(border, border), (border + w, border), (border + w, border + h), (border, border + h)]
    dst = [(p[0] + rng.uniform(-j, j), p[1] + rng.uniform(-j, j)) for p in src]
    coeffs = _perspective(dst, src)
    canvas = canvas.transform((W, H), Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BICUBIC, fillcolor=desk)
    # light and shadow vary slowly: computed on a coarse grid, then enlarged
    yy, xx = np.mgrid[0:H:8, 0:W:8].astype(np.float32)
    gx, gy = rng.uniform(-1, 1), rng.uniform(-1, 1)
    light = 1 - rng.uniform(0.1, 0.3) * ((xx / W - 0.5) * gx + (yy / H - 0.5) * gy + 0.5)
    sx, sy = rng.uniform(0, W), rng.uniform(0, H)
    shadow = 1 - rng.uniform(0.1, 0.3) * np.exp(-(((xx - sx) / (W * 0.35)) ** 2 + ((yy - sy) / (H * 0.25)) ** 2))
    gain = Image.fromarray((light * shadow * 255).astype(np.uint8)).resize((W, H), Image.Resampling.BILINEAR)
    canvas = ImageChops.multiply(canvas, Image.merge("RGB", (gain,) * 3))
    return canvas, {"skew_px": round(j), "border": border}


def _perspective(dst: list[tuple[float, float]], src: list[tuple[float, float]]) -> list[float]:
    """PIL's PERSPECTIVE coefficients mapping output points `dst` to input points `src`."""
    rows = []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    b = np.array([c for p in src for c in p], dtype=np.float64)
    return list(np.linalg.solve(np.array(rows, dtype=np.float64), b))


def scan(rendered: Rendered, kind: str, rng: random.Random, truth: dict[str, Any], agency: str) -> Scanned:
    """Run the degradations of `kind` over the rendered pages."""
    steps = KINDS[kind]
    pages = [p.copy() for p in rendered.pages]
    recipe: dict[str, Any] = {"kind": kind}
    ambiguous: dict[str, tuple[Any, Any]] = {}
    if "seal" in steps:
        recipe["seal"] = seal(pages, rendered, rng, agency)
    if "correction" in steps:
        recipe["correction"], ambiguous = correction(pages, rendered, rng, truth)
    if "toner" in steps:
        recipe["toner"] = toner(pages, rng)
    if "twoup" in steps:
        pages = twoup(pages, rng)
        recipe["twoup"] = True
    colour = kind == "photo" or any(p.mode == "RGB" for p in pages) or rng.random() < 0.3
    dpi = 300 if kind == "clean" else rng.randint(100, 130) if "lowres" in steps else rng.choice((150, 200, 240, 300))
    quality = 75 if kind == "clean" else rng.randint(30, 70)
    recipe.update(dpi=dpi, colour=colour, jpeg_quality=quality)
    blur = rng.uniform(0.3, 1.0) if "blur" in steps else 0.0
    sigma = rng.uniform(3, 12) if "grain" in steps else 0.0
    images = []
    angles = []
    for page in pages:
        img = page.convert("RGB" if colour else "L")
        if "photo" in steps:
            img, recipe["photo"] = photo(img, rng)
        if "rotate" in steps:
            img, angle = rotate(img, rng)
            angles.append(round(angle, 2))
        if dpi != DPI:
            img = img.resize((round(img.width * dpi / DPI), round(img.height * dpi / DPI)), Image.Resampling.LANCZOS)
        if blur:
            img = img.filter(ImageFilter.GaussianBlur(blur * dpi / 200))
        if "dust" in steps:
            img = dust(img, rng)
        if sigma:
            img = grain(img, rng, sigma)
        images.append(img)
    if angles:
        recipe["rotate"] = angles
    if blur:
        recipe["blur"] = round(blur, 2)
    if sigma:
        recipe["grain"] = round(sigma, 1)
    return Scanned(images, dpi, quality, recipe, ambiguous)
