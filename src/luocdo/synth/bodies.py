"""The bodies that write: provinces and districts of the pre-2025 map, with their signers."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from luocdo.extract.grammar import load_data
from luocdo.gazetteer import districts_of
from luocdo.synth.documents import Doc


@dataclass(eq=False)
class Body:
    name: str  # canonical issuer name: "UBND huyện Yên Thế", "UBND thành phố Cần Thơ"
    level: str  # province | district
    province: str
    unit: str  # tỉnh | thành phố | huyện | thị xã | quận
    short: str
    city: bool  # the province is a centrally run city
    signers: tuple[str, str]
    communes: int = 0
    prov_body: Body | None = None
    modes: dict[str, str] = field(default_factory=dict)  # central key -> direct/via/based/none/plan
    plans: dict[str, Doc] = field(default_factory=dict)  # central key -> the body's own document

    @property
    def label(self) -> str:
        """'huyện Yên Thế', 'tỉnh Bình Định'; 'Quận 1' (Ho Chi Minh City numbers its districts)."""
        if self.short.split(" ", 1)[0].lower() == self.unit:
            return self.short
        return f"{self.unit} {self.short}"

    @property
    def upper(self) -> str:
        return self.label.upper()

    @property
    def dept(self) -> str:
        """Sở Nội vụ of the province."""
        return f"Sở Nội vụ {'thành phố' if self.city else 'tỉnh'} {self.province}"

    @property
    def unit_named(self) -> bool:
        """Must the text name the body ('UBND thành phố Quy Nhơn'), or is 'UBND huyện' enough."""
        return self.unit == "thành phố"


_SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"]
_MIDDLE = ["Văn", "Thị", "Minh", "Hữu", "Đức", "Thanh", "Quốc", "Ngọc", "Xuân", "Công", "Thị Thu", "Đình"]
_GIVEN = [
    "Hùng",
    "Dũng",
    "Lan",
    "Hà",
    "Tuấn",
    "Sơn",
    "Hải",
    "Bình",
    "Phước",
    "Nam",
    "Thảo",
    "Hương",
    "Khánh",
    "Long",
    "Trung",
    "Hiếu",
    "Tâm",
    "Vinh",
    "Phong",
    "Quang",
]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_SURNAMES)} {rng.choice(_MIDDLE)} {rng.choice(_GIVEN)}"


def choose_bodies(rng: random.Random, n_reports: int) -> tuple[list[Body], list[Body]]:
    """Provinces in a shuffled order and some of their districts: about one district per four reports."""
    data = load_data("provinces.yaml")["provinces"]
    names = list(data)
    rng.shuffle(names)
    target = max(6, n_reports // 4)
    per_prov = max(3, target // 20)
    provinces: list[Body] = []
    districts: list[Body] = []
    for p in names:
        if len(districts) >= target:
            break
        city = bool(data[p].get("city"))
        unit = "thành phố" if city else "tỉnh"
        pb = Body(f"UBND {unit} {p}", "province", p, unit, p, city, (_person(rng), _person(rng)))
        provinces.append(pb)
        ds = sorted(districts_of(p))
        rng.shuffle(ds)
        for u, name in ds[:per_prov]:
            label = name if name.split(" ", 1)[0].lower() == u else f"{u} {name}"
            db = Body(f"UBND {label}", "district", p, u, name, city, (_person(rng), _person(rng)))
            db.communes = rng.randint(8, 28)
            db.prov_body = pb
            districts.append(db)
        pb.communes = len(districts_of(p))
    return provinces, districts
