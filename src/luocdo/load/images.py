"""Scanned pages given as images (PNG, JPEG, TIFF, multi-page TIFF): read by OCR (luocdo.load.ocr)."""

from __future__ import annotations

import io

from luocdo.load.document import LoadedDocument, from_parts
from luocdo.load.reader import LoadError


def read_image(data: bytes) -> LoadedDocument:
    from luocdo.load import ocr

    kind = "PNG" if data.startswith(b"\x89PNG") else "JPEG" if data.startswith(b"\xff\xd8") else "TIFF"
    if ocr.mode() == "never":
        raise LoadError(f"a {kind} image, not a document (a scan: OCR is off, --ocr never)")
    why = ocr.unavailable()
    if why:
        raise LoadError(f"a {kind} image (a scan): {why}")
    from PIL import Image, ImageSequence

    try:
        img = Image.open(io.BytesIO(data))
        n = getattr(img, "n_frames", 1)
    except Exception as e:
        raise LoadError(f"a damaged {kind} image ({e.__class__.__name__})") from None

    def frames():
        for fr in ImageSequence.Iterator(img):
            yield _upscaled(fr.copy())

    return ocr_document(ocr.ocr_pages(frames(), n), n, "image", [])


def _upscaled(img):
    """Small images (a scan at 150 dpi or less) are enlarged: Tesseract reads letters ~30 px high best."""
    from PIL import Image

    dpi = img.info.get("dpi", (0, 0))[0] or 0
    if img.mode not in ("L", "RGB"):
        img = img.convert("RGB")
    if dpi and dpi < 200 or (not dpi and img.width < 1300):
        f = 2 if not dpi else min(3.0, 300 / dpi)
        img = img.resize((round(img.width * f), round(img.height * f)), Image.LANCZOS)
    return img


def ocr_document(pages, n: int, fmt: str, notes: list[str]) -> LoadedDocument:
    """A document from OCR pages, each part labelled "page k, OCR"."""
    from luocdo.load.ocr import page_breaks, page_builder

    pages = list(pages)
    breaks = [""] + page_breaks(pages)
    parts: list[tuple[str | None, str]] = []
    spans: list[tuple[int, int, float, bool | str]] = []
    pos = 0
    confs = []
    prev = None
    for k, page in enumerate(pages, 1):
        pp, sp = page_builder(f"page {k}, OCR" if n > 1 else "OCR", page)
        if prev is not None and parts:  # a paragraph going on, or a paragraph break
            parts[-1] = (parts[-1][0], parts[-1][1].rstrip("\n") + breaks[k - 1])
            pos = sum(len(t) for _, t in parts)
        prev = page
        spans.extend((pos + a, pos + b, c, f) for a, b, c, f in sp)
        pos += sum(len(t) for _, t in pp)
        parts.extend(pp)
        if page.confidence is not None:
            confs.append(page.confidence)
    if not any(t.strip() for _, t in parts):
        raise LoadError("no text found by OCR (an empty or unreadable scan)")
    if confs:
        notes = [*notes, f"read by OCR ({n} page(s), mean word confidence {sum(confs) / len(confs):.2f})"]
    doc = from_parts(parts, fmt, notes)
    if len(doc.text) == pos:
        doc.ocr_words = spans
    return doc
