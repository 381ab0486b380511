"""Build src/luocdo/data/districts.json from the vietnamadminunits package (MIT, © Tran Ngoc Minh Hieu).

The package's legacy parser data lists the 63 provinces and their districts as they stood before the
1 July 2025 reorganisation (district level abolished). luocdo only needs names, so it ships a compact
copy instead of depending on the package (which pulls shapely and geopy).

    pip download --no-deps vietnamadminunits==1.0.4 -d /tmp/vau && unzip -q /tmp/vau/*.whl -d /tmp/vau/x
    python scripts/build_gazetteer.py /tmp/vau/x/vietnamadminunits/data/parser_legacy.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "luocdo" / "data" / "districts.json"


def main(src: str) -> None:
    d = json.loads(Path(src).read_text(encoding="utf-8"))
    provinces = d["DICT_PROVINCE"]
    out: dict[str, list[list[str]]] = {}
    for pkey, districts in d["DICT_PROVINCE_DISTRICT"].items():
        pname = provinces[pkey]["provinceShort"]
        rows = sorted({(v["districtType"].lower(), v["districtShort"].split(" (")[0]) for v in districts.values()})
        out[pname] = [list(r) for r in rows]
    meta = {"source": "vietnamadminunits 1.0.4 (MIT), parser_legacy.json",
            "valid": "administrative map before 2025-07-01", "provinces": out}
    OUT.write_text(json.dumps(meta, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(out)} provinces, {sum(len(v) for v in out.values())} districts")


if __name__ == "__main__":
    main(sys.argv[1])
