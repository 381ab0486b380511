"""Scanned-looking PDF pages rendered from a report's text (test and benchmark material for OCR).

    render_scan(text, out_pdf, dpi=300, profile="clean"|"noisy", seed=0)

A4 pages as a scanner gives them: a serif font with Vietnamese letters, the two-column
header (issuer and "Số:" on the left, the national motto and the place-date line on the right), a
red stamp over the signature, and with the noisy profile a slight rotation (±1.5°), blur, speckle
noise and strong JPEG artefacts. Each source line is one paragraph; a blank source line is one
blank line of space, as a word processor lays it out. Deterministic for a given seed.
"""

from __future__ import annotations

import io
import math
import random
import re
from pathlib import Path

FONT_DIRS = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/freefont"]  # full Vietnamese
FONT_FILES = {
    "regular": ["DejaVuSerif.ttf", "FreeSerif.ttf"],
    "bold": ["DejaVuSerif-Bold.ttf", "FreeSerifBold.ttf"],
    "italic": ["DejaVuSerif-Italic.ttf", "FreeSerifItalic.ttf"],
}

A4_MM = (210, 297)
MARGINS_MM = (30, 20, 15, 20)  # left, top, right, bottom (Nghị định 30/2020, Phụ lục I)
FONT_PT = 12  # DejaVu Serif is wider than Times: 12 pt fills a line as Times 13 pt does

_RIGHT_HEADER = re.compile(r"^(CỘNG HÒA|CỘNG HOÀ|Độc lập|[^\n]{0,40}, ngày\b)", re.IGNORECASE)
_TYPE_WORD = re.compile(
    r"^(BÁO CÁO|KẾ HOẠCH|QUYẾT ĐỊNH|CÔNG VĂN|TỜ TRÌNH|THÔNG BÁO|CHỈ THỊ|NGHỊ QUYẾT|HƯỚNG DẪN|CHƯƠNG TRÌNH)\b"
)


def font_path(style: str = "regular") -> str | None:
    for d in FONT_DIRS:
        for f in FONT_FILES[style]:
            p = Path(d) / f
            if p.exists():
                return str(p)
    return None


def _plain(line: str) -> tuple[str, str, bool]:
    """Text without Markdown, its style, and whether it is centred (a heading)."""
    s = line.strip()
    heading = re.match(r"^(#{1,6})\s+", s)
    s = re.sub(r"^#{1,6}\s+", "", s)
    bold = heading is not None or (s.startswith("**") and s.rstrip().endswith("**"))
    italic = not bold and s.startswith("*") and s.endswith("*") and len(s) > 2
    s = s.replace("**", "").replace("__", "")
    s = re.sub(r"(?<![\w*])\*(?!\s)|(?<!\s)\*(?![\w*])", "", s)
    s = re.sub(r"</?(?:u|i|b|em|strong)>", "", s)
    centred = heading is not None and len(heading.group(1)) <= 3
    return s, "bold" if bold else "italic" if italic else "regular", centred


def _segments(text: str) -> list[tuple[str, bool]]:
    """A line split into (text, superscript) runs: <sup>n</sup> and ¹²³ become raised small digits."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for m in re.finditer(r"<sup>(.*?)</sup>", text):
        if m.start() > pos:
            out.append((text[pos : m.start()], False))
        out.append((m.group(1), True))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], False))
    return out


class _Pager:
    def __init__(self, dpi: int):
        from PIL import Image, ImageDraw, ImageFont

        self.Image, self.ImageDraw = Image, ImageDraw
        self.dpi = dpi
        mm = dpi / 25.4
        self.w, self.h = round(A4_MM[0] * mm), round(A4_MM[1] * mm)
        self.left, self.top = round(MARGINS_MM[0] * mm), round(MARGINS_MM[1] * mm)
        self.right, self.bottom = self.w - round(MARGINS_MM[2] * mm), self.h - round(MARGINS_MM[3] * mm)
        px = FONT_PT * dpi / 72
        self.fonts = {s: ImageFont.truetype(font_path(s), round(px)) for s in FONT_FILES}
        self.sup = ImageFont.truetype(font_path("regular"), round(px * 0.6))
        self.pitch = round(px * 1.35)
        self.pages: list = []
        self.new_page()

    def new_page(self) -> None:
        self.img = self.Image.new("RGB", (self.w, self.h), "white")
        self.draw = self.ImageDraw.Draw(self.img)
        self.pages.append(self.img)
        self.y = self.top

    def width(self, s: str, style: str) -> float:
        return self.draw.textlength(s, font=self.fonts[style])

    def blank(self) -> None:
        if self.y > self.top:  # no blank space at the top of a page
            self.y += self.pitch

    def need(self) -> None:
        if self.y + self.pitch > self.bottom:
            self.new_page()

    def put(self, x: float, words: list[tuple[str, bool]], style: str) -> None:
        for s, sup in words:
            if sup:
                self.draw.text((x, self.y - self.pitch * 0.12), s, font=self.sup, fill="black")
                x += self.draw.textlength(s, font=self.sup)
            else:
                self.draw.text((x, self.y), s, font=self.fonts[style], fill="black")
                x += self.width(s, style)

    def paragraph(self, line: str, style: str, centred: bool, indent: float = 0.0) -> None:
        tokens: list[tuple[str, bool]] = []  # words with their superscripts attached
        for s, sup in _segments(line):
            if sup:
                tokens.append((s, True))
                continue
            for k, w in enumerate(re.split(r"(\s+)", s)):
                if w and not w.isspace():
                    tokens.append((w, False))
                elif w and k:
                    tokens.append((" ", False))
        # group into words: a superscript sticks to the word before it
        words: list[list[tuple[str, bool]]] = []
        for t in tokens:
            if t == (" ", False):
                words.append([])
            elif not words:
                words.append([t])
            else:
                words[-1].append(t)
        words = [w for w in words if w]
        sup_w = lambda w: sum(  # noqa: E731
            self.draw.textlength(s, font=self.sup) if sup else self.width(s, style) for s, sup in w
        )
        space = self.width(" ", style)
        avail = self.right - self.left
        i = 0
        first = True
        while i < len(words):
            x0 = indent if first else 0.0
            line_words = [words[i]]
            wsum = sup_w(words[i])
            i += 1
            while i < len(words) and x0 + wsum + space + sup_w(words[i]) <= avail:
                wsum += space + sup_w(words[i])
                line_words.append(words[i])
                i += 1
            self.need()
            x = self.left + x0 + ((avail - x0 - wsum) / 2 if centred else 0)
            flat: list[tuple[str, bool]] = []
            for k, w in enumerate(line_words):
                if k:
                    flat.append((" ", False))
                flat.extend(w)
            self.put(x, flat, style)
            self.y += self.pitch
            first = False

    def header(self, left: list[str], right: list[str]) -> None:
        """Two columns: issuer and number on the left, motto and date on the right; the number and the
        date share the last row."""
        col = (self.right - self.left) * 0.4
        rows_l, rows_r = list(left), list(right)
        # the number and the place-date line sit on the same row, below the names
        n_names = max(sum(1 for s in rows_l if not s.startswith("Số")), sum(1 for s in rows_r if ", ngày" not in s))
        grid_l = [s for s in rows_l if not s.startswith("Số")]
        grid_r = [s for s in rows_r if ", ngày" not in s]
        grid_l += [""] * (n_names - len(grid_l))
        grid_r += [""] * (n_names - len(grid_r))
        last_l = [s for s in rows_l if s.startswith("Số")]
        last_r = [s for s in rows_r if ", ngày" in s]
        rows = list(zip(grid_l, grid_r, strict=True))
        if last_l or last_r:
            if rows:
                rows.append(("", ""))
            rows.append((last_l[0] if last_l else "", last_r[0] if last_r else ""))
        for lt, rt in rows:
            self.need()
            if lt:
                st = "regular" if lt.startswith("Số") else "bold"
                self.put(self.left + (col - self.width(lt, st)) / 2, [(lt, False)], st)
            if rt:
                st = "italic" if ", ngày" in rt else "bold"
                w = self.width(rt, st)
                self.put(self.left + col + (self.right - self.left - col - w) / 2, [(rt, False)], st)
            self.y += self.pitch

    def stamp(self, rng: random.Random, y: float) -> None:
        """A red round seal over the signature, on the last page."""
        r = round(self.dpi * 0.75)
        cx = round(self.left + (self.right - self.left) * 0.68 + rng.uniform(-20, 20))
        cy = round(min(max(y, self.top + r), self.bottom - r))
        layer = self.Image.new("RGBA", (self.w, self.h), (0, 0, 0, 0))
        d = self.ImageDraw.Draw(layer)
        red = (205, 30, 40, 170)
        lw = max(3, self.dpi // 60)
        d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=red, width=lw)
        d.ellipse((cx - r * 0.72, cy - r * 0.72, cx + r * 0.72, cy + r * 0.72), outline=red, width=lw // 2)
        star = [
            (cx + r * 0.3 * (1 if k % 2 == 0 else 0.4) * math.sin(k * math.pi / 5),
             cy - r * 0.3 * (1 if k % 2 == 0 else 0.4) * math.cos(k * math.pi / 5))
            for k in range(10)
        ]
        d.polygon(star, fill=red)
        f = self.sup
        for k, ch in enumerate("ỦY BAN NHÂN DÂN * "):
            a = -math.pi * 0.9 + k * (1.8 * math.pi / 18)
            d.text((cx + r * 0.86 * math.sin(a) - 8, cy - r * 0.86 * math.cos(a) - 8), ch, font=f, fill=red)
        self.img.paste(self.Image.alpha_composite(self.img.convert("RGBA"), layer).convert("RGB"))


def split_header(lines: list[str]) -> tuple[list[str], list[str], int]:
    """The header rows before the document's type word: (left column, right column, lines used)."""
    left, right = [], []
    for k, raw in enumerate(lines[:14]):
        s, _, _ = _plain(raw)
        if _TYPE_WORD.match(s):
            return left, right, k
        if not s:
            continue
        (right if _RIGHT_HEADER.match(s) else left).append(s)
    return [], [], 0


def render_pages(text: str, dpi: int = 300, seed: int = 0) -> list:
    """Clean page images (PIL, RGB) of ``text``."""
    rng = random.Random(seed)
    lines = text.replace("\r\n", "\n").split("\n")
    pg = _Pager(dpi)
    left, right, used = split_header(lines)
    if used:
        pg.header(left, right)
        pg.blank()
    sig_y = None
    for raw in lines[used:]:
        s, style, centred = _plain(raw)
        if not s.strip():
            pg.blank()
            continue
        if re.fullmatch(r"\s*(-{3,}|\*{3,}|_{3,})\s*", s):  # a rule (above the footnotes): a drawn line
            pg.need()
            pg.draw.line((pg.left, pg.y + pg.pitch // 2, pg.left + (pg.right - pg.left) // 3, pg.y + pg.pitch // 2),
                         fill="black", width=max(1, pg.dpi // 150))
            pg.y += pg.pitch
            continue
        if re.match(r"^(TM\.|KT\.|CHỦ TỊCH|PHÓ CHỦ TỊCH|GIÁM ĐỐC)", s) and sig_y is None:
            sig_y = pg.y
        upper = s.isupper() and len(s) < 90
        pg.paragraph(s, style, centred or (upper and not re.match(r"^[IVX]+\.|^\d", s)),
                     indent=0.0 if centred or upper else pg.dpi * 0.4)
    pg.stamp(rng, (sig_y if sig_y is not None else pg.y - 2 * pg.pitch) + pg.pitch * 1.5)
    return pg.pages


def degrade(img, rng: random.Random, dpi: int):
    """The noisy profile: grey, rotated ±1.5°, blurred, speckled, JPEG-compressed."""
    from PIL import Image, ImageFilter

    g = img.convert("L")
    g = g.rotate(rng.uniform(-1.5, 1.5), resample=Image.BICUBIC, expand=False, fillcolor=255)
    g = g.filter(ImageFilter.GaussianBlur(radius=0.5 + dpi / 600))
    px = g.load()
    w, h = g.size
    for _ in range(w * h // 2500):  # speckle: dark and light dots
        x, y = rng.randrange(w), rng.randrange(h)
        v = rng.choice((0, 40, 90, 255))
        for dx in range(rng.randint(1, 2)):
            for dy in range(rng.randint(1, 2)):
                if x + dx < w and y + dy < h:
                    px[x + dx, y + dy] = v
    buf = io.BytesIO()
    g.save(buf, "JPEG", quality=30)
    return Image.open(io.BytesIO(buf.getvalue()))


def render_scan(text: str, out: Path, dpi: int = 300, profile: str = "clean", seed: int = 0,
                max_pages: int | None = None) -> Path:
    """A scanned-looking image-only PDF of ``text`` (JPEG pages at ``dpi``)."""
    from PIL import Image

    rng = random.Random(seed)
    pages = render_pages(text, dpi, seed)[:max_pages]
    out_pages = []
    for p in pages:
        if profile == "noisy":
            out_pages.append(degrade(p, rng, dpi).convert("RGB"))
        else:
            buf = io.BytesIO()
            p.save(buf, "JPEG", quality=85)
            out_pages.append(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))
    out_pages[0].save(out, "PDF", save_all=True, append_images=out_pages[1:], resolution=float(dpi))
    return out


def render_images(text: str, folder: Path, stem: str, dpi: int = 300, seed: int = 0,
                  max_pages: int | None = None) -> dict[str, Path]:
    """The same pages as a PNG (page 1), a JPEG (page 1) and a multi-page TIFF."""
    pages = render_pages(text, dpi, seed)[:max_pages]
    out = {"png": folder / f"{stem}.png", "jpg": folder / f"{stem}.jpg", "tif": folder / f"{stem}.tif"}
    pages[0].save(out["png"], dpi=(dpi, dpi))
    pages[0].save(out["jpg"], quality=90, dpi=(dpi, dpi))
    pages[0].convert("L").save(out["tif"], save_all=True, append_images=[p.convert("L") for p in pages[1:]],
                               dpi=(dpi, dpi), compression="tiff_deflate")
    return out
