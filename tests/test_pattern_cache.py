"""The workers' server takes the extraction's compiled patterns from the cache the last run wrote
(luocdo.pattern_cache): the same patterns, byte for byte, and the same extraction."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from luocdo import worker_server

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted(p for p in (ROOT / "sample_reports").glob("*.md") if p.stem != "README")

PRELOAD = """
import luocdo.store.warm_workers as w
from regex import _main
print(len(w._cached), len(_main._cache))
"""

# every pattern of regex's cache matches as the same pattern compiled now without the cache, on the
# sample reports (the compiled code itself may differ: it holds sets of first characters in an order
# that varies from one process to another, with or without the cache)
SAME = """
import sys, regex
import luocdo.store.warm_workers as w
from regex import _main
assert w._cached
texts = [open(p, encoding="utf-8").read() for p in sys.argv[1:]]
for key in w._cached:
    p = _main._cache[key]
    pattern, _type, flags, args, _version, _locale = key
    fresh = regex.compile(pattern, flags, cache_pattern=False, **dict(args or ()))
    for t in texts:
        got = [(m.span(), m.groups()) for m in p.finditer(t)]
        assert got == [(m.span(), m.groups()) for m in fresh.finditer(t)], pattern[:80]
print(len(w._cached))
"""


def _env(cache: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src"), "LUOCDO_CACHE_DIR": str(cache)}


def _python(code: str, cache: Path, *args: str) -> str:
    env = {**_env(cache), "PYTHONHASHSEED": "0"}
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=180
    )
    assert out.returncode == 0, out.stderr
    return out.stdout


def _cache_file(cache: Path) -> Path:
    (found,) = cache.glob("patterns-*.pickle")
    return found


def test_the_preload_writes_the_patterns_then_takes_them(tmp_path):
    cache = tmp_path / "cache"
    first = _python(PRELOAD, cache).split()
    assert first[0] == "0" and int(first[1]) > 50  # compiled, then written
    assert _cache_file(cache).stat().st_mode & 0o077 == 0
    second = _python(PRELOAD, cache).split()
    assert second == [first[1], first[1]]  # every pattern taken from the file, none compiled
    written = _cache_file(cache).stat().st_mtime_ns
    _python(PRELOAD, cache)
    assert _cache_file(cache).stat().st_mtime_ns == written  # nothing new: not written again


def test_the_patterns_taken_are_those_compiled(tmp_path):
    cache = tmp_path / "cache"
    _python(PRELOAD, cache)
    assert int(_python(SAME, cache, *map(str, SAMPLES))) > 50


@pytest.mark.parametrize("damage", ["byte", "short", "mode", "not a pickle", "link"])
def test_a_damaged_or_foreign_file_is_not_used(tmp_path, damage):
    cache = tmp_path / "cache"
    compiled = _python(PRELOAD, cache).split()[1]
    f = _cache_file(cache)
    data = f.read_bytes()
    if damage == "byte":
        f.write_bytes(data[:-100] + bytes([data[-100] ^ 1]) + data[-99:])
    elif damage == "short":
        f.write_bytes(data[: len(data) // 2])
    elif damage == "mode":
        f.chmod(0o666)  # others may write it
    elif damage == "link":  # a file of this user's, the cache's name pointed at it by a link
        elsewhere = tmp_path / "elsewhere.pickle"
        f.rename(elsewhere)
        f.symlink_to(elsewhere)
    else:
        import hashlib

        f.write_bytes(hashlib.sha256(b"junk").digest() + b"junk")
    assert _python(PRELOAD, cache).split() == ["0", compiled]  # compiled as before


@pytest.mark.skipif(
    "forkserver" not in __import__("multiprocessing").get_all_start_methods(), reason="no forkserver"
)
def test_workers_extract_the_same_with_the_cached_patterns(tmp_path):
    folder = tmp_path / "r"
    folder.mkdir()
    assert SAMPLES
    n = 0
    while n < 2 * worker_server.MIN_FILES_PER_WORKER:
        for s in SAMPLES:
            (folder / f"{n:03}_{s.name}").write_bytes(s.read_bytes())
            n += 1
    cache = tmp_path / "cache"
    cmd = [sys.executable, "-m", "luocdo", "extract", str(folder), "--format", "jsonl"]
    runs = []
    for jobs in ("2", "2", "1"):  # the cache written, then taken; then no workers at all
        out = subprocess.run([*cmd, "-j", jobs], capture_output=True, text=True, env=_env(cache), timeout=300)
        assert out.returncode == 0, out.stderr
        runs.append(out.stdout)
        assert list(cache.glob("patterns-*.pickle"))
    assert runs[0] == runs[1] == runs[2]
    assert runs[0].count('"kind": "document"') >= n


# the luocdo command, noting what luocdo.pattern_cache.load gave in this process
NOTED = """
import runpy, sys
import luocdo.pattern_cache as pc
real, got = pc.load, []
def load():
    keys = real()
    got.append(len(keys))
    return keys
pc.load = load
sys.argv = ["luocdo", *sys.argv[1:]]
try:
    runpy.run_module("luocdo", run_name="__main__")
finally:
    print("loaded", got, file=sys.stderr)
"""


@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_a_small_run_in_this_process_takes_the_patterns_and_writes_none(tmp_path, command):
    folder = tmp_path / "r"
    folder.mkdir()
    for s in SAMPLES[:3]:
        (folder / s.name).write_bytes(s.read_bytes())
    argv = [command, str(folder), "--jobs", "2"]  # too few files for workers
    argv += ["--format", "jsonl"] if command == "extract" else ["--store", str(tmp_path / "s.db"), "-q"]

    def run(cache: Path) -> tuple[str, str]:
        (tmp_path / "s.db").unlink(missing_ok=True)
        out = subprocess.run(
            [sys.executable, "-c", NOTED, *argv], capture_output=True, text=True, env=_env(cache), timeout=180
        )
        assert out.returncode == 0, out.stderr
        return out.stdout, out.stderr.splitlines()[-1]

    empty = tmp_path / "empty"
    without = run(empty)
    assert without[1] == "loaded [0]"
    assert not list(empty.glob("patterns-*.pickle"))  # the reports' own patterns are not written
    cache = tmp_path / "cache"
    compiled = _python(PRELOAD, cache).split()[1]
    written = _cache_file(cache).stat().st_mtime_ns
    taken = run(cache)
    assert taken == (without[0], f"loaded [{compiled}]")
    assert _cache_file(cache).stat().st_mtime_ns == written


def test_no_home_folder_means_no_cache(monkeypatch):
    """A process with no home folder to find (no $HOME, a user id without an account: containers) compiles
    the patterns as before instead of failing (an ingest failed there on ef081d0)."""
    from luocdo import pattern_cache

    for name in ("LUOCDO_CACHE_DIR", "XDG_CACHE_HOME", "HOME"):
        monkeypatch.delenv(name, raising=False)

    def no_home(cls):
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", classmethod(no_home))
    assert pattern_cache.load() == set()
    assert pattern_cache.save(set()) is False
