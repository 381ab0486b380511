"""Compile the message catalogs (src/luocdo/i18n/<lang>/LC_MESSAGES/luocdo.po → luocdo.mo) with Babel.

The .mo files are committed and shipped in the package, so installing luocdo compiles nothing and the
runtime needs only Python's gettext. Run this after editing a .po; `--check` exits 1 when a .mo is not
what its .po compiles to (the test suite runs the same check).

    python scripts/compile_catalogs.py [--check]
"""

from __future__ import annotations

import datetime
import io
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

I18N = Path(__file__).resolve().parents[1] / "src" / "luocdo" / "i18n"


def compiled(po: Path) -> bytes:
    with po.open("rb") as f:
        catalog = read_po(f, domain="luocdo")
    # the .po carries no dates; without these Babel writes the time of compiling into the header,
    # and the same .po would never compile to the same bytes
    catalog.creation_date = catalog.revision_date = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    return buf.getvalue()


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for po in sorted(I18N.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        data = compiled(po)
        if mo.exists() and mo.read_bytes() == data:
            continue
        if check:
            stale.append(mo)
        else:
            mo.write_bytes(data)
            print(f"{mo.relative_to(I18N.parents[2])}: written")
    for mo in stale:
        print(f"{mo}: out of date (run python scripts/compile_catalogs.py)", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
