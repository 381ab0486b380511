"""Vietnamese typed without diacritics, read as if it had them.

"Quyet dinh so 1847/QD-TTg ngay 27/12/2018 cua Thu tuong Chinh phu" must give the same mention (type,
symbol, date, issuer, key) as the accented sentence. Removing Vietnamese diacritics maps each NFC
character to exactly one character, so known words and phrases can be given back their accents in
place without moving any offset: the extractor then reads the restored copy while surfaces still come
from the original.

Only lines (paragraphs) with no letter outside ASCII whose words look Vietnamese are touched (a
document with diacritics keeps every character); the check is a few C-level string calls per line.
The phrase table comes from the project's data (type words, bodies, places, relation cues, symbol
codes, law names of the catalog) and data/accents.yaml.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

import regex

from luocdo.extract.grammar import parse_yaml
from luocdo.lines import line_start
from luocdo.load.normalize import NormalizedText


def _data(name: str):
    text = resources.files("luocdo.data").joinpath(name).read_text(encoding="utf-8")
    return json.loads(text) if name.endswith(".json") else parse_yaml(text)


@cache
def _strip_char(c: str) -> str:
    if c in "đĐ":
        return "d" if c == "đ" else "D"
    d = unicodedata.normalize("NFD", c)
    base = "".join(ch for ch in d if not unicodedata.combining(ch))
    return base if len(base) == 1 else c


def strip_accents(s: str) -> str:
    """s without Vietnamese diacritics, one character for one (NFC input)."""
    return "".join(_strip_char(c) if not c.isascii() else c for c in s)


_WORD = regex.compile(r"[A-Za-z]+")
_LETTERS = regex.compile(r"\p{L}+")
_LOOKAROUND = regex.compile(r"\(\?<?[!=][^()]*\)")
_GAP_OK = regex.compile(r"[ ]*[,–-]?[ ]*|[ ]*\n[ ]*")


def _gap_key(gap: str) -> str | None:
    """How the gap between two words is spelled in a phrase key: ' ', ', ' or ' - '."""
    if gap == " ":
        return " "
    if not _GAP_OK.fullmatch(gap):
        return None
    core = gap.strip(" ")
    if not core or core == "\n":  # a line break: in a hard-wrapped text or a table cell
        return " " if gap else None
    if core == ",":
        return ", " if gap.endswith(" ") else None
    return " - "


def _phrase_key(phrase: str) -> str | None:
    """Lower-case key of an accented phrase (words joined as _gap_key joins them)."""
    words = list(_LETTERS.finditer(phrase))
    if not words:
        return None
    out = words[0].group()
    for a, b in zip(words, words[1:], strict=False):
        g = _gap_key(phrase[a.end() : b.start()])
        if g is None:
            return None
        out += g + b.group()
    return out.lower()


def _literal_phrases(pattern: str) -> list[str]:
    """Runs of words in a regular expression of the data files ('thực hiện|cụ thể hóa' -> both)."""
    pattern = _LOOKAROUND.sub(" ", pattern)
    out = []
    for alt in regex.split(r"[|()?\[\]\\+*{}^$]", pattern):
        for run in regex.findall(r"\p{L}+(?:(?:[ ]|,[ ]|[ ]?[-–][ ]?)\p{L}+)*", alt):
            out.append(run)
    return out


@cache
def _quick() -> tuple[str, ...]:
    return tuple(_data("accents.yaml")["quick_check"])


@dataclass(frozen=True)
class _Tables:
    phrases: dict[str, tuple[str, ...]]  # unaccented lower-case key -> its accented words (lower case)
    proper: frozenset[str]  # keys restored only when written with a capital (place names)
    max_words: int
    codes: dict[str, str]  # unaccented code (as written, upper-case letters) -> accented code
    standalone: dict[str, str]
    # a code whose unaccented spelling is another code (DA: Dự án, ĐA: Đề án) -> (type word, code)
    by_type_word: dict[str, list[tuple[str, str]]]
    context: list[tuple[str, str, regex.Pattern, regex.Pattern | None]]  # (key, accented, before, after)
    markers: frozenset[str]
    quick: tuple[str, ...]  # strings a text typed without diacritics nearly always holds
    hints: tuple[str, ...]  # strings that say a text without accented letters is Vietnamese
    min_markers: int
    min_share: float


@cache
def _tables() -> _Tables:
    a = _data("accents.yaml")
    forms = _data("citation_forms.yaml")
    bodies = _data("bodies.yaml")
    cues = _data("relation_cues.yaml")
    provinces = _data("provinces.yaml")
    districts = _data("districts.json")

    phrases: dict[str, tuple[str, ...]] = {}
    proper: set[str] = set()

    def add(phrase: str, *, is_proper: bool = False) -> None:
        key = _phrase_key(phrase)
        if key is None:
            return
        plain = strip_accents(key)
        if plain == key or len(plain) != len(key) or not plain.isascii():
            return
        if plain in phrases:  # the first spelling wins (the data files list the usual one first)
            return
        phrases[plain] = tuple(_LETTERS.findall(key))
        if is_proper:
            proper.add(plain)

    for p in a.get("capitalised_phrases") or []:
        add(p, is_proper=True)
    for p in a["phrases"]:
        add(p)
    for words in forms["type_words"].values():
        for w in words:
            add(w)
    for v in forms["central_issuers"].values():
        add(v)
    for name in forms.get("law_names_with_commas") or []:
        add(name)
        add("Luật " + name)
    for t in bodies["person_titles"]:
        add(t)
    for pat, canon in bodies["central"]:
        add(canon.replace("{term}", ""))
        for run in _literal_phrases(pat):
            add(run)
    for m in bodies["ministries"]:
        add(m)
        add("Bộ " + m)
    for d in bodies["departments"]:
        add(d)
        add("Sở " + d)
    for section in ("report", "between", "between_reverse", "issuing_connectors"):
        for pat in (cues.get(section) or {}).values():
            for run in _literal_phrases(pat):
                if " " in run:  # single cue words ("theo", "ký") are too ambiguous unaccented
                    add(run)
    units = list(bodies["units"])
    places = (
        set(provinces["provinces"])
        | set(provinces.get("aliases") or {})
        | {n for rows in districts["provinces"].values() for _, n in rows}
    )
    for place in sorted(places):
        add(place, is_proper=True)
        for u in units:
            add(f"{u} {place}")
    for u in units:
        for body in ("Ủy ban nhân dân", "UBND", "Hội đồng nhân dân", "HĐND"):
            add(f"{body} {u}")

    codes: dict[str, str] = {}
    known = (
        set(forms["symbol_types"])
        | set(forms["central_issuers"])
        | set(forms["local_issuers"])
        | set(forms["damaged_symbol_repairs"].values())
        | set(forms["type_word_abbreviations"])
        | set(a["symbol_codes"])
    )
    for code in known:
        plain = strip_accents(code)
        if plain != code and plain not in known:
            codes.setdefault(plain, code)
    standalone = {strip_accents(c): c for c in a["standalone_codes"]}
    by_type_word: dict[str, list[tuple[str, str]]] = {}
    for code, type_ in forms["symbol_types"].items():
        plain = strip_accents(code)
        if plain != code and plain in known:
            for w in forms["type_words"].get(type_, []):
                if " " in w:
                    by_type_word.setdefault(plain, []).append((strip_accents(w), code))

    context = []
    for rule in a["in_context"]:
        before = regex.compile(rule["before"], regex.I)
        after = regex.compile(rf"(?:{rule['after']})$") if rule.get("after") else None
        context.append((strip_accents(rule["word"]), rule["word"], before, after))

    return _Tables(
        phrases=phrases,
        proper=frozenset(proper),
        max_words=max(k.count(" ") + 1 for k in phrases),
        codes=codes,
        standalone=standalone,
        by_type_word=by_type_word,
        context=context,
        markers=frozenset(a["markers"]),
        quick=_quick(),
        hints=tuple(a["hints"]),
        min_markers=a["min_markers"],
        min_share=a["min_marker_share"],
    )


def _looks_unaccented(line: str, tables: _Tables, *, whole: bool = False) -> bool:
    """Enough of the words are unaccented Vietnamese words. ``whole``: the text has no accented letter
    anywhere (one marker word or one quick-check string is enough; English text has neither)."""
    if whole and any(w in line for w in tables.hints):
        return True
    words = _WORD.findall(line)
    need = 1 if whole else tables.min_markers
    if len(words) < need:
        return False
    hits = sum(w.lower() in tables.markers for w in words)
    return hits >= need and hits >= tables.min_share * len(words)


# Any letter with a diacritic (Latin-1 Supplement to Latin Extended Additional): a line holding one
# was typed with diacritics and is never touched.
_ACCENTED = regex.compile(r"[\u00c0-\u1ef9]")


def unaccented_spans(lines_text: str) -> list[tuple[int, int]]:
    """[start, end) of the runs of lines typed without diacritics (no accented letter, Vietnamese
    words). A text with no accented letter at all whose words look Vietnamese is one run (headers
    and short lines included)."""
    if not _ACCENTED.search(lines_text):  # found within the first words of any text typed with diacritics
        tables = _tables()
        return [(0, len(lines_text))] if _looks_unaccented(lines_text, tables, whole=True) else []
    quick = [w for w in _quick() if w in lines_text]
    if not quick:
        return []  # no common unaccented word at all (nearly every text): a few C-level scans
    tables = _tables()
    # only the lines holding a quick-check word are looked at
    starts = set()
    for w in quick:
        i = lines_text.find(w)
        while i >= 0:
            starts.add(line_start(lines_text, i))
            i = lines_text.find(w, i + 1)
    spans: list[tuple[int, int]] = []
    for ls in sorted(starts):
        le = lines_text.find("\n", ls)
        le = len(lines_text) if le < 0 else le
        line = lines_text[ls:le]
        if le - ls > 8 and not _ACCENTED.search(line) and _looks_unaccented(line, tables):
            _extend(spans, ls, le)
    return spans


def _extend(spans: list[tuple[int, int]], a: int, b: int) -> None:
    if spans and spans[-1][1] + 1 >= a:
        spans[-1] = (spans[-1][0], b)
    else:
        spans.append((a, b))


def _with_case(written: str, accented: str) -> str:
    """accented (lower case) spelled with the case of each letter as written."""
    return "".join(acc.upper() if w.isupper() else acc for w, acc in zip(written, accented, strict=True))


_SYMBOL = regex.compile(
    r"(?<![A-Za-z0-9])[0-9]{1,5}[a-z]?[ ]?[/-][ ]?(?:(?:19|20)[0-9]{2}[ ]?[/-][ ]?)?"
    r"(?P<sym>[A-Z][A-Za-z0-9.&]*(?:[ ]?[-/][ ]?[A-Z][A-Za-z0-9.&]*)*)"
)
_SEGMENT = regex.compile(r"[A-Za-z]+")


def restore(text: str, spans: list[tuple[int, int]] | None = None) -> list[tuple[int, str]]:
    """(offset, accented characters) to write over text: in spans (all of text when None)."""
    tables = _tables()
    edits: list[tuple[int, str]] = []
    for a, b in spans if spans is not None else [(0, len(text))]:
        _restore_span(text, a, b, tables, edits)
    return edits


def _restore_span(text: str, a: int, b: int, tables: _Tables, edits: list[tuple[int, str]]) -> None:
    symbols = list(_SYMBOL.finditer(text, a, b))
    in_symbol = {i for m in symbols for i in range(m.start("sym"), m.end("sym"))}
    words = [w for w in _WORD.finditer(text, a, b) if w.start() not in in_symbol]
    lowered = [w.group().lower() for w in words]
    done_until = -1
    phrases, max_words = tables.phrases, tables.max_words
    for i, w in enumerate(words):
        if w.start() < done_until:
            continue
        key = lowered[i]
        best = None
        if key in phrases:
            best = (i, key)
        for j in range(i + 1, min(i + max_words, len(words))):
            g = _gap_key(text[words[j - 1].end() : words[j].start()])
            if g is None:
                break
            key += g + lowered[j]
            if key in phrases:
                best = (j, key)
        if best is not None:
            j, key = best
            if key in tables.proper and not w.group()[0].isupper():
                best = None
            else:
                for k, acc in zip(range(i, j + 1), phrases[key], strict=True):
                    if acc != lowered[k]:
                        edits.append((words[k].start(), _with_case(words[k].group(), acc)))
                done_until = words[j].end()
                continue
        for plain, accented, before, after in tables.context:
            if (
                lowered[i] == plain
                and before.match(text, w.end())
                and (after is None or after.search(text[max(a, w.start() - 30) : w.start()]))
            ):
                edits.append((w.start(), _with_case(w.group(), accented)))
                break
        else:
            code = tables.standalone.get(w.group())
            if code is not None:
                edits.append((w.start(), code))
    for m in symbols:
        for s in _SEGMENT.finditer(m.group("sym")):
            code = tables.codes.get(s.group())
            if code is None and s.group() in tables.by_type_word:
                # "De an so 05-DA/TU": DA is a code of its own (Dự án); the type word says which
                before = strip_accents(text[max(a, m.start() - 24) : m.start()]).lower()
                code = next(
                    (c for w, c in tables.by_type_word[s.group()] if before.rstrip(" :so").endswith(w)), None
                )
            if code is not None:
                edits.append((m.start("sym") + s.start(), code))
    for m in regex.finditer(r"(?<![A-Za-z])([A-Z]{2,3})[ ]+(?i:so)[ ]*:?[ ]*[0-9]", text[a:b]):
        code = tables.codes.get(m.group(1))
        if code is not None:
            edits.append((a + m.start(1), code))


def apply(s: str, edits: list[tuple[int, str]]) -> str:
    """s with each edit written over it (words only: the edits never cover a space or line break)."""
    if not edits:
        return s
    parts, pos = [], 0
    for off, new in sorted(edits):
        if off < pos or not s[off : off + len(new)].isalpha():
            continue
        parts.append(s[pos:off])
        parts.append(new)
        pos = off + len(new)
    parts.append(s[pos:])
    out = "".join(parts)
    assert len(out) == len(s)
    return out


def restore_accents(nt: NormalizedText) -> NormalizedText:
    """nt with the lines typed without diacritics given their accents back (in place; same offsets)."""
    spans = unaccented_spans(nt.lines_text)
    if not spans:
        return nt
    edits = restore(nt.text, spans)
    if edits:
        nt.text = apply(nt.text, edits)
        if nt.lined is not None:
            nt.lined = apply(nt.lined, edits)
    return nt
