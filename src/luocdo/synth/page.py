"""One file being written: how it cites documents, and the record of what it cited and stated."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date

from luocdo.synth.bodies import Body
from luocdo.synth.documents import Doc
from luocdo.synth.text import SUPERSCRIPT, date_text

# the report's relation to a document it mentions several times: the strongest wins
REL_RANK = {"reports_on": 5, "implements": 4, "responds_to": 3, "based_on": 2, "cites": 1}


class Page:
    """One file being written: its text, the documents it cites and the relations it states."""

    def __init__(self, rng: random.Random, body: Body, own: Doc, rdate: date) -> None:
        self.rng = rng
        self.body = body
        self.own = own
        self.date = rdate
        self.cited: dict[str, dict] = {}
        self.docs: dict[str, Doc] = {}
        self.named: list[dict] = []
        self.rels: list[tuple[str, str, str]] = []
        self.date_style = self.rng.choice((0, 0, 0, 1, 2, 3))
        self.fn: list[str] = []  # footnote bodies
        self.sup_unicode = self.rng.random() < 0.2  # ¹ ² instead of <sup>1</sup>
        self.title = ""
        self.short_ok: set[str] = set()  # docs cited in full: a short form may follow
        self.numbers: dict[tuple[str, str], set[str]] = defaultdict(set)  # (type, number) -> keys

    # -- recording
    def note(self, doc: Doc, relation: str, short: bool) -> None:
        k = doc.key
        c = self.cited.get(k)
        if c is None:
            c = doc.record()
            c.update(relation=relation, mentions=0, short_mentions=0)
            self.cited[k] = c
            self.docs[k] = doc
            self.numbers[(doc.type, doc.number.lstrip("0"))].add(k)
        elif REL_RANK[relation] > REL_RANK[c["relation"]]:
            c["relation"] = relation
        c["short_mentions" if short else "mentions"] += 1

    def rel(self, a: Doc, relation: str, b: Doc) -> None:
        t = (a.key, relation, b.key)
        if t not in self.rels:
            self.rels.append(t)

    def law(self, name: str, year: int | None = None) -> str:
        self.named.append({"type": "Luật", "name": name, "year": year})
        return f"Luật {name}" + (f" năm {year}" if year else "")

    # -- writing citations
    def date_of(self, d: date) -> str:
        style = self.date_style if self.rng.random() < 0.8 else self.rng.randrange(4)
        return date_text(d, style)

    def issuer_of(self, doc: Doc) -> str:
        """'của ...' for a document of another body (or of the writer, written as 'UBND huyện')."""
        r = self.rng.random()
        b = self.body
        if doc.level == "central" or doc.level == "party-central":
            return doc.issuer
        if doc.level == "department":
            return doc.issuer if r < 0.8 or b.city else "Sở Nội vụ tỉnh"
        if doc.level == "party-province":
            return "Ban Thường vụ " + ("Thành ủy" if b.city else "Tỉnh ủy")
        if doc.issuer == b.name:
            if b.unit_named:
                return ("UBND " if r < 0.6 else "Ủy ban nhân dân ") + b.label
            if r < 0.5:
                return f"UBND {b.unit}"
            return f"Ủy ban nhân dân {b.unit}" if r < 0.8 else f"UBND {b.label}"
        # another body: the province of the writer
        if b.city or doc.level != "province":
            return ("UBND " if r < 0.6 else "Ủy ban nhân dân ") + doc.issuer.split(" ", 1)[1]
        if r < 0.5:
            return doc.issuer
        if r < 0.75:
            return "Ủy ban nhân dân " + doc.issuer.split(" ", 1)[1]
        return "UBND tỉnh" if r < 0.9 else "Ủy ban nhân dân tỉnh"

    def cite(
        self,
        doc: Doc,
        relation: str,
        *,
        so: bool | None = None,
        with_date: bool = True,
        issuer: bool = True,
        subject: bool = False,
        type_word: bool = True,
    ) -> str:
        self.note(doc, relation, False)
        if with_date:
            self.short_ok.add(doc.key)
        rng = self.rng
        if so is None:
            so = rng.random() < 0.88
        tw = doc.type
        if tw == "Công văn" and rng.random() < 0.25:
            tw = "Văn bản"
        s = (tw + (" số " if so else " ")) if type_word else ""
        s += doc.num_text
        if with_date:
            s += (", ngày " if rng.random() < 0.06 else " ngày ") + self.date_of(doc.date)
        if issuer:
            s += " của " + self.issuer_of(doc)
        if subject and doc.subject:
            s += " " + doc.subject
        return s

    def short(self, doc: Doc, relation: str) -> str:
        """'Chỉ thị 26' after a full citation in this report; the full citation again otherwise."""
        n = doc.number.lstrip("0")
        if (
            doc.key in self.short_ok
            and doc.type in ("Chỉ thị", "Nghị quyết", "Nghị định", "Quyết định", "Thông tư")
            and len(self.numbers[(doc.type, n)]) == 1
            and not doc.party
        ):
            self.note(doc, relation, True)
            return f"{doc.type} {'số ' if self.rng.random() < 0.3 else ''}{doc.number}"
        return self.cite(doc, relation, with_date=False, issuer=doc.level == "central")

    def footnote(self, text: str) -> str:
        self.fn.append(text)
        return self.mark(len(self.fn))

    def mark(self, i: int) -> str:
        return str(i).translate(SUPERSCRIPT) if self.sup_unicode else f"<sup>{i}</sup>"

    # -- the writer
    def me(self, full: bool | None = None) -> str:
        b = self.body
        if full is None:
            full = self.rng.random() < 0.35
        if full or b.unit_named:
            return ("Ủy ban nhân dân " if self.rng.random() < 0.5 else "UBND ") + b.label
        return ("Ủy ban nhân dân " if self.rng.random() < 0.3 else "UBND ") + b.unit

    def area(self) -> str:
        return f"trên địa bàn {self.body.unit}"

    def below(self) -> str:
        """The units under the writer."""
        b = self.body
        if b.level == "province":
            return "quận, huyện" if b.city else "huyện, thị xã, thành phố"
        return {"huyện": "xã, thị trấn", "quận": "phường"}.get(b.unit, "xã, phường")
