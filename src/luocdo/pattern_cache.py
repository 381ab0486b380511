"""The extraction's patterns compiled once per installation instead of once per run, for the server the
extraction workers are forked from (luocdo.store.warm_workers).

``regex`` compiles a pattern in Python (parsing it, then writing the code its engine runs): 0.11 s of
the server's 0.26 s preload is compiling the extraction's ~200 patterns (bench/s15_head_patterns.py).
A compiled pattern pickles as its engine's code (``regex``'s own pickling, which multiprocessing uses to
send patterns) and is rebuilt from it in microseconds. So the server puts the patterns the last run
compiled into ``regex``'s own cache (keyed, as ``regex`` keys it, by the pattern's text, flags and
arguments) before it imports the extraction, whose ``regex.compile`` calls then find them there; and
once its warm-up is done it writes them back if it compiled any that were not there (a pattern
changed, a first run). A pattern is only ever taken for the same text: what is matched is the same.

One file per version of ``regex`` and of Python, in the user's cache folder (``$LUOCDO_CACHE_DIR``,
else ``$XDG_CACHE_HOME/luocdo``, else ``~/.cache/luocdo``: luocdo.reference_index), written whole (a
temporary file renamed), checked against a SHA-256 of its bytes, and read only if it belongs to this
user, no one else may write it and it is not a symbolic link (it is a pickle). Anything wrong with
it (missing, damaged, another layout of ``regex``'s cache) and the patterns are compiled as before.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from contextlib import suppress
from pathlib import Path

from luocdo.reference_index import cache_dir  # the user's cache folder, as the catalog's index uses it

_DIGEST = 32  # bytes of the SHA-256 the file starts with


def _tables() -> tuple[dict, dict, dict] | None:
    """``regex``'s cache of compiled patterns and the two tables its keys are made from (the arguments
    a pattern needs, whether it depends on the locale); None if this ``regex`` has no such tables."""
    try:
        from regex import _main

        tables = (_main._cache, _main._named_args, _main._locale_sensitive)
    except (ImportError, AttributeError):
        return None
    return tables if all(type(t) is dict for t in tables) else None


def path() -> Path | None:
    try:
        import regex

        version = regex.__version__
    except (ImportError, AttributeError):
        return None
    tag = hashlib.sha256(f"{version}|{sys.version}|{sys.platform}".encode()).hexdigest()[:16]
    try:
        folder = cache_dir()
    except (RuntimeError, KeyError, OSError):  # no home folder (no $HOME, a user id with no account)
        return None
    return folder / f"patterns-{tag}.pickle"


def _trusted(st: os.stat_result) -> bool:
    getuid = getattr(os, "getuid", None)
    return getuid is None or (st.st_uid == getuid() and not st.st_mode & 0o022)


def load() -> set:
    """Put the cached patterns into ``regex``'s cache; the keys put there (empty when there is no
    usable file)."""
    tables, where = _tables(), path()
    if tables is None or where is None:
        return set()
    try:
        # a link is not followed: whoever may write the folder could point it at any file of this user's
        with open(os.open(where, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)), "rb") as f:
            if not _trusted(os.fstat(f.fileno())):
                return set()
            data = f.read()
        payload = data[_DIGEST:]
        if hashlib.sha256(payload).digest() != data[:_DIGEST]:
            return set()
        saved = pickle.loads(payload)
        if not (type(saved) is tuple and len(saved) == 3 and all(type(t) is dict for t in saved)):
            return set()
    except Exception:  # noqa: BLE001 (a file of another layout: the patterns are compiled as before)
        return set()
    cache, named_args, locale_sensitive = tables
    named_args.update(saved[1])  # what the cache's keys are made from, before the cache itself
    locale_sensitive.update(saved[2])
    cache.update(saved[0])
    return set(saved[0])


def save(known: set) -> bool:
    """Write ``regex``'s cache if it holds patterns ``known`` (what load gave) does not; whether it
    wrote it."""
    tables, where = _tables(), path()
    if tables is None or where is None or set(tables[0]) <= known:
        return False
    try:
        payload = pickle.dumps(tuple(dict(t) for t in tables), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 (a pattern that cannot be pickled: nothing is written)
        return False
    tmp = None
    try:
        where.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=where.parent, prefix=".patterns-")
        with os.fdopen(fd, "wb") as f:
            f.write(hashlib.sha256(payload).digest() + payload)
        os.replace(tmp, where)
    except OSError:
        if tmp is not None:
            with suppress(OSError):
                os.unlink(tmp)
        return False
    return True
