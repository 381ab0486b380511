"""PDF parsing in a helper process, so that a file PDFium aborts on (SIGABRT), one that needs more
memory than LUOCDO_PARSER_MB or one that runs past the per-file deadline fails alone, with one line,
and never takes the process that reads the batch (and its uncommitted files) with it.

The boundary is one function: ``parse_isolated(kind, data)`` runs ``PARSERS[kind](data)`` (bytes in,
a ``LoadedDocument`` out, ``LoadError`` for a file that cannot be read) in the helper and returns its
result. ``pdf`` maps to ``luocdo.load.pdf.read_pdf``; another reader of the same shape (OCR of a
scanned PDF, say) plugs in by adding its entry.

The helper is started once per process (the ``luocdo`` command, or each extraction worker) at its
first PDF and serves every later one: a file costs a message each way, not a process start. It is
started again after it died or was killed.
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing
import os
import signal
import sys

from luocdo.load.deadline import current_seconds, remaining, timeout_message
from luocdo.load.document import LoadedDocument
from luocdo.load.limits import file_seconds, parser_bytes
from luocdo.load.reader import LoadError

PARSERS = {"pdf": "luocdo.load.pdf:read_pdf"}
_KIND_NAMES = {"pdf": "PDF"}


def _parser(kind: str):
    module, func = PARSERS[kind].split(":")
    return getattr(importlib.import_module(module), func)


def _limit_memory(limit: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: no address-space limit
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _settings() -> dict[str, str]:
    """The caller's LUOCDO_* variables: the helper reads each file with the settings of that moment."""
    return {k: v for k, v in os.environ.items() if k.startswith("LUOCDO_")}


def _apply_settings(settings: dict[str, str]) -> None:
    if settings == _settings():
        return
    for k in [k for k in os.environ if k.startswith("LUOCDO_") and k not in settings]:
        del os.environ[k]
    os.environ.update(settings)
    ocr = sys.modules.get("luocdo.load.ocr")  # what OCR found on this machine depends on them
    if ocr is not None:
        ocr.unavailable.cache_clear()


def _serve(conn, memory: int) -> None:
    """The helper's loop: (kind, data) in, ("ok", document) or ("error", one line) out."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _limit_memory(memory)
    while True:
        try:
            kind, data, settings = conn.recv()
        except Exception:  # the parent went away, or its message was cut short
            return
        _apply_settings(settings)
        try:
            reply = ("ok", _parser(kind)(data))
        except LoadError as e:
            reply = ("error", str(e))
        except MemoryError:
            reply = ("memory", "")
        except Exception as e:  # a damaged file the library trips on
            reply = (
                "error",
                f"damaged {_KIND_NAMES.get(kind, kind)} file ({e.__class__.__name__}: {str(e)[:100]})",
            )
        del data
        try:
            conn.send(reply)
        except MemoryError:
            conn.send(("memory", ""))
        if reply[0] == "memory":
            return  # a fresh helper for the next file


def _context():
    """forkserver (spawn where there is none, Windows): the helper starts from a clean process, not
    a fork of one holding the store's connection and the progress bar's thread."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    # the server imports what the helper needs, never the calling script (__main__, the default),
    # which may have no __main__ guard. When the extraction workers started the server first
    # (store/prepare.py) it has their preload, which holds this one.
    ctx.set_forkserver_preload(["luocdo.load.isolate", "luocdo.load.pdf", "pypdfium2"])
    return ctx


class _Helper:
    def __init__(self, memory: int) -> None:
        ctx = _context()
        self.memory = memory
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child, memory), name="luocdo-parser", daemon=True)
        self.proc.start()
        child.close()

    def alive(self) -> bool:
        return self.proc.is_alive()

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.close()
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)


_helper: _Helper | None = None


def _died(kind: str, code: int | None) -> LoadError:
    name = _KIND_NAMES.get(kind, kind)
    if code is not None and code < 0:
        try:
            sig = signal.Signals(-code).name
        except ValueError:
            sig = f"signal {-code}"
        why = f"killed by {sig}"
    else:
        why = f"exit code {code}"
    return LoadError(
        f"the {name} parser crashed on this file ({why}; damaged, or more than the LUOCDO_PARSER_MB "
        "memory limit); not read"
    )


def parse_isolated(kind: str, data: bytes) -> LoadedDocument:
    """``PARSERS[kind](data)`` in the helper process; LoadError with one line when the file cannot be
    read, makes the helper crash, or runs past the deadline."""
    global _helper
    if multiprocessing.current_process().daemon:  # a daemon process may not start one: parse here
        return _parser(kind)(data)
    left = remaining()
    timeout = file_seconds() if left is None else left
    seconds = current_seconds() or timeout
    memory = parser_bytes()
    for attempt in range(2):
        if _helper is None or not _helper.alive() or _helper.memory != memory:
            if _helper is not None:
                _helper.stop()
            _helper = _Helper(memory)
        helper = _helper
        try:
            helper.conn.send((kind, data, _settings()))
            break
        except BaseException as e:  # a dead helper, or a message cut short by the deadline's alarm
            helper.stop()
            _helper = None
            if not isinstance(e, OSError):
                raise
            if attempt:
                raise LoadError(f"could not start the {_KIND_NAMES.get(kind, kind)} parser process") from None
    try:
        if not helper.conn.poll(None if timeout == float("inf") else timeout):
            _helper = None
            helper.stop()
            raise LoadError(timeout_message(seconds))
        try:
            status, payload = helper.conn.recv()
        except (EOFError, OSError):
            _helper = None
            helper.proc.join(5)
            raise _died(kind, helper.proc.exitcode) from None
    except BaseException:  # the deadline's alarm, Ctrl-C: the helper may still be working on the file
        if _helper is helper:
            _helper = None
            helper.stop()
        raise
    if status == "ok":
        return payload
    if status == "memory":
        _helper = None
        helper.stop()
        raise LoadError(
            f"needs more memory than the parser may use (the limit is LUOCDO_PARSER_MB, "
            f"{parser_bytes() // 2**20} MB); not read"
        )
    raise LoadError(payload)
