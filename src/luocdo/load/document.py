"""What a loader returns: the text luocdo reads, and where each part of it sits in the original file."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field


@dataclass
class LoadedDocument:
    """Text of one file and a position map back into it.

    Mention offsets point into ``text`` (for a plain-text file: into the file's own text). For Word
    and PDF files, ``position(offset)`` names the place a reader finds in the original: "page 3,
    line 12", "paragraph 41", "table 1, row 2, cell 2", "footnote 3".
    """

    text: str
    format: str  # text | docx | doc | pdf | rtf | image
    encoding: str | None = None  # utf-8, utf-16, tcvn3, vni, …
    notes: list[str] = field(default_factory=list)
    # problems the user should hear of although the file was read (a truncated RTF): a warning line each
    warnings: list[str] = field(default_factory=list)
    # segments: text[_starts[k]:] belongs to the part labelled _labels[k]
    _starts: list[int] = field(default_factory=list)
    _labels: list[str] = field(default_factory=list)
    _line_starts: list[int] | None = None
    # text read by OCR: (start, end, confidence 0..1, letter read for a digit or
    # the other of two OCR readings) per word, sorted
    ocr_words: list[tuple[int, int, float, bool | str]] = field(default_factory=list)  # load.ocr.Span

    @property
    def has_positions(self) -> bool:
        return bool(self._starts)

    def position(self, offset: int) -> str | None:
        """Where ``offset`` of ``text`` sits in the original file (None for plain text: the line says it)."""
        k = bisect_right(self._starts, offset) - 1
        if k < 0:
            return None
        seg = self._starts[k]
        label = self._labels[k]
        if self._line_starts is None:
            self._line_starts = [i + 1 for i, c in enumerate(self.text) if c == "\n"]
        # line within the segment: newlines between its start and the offset
        first = bisect_right(self._line_starts, seg)
        here = bisect_right(self._line_starts, offset)
        end = self._starts[k + 1] if k + 1 < len(self._starts) else len(self.text)
        while end > seg + 1 and self.text[end - 1] == "\n":  # trailing blank lines are no lines of their own
            end -= 1
        lines_in_seg = bisect_right(self._line_starts, max(seg, end - 1)) - first + 1
        if lines_in_seg > 1:
            return f"{label}, line {here - first + 1}"
        return label


class Builder:
    """Collects text part by part, each with its label, for a LoadedDocument."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.starts: list[int] = []
        self.labels: list[str] = []
        self.size = 0

    def add(self, text: str, label: str | None = None) -> None:
        """Append ``text``; with a label it starts a new located part."""
        if label is not None:
            self.starts.append(self.size)
            self.labels.append(label)
        self.parts.append(text)
        self.size += len(text)

    def build(self, fmt: str, encoding: str | None = None, notes: list[str] | None = None) -> LoadedDocument:
        return LoadedDocument(
            "".join(self.parts), fmt, encoding, notes or [], _starts=self.starts, _labels=self.labels
        )


def from_parts(
    parts: list[tuple[str | None, str]], fmt: str, notes: list[str] | None = None
) -> LoadedDocument:
    """A document from its located parts ``(label, text)``, legacy-encoded text converted part by part
    (so the position map stays true)."""
    from luocdo.load.legacy_fonts import NAMES, detect, fix_text

    notes = list(notes or [])
    enc = detect("\n".join(t for _, t in parts))
    b = Builder()
    for label, text in parts:
        b.add(fix_text(text, enc)[0] if enc else text, label)
    if enc:
        notes.append(f"converted from the legacy {NAMES[enc]} encoding")
    return b.build(fmt, enc, notes)
