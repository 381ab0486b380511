"""The command line starts the workers' server before the CLI's imports when an ingest or extract will
use worker processes (luocdo.early_start), and only then."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from hypothesis import given, settings
from hypothesis import strategies as st

from luocdo import worker_server
from luocdo.early_start import COMMANDS, FORMATS, GLOBAL_OPTIONS, read_command, start_if_coming
from luocdo.load.listing import ReportFiles, holds_at_least

ROOT = Path(__file__).resolve().parents[1]
NEEDED = 2 * worker_server.MIN_FILES_PER_WORKER


def reports(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        text = "Thực hiện Chỉ thị số 26/CT-TTg. Xã đã triển khai Đề án 06.\n"
        (folder / f"r{i:03}.md").write_text(text, encoding="utf-8")
    return folder


def _options(params) -> tuple[set[str], set[str]]:
    """The options of click ``params`` that take a value, and the others (flags, counts, and the second
    names of a --x/--no-x flag): what click's parser reads after each."""
    options = [p for p in params if p.param_type_name == "option"]
    takes_value = {o for p in options if not (p.is_flag or p.count) for o in p.opts}
    flags = {o for p in options if p.is_flag or p.count for o in (*p.opts, *p.secondary_opts)}
    return takes_value, flags


def test_the_options_known_are_the_commands_own():
    """A new option of ingest or extract must be added to early_start.COMMANDS (else a command line
    with it would be read wrong: its value taken for a file)."""
    from luocdo.cli import app

    group = typer.main.get_command(app)
    for name, (takes_value, flags) in COMMANDS.items():
        assert _options(group.commands[name].params) == (takes_value, flags), name
    assert _options(group.params)[0] == GLOBAL_OPTIONS


def test_the_formats_known_are_the_commands_own():
    from luocdo.cli.common import Format

    assert set(FORMATS) == {f.value for f in Format}


def test_options_that_take_no_value_are_told_from_those_that_do():
    # a counted option (-v -v) reads no value, and --no-x is a flag's name too: each would be read wrong
    # by early_start if the test above put it among the options that take a value, or left it out
    app = typer.Typer()

    @app.command()
    def ingest(
        verbose: int = typer.Option(0, "--verbose", "-v", count=True),
        x: bool = typer.Option(False, "--x/--no-x"),
        store: str = typer.Option("s.db", "--store"),
    ) -> None: ...

    @app.command()
    def other() -> None: ...

    params = typer.main.get_command(app).commands["ingest"].params
    assert _options(params) == ({"--store"}, {"--verbose", "-v", "--x", "--no-x"})


@pytest.mark.parametrize(
    ("argv", "jobs", "ocr", "paths"),
    [
        (["ingest", "r"], 0, "auto", ["r"]),
        (["ingest", "r", "--jobs", "2", "--store", "s.db", "-q"], 2, "auto", ["r"]),
        (["--lang", "en", "ingest", "-j2", "--ocr=never", "a", "b"], 2, "never", ["a", "b"]),
        (["--lang=vi", "extract", "-f", "jsonl", "--jobs=3", "-o", "x.json", "r"], 3, "auto", ["r"]),
        (["ingest", "--store", "-j", "r", "--", "-j", "--x"], 0, "auto", ["r", "-j", "--x"]),
        (["extract", "-j", "4", "--ocr", "always", "-"], 4, "always", ["-"]),
        (["extract", "r", "--shard-size", "5", "-ftable", "-j2"], 2, "auto", ["r"]),
    ],
)
def test_a_command_line_read(argv, jobs, ocr, paths):
    c = read_command(argv)
    assert c is not None
    assert (c.jobs, c.ocr, c.paths) == (jobs, ocr, paths)


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["implementers", "26/CT-TTg", "--store", "s.db"],
        ["stats"],
        ["--version"],
        ["--lang"],
        ["ingest", "r", "--help"],
        ["ingest", "r", "-qj2"],  # short options run together: not read here
        ["ingest", "r", "--jobs"],
        ["ingest", "r", "--jobs", "two"],
        ["ingest", "r", "--jobs", "-1"],
        ["ingest", "r", "--ocr", "AUTO"],
        ["ingest", "r", "--quiet=1"],
        ["ingest", "r", "--unknown"],
        ["ingest", "--files-from", "list.txt"],
        ["ingest", "--from-extracts", "shards"],
        ["extract", "r", "--shards", "out"],
        ["extract", "r", "--scheduler", "local:2"],
        ["extract", "r", "-q"],  # ingest's flag, not extract's
        # values the command refuses: it would refuse them once the server had started
        ["extract", "r", "--format", "xml"],
        ["extract", "r", "-fxml"],
        ["extract", "r", "-f", "JSON"],
        ["extract", "r", "--shard-size", "0"],
        ["extract", "r", "--shard-size=many"],
    ],
)
def test_a_command_line_left_to_the_command(argv):
    assert read_command(argv) is None


@pytest.fixture
def starts(monkeypatch):
    """The servers start_if_coming would start (none is)."""
    started: list[object] = []
    monkeypatch.setattr(worker_server, "start", lambda ctx: started.append(ctx) or True)
    monkeypatch.setattr(worker_server, "default_jobs", lambda: 2)
    monkeypatch.delenv("LUOCDO_OCR", raising=False)
    monkeypatch.delenv("LUOCDO_OCR_JOBS", raising=False)
    return started


def test_the_server_starts_for_enough_files_and_jobs(tmp_path, starts):
    r = reports(tmp_path / "r", NEEDED)
    assert start_if_coming(["ingest", str(r), "--ocr", "never"])
    assert len(starts) == 1
    # the environment the command sets (cli.reading._set_ocr), which the server keeps
    assert os.environ["LUOCDO_OCR"] == "never"
    assert os.environ["LUOCDO_OCR_JOBS"] == "1"


@pytest.mark.parametrize(
    "extra",
    [["--jobs", "1"], ["-j1"]],
)
def test_nothing_starts_for_one_job(tmp_path, starts, extra):
    r = reports(tmp_path / "r", NEEDED)
    assert not start_if_coming(["ingest", str(r), *extra])
    assert starts == []


def test_nothing_starts_on_one_core(tmp_path, starts, monkeypatch):
    r = reports(tmp_path / "r", NEEDED)
    monkeypatch.setattr(worker_server, "default_jobs", lambda: 1)
    assert not start_if_coming(["ingest", str(r)])
    assert starts == []
    assert "LUOCDO_OCR" not in os.environ


def test_nothing_starts_for_a_small_ingest(tmp_path, starts):
    r = reports(tmp_path / "r", NEEDED - 1)
    assert not start_if_coming(["ingest", str(r), "--jobs", "2"])
    assert not start_if_coming(["extract", str(r), "--jobs", "2"])
    assert starts == []
    # the files counted are those the command counts: one more, in a sub-folder, and it starts
    reports(r / "sub", 1)
    assert start_if_coming(["ingest", str(r), "--jobs", "2"])


def test_nothing_is_imported_for_a_question():
    code = (
        "import sys; from luocdo.early_start import start_if_coming\n"
        "assert not start_if_coming(['implementers', '26/CT-TTg', '--store', 'x.db'])\n"
        "print(sorted(m for m in sys.modules if m.startswith(('luocdo.', 'multiprocessing'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=_env(), timeout=60
    )
    assert out.stdout.strip() == "['luocdo.early_start']"


@pytest.mark.parametrize("links", [False, True])
def test_at_least_counts_no_more_than_the_listing(tmp_path, links):
    r = tmp_path / "r"
    reports(r / "a", 3)
    reports(r / "a" / "b", 2)
    (r / "README.md").write_text("x", encoding="utf-8")
    (r / ".hidden.md").write_text("x", encoding="utf-8")
    (r / "notes.bin").write_text("x", encoding="utf-8")
    if links:
        (tmp_path / "outside.md").write_text("x", encoding="utf-8")
        (r / "link.md").symlink_to(tmp_path / "outside.md")  # listed
        (r / "again.md").symlink_to(r / "a" / "r000.md")  # the file itself is listed, not the link
        (r / "c").symlink_to(r / "a", target_is_directory=True)  # not entered
    inputs = [r, r / "a" / "r001.md", tmp_path / "missing.md"]
    listed = len(ReportFiles(inputs))
    counted = max(n for n in range(listed + 2) if holds_at_least(inputs, n))
    assert counted == (listed - 1 if links else listed)  # the link to a file is not counted


def _env() -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
    }


ENTRY = """
import multiprocessing.forkserver as fs, runpy, sys
calls = []
real = fs.ensure_running
def ensure_running():
    real()
    calls.append((fs._forkserver._forkserver_pid, "luocdo.cli" in sys.modules))
fs.ensure_running = ensure_running
sys.argv = ["luocdo", *sys.argv[1:]]
try:
    runpy.run_module("luocdo", run_name="__main__")
except SystemExit as e:
    assert not e.code, e.code
print(calls, "luocdo.pipeline" in sys.modules)
"""


@pytest.mark.skipif(
    "forkserver" not in __import__("multiprocessing").get_all_start_methods(), reason="no forkserver"
)
def test_the_server_started_before_the_cli_is_the_one_the_workers_come_from(tmp_path):
    r = reports(tmp_path / "r", NEEDED)
    argv = ["ingest", str(r), "--store", str(tmp_path / "s.db"), "--jobs", "2", "-q"]
    out = subprocess.run(
        [sys.executable, "-c", ENTRY, *argv], capture_output=True, text=True, env=_env(), timeout=120
    )
    assert out.returncode == 0, out.stderr
    calls, extraction_imported = out.stdout.rsplit(" ", 1)
    calls = eval(calls)
    assert extraction_imported.strip() == "False"  # settle included (luocdo.extract.conventional)
    assert calls[0][1] is False  # started before luocdo.cli was imported
    assert len(calls) >= 3  # then by the command and by the pool: the same server
    assert {pid for pid, _ in calls} == {calls[0][0]}


@pytest.mark.skipif(
    "forkserver" not in __import__("multiprocessing").get_all_start_methods(), reason="no forkserver"
)
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_no_server_for_one_job_or_few_files(tmp_path, jobs):
    r = reports(tmp_path / "r", NEEDED if jobs == "1" else 3)
    argv = ["ingest", str(r), "--store", str(tmp_path / "s.db"), "--jobs", jobs, "-q"]
    out = subprocess.run(
        [sys.executable, "-c", ENTRY, *argv], capture_output=True, text=True, env=_env(), timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[0] == "[]"


OCR_SEEN = """
import os, sys
from luocdo.early_start import start_if_coming
assert start_if_coming(sys.argv[1:])
from luocdo.store import prepare
os.environ["LUOCDO_OCR"] = "changed later"  # the workers keep what the server started with
pool = prepare._new_pool(1)
print(pool.submit(os.getenv, "LUOCDO_OCR").result())
pool.shutdown()
"""


@pytest.mark.skipif(
    "forkserver" not in __import__("multiprocessing").get_all_start_methods(), reason="no forkserver"
)
def test_the_workers_get_the_ocr_setting_of_the_command_line(tmp_path):
    r = reports(tmp_path / "r", NEEDED)
    env = {**_env(), "LUOCDO_OCR": "auto"}
    out = subprocess.run(
        [sys.executable, "-c", OCR_SEEN, "ingest", str(r), "--ocr", "never", "--jobs", "2"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "never"


def test_nothing_starts_where_there_is_no_forkserver(tmp_path, monkeypatch):
    """Windows (spawn): each worker imports for itself; there is no server to start early."""
    import multiprocessing

    r = reports(tmp_path / "r", NEEDED)
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    monkeypatch.setattr(worker_server, "default_jobs", lambda: 2)
    started = []
    monkeypatch.setattr("multiprocessing.forkserver.ensure_running", lambda: started.append(1))
    assert worker_server.pool_context().get_start_method() == "spawn"
    assert not start_if_coming(["ingest", str(r)])
    assert started == []


INTERRUPTED = """
import importlib.abc, runpy, sys
class Interrupt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name == "luocdo.cli":
            raise KeyboardInterrupt  # Ctrl-C while the CLI is imported (the server preloading beside it)
sys.meta_path.insert(0, Interrupt())
sys.argv = ["luocdo", *sys.argv[1:]]
runpy.run_module("luocdo", run_name="__main__")
"""


def test_ctrl_c_while_the_cli_is_imported_stops_without_a_traceback(tmp_path):
    r = reports(tmp_path / "r", NEEDED)
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            INTERRUPTED,
            "ingest",
            str(r),
            "--store",
            str(tmp_path / "s.db"),
            "--jobs",
            "2",
        ],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=120,
    )
    assert (out.returncode, out.stderr) == (130, "")
    assert not (tmp_path / "s.db").exists()


def test_the_luocdo_command_goes_through_the_hook():
    """The console script calls luocdo.__main__:main (which starts the server early), not the CLI's app."""
    import tomllib

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts["luocdo"] == "luocdo.__main__:main"


_WORDS = {
    "ingest": [
        "r",
        "a b",
        "-",
        "--",
        "-j",
        "-j2",
        "-j0",
        "--jobs",
        "--jobs=3",
        "2",
        "1",
        "0",
        "-1",
        "--store",
    ]
    + ["--store=s.db", "s.db", "-q", "--quiet", "--ocr", "never", "always", "--ocr=auto", "x.md", "-j=2"],
    "extract": ["r", "-", "--", "-j", "-j3", "--jobs", "2", "1", "-f", "jsonl", "json", "--format=json"]
    + ["-fjsonl", "-o", "out", "--output=o", "--ocr", "never", "--shard-size", "5", "x.md", "xml", "0"]
    + ["-fxml", "--shard-size=0", "--format=csv"],
}


@settings(max_examples=600, deadline=None)
@given(
    st.sampled_from(sorted(_WORDS)).flatmap(
        lambda c: st.tuples(st.just(c), st.lists(st.sampled_from(_WORDS[c]), max_size=7))
    )
)
def test_a_command_line_read_is_read_as_click_reads_it(command):
    """Whatever early_start reads, click reads the same (jobs, OCR mode, files), or refuses the line for
    a reason other than a value (a value it refuses is one early_start refuses too: the server is not
    started for a command that will not run)."""
    import click

    from luocdo.cli import app

    name, words = command
    c = read_command([name, *words])
    if c is None:
        return
    try:
        params = typer.main.get_command(app).commands[name].make_context(name, list(words)).params
    except click.exceptions.BadParameter as e:
        raise AssertionError(f"early_start read a value the command refuses: {e}") from None
    except click.exceptions.UsageError:  # the command fails: the server was started for nothing at most
        return
    files = params["files" if name == "extract" else "paths"] or []
    ocr = getattr(params["ocr"], "value", params["ocr"])
    assert (c.jobs, c.ocr, c.paths) == (params["jobs"], ocr, [str(f) for f in files])
