import os
import signal
import subprocess
import sys
import time
from pathlib import Path

delay = float(sys.argv[1])
for f in ("ci.db", "ci.db-wal", "ci.db-shm"):
    if os.path.exists(f):
        os.remove(f)
p = subprocess.Popen(
    [sys.executable, "-m", "luocdo", "ingest", "/tmp/syn1000", "--jobs", "2", "--store", "ci.db", "-q"],
    start_new_session=True,
    stderr=subprocess.PIPE,
    text=True,
    preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
)
time.sleep(delay)
os.killpg(p.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole group
err = p.communicate(timeout=60)[1]
time.sleep(5)
left = subprocess.run(["pgrep", "-s", str(p.pid)], capture_output=True, text=True).stdout.split()
Path(f"ci_{delay}.err").write_text(err)
print(
    f"delay {delay} rc {p.returncode} stderr lines {len(err.splitlines())} tracebacks {err.count('Traceback')} left {left}"
)
print("   last:", err.strip().splitlines()[-1][:150] if err.strip() else "")
