from __future__ import annotations

import os
from pathlib import Path

import pytest

# the tests read luocdo's English messages; tests of the Vietnamese interface set the language themselves
os.environ.setdefault("LUOCDO_LANG", "en")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture
def shared() -> Path:
    if not (SHARED / "corpus").is_dir() or not (SHARED / "eval" / "gold").is_dir():
        pytest.skip("../shared (real corpus and gold annotations) is not beside the project root")
    return SHARED
