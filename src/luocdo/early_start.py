"""The command line read before the CLI is imported: whether an ``ingest`` or an ``extract`` is coming
that will extract in worker processes. If so, the server the workers are forked from is started at
once (luocdo.worker_server): its preload (importing the extraction and a warm-up, a third of a second
of CPU) then runs on another core while this process imports the CLI, lists the files and opens the
store, instead of after the CLI's imports.

Only a command line read with certainty counts: an option not known here, short options run together,
``--help``, a value the command will refuse (``--jobs``, ``--ocr``, ``--format``, ``--shard-size``), files
named in a list (``--files-from``) or shards (``--from-extracts``, ``--shards``) leave the choice to
the command, which starts the server itself when it needs it
(luocdo.store.prepare.start_workers_early). Nothing is started for one core, ``--jobs 1`` or fewer
files than the workers need, and nothing but this module is imported for the other commands.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

# command -> (its options that take a value, its flags); the CLI's own (tests/test_early_start.py)
COMMANDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "ingest": (
        frozenset({"--store", "--jobs", "-j", "--ocr", "--files-from", "--from-extracts"}),
        frozenset({"--quiet", "-q"}),
    ),
    "extract": (
        frozenset(
            {"--format", "-f", "--jobs", "-j", "--output", "-o", "--ocr", "--files-from"}
            | {"--shards", "--shard-size", "--scheduler"}
        ),
        frozenset(),
    ),
}
GLOBAL_OPTIONS = frozenset({"--lang"})  # the options before the command that take a value
# with one of these the files are not all on the command line, or are not extracted by this process's
# workers
LEFT_TO_THE_COMMAND = frozenset({"--files-from", "--from-extracts", "--shards", "--scheduler"})
OCR_MODES = ("auto", "always", "never")
FORMATS = ("jsonl", "json", "table")  # extract's --format (luocdo.cli.common.Format)
SHORT = {"-j": "--jobs", "-f": "--format", "-o": "--output"}


class Command:  # not a dataclass: importing dataclasses (10 ms) would be most of what this hook costs
    __slots__ = ("jobs", "ocr", "paths")

    def __init__(self, jobs: int, ocr: str, paths: list[str]) -> None:
        self.jobs = jobs  # as given: 0 for one per core
        self.ocr = ocr
        self.paths = paths


def ocr_environment(mode: str, jobs: int, files: int) -> dict[str, str]:
    """The OCR settings of this process and of the workers it starts (the server keeps the environment
    it started with): pages in parallel when one file is read (several files are already read in
    parallel, one per process)."""
    return {"LUOCDO_OCR": mode, "LUOCDO_OCR_JOBS": str(max(1, jobs if files <= 1 else 1))}


def read_command(argv: Sequence[str]) -> Command | None:
    """An ingest or extract command line (without the program's name) of which every word is
    understood, else None."""
    i = 0
    while i < len(argv) and argv[i].startswith("-"):
        name, eq, _value = argv[i].partition("=")
        if name not in GLOBAL_OPTIONS:
            return None
        i += 1 if eq else 2
    if i >= len(argv) or argv[i] not in COMMANDS:
        return None
    takes_value, flags = COMMANDS[argv[i]]
    given = {"--jobs": "0", "--ocr": "auto"}
    paths: list[str] = []
    words = iter(argv[i + 1 :])
    for word in words:
        if word == "--":
            paths.extend(words)
            break
        if word == "-" or not word.startswith("-"):
            paths.append(word)
            continue
        if word in flags:
            continue
        if word.startswith("--"):
            name, eq, value = word.partition("=")
        else:  # "-j2" or "-j 2"
            name, value = word[:2], word[2:]
            eq = "=" if value else ""
        if name not in takes_value or name in LEFT_TO_THE_COMMAND:
            return None
        if not eq:
            value = next(words, None)
            if value is None:
                return None
        given[SHORT.get(name, name)] = value
    try:
        jobs = int(given["--jobs"])
        shard_size = int(given.get("--shard-size", "1"))
    except ValueError:
        return None
    # a value the command refuses: it would refuse it after the server had started
    if jobs < 0 or shard_size < 1 or given["--ocr"] not in OCR_MODES:
        return None
    if given.get("--format", FORMATS[0]) not in FORMATS:
        return None
    return Command(jobs, given["--ocr"], paths)


def start_if_coming(argv: Sequence[str]) -> bool:
    """Start the workers' server now if ``argv`` is an ingest or extract that will use worker processes
    (and set the OCR settings the command will set, which the server must start with); whether it did."""
    command = read_command(argv)
    if command is None:
        return False
    from luocdo import worker_server

    jobs = command.jobs or worker_server.default_jobs()
    if jobs <= 1:
        return False
    from luocdo.load.listing import holds_at_least

    files = 2 * worker_server.MIN_FILES_PER_WORKER
    if not holds_at_least(command.paths, files):
        return False
    os.environ.update(ocr_environment(command.ocr, jobs, files))
    return worker_server.start(worker_server.pool_context())
