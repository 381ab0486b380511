"""A real Bolt server for the tests and the benchmarks: ArcadeDB (the `arcadedb-embedded` wheel, with
its own Java runtime) with its Bolt plugin, on free loopback ports.

    python tests/bolt_server.py ROOT_DIR DATABASE PASSWORD

prints one JSON line {"bolt": PORT, "http": PORT} once the server answers, and stops the server when
its standard input closes (or on SIGTERM). `BoltServer` starts one from Python.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(root: str, database: str, password: str) -> None:
    import arcadedb_embedded as arcadedb

    http, bolt = free_port(), free_port()
    srv = arcadedb.create_server(
        root_path=str(Path(root) / "databases"),
        root_password=password,
        config={
            "host": "127.0.0.1",
            "http_port": http,
            "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
            "bolt_port": bolt,
            "bolt_defaultDatabase": database,
        },
    )
    srv.start()
    try:
        srv.create_database(database)
    except Exception as e:  # already there (a restarted root)
        if "exist" not in str(e).lower():
            raise
    print(json.dumps({"bolt": bolt, "http": http}), flush=True)
    try:
        sys.stdin.read()  # until the parent closes the pipe
    finally:
        srv.stop()


class BoltServer:
    """Start a server in a child process; .uri, .auth, .database; .stop()."""

    def __init__(self, root: Path, database: str = "luocdo", password: str = "luocdo-test-pw",
                 timeout: float = 120) -> None:
        root.mkdir(parents=True, exist_ok=True)
        self.database, self.password = database, password
        self.log = open(root / "server.log", "wb")  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), str(root), database, password],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, cwd=root,
        )
        deadline = time.monotonic() + timeout
        line = b""
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if line.startswith(b"{") or self.proc.poll() is not None:
                break
        if not line.startswith(b"{"):
            self.stop()
            raise RuntimeError(f"the Bolt server did not start; see {root / 'server.log'}")
        ports = json.loads(line)
        self.bolt_port, self.http_port = ports["bolt"], ports["http"]
        self.uri = f"bolt://127.0.0.1:{self.bolt_port}"
        self.auth = ("root", password)

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()
                self.proc.wait(timeout=30)
            except Exception:
                self.proc.terminate()
                try:
                    self.proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
        self.log.close()


if __name__ == "__main__":
    serve(*sys.argv[1:4])
