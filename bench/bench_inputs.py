"""Reading every input format: speed per format, legacy similarity, recall on broken-font PDFs.

    python bench/bench_inputs.py [--shared ../shared] [--repeat 5]

Fixtures are built in a temporary folder from ../shared/corpus (Word, PDF, RTF, TCVN3/VNI text) and
../shared/corpus-legacy (real .doc files); nothing is written into the project. Prints the tables of
docs/inputs.md.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from luocdo.degrade import VIETNAMESE_DIACRITIC_LETTERS, glyph_fate  # noqa: E402
from luocdo.load import read_document  # noqa: E402
from luocdo.pipeline import extract_document, extract_text  # noqa: E402
from make_documents import (  # noqa: E402
    break_pdf_fonts,
    char_similarity,
    legacy_encode,
    make_docx,
    make_pdf,
    make_rtf,
    unicode_font,
)


def timed(files: list[Path], repeat: int) -> tuple[float, float]:
    """Best-of-`repeat` seconds to load all files, and to load and extract them."""
    load, full = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        docs = [read_document(f) for f in files]
        t1 = time.perf_counter()
        for f, d in zip(files, docs, strict=True):
            extract_document(d, str(f))
        t2 = time.perf_counter()
        load.append(t1 - t0)
        full.append(t2 - t0)
    return min(load), min(full)


def numbered(ms) -> Counter:
    return Counter((m.number, m.symbol) for m in ms if m.number)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    corpus = sorted((a.shared / "corpus").glob("*.txt"))
    legacy = sorted((a.shared / "corpus-legacy").glob("*.doc"))
    font = unicode_font()
    tmp = Path(tempfile.mkdtemp(prefix="luocdo-inputs-"))
    sets: dict[str, list[Path]] = {k: [] for k in ("txt", "docx", "pdf", "rtf", "txt-tcvn3", "txt-vni")}
    for src in corpus:
        text = src.read_text("utf-8")
        sets["txt"].append(src)
        sets["docx"].append(make_docx(text, tmp / f"{src.stem}.docx"))
        if font:
            sets["pdf"].append(make_pdf(text, tmp / f"{src.stem}.pdf", font))
        sets["rtf"].append(make_rtf(text, tmp / f"{src.stem}.rtf"))
        for enc in ("tcvn3", "vni"):
            p = tmp / f"{src.stem}.{enc}.txt"
            p.write_bytes(legacy_encode(text, enc).encode("cp1252", errors="replace"))
            sets[f"txt-{enc}"].append(p)
    sets["doc (legacy, real)"] = legacy

    print("| format | files | MB | load files/s | load MB/s | load+extract files/s | load+extract MB/s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, files in sets.items():
        if not files:
            continue
        mb = sum(f.stat().st_size for f in files) / 2**20
        tl, tf = timed(files, a.repeat)
        n = len(files)
        print(f"| {name} | {n} | {mb:.2f} | {n / tl:.1f} | {mb / tl:.2f} | {n / tf:.1f} | {mb / tf:.2f} |")

    print(
        "\n| legacy file | encoding found | similarity to transcript | citations (file / transcript) | same citations |"
    )
    print("|---|---|---:|---:|---|")
    for f in legacy:
        tr = f.with_name(f.stem + ".transcript.txt").read_text("utf-8")
        d = read_document(f)
        got, want = extract_document(d, str(f)).mentions, extract_text(tr).mentions
        sig = lambda ms: Counter((m.type, m.number, m.year, m.symbol, m.date, m.issuer, m.name) for m in ms)  # noqa: E731
        print(
            f"| {f.name} | {d.encoding} | {char_similarity(d.text, tr):.4f} | {len(got)} / {len(want)} |"
            f" {'yes' if sig(got) == sig(want) else 'no'} |"
        )

    if font:
        print(
            "\n| broken-font PDF | glyph mappings removed | chars unmapped | numbered citations recalled |"
            " with type too | report number & date kept |"
        )
        print("|---|---:|---:|---:|---:|---|")
        cases = {
            "all diacritic letters lost": lambda c: c in VIETNAMESE_DIACRITIC_LETTERS,
            "60% of diacritic glyphs, 3% others (seed 1)": lambda c: glyph_fate(c, seed=1) is not None,
        }
        for label, lose in cases.items():
            rec, rec_t, total, removed, unmapped, kept = 0, 0, 0, 0, 0, 0
            for src in corpus:
                text = src.read_text("utf-8")
                ref = extract_text(text)
                clean = tmp / f"{src.stem}.pdf"
                broken = tmp / f"{src.stem}.broken.pdf"
                removed += break_pdf_fonts(clean, broken, lose)
                d = read_document(broken)
                unmapped += sum(int(n.split()[0]) for n in d.notes if "without a Unicode mapping" in n)
                ex = extract_document(d, str(broken))
                w, g = numbered(ref.mentions), numbered(ex.mentions)
                rec += sum((w & g).values())
                total += sum(w.values())
                wt = Counter((m.type, m.number, m.symbol) for m in ref.mentions if m.number)
                gt = Counter((m.type, m.number, m.symbol) for m in ex.mentions if m.number)
                rec_t += sum((wt & gt).values())
                kept += (ex.document.number, ex.document.date) == (ref.document.number, ref.document.date)
            print(
                f"| {label} | {removed} | {unmapped} | {rec}/{total} = {rec / total:.3f} |"
                f" {rec_t / total:.3f} | {kept}/{len(corpus)} |"
            )
    print(f"\n(python {sys.version.split()[0]}, best of {a.repeat}; fixtures in {tmp})")


if __name__ == "__main__":
    main()
