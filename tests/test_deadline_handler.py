"""file_deadline installs its SIGALRM handler with _signal.signal (no enum conversions, no exception
raised and caught per file) and puts the previous handler back as it was."""

from __future__ import annotations

import signal

import pytest

from luocdo.load.deadline import FileTimeout, file_deadline


def _refuse(*args, **kwargs):
    raise AssertionError("signal.signal converts handlers through enums: file_deadline must not use it")


def test_the_deadline_does_not_go_through_signal_signal(monkeypatch):
    before = signal.getsignal(signal.SIGALRM)
    monkeypatch.setattr(signal, "signal", _refuse)
    with file_deadline(30):
        assert signal.getsignal(signal.SIGALRM) is not before
    assert signal.getsignal(signal.SIGALRM) == before


def test_a_python_handler_is_put_back(monkeypatch):
    def mine(signum, frame):  # noqa: ARG001
        pass

    old = signal.signal(signal.SIGALRM, mine)
    try:
        monkeypatch.setattr(signal, "signal", _refuse)
        with file_deadline(30):
            pass
        assert signal.getsignal(signal.SIGALRM) is mine
    finally:
        monkeypatch.undo()
        signal.signal(signal.SIGALRM, old)


def test_the_deadline_still_stops_the_file():
    before = signal.getsignal(signal.SIGALRM)
    with pytest.raises(FileTimeout), file_deadline(0.01):
        while True:
            pass
    assert signal.getsignal(signal.SIGALRM) == before
