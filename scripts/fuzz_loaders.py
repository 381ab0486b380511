"""Coverage-guided fuzzing of the loaders and the extractor with atheris (pip install atheris).

    python scripts/fuzz_loaders.py -runs=100000 -max_len=65536 [corpus_dir]

Every input must give a document or a LoadError: any other exception, a crash or a hang is a bug.
It runs the format readers below load_bytes' catch-all, so every unplanned exception shows.
The seed corpus is built in memory from a small report in each format.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from luocdo.load import LoadError, _load, sniff
    from luocdo.pipeline import extract_text

GOOD = "Số: 5/BC-UBND\n\nThực hiện Chỉ thị số 26/CT-TTg ngày 05/9/2016 của Thủ tướng Chính phủ.\n"


def seeds() -> list[bytes]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from make_documents import legacy_encode, make_docx, make_pdf, make_rtf, unicode_font

    out = [GOOD.encode(), legacy_encode(GOOD, "tcvn3").encode("cp1252"), legacy_encode(GOOD, "vni").encode("cp1252")]
    with tempfile.TemporaryDirectory() as d:
        out.append(make_docx(GOOD, Path(d) / "a.docx").read_bytes())
        out.append(make_rtf(GOOD, Path(d) / "a.rtf").read_bytes())
        if unicode_font():
            out.append(make_pdf(GOOD, Path(d) / "a.pdf", unicode_font()).read_bytes())
    return out


def one(data: bytes) -> None:
    # the format readers themselves, below load_bytes' catch-all: an exception other than LoadError
    # is a bug to fix (users would see a "damaged file" line for it, never a traceback)
    try:
        doc = _load(data, sniff(data), "fuzz")
    except LoadError:
        return
    extract_text(doc.text, "fuzz")


def main() -> None:
    args = list(sys.argv)
    if not any(not a.startswith("-") for a in args[1:]):  # no corpus dir given: write the seeds to one
        d = tempfile.mkdtemp(prefix="luocdo-fuzz-")
        for i, s in enumerate(seeds()):
            Path(d, f"seed{i}").write_bytes(s)
        args.append(d)
    atheris.Setup(args, one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
