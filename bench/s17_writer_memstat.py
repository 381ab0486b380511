"""An experiment, not landed: SQLite's memory statistics off (sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) through
ctypes, before anything connects) when MEMSTAT_OFF is set, then the script named runs.

    MEMSTAT_OFF=1 PYTHONPATH=src python bench/s17_writer_memstat.py bench/s15_writer_replay.py replay CAPTURE STORE
"""

import ctypes
import ctypes.util
import os
import runpy
import sys

if os.environ.get("MEMSTAT_OFF"):
    lib = ctypes.CDLL("libsqlite3.so.0")
    rc = lib.sqlite3_config(9, ctypes.c_int(0))  # SQLITE_CONFIG_MEMSTATUS
    print("sqlite3_config MEMSTATUS 0 rc", rc, file=sys.stderr)
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")
