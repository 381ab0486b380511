"""Debian's Chromium for the browser tests and the screenshots: where it is, and how it is started.

Headless as root, with a fresh profile given by the caller; without the background-networking flags
Chromium tries Google's hosts at every start, which this closed network refuses."""

from __future__ import annotations

import shutil
from pathlib import Path

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
