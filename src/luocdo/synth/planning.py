"""What the corpus holds, decided before any number is given: which body writes each file and when, whether
it is a report or one of the body's plans, and what a report covers and which documents it needs."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from luocdo.synth.bodies import Body
from luocdo.synth.central import Central
from luocdo.synth.documents import Doc
from luocdo.synth.local_documents import LocalDocuments
from luocdo.synth.text import period

FIRST_DAY, LAST_DAY = date(2019, 1, 7), date(2024, 12, 27)
REPORT = "BC"  # a file's kind: a report, or "KH:<central key>" for a body's plan implementing it
GENERIC = ("tinhgian", "motcua", "vitri", "luutru")  # subjects reported on beside the tracked ones
# the central document a generic subject needs, and 60 days after it, before a report speaks of it
GENERIC_NEEDS = {"tinhgian": "nd108_2014", "motcua": "nd61_2018", "vitri": "nd62_2020", "luutru": "tt02_2019"}


@dataclass
class Content:
    """What one report covers (empty for a plan)."""

    topics: list[Central] = field(default_factory=list)
    generic: list[str] = field(default_factory=list)
    own_misc: list[Doc] = field(default_factory=list)  # the body's inspection plan and decision
    period: str = ""
    request: Doc | None = None  # the letter asking for the report
    party: Doc | None = None  # the province's Party plan


@dataclass
class Spec:
    """One file to write."""

    index: int
    body: Body
    date: date
    kind: str
    own: Doc
    content: Content


class ContentPlanner:
    def __init__(
        self, rng: random.Random, centrals: list[Central], other: dict[str, Doc], local: LocalDocuments
    ) -> None:
        self.rng = rng
        self.centrals = centrals
        self.other = other
        self.local = local

    def files(self, n: int, provinces: list[Body], districts: list[Body]) -> list[Spec]:
        """n files: one in ten by a province; one in ten the body's own plan when it has one not yet written."""
        rng = self.rng
        span = (LAST_DAY - FIRST_DAY).days
        specs = []
        plan_files: set[int] = set()
        for i in range(n):
            body = rng.choice(provinces) if rng.random() < 0.1 else rng.choice(districts)
            rdate = FIRST_DAY + timedelta(days=rng.randrange(span))
            kind = REPORT
            own = None
            if rng.random() < 0.1:
                cands = [
                    (k, p)
                    for k, p in body.plans.items()
                    if p.type == "Kế hoạch" and p.date >= FIRST_DAY and id(p) not in plan_files
                ]
                if cands:
                    k, own = rng.choice(cands)
                    plan_files.add(id(own))
                    kind, rdate = "KH:" + k, own.date
            if own is None:
                own = self.local.report(body, rdate)
            specs.append(Spec(i, body, rdate, kind, own, self.content(body, rdate, kind)))
        return specs

    def content(self, body: Body, rdate: date, kind: str) -> Content:
        """Which topics a report covers and which documents it needs (created now, numbered later)."""
        rng = self.rng
        cont = Content()
        if kind != REPORT:
            return cont
        avail = []
        for c in self.centrals:
            if c.doc.date + timedelta(days=30) >= rdate:
                continue
            mode = body.modes.get(c.key, "none")
            p = body.plans.get(c.key)
            if mode != "none" and p is not None and p.date < rdate - timedelta(days=5):
                avail.append(c)
        rng.shuffle(avail)
        cont.topics = avail[: rng.choice((1, 1, 2, 2, 3))]
        gens = [g for g in GENERIC if self.other[GENERIC_NEEDS[g]].date + timedelta(days=60) < rdate]
        rng.shuffle(gens)
        cont.generic = gens[: (2 if not cont.topics else rng.choice((0, 1, 1, 2)))]
        first = cont.topics[0] if cont.topics else None
        skey = first.topic_key if first else (cont.generic[0] if cont.generic else "cchc")
        cont.period = period(rdate)
        if rng.random() < 0.75:
            subj = ("cites", first) if first is not None and rng.random() < 0.5 else ("plain", None)
            cont.request = self.local.request(body, rdate, skey, subj)
        # the body's own inspection plan and decision (footnote material)
        if rng.random() < 0.6:
            y = rdate.year if rdate.month > 2 else rdate.year - 1
            d1 = date(y, 1, 1) + timedelta(days=rng.randint(8, 40))
            if d1 < rdate - timedelta(days=5):
                cont.own_misc = self.local.inspection(body, y, d1)
        if rng.random() < 0.15 and body.level == "district":
            cont.party = self.local.party_plan(body)
        return cont
