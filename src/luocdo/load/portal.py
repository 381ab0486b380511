"""Pages saved from legal portals: the document inside the page, and the page's metadata table.

A page saved from a legal portal holds, before the document, a metadata table (Số hiệu, Loại văn bản,
Nơi ban hành, Người ký, Ngày ban hành, …) and sometimes the site's own summary; after it, the site's
caption of the document, related-document sidebars, an English translation and notices (one of them
cites Nghị định 13/2023/NĐ-CP). None of that is the document's text. The page is recognised by its
markers (``data/portal_pages.yaml``), never by file name; everything outside the document is blanked
one character for one (line breaks kept), so offsets and line numbers do not move.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import regex

from luocdo.extract.grammar import alternation, grammar, load_data
from luocdo.lines import line_end, line_start


@dataclass(frozen=True)
class _Rules:
    labels: list[tuple[str, regex.Pattern]]
    label_any: regex.Pattern
    min_labels: int
    search_lines: int
    blank_values: frozenset[str]
    summary_start: regex.Pattern
    summary_max_lines: int
    chrome_starts: list[str]
    chrome_lines: regex.Pattern
    page_markers: regex.Pattern
    page_marker_lines: int
    quick_check: tuple[str, ...]  # words one of which a page holds near its top


@cache
def _rules() -> _Rules:
    d = load_data("portal_pages.yaml")
    labels = [
        (name, regex.compile(rf"^[ |#]*{regex.escape(label)}[ ]*:[ |]*(?P<value>.*?)[ |]*$"))
        for name, label in d["metadata_labels"].items()
    ]
    any_label = "|".join(regex.escape(label) for label in d["metadata_labels"].values())
    return _Rules(
        labels=labels,
        label_any=regex.compile(rf"^[ |#]*(?:{any_label})[ ]*:"),
        min_labels=d["metadata_min_labels"],
        search_lines=d["metadata_search_lines"],
        blank_values=frozenset(v.casefold() for v in d["metadata_blank_values"]),
        summary_start=regex.compile(d["summary_start"]),
        summary_max_lines=d["summary_max_lines"],
        chrome_starts=list(d["chrome_starts"]),
        chrome_lines=regex.compile("|".join(f"(?:{p})" for p in d["chrome_lines"]), regex.M),
        page_markers=regex.compile("|".join(regex.escape(m) for m in d["page_markers"])),
        page_marker_lines=d["page_marker_lines"],
        quick_check=(
            *d["page_markers"],
            d["metadata_labels"]["so_hieu"],
            d["metadata_labels"]["loai_van_ban"],
        ),
    )


@dataclass
class PortalPage:
    """Where the document stands inside a saved page (offsets into the text it was found in)."""

    start: int
    end: int
    metadata: dict[str, str] = field(default_factory=dict)
    # other spans of chrome inside the document's range (copyright lines, loading messages)
    chrome: list[tuple[int, int]] = field(default_factory=list)

    def mask(self, text: str) -> str:
        """``text`` with everything outside the document blanked (same length, same line breaks)."""
        spans = [(0, self.start), *self.chrome, (self.end, len(text))]
        parts, last = [], 0
        for s, e in sorted(spans):
            if e <= last:
                continue
            s = max(s, last)
            parts.append(text[last:s])
            parts.append(_blank(text[s:e]))
            last = e
        parts.append(text[last:])
        return "".join(parts)


_QUICK_CHARS = 20000
_TABLE_GAP_LINES = 8


def _blank(s: str) -> str:
    return "\n".join(" " * len(part) for part in s.split("\n"))


def _bar_or_empty(line: str) -> bool:
    return not line.strip(" |#")


def find_page(text: str) -> PortalPage | None:
    """The document inside a page saved from a legal portal; None for any other text."""
    r = _rules()
    # most texts: no page around them. str.find per word, not a regex alternation of the words
    # (a tenth of the time: the alternation was 1.6 % of an extraction on the synthetic corpus)
    if not any(text.find(word, 0, _QUICK_CHARS) >= 0 for word in r.quick_check):
        return None
    lines = text.split("\n")
    head = lines[: r.search_lines]
    marked = any(r.page_markers.search(ln) for ln in lines[: r.page_marker_lines])
    metadata, table_start, table_end = _metadata(head, r)
    has_table = (
        len(metadata) >= r.min_labels
        and ("so_hieu" in metadata or "loai_van_ban" in metadata)
        and (marked or _nothing_before(lines[:table_start]))
    )
    if not has_table and not marked:
        return None
    if not has_table:
        metadata, table_end = {}, 0
    start_line = _document_start(lines, table_end, r) if has_table else _after_top_chrome(lines, r)
    start = sum(map(len, lines[:start_line])) + start_line  # the line breaks before it count one each
    end_at = _document_end(text, start, metadata)
    if end_at is None and not has_table:
        return None
    end = end_at if end_at is not None else len(text)
    chrome = []
    for m in r.chrome_lines.finditer(text, start, end):  # one scan, then the line around each hit
        ls = line_start(text, m.start())
        span = (ls, line_end(text, m.end()))
        if not chrome or chrome[-1] != span:
            chrome.append(span)
    values = {k: v for k, v in metadata.items() if v.casefold() not in r.blank_values}
    return PortalPage(start=start, end=end, metadata=values, chrome=chrome)


_DOCUMENT_LINE = regex.compile(
    r"C[ ]*Ộ[ ]*N[ ]*G[ ]+H[ÒÓO]A|^[ |#]*Số[ ]*:|(?:\S+[ ]+){8}\S", regex.I | regex.M
)


def _nothing_before(lines: list[str]) -> bool:
    """A page's table stands before the document: no motto, number line or sentence above it (a list
    of labels inside a report, or a document's properties printed under it, is not a page's table)."""
    return not _DOCUMENT_LINE.search("\n".join(lines))


def _metadata(head: list[str], r: _Rules) -> tuple[dict[str, str], int, int]:
    """Label -> value of the table, the index of its first line and of the line after its last value."""
    found: dict[str, str] = {}
    start = 0
    end = 0
    i = 0
    while i < len(head):
        if found and i - end > _TABLE_GAP_LINES:  # the table is over
            break
        line = head[i]
        if not r.label_any.match(line):  # no label at all (most lines): spare trying each one
            i += 1
            continue
        for name, pat in r.labels:
            m = pat.match(line)
            if not m:
                continue
            value = m.group("value").strip(" *|")
            j = i
            if not value:  # the value stands on one of the next lines, after table bars
                for k in range(i + 1, min(i + 6, len(head))):
                    if _bar_or_empty(head[k]):
                        continue
                    if r.label_any.match(head[k]):
                        break
                    value, j = head[k].strip(" *|"), k
                    break
            if not found:
                start = i
            if name not in found:
                found[name] = " ".join(value.split())
            end = j + 1
            i = j
            break
        i += 1
    return found, start, end


def _document_start(lines: list[str], table_end: int, r: _Rules) -> int:
    i = table_end
    while i < len(lines) and _bar_or_empty(lines[i]):
        i += 1
    if i < len(lines) and r.summary_start.match(lines[i]):  # the portal's own summary, up to a table bar
        for k in range(i + 1, min(i + r.summary_max_lines, len(lines))):
            if lines[k].strip() == "|":
                return k
    return table_end


def _after_top_chrome(lines: list[str], r: _Rules) -> int:
    last = -1
    for i, ln in enumerate(lines[: r.page_marker_lines]):
        if r.chrome_lines.search(ln):
            last = i
    return last + 1


@cache
def _any_type_word() -> str:
    return alternation([w[0].upper() + w[1:] for w in grammar().type_word_to_type])


def _document_end(text: str, start: int, metadata: dict[str, str]) -> int | None:
    """Offset of the first line of the site's chrome after ``start``, or None."""
    ends = []
    pattern, literals = _fixed_chrome_starts()
    if literals is not None:
        # every match holds one of the literals, on the line it starts: read from the first one's line
        found = [at for lit in literals if (at := text.find(lit, start)) >= 0]
        m = pattern.search(text, max(start, line_start(text, min(found)))) if found else None
    else:
        m = pattern.search(text, start)
    if m:
        ends.append(line_start(text, m.start()))
    own = metadata.get("so_hieu")
    type_ = metadata.get("loai_van_ban")
    if own and type_:  # the site's caption: "<type> <number> năm 2025 …" at a line start
        caption = f"\n{type_} {own}"
        at = text.find(caption, max(start - 1, 0))
        while at >= 0 and text[at + len(caption) : at + len(caption) + 1] not in ("", " ", "\n"):
            at = text.find(caption, at + 1)
        if at >= 0:
            ends.append(at + 1)
    elif own:
        m = _own_caption(own).search(text, start)
        if m:
            ends.append(m.start())
    return min(ends) if ends else None


# text that each fixed chrome start must contain (a cheap str.find before the regex scans the page);
# not used when one of them has none of these
_CHROME_LITERALS = (
    "Văn bản liên quan",
    "Văn bản này chưa cập nhật",
    "No",
    "SOCIALIST REPUBLIC OF VIET",
    "NỘI DUNG SỬA ĐỔI, HƯỚNG DẪN",
    "Cảm ơn đã dùng ThuVienPhapLuat",
    "về Lưu trữ, Sử dụng Thông tin Khách hàng",
)


@cache
def _fixed_chrome_starts() -> tuple[regex.Pattern, tuple[str, ...] | None]:
    """The chrome starts without the document's own number, and the literals one of which each holds."""
    fixed = [p for p in _rules().chrome_starts if "{own}" not in p]
    covered = all(any(lit in p for lit in _CHROME_LITERALS) for p in fixed)
    return regex.compile("|".join(f"(?:{p})" for p in fixed), regex.M), _CHROME_LITERALS if covered else None


@cache
def _own_caption(own: str) -> regex.Pattern:
    p = next(p for p in _rules().chrome_starts if "{own}" in p)
    p = p.replace("{own}", regex.escape(own).replace(r"\ ", "[ ]+")).replace("{type}", _any_type_word())
    return regex.compile(p, regex.M)
