"""The evidence sentences of one report: what the store keeps for each citation and each relation.

Computed from the report's text where the text is (in an extraction worker when ingest runs several),
so that the single writer receives short sentences instead of scanning texts itself.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex

from luocdo.lines import line_end, line_start
from luocdo.load.normalize import unwrap
from luocdo.store.compressed import SQL_FOLDED_HAS, SQL_FUNCTION

if TYPE_CHECKING:
    from luocdo.model import Extraction

_SENT_END = regex.compile(r"(?<=[.;!?])[ ]+(?=[\p{Lu}\"“(<\-+])")
# _SENT_END's matches as group 1 of a scan that starts on the mark: the same spans, found 2.4x faster
# over a whole text (a scan that opens with a lookbehind tries every position). The mark is never
# inside an earlier match (those are blanks before a capital or quote), so no match is lost.
_SENT_END_SCAN = regex.compile(r"[.;!?]([ ]+)(?=[\p{Lu}\"“(<\-+])")


def sentence_around(text: str, start: int, end: int, limit: int = 400) -> str:
    """The sentence of the original text that holds [start, end): evidence users can read."""
    # a sentence is read at most 10 × limit around the citation: a one-line text of megabytes must
    # not be copied and scanned once per citation
    ls = max(line_start(text, start), start - 10 * limit)
    le = min(line_end(text, end), end + 10 * limit)
    line = text[ls:le]
    a, b = start - ls, end - ls
    s0 = 0
    for m in _SENT_END.finditer(line, 0, a):
        s0 = m.end()
    m = _SENT_END.search(line, b)
    s1 = m.start() if m else len(line)
    return _cut(line, s0, s1, a, limit)


def _cut(line: str, s0: int, s1: int, a: int, limit: int) -> str:
    sent = line[s0:s1].strip()
    if len(sent) > limit:
        lo = max(0, a - s0 - limit // 2)
        sent = ("… " if lo else "") + sent[lo : lo + limit].strip() + " …"
    return sent


class _Sentences:
    """sentence_around for the many citations of one text, the same answers: each line is cut out and
    scanned for sentence ends once, not once per citation in it (the finditer up to each citation was a
    seventh of an ingest worker's time on the synthetic corpus). The ends found before a citation on the
    whole line are those the scan stopped at the citation finds (a sentence end needs the capital after
    it), and the first found at or after its end is what search from there finds."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines: dict[tuple[int, int], tuple[str, list[int], list[int]]] = {}
        # the last line found whole (one line, not cut to 10 × limit): (start, end, text, starts, ends).
        # A span inside it has that line as its own (it holds no line break), and no cut applies while
        # the line is at most 10 × limit long: the next citations of the line skip line_start, line_end
        self.last: tuple[int, int, str, list[int], list[int]] | None = None
        # the sentences that needed no cut, by their bounds in the text: one string for the citations
        # of one sentence (its hash computed once when it is numbered)
        self.sentences: dict[tuple[int, int], str] = {}

    def __call__(self, start: int, end: int, limit: int = 400) -> str:
        last = self.last
        if (
            last is not None
            and last[0] <= start <= last[1]
            and last[0] <= end <= last[1]
            and last[1] - last[0] <= 10 * limit
        ):
            ls, _, line, starts, ends = last
        else:
            text = self.text
            l0, l1 = line_start(text, start), line_end(text, end)
            ls = max(l0, start - 10 * limit)
            le = min(l1, end + 10 * limit)
            held = self.lines.get((ls, le))
            if held is None:
                line = text[ls:le]
                starts = []
                ends = []
                for m in _SENT_END_SCAN.finditer(line):
                    starts.append(m.start(1))
                    ends.append(m.end())
                held = self.lines[ls, le] = (line, starts, ends)
            line, starts, ends = held
            if ls == l0 and le == l1 and "\n" not in line:  # a span across lines has them all
                self.last = (ls, le, line, starts, ends)
        a, b = start - ls, end - ls
        k = bisect_left(ends, a)  # the sentence ends before a
        s0 = ends[k - 1] if k else 0
        k = bisect_left(starts, b)
        s1 = starts[k] if k < len(starts) else len(line)
        if s1 - s0 > limit:
            return _cut(line, s0, s1, a, limit)
        sent = self.sentences.get((ls + s0, ls + s1))
        if sent is None:
            sent = self.sentences[ls + s0, ls + s1] = line[s0:s1].strip()
        return sent


@dataclass(slots=True)
class Evidence:
    """The distinct sentences of one report, in the order first used (sentence number n is
    ``sentences[n - 1]``: the store's sentences table), the number of each mention's sentence, and the
    number of each relation's, in the order of ex.relations. A plain structure of strings and numbers:
    what an extraction worker sends the writer, each sentence once."""

    sentences: list[str]
    mentions: dict[str, int]
    relations: list[int]


def evidence_of(text: str, ex: Extraction) -> Evidence:
    if ex.wrapped:  # evidence sentences of a hard-wrapped text run across its lines (same offsets)
        text = unwrap(text.replace("\r", " "), force=True) or text
    around = _Sentences(text)
    sentences: list[str] = []
    number: dict[str, int] = {}  # a sentence's number: each distinct sentence once, in the order first used
    mentions: dict[str, int] = {}
    span: dict[str, tuple[int, int]] = {}
    for m in ex.mentions:
        start, end = m.start, m.end
        sentence = around(start, end)
        n = number.get(sentence)
        if n is None:
            sentences.append(sentence)
            n = number[sentence] = len(sentences)
        mentions[m.id] = n
        span[m.id] = start, end
    relations = []
    for r in ex.relations:
        (s1, e1), (s2, e2) = span[r.from_id], span[r.to_id]
        sentence = around(min(s1, s2), max(e1, e2), limit=600)
        n = number.get(sentence)
        if n is None:
            sentences.append(sentence)
            n = number[sentence] = len(sentences)
        relations.append(n)
    return Evidence(sentences, mentions, relations)


def sentence_sql(row: str) -> str:
    """SQL for the evidence sentence of a row of mentions, relations or edges named ``row`` in a query
    (schema 8 keeps each sentence once, in the sentences table; schema 9 compressed: the connection
    registers luocdo.store.compressed.register)."""
    return f"(SELECT {text_sql('s')} FROM sentences s WHERE s.file_id = {row}.file_id AND s.n = {row}.sentence_no)"


def text_sql(sentence: str) -> str:
    """SQL for the text of a row of the sentences table named ``sentence`` in a query."""
    return f"{SQL_FUNCTION}({sentence}.z)"


def folded_has_sql(sentence: str, needle: str) -> str:
    """SQL: the casefolded text of the row of sentences named ``sentence`` holds ``needle`` (an SQL
    expression of casefolded words)."""
    return f"{SQL_FOLDED_HAS}({sentence}.z, {needle})"


def surface_at(surface: str, sentence: str | None) -> int | None:
    """Where ``sentence`` holds a citation's text verbatim (characters from 0), else None: the store then
    keeps the text itself (schema 10, mentions.surface_own). Where either holds a NUL the text is kept:
    SQLite's substr and length stop at it."""
    if sentence is None or "\x00" in surface or "\x00" in sentence:
        return None
    at = sentence.find(surface)
    return at if at >= 0 else None


def surface_sql(row: str) -> str:
    """SQL for a citation's text as written, of a row of mentions named ``row`` in a query (schema 10:
    an offset into its evidence sentence, the text itself only where the sentence does not hold it)."""
    return surface_from_sql(row, sentence_sql(row))


def surface_from_sql(row: str, sentence: str) -> str:
    """surface_sql where the query already has the row's sentence text as the SQL expression ``sentence``."""
    return f"coalesce({row}.surface_own, substr({sentence}, {row}.surface_at + 1, {row}.surface_len))"
