"""Texts from reports as HTML: always escaped (markupsafe), the citation wrapped in <mark>."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from luocdo.present import clean_sentence


def highlight(sentence: str | None, needles: Sequence[str]) -> Markup:
    """The evidence sentence as people read it (luocdo.present.clean_sentence), the first needle found
    (the citation: '26/CT-TTg', else the number) marked."""
    s = clean_sentence(sentence)
    for n in needles:
        if not n:
            continue
        at = s.find(n)
        if at < 0:
            at = s.casefold().find(n.casefold())
        if at >= 0:
            return (
                escape(s[:at])
                + Markup("<mark>")
                + escape(s[at : at + len(n)])
                + Markup("</mark>")
                + escape(s[at + len(n) :])
            )
    return escape(s)


def marked_text(text: str, spans: Sequence[tuple[int, int, str | None, str]]) -> Markup:
    """The report's text with each citation (start, end, link or None, tooltip) as a link or a mark, and
    an anchor at the start of each line (#L12). Spans that overlap one already placed are left out."""
    out: list[Markup] = [Markup('<span id="L1"></span>')]
    line = 1

    def plain(s: str) -> None:
        nonlocal line
        parts = s.split("\n")
        out.append(escape(parts[0]))
        for p in parts[1:]:
            line += 1
            out.append(Markup('\n<span id="L{}"></span>').format(line))
            out.append(escape(p))

    at = 0
    for start, end, href, tip in sorted(spans, key=lambda s: (s[0], s[1])):
        if start < at or end > len(text) or start >= end:
            continue
        plain(text[at:start])
        inner = escape(text[start:end])
        if href:
            out.append(Markup('<a class="cite" href="{}" title="{}">{}</a>').format(href, tip, inner))
        else:
            out.append(Markup('<mark class="cite unresolved" title="{}">{}</mark>').format(tip, inner))
        line += text.count("\n", start, end)
        at = end
    plain(text[at:])
    return Markup("").join(out)
