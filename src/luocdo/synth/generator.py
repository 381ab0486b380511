"""The corpus from a seed: the world, then what each file holds, then the numbers, then the text and its
truth. One random stream drives every step, so the steps run in this order and no other."""

from __future__ import annotations

import json
import random
from pathlib import Path

from luocdo.synth.bodies import choose_bodies
from luocdo.synth.central import central_documents, other_central
from luocdo.synth.local_documents import LocalDocuments
from luocdo.synth.numbering import number_documents
from luocdo.synth.page import Page
from luocdo.synth.plan_text import render_plan
from luocdo.synth.planning import REPORT, ContentPlanner, Spec
from luocdo.synth.report_text import render_report
from luocdo.synth.text import slug
from luocdo.synth.truth import Truth
from luocdo.synth.world import assign_modes


class Generator:
    def __init__(self, n_reports: int, seed: int) -> None:
        self.n = n_reports
        self.seed = seed
        self.rng = random.Random(seed)
        self.centrals = central_documents()
        self.by_key = {c.key: c for c in self.centrals}
        self.other = other_central()
        self.local = LocalDocuments(self.rng)

    def run(self, out: Path) -> dict:
        """Write the files into out; returns the truth."""
        provinces, districts = choose_bodies(self.rng, self.n)
        assign_modes(self.rng, self.centrals, provinces, districts, self.local)
        planner = ContentPlanner(self.rng, self.centrals, self.other, self.local)
        specs = planner.files(self.n, provinces, districts)
        number_documents(self.local.all, self.rng)
        out.mkdir(parents=True, exist_ok=True)
        truth = Truth()
        for spec in specs:
            page = Page(self.rng, spec.body, spec.own, spec.date)
            text = self.render(page, spec)
            name = file_name(spec)
            (out / name).write_text(text, encoding="utf-8")
            truth.add(name, spec, page)
        return truth.as_dict(self.seed, self.n, self.centrals, provinces + districts)

    def render(self, page: Page, spec: Spec) -> str:
        if spec.kind == REPORT:
            return render_report(page, spec.content, self.other)
        return render_plan(page, self.by_key[spec.kind[3:]], self.other)


def file_name(spec: Spec) -> str:
    """2021_bc_huyen_yen_the_00042.md: year, report or plan, writer, place in the corpus."""
    return f"{spec.date.year}_{'kh' if spec.kind != REPORT else 'bc'}_{slug(spec.body.label)}_{spec.index:05d}.md"


def generate(out: Path | str, reports: int, seed: int = 1) -> dict:
    """Write the corpus and truth.json into out; returns the truth."""
    out = Path(out)
    truth = Generator(reports, seed).run(out)
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")
    return truth
