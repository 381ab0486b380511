"""Everything ingest does to a file before the store is written: read, hash, skip if unchanged,
decode, extract. Reading and the unchanged check stay in the calling process (they are cheap and need
the store); extraction, nine tenths of the work, can run in worker processes so that ingest uses
every core of a laptop. Results come back in the order of the paths, whatever the number of workers.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sized
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from luocdo.load import LoadError, display_path, load_bytes, read_bytes
from luocdo.load.deadline import FileTimeout, file_deadline, timeout_message
from luocdo.load.limits import file_seconds
from luocdo.load.listing import ReportFiles
from luocdo.store import crossing, sentence_blobs
from luocdo.store.file_rows import FileRows, file_rows
from luocdo.worker_server import MIN_FILES_PER_WORKER, pool_context, start, uses_workers
from luocdo.worker_server import default_jobs as default_jobs  # the CLI's

if TYPE_CHECKING:
    from luocdo.model import Extraction

READ_AHEAD_BYTES = 64 * 2**20
READ_AHEAD_FILES = 256  # per worker
# files sent to a worker in one task: a task costs the sending process ~0.1 ms, as much as writing a
# small report's mentions; a chunk of large files (PDFs) is cut at CHUNK_BYTES so that both workers
# share them
CHUNK_FILES = 8
CHUNK_BYTES = 256 * 2**10
# the chunks sent once the read-ahead window is full (the first ones are CHUNK_FILES: the writer's first
# results come as soon): a chunk costs the writer's pool threads ~0.3 ms whatever its size (their wake-ups,
# its future, the queues), 0.1 s at 5,000 reports for chunks of 8 (bench/s14_pipe_cpu.py)
STEADY_CHUNK_FILES = 16
LOOK_AHEAD_KEYS = 64  # the store's sha of this many files read ahead asked in one statement


@dataclass
class IngestResult:
    path: str
    status: str  # added | updated | unchanged | failed
    mentions: int = 0
    error: str | None = None
    warnings: list[str] = field(default_factory=list)  # read and stored, but damaged (a truncated RTF)

    @property
    def key(self) -> str:  # the same name as Prepared.key
        return self.path


@dataclass
class ReadFile:
    key: str  # the resolved path: the file's identity in the store
    sha: str
    size: int
    data: bytes
    name: str
    existed: bool  # the store holds an older version
    path: Path | None = None  # a file the store does not hold yet: read by the worker (data empty)


@dataclass
class Prepared:
    key: str
    sha: str
    size: int
    text: str  # "" when the worker sent the rows instead
    extraction: Extraction | None  # None when the worker sent the rows instead
    existed: bool
    rows: FileRows | None = None  # what the store writes, when the worker built it

    def for_store(self) -> FileRows:
        if self.rows is None:
            assert self.extraction is not None
            self.rows = file_rows(self.text, self.extraction)
        return self.rows


def store_key(path: Path) -> str:
    """A file's identity in the store: its resolved path (a name that is not valid UTF-8 with its
    bytes as \\xNN escapes: SQLite stores only valid text)."""
    return display_path(path.resolve())


def _store_keys() -> Callable[[Path], str]:
    """store_key for the many files of one run: each folder is resolved once (resolving a path looks
    at every folder above it: a tenth of the writer's time on 5,000 reports), the file itself is
    looked at for a symbolic link."""
    folders: dict[Path, Path] = {}

    def key(path: Path) -> str:
        if path.name in ("", ".", "..") or path.is_symlink():
            return store_key(path)
        folder = folders.get(path.parent)
        if folder is None:
            folder = folders[path.parent] = path.parent.resolve()
        return display_path(folder / path.name)

    return key


def read_file(path: Path, key: str, stored_sha: Callable[[str], str | None]) -> ReadFile | IngestResult:
    """The file's bytes and hash, or the IngestResult that ends it here (unchanged, unreadable).
    ``key`` names the file in the results and the extraction (``luocdo extract`` keeps the path as
    given)."""
    try:
        data = read_bytes(path)
    except LoadError as e:
        return IngestResult(key, "failed", error=str(e))
    sha = hashlib.sha256(data).hexdigest()
    old = stored_sha(key)
    if old == sha:
        return IngestResult(key, "unchanged")
    return ReadFile(key, sha, len(data), data, path.name, old is not None)


def extract_document(doc, source: str) -> Extraction:
    """luocdo.pipeline's, imported on first use: the store's readers (the questions) never need the
    extraction's grammar and pydantic models."""
    from luocdo.pipeline import extract_document as extract

    return extract(doc, source=source)


def extract_bytes(data: bytes, name: str, key: str) -> tuple[str, Extraction] | str:
    """(text, extraction), or a one-line reason the file cannot be used. Runs in a worker process:
    a module-level function of picklable arguments."""
    import luocdo.pipeline  # noqa: F401 -- imported before the file's deadline starts

    seconds = file_seconds()
    try:
        with file_deadline(seconds):  # LUOCDO_FILE_SECONDS: a file that runs over fails alone
            doc = load_bytes(data, name)
            return doc.text, extract_document(doc, source=key)
    except LoadError as e:
        return str(e)
    except FileTimeout:
        return timeout_message(seconds)
    except MemoryError:
        return "ran out of memory reading this file; not read"
    except Exception as e:  # a bug must not stop the batch: the file fails alone
        return f"unexpected failure ({e.__class__.__name__}: {e}); please report it"


def extract_for_store(
    data: bytes, name: str, key: str, store: str | None = None
) -> tuple[str, None, FileRows] | str:
    """extract_bytes made into the rows the store writes (luocdo.store.file_rows): built in the worker,
    so that the one writing process receives them ready, without the text. With ``store`` (a worker
    process), the evidence sentences are compressed here too (luocdo.store.sentence_blobs)."""
    out = extract_bytes(data, name, key)
    if isinstance(out, str):
        return out
    try:
        rows = file_rows(*out)
        if store is not None:
            blobs = sentence_blobs.compress(rows.sentences, store)
            if blobs is not None:
                rows.blobs, rows.blobs_dict = blobs
        return "", None, rows
    except Exception as e:  # a bug must not stop the batch: the file fails alone
        return f"unexpected failure ({e.__class__.__name__}: {e}); please report it"


def extract_for_writer(data: bytes, name: str, key: str, store: str | None = None) -> tuple | str:
    """extract_for_store in a worker process: the rows sent as plain tuples (luocdo.store.crossing),
    tagged by a None where the text is, and named again by _taken in the writer."""
    out = extract_for_store(data, name, key, store)
    if isinstance(out, str):
        return out
    return None, crossing.plain(out[2])


Extractor = Callable[[bytes, str, str], tuple | str]


def extract_item(
    fn: Extractor, source: bytes | Path, name: str, key: str
) -> tuple[str | None, int, tuple | str]:
    """(sha, size, what fn gives) of one file; a Path is read here, in the worker (sha None: the
    caller read it)."""
    if isinstance(source, Path):
        try:
            data = read_bytes(source)
        except LoadError as e:
            return None, 0, str(e)
        return hashlib.sha256(data).hexdigest(), len(data), fn(data, name, key)
    return None, len(source), fn(source, name, key)


def extract_chunk(fn: Extractor, items: list[tuple[bytes | Path, str, str]]) -> list[tuple]:
    """Several files in one worker task, in order."""
    return [extract_item(fn, *item) for item in items]


def _source(f: ReadFile) -> bytes | Path:
    return f.path if f.path is not None else f.data


def _taken(f: ReadFile, out: tuple[str | None, int, tuple | str]) -> tuple | str:
    """What extract_item gave, the file's hash and size noted when the worker read it; rows a worker sent
    as plain tuples (extract_for_writer) named again as the FileRows extract_for_store gives."""
    sha, size, result = out
    if sha is not None:
        f.sha, f.size = sha, size
    if type(result) is tuple and result[0] is None:  # extract_for_writer's
        return "", None, crossing.file_rows(result[1])
    return result


def _finish(f: ReadFile, out: tuple | str) -> Prepared | IngestResult:
    if isinstance(out, str):
        return IngestResult(f.key, "failed", error=out)
    return Prepared(f.key, f.sha, f.size, out[0], out[1], f.existed, *out[2:])


def prepared(
    paths: Iterable[Path],
    stored_sha: Callable[[str], str | None],
    jobs: int = 1,
    key_of: Callable[[Path], str] = store_key,
    *,
    skip_repeats: bool = True,
    for_store: bool = False,
    store: Path | None = None,
) -> Iterator[Prepared | IngestResult]:
    """Each path prepared for writing, in order. With ``jobs`` > 1 and enough files, extraction runs
    in that many worker processes, a bounded number of files ahead (memory stays flat).

    ``skip_repeats``: a file named twice (``r/a.md`` and ``r/../r/a.md``) is extracted once; the repeat
    is looked at again only when its turn comes, after the caller has written the first copy, so it
    ends as it would if the files were taken one by one (``unchanged``, or read again if the first
    copy could not be stored).

    ``for_store``: the workers also compute the evidence sentences the store keeps (Prepared.evidence);
    ``store``: the store they are for, whose sentence dictionary worker processes compress them with.
    """
    if not isinstance(paths, Sized):
        paths = list(paths)
    files = len(paths)
    start_workers_early(files, jobs)
    if key_of is store_key:
        key_of = _store_keys()
    # the files are named as they are read, never held as a list (ReportFiles walks its folders as it goes);
    # only a run of repeats waits whole for the next first copy (`ingest r r`: about 0.45 KB a file)
    named = ((p, key_of(p)) for p in paths)
    fn: Extractor = extract_for_store if for_store else extract_bytes
    in_workers = fn
    if for_store:
        in_workers = partial(extract_for_writer, store=None if store is None else str(store))
    prepare = partial(_prepared, files=files, stored_sha=stored_sha, jobs=jobs, fn=fn, in_workers=in_workers)
    if not skip_repeats or (isinstance(paths, ReportFiles) and not paths.may_repeat):
        yield from prepare(named)
        return

    def again(p: Path, k: str) -> Prepared | IngestResult:
        f = read_file(p, k, stored_sha)  # the first copy is written by now
        if isinstance(f, IngestResult):
            return f
        # the first copy was not stored: with workers, extract it in one (it may kill it)
        return _finish(f, _alone(f, in_workers) if jobs > 1 else fn(f.data, f.name, f.key))

    yield from _with_repeats(named, prepare, again)


def _with_repeats(
    named: Iterator[tuple[Path, str]],
    prepare: Callable[[Iterator[tuple[Path, str]]], Iterator[Prepared | IngestResult]],
    again: Callable[[Path, str], Prepared | IngestResult],
) -> Iterator[Prepared | IngestResult]:
    """Files some of which may be named twice: each first copy by ``prepare`` in order (in workers,
    read ahead), each repeat by ``again`` when its turn comes."""
    # the keys named so far, by their hash: a key whose hash another has is taken for a repeat, read
    # again, found not stored and extracted then (in one process): the same result, a little later
    seen: set[int] = set()
    order: deque[tuple[Path, str] | None] = deque()  # what comes next: a first copy (None) or a repeat

    def first_copies() -> Iterator[tuple[Path, str]]:
        for p, k in named:
            h = hash(k)
            if h in seen:
                order.append((p, k))
                continue
            seen.add(h)
            order.append(None)
            yield p, k

    results = prepare(first_copies())
    ready: deque[Prepared | IngestResult] = deque()
    while True:
        if not order:  # the first copies read ahead name what comes next
            r = next(results, None)
            if r is not None:
                ready.append(r)
            if not order:
                return
        entry = order.popleft()
        if entry is None:
            yield ready.popleft() if ready else next(results)
        else:
            yield again(*entry)


def _prepared(
    named: Iterable[tuple[Path, str]],
    files: int,
    stored_sha: Callable[[str], str | None],
    jobs: int,
    fn: Extractor,
    in_workers: Extractor,
) -> Iterator[Prepared | IngestResult]:
    """``fn`` extracts in this process, ``in_workers`` in worker processes; ``files``: about how many
    ``named`` holds."""
    if not uses_workers(files, jobs):
        for p, k in named:
            f = read_file(p, k, stored_sha)
            yield f if isinstance(f, IngestResult) else _finish(f, fn(f.data, f.name, f.key))
        return
    jobs = min(jobs, max(2, files // MIN_FILES_PER_WORKER))
    yield from _in_workers(named, stored_sha, jobs, in_workers)


def _exit_with_the_writer() -> None:
    """A worker whose ingest process died (kill -9, out of memory) exits too, instead of waiting
    forever on a queue it holds both ends of."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(0)

    threading.Thread(target=watch, name="luocdo-watch-writer", daemon=True).start()


def _worker_init() -> None:
    """Initializer of every worker: Ctrl-C is the writer's to handle (it stops the pool), and a
    worker never outlives the writer."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_the_writer()


def _pool_context() -> multiprocessing.context.BaseContext:
    return pool_context()  # looked up here at each use: tests give the server a preload of theirs


def start_workers_early(files: int, jobs: int) -> None:
    """Start the server the workers are forked from now, when ``files`` will be extracted in worker
    processes: it imports and warms up on another core while this process lists the files and opens
    the store, instead of after (the command line may have started it already: luocdo.early_start)."""
    if uses_workers(files, jobs):
        start(_pool_context())


def _new_pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context(), initializer=_worker_init)


WORKER_DIED = "a worker process died while extracting this file (out of memory?); it was not stored"
MAX_POOL_RESTARTS = 8


class _Workers:
    """The shared pool, restarted when a worker dies; a file that was in flight then is extracted
    again alone in a pool of its own (_alone), so that the file that kills workers fails by itself
    and the writing process never runs it."""

    def __init__(self, jobs: int, fn: Extractor = extract_bytes) -> None:
        self.jobs, self.fn = jobs, fn
        self.pool: ProcessPoolExecutor | None = _new_pool(jobs)
        self.restarts = 0

    def submit(self, chunk: _Chunk) -> None:
        for _ in range(2):
            chunk.pool = self.pool
            if self.pool is None:
                return  # too many restarts: every file goes through _alone()
            try:
                chunk.future = self.pool.submit(
                    extract_chunk, self.fn, [(_source(f), f.name, f.key) for f in chunk.files]
                )
                return
            except BrokenProcessPool:
                self.restart()

    def restart(self, broken: ProcessPoolExecutor | None = None) -> None:
        if broken is not None and broken is not self.pool:
            return  # already restarted after that pool broke
        if self.pool is not None:
            self.pool.shutdown(wait=False)
        self.restarts += 1
        self.pool = _new_pool(self.jobs) if self.restarts <= MAX_POOL_RESTARTS else None

    def result(self, chunk: _Chunk, i: int):
        """The i-th file of a chunk; each file of a chunk that did not come back is extracted again
        alone."""
        if chunk.results is None:
            chunk.results = [None] * len(chunk.files)
            if chunk.future is not None:
                try:
                    chunk.results = chunk.future.result()
                except BrokenProcessPool:
                    self.restart(chunk.pool)
                except Exception:  # noqa: BLE001 (a result that could not cross: try again alone)
                    pass
        out = chunk.results[i]
        chunk.results[i] = None  # the writer holds it now
        chunk.files[i] = None
        return out

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def _alone(f: ReadFile, fn: Extractor = extract_bytes) -> tuple | str:
    """Extract one file in a worker process of its own: if the file kills it, only this file fails."""
    solo = _new_pool(1)
    try:
        return _taken(f, solo.submit(extract_item, fn, _source(f), f.name, f.key).result())
    except BrokenProcessPool:
        return WORKER_DIED
    except Exception as e:  # noqa: BLE001
        return f"unexpected failure ({e.__class__.__name__}: {e}); please report it"
    finally:
        solo.shutdown(wait=True)


def _deferred(path: Path, key: str) -> ReadFile | IngestResult:
    """A file the store does not hold: the worker reads it (its size, for the read-ahead bound, from
    a stat here)."""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # the worker's read says what is wrong with it
    return ReadFile(key, "", size, b"", path.name, False, path)


@dataclass
class _Chunk:
    files: list  # ReadFile, None once taken
    future: Future | None = None
    pool: ProcessPoolExecutor | None = None
    results: list | None = None
    size: int = 0


def _in_workers(
    named: Iterable[tuple[Path, str]], stored_sha: Callable[[str], str | None], jobs: int, fn: Extractor
) -> Iterator[Prepared | IngestResult]:
    # files read ahead of the writer: enough to keep the workers busy while it writes a batch (a batch
    # is up to a second of writing), few enough bytes to keep memory flat with large PDFs
    window, window_bytes, ahead = READ_AHEAD_FILES * jobs, READ_AHEAD_BYTES, 0
    queue: deque[tuple[ReadFile | IngestResult, _Chunk | None, int]] = deque()
    workers = _Workers(jobs, fn)
    todo = iter(named)
    # a store's writer answers for many keys in one statement (luocdo.store.db._StoredShas)
    look_ahead = getattr(stored_sha, "look_ahead", None)
    upcoming: deque[tuple[Path, str]] = deque()
    chunk_files = CHUNK_FILES
    try:
        while True:
            chunk = _Chunk([])
            while len(queue) < window and (ahead < window_bytes or not queue):
                if not upcoming:
                    upcoming.extend(islice(todo, LOOK_AHEAD_KEYS))
                    if not upcoming:
                        break
                    if look_ahead is not None:
                        look_ahead([k for _, k in upcoming])
                pk = upcoming.popleft()
                f = _deferred(*pk) if stored_sha(pk[1]) is None else read_file(*pk, stored_sha)
                if isinstance(f, IngestResult):
                    queue.append((f, None, 0))
                    continue
                queue.append((f, chunk, len(chunk.files)))
                chunk.files.append(f)
                chunk.size += f.size
                ahead += f.size
                if len(chunk.files) >= chunk_files or chunk.size >= CHUNK_BYTES:
                    workers.submit(chunk)
                    chunk = _Chunk([])
            if chunk.files:
                workers.submit(chunk)
            if not queue:
                return
            chunk_files = STEADY_CHUNK_FILES
            # results are taken until a whole chunk fits in the window again: topped up after every
            # result, the window would send the workers one file per task (a task's cost on both sides
            # of the pipe, for each file instead of each chunk)
            while queue:
                f, chunk, i = queue.popleft()
                if isinstance(f, IngestResult):
                    yield f
                else:
                    ahead -= f.size
                    out = workers.result(chunk, i)
                    yield _finish(f, _taken(f, out) if out is not None else _alone(f, fn))
                if _room_for_a_chunk(len(queue), ahead, window, window_bytes, chunk_files):
                    break
    finally:
        workers.close()


def _room_for_a_chunk(files: int, size: int, window: int, window_bytes: int, chunk_files: int) -> bool:
    """Whether the read-ahead, holding ``files`` files of ``size`` bytes, has room for a whole chunk."""
    return files <= window - chunk_files and size <= window_bytes - CHUNK_BYTES
