"""The local documents of the world, created as the world and the reports need them and numbered later.

Letters asking for a report and a province's Party plan are shared: one document for every body that
cites it.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from luocdo.synth.bodies import Body
from luocdo.synth.central import BNV
from luocdo.synth.documents import Doc


class LocalDocuments:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.all: list[Doc] = []  # in the order of creation (Doc.seq)
        self.shared: dict[tuple, Doc] = {}

    def new(self, **kw) -> Doc:
        d = Doc(seq=len(self.all) + 1, **kw)
        self.all.append(d)
        return d

    # -- a body's own documents
    def issued_by(self, body: Body, type_: str, symbol: str, series: str, d: date, subject: str = "") -> Doc:
        return self.new(
            type=type_,
            symbol=symbol,
            date=d,
            issuer=body.name,
            level=body.level,
            series=series,
            subject=subject,
            province=body.province,
        )

    def plan(self, body: Body, d: date, subject: str) -> Doc:
        return self.issued_by(body, "Kế hoạch", "KH-UBND", "KH", d, subject)

    def letter(self, body: Body, d: date, subject: str) -> Doc:
        unit = self.rng.choice(
            ("NV", "VP", "NC", "VX", "TH") if body.level == "district" else ("NC", "VX", "TH")
        )
        return self.issued_by(body, "Công văn", f"UBND-{unit}", "CV", d, subject)

    def report(self, body: Body, d: date) -> Doc:
        return self.issued_by(body, "Báo cáo", "BC-UBND", "BC", d)

    def inspection(self, body: Body, year: int, d: date) -> list[Doc]:
        """The body's inspection plan of the year and the decision setting up its inspection team."""
        k = self.plan(body, d, f"về kiểm tra công vụ năm {year}")
        decided = d + timedelta(days=self.rng.randint(2, 10))
        q = self.issued_by(
            body, "Quyết định", "QĐ-UBND", "QĐ", decided, f"về việc thành lập Tổ kiểm tra công vụ năm {year}"
        )
        return [k, q]

    # -- shared documents (one letter asks many bodies for the same report)
    def request(self, body: Body, rdate: date, skey: str, subject: tuple) -> Doc:
        rng = self.rng
        if body.level == "province":
            issuer, level, sym = BNV, "central", rng.choice(("BNV-CCHC", "BNV-TCBC", "BNV-CCVC"))
            scope = "central"
        elif rng.random() < 0.75:
            issuer, level = body.dept, "department"
            sym = {"kyluat": "SNV-TTr", "vanthu": "SNV-VTLT", "tochuc": "SNV-TCBC"}.get(skey, "SNV-CCHC")
            scope = body.province
        else:
            issuer, level, sym = body.prov_body.name, "province", "UBND-NC"
            scope = body.province
        month_key = (rdate - timedelta(days=25)).replace(day=1)
        key = (scope, issuer, skey, subject[0], subject[1].key if subject[1] else None, month_key)
        doc = self.shared.get(key)
        if doc is None or doc.date >= rdate - timedelta(days=3):
            d = month_key + timedelta(days=rng.randint(0, 20))
            if d >= rdate - timedelta(days=3):
                d = rdate - timedelta(days=rng.randint(4, 15))
            doc = self.new(
                type="Công văn",
                symbol=sym,
                date=d,
                issuer=issuer,
                level=level,
                series="CV",
                ask=subject,
                province=None if level == "central" else body.province,
            )
            self.shared[key] = doc
        return doc

    def party_plan(self, body: Body) -> Doc:
        pb = body.prov_body or body
        key = ("party", pb.province)
        doc = self.shared.get(key)
        if doc is None:
            d = date(2016, self.rng.randint(6, 12), self.rng.randint(1, 28))
            doc = self.new(
                type="Kế hoạch",
                symbol="KH/TU",
                date=d,
                issuer=f"Ban Thường vụ {'Thành ủy' if pb.city else 'Tỉnh ủy'} {pb.province}",
                level="party-province",
                series="TU",
                party=True,
                subject="về thực hiện",
                province=pb.province,
            )
            self.shared[key] = doc
        return doc
