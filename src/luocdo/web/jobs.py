"""The one ingest the app runs at a time, in a background thread, through the store's ingest API
(luocdo.store.Store.ingest_many, then settle). A second upload while one runs is refused with a
message; the page polls the job's progress."""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from luocdo.i18n import _
from luocdo.store import Store, StoreError
from luocdo.web.uploads import Staged


@dataclass
class Job:
    id: str
    total: int
    names: dict[str, str]  # store key (resolved generated path) -> the name it was sent under
    refused: list[str]  # files refused before ingest (one line each)
    done: int = 0
    current: str = ""
    counts: dict[str, int] = field(
        default_factory=lambda: {"added": 0, "updated": 0, "unchanged": 0, "failed": 0}
    )
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    state: str = "running"  # running | done | failed
    message: str = ""
    started: float = field(default_factory=time.monotonic)
    file_ids: dict[str, int] = field(default_factory=dict)  # name it was sent under -> report id

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "state": self.state,
            "total": self.total,
            "done": self.done,
            "current": self.current,
            "counts": self.counts,
            "errors": self.refused + self.errors,
            "warnings": self.warnings,
            "message": self.message,
            "reports": [{"name": n, "id": i} for n, i in self.file_ids.items()],
        }


class Busy(Exception):
    pass


class Jobs:
    def __init__(self, store: Path) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._jobs: dict[str, Job] = {}
        self.running: Job | None = None

    def get(self, job_id: str) -> Job | None:
        return self._jobs.get(job_id)

    def start(self, staged: Staged) -> Job:
        with self._lock:
            if self.running is not None and self.running.state == "running":
                raise Busy
            names = {str(p.resolve()): shown for p, shown in staged.files.items()}
            job = Job(uuid.uuid4().hex, len(staged.files), names, list(staged.errors))
            self._jobs[job.id] = job
            self.running = job
        threading.Thread(
            target=self._run, args=(job, list(staged.files)), daemon=True, name="luocdo-ingest"
        ).start()
        return job

    def _run(self, job: Job, paths: list[Path]) -> None:
        try:
            if paths:
                st = Store(self.store, create=True)
                try:
                    for res in st.ingest_many(paths, jobs=1):
                        shown = job.names.get(res.path, Path(res.path).name)
                        job.done += 1
                        job.current = shown
                        job.counts[res.status] = job.counts.get(res.status, 0) + 1
                        if res.error:
                            job.errors.append(f"{shown}: {res.error}")
                        job.warnings.extend(f"{shown}: {w}" for w in res.warnings)
                    st.settle()
                    for key, shown in job.names.items():
                        row = st.db.execute(
                            "SELECT file_id FROM file_paths WHERE path = ?", (key,)
                        ).fetchone()
                        if row:
                            job.file_ids[shown] = row[0]
                finally:
                    st.close()
            job.state = "done"
        except StoreError as e:
            job.state, job.message = "failed", str(e)
        except Exception as e:  # noqa: BLE001 (the page shows one line; the server goes on)
            job.state, job.message = (
                "failed",
                _("ingest stopped: {why}").format(why=f"{e.__class__.__name__}: {e}"),
            )
        finally:
            job.current = ""
